package io.apikeys.keycloak.it.console;

import io.apikeys.keycloak.it.harness.TestRealm;
import io.apikeys.keycloak.it.harness.TestServer;
import org.openqa.selenium.By;
import org.openqa.selenium.StaleElementReferenceException;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.Select;
import org.openqa.selenium.support.ui.WebDriverWait;

import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.function.BooleanSupplier;

/** The account console's "API keys" page in {@link Chromium}, driven like a user would: by {@code data-testid}. */
final class ConsoleBrowser implements AutoCloseable {

    private final ChromeDriver driver;
    private final WebDriverWait wait;
    private final String pageUrl;

    private ConsoleBrowser(ChromeDriver driver, String pageUrl) {
        this.driver = driver;
        this.wait = new WebDriverWait(driver, Duration.ofSeconds(30));
        wait.ignoring(StaleElementReferenceException.class);
        this.pageUrl = pageUrl;
    }

    static ConsoleBrowser open(TestServer server, TestRealm realm) {
        return open(server, realm.name());
    }

    static ConsoleBrowser open(TestServer server, String realmName) {
        return new ConsoleBrowser(Chromium.start(), server.realmUrl(realmName) + "/account/content/api-keys");
    }

    /** Signs in on Keycloak's login page and waits for the API keys page (its table or its empty state). */
    ConsoleBrowser login(String username, String password) {
        driver.get(pageUrl);
        wait.until(ExpectedConditions.visibilityOfElementLocated(By.id("username"))).sendKeys(username);
        driver.findElement(By.id("password")).sendKeys(password);
        driver.findElement(By.id("kc-login")).click();
        return waitForPage();
    }

    /**
     * Forgets the signed-in user (Keycloak's cookies and the page's storage), so the next test of the class signs in
     * afresh in the same browser: one Chromium per class.
     */
    void signOut() {
        if (driver.getCurrentUrl().startsWith("http")) {
            driver.executeScript("window.localStorage.clear(); window.sessionStorage.clear();");
        }
        driver.executeCdpCommand("Network.clearBrowserCookies", Map.of());
        driver.get("about:blank");
    }

    ConsoleBrowser reload() {
        driver.navigate().refresh();
        return waitForPage();
    }

    /** Waits for the page and its data: client sections, the empty state or an error. */
    private ConsoleBrowser waitForPage() {
        wait.until(ExpectedConditions.presenceOfElementLocated(By.cssSelector(testId("api-keys-page"))));
        wait.until(d -> !d.findElements(By.cssSelector(String.join(",", testId("client-section"),
                testId("empty-state"), testId("page-error"), testId("personal-keys")))).isEmpty());
        return this;
    }

    WebElement find(String testId) {
        return wait.until(ExpectedConditions.visibilityOfElementLocated(By.cssSelector(testId(testId))));
    }

    boolean has(String testId) {
        return !driver.findElements(By.cssSelector(testId(testId))).isEmpty();
    }

    ConsoleBrowser click(String testId) {
        wait.until(ExpectedConditions.elementToBeClickable(By.cssSelector(testId(testId)))).click();
        return this;
    }

    ConsoleBrowser type(String testId, String text) {
        find(testId).sendKeys(text);
        return this;
    }

    ConsoleBrowser select(String testId, String value) {
        new Select(find(testId)).selectByValue(value);
        return this;
    }

    String oneTimeKey() {
        return find("one-time-key").getDomProperty("value");
    }

    /** What the page put on the clipboard, read as a paste would (the permission granted to the page's origin). */
    String clipboard() {
        String origin = URI.create(pageUrl).resolve("/").toString().replaceAll("/$", "");
        driver.executeCdpCommand("Browser.grantPermissions", Map.of("origin", origin,
                "permissions", List.of("clipboardReadWrite", "clipboardSanitizedWrite")));
        return (String) driver.executeAsyncScript(
                "const done = arguments[0]; navigator.clipboard.readText().then(done, (e) => done('unreadable: ' + e));");
    }

    /** Clicks "rotate" or "revoke" in the row of the key that starts with {@code start}. */
    ConsoleBrowser rowAction(String start, String action) {
        By button = By.cssSelector(row(start, "") + " " + testId(action));
        wait.until(ExpectedConditions.elementToBeClickable(button)).click();
        return this;
    }

    ConsoleBrowser waitForStatus(String start, String status) {
        By row = By.cssSelector(row(start, "[data-key-status=" + status + "]"));
        wait.until(ExpectedConditions.presenceOfElementLocated(row));
        return this;
    }

    /** Reloads until the key's row shows a last use: uses are written in batches, not at once. */
    ConsoleBrowser waitForLastUse(String start) {
        new WebDriverWait(driver, Duration.ofSeconds(30), Duration.ofSeconds(1))
                .ignoring(StaleElementReferenceException.class).until(d -> !reload().driver
                .findElements(By.cssSelector(row(start, "[data-key-used=true]"))).isEmpty());
        return this;
    }

    /** Expands the usage of the key that starts with {@code start} and waits for its chart (or its error). */
    ConsoleBrowser showUsage(String start) {
        rowAction(start, "usage-toggle");
        wait.until(ExpectedConditions.presenceOfElementLocated(By.cssSelector(
                usage(start, "key-usage") + "," + usage(start, "usage-error"))));
        return this;
    }

    /** The accessible names of the bars of a key's usage chart, oldest day first. */
    List<String> usageDays(String start) {
        return driver.findElements(By.cssSelector(usage(start, "usage-day"))).stream()
                .map(bar -> bar.getDomAttribute("aria-label")).toList();
    }

    /** The text of an element of a key's expanded usage, or null if it shows none. */
    String usageText(String start, String testId) {
        return driver.findElements(By.cssSelector(usage(start, testId))).stream()
                .map(WebElement::getText).findFirst().orElse(null);
    }

    /** The clientIds of the client sections on the page, top to bottom. */
    List<String> clientSections() {
        return attributes("client-section", "data-client-id");
    }

    /** The statuses of the keys on the page, top to bottom. */
    List<String> keyStatuses() {
        return attributes("key-row", "data-key-status");
    }

    /** Waits until something the page shows holds, e.g. after a filter changed. */
    ConsoleBrowser until(BooleanSupplier condition) {
        wait.until(d -> condition.getAsBoolean());
        return this;
    }

    /** The page as the browser holds it now, plus anything the page put in web storage. */
    String everything() {
        return driver.getPageSource()
                + driver.executeScript("return JSON.stringify(localStorage) + JSON.stringify(sessionStorage)");
    }

    Path screenshot(String name) {
        return Chromium.screenshot(driver, name);
    }

    private List<String> attributes(String testId, String attribute) {
        return driver.findElements(By.cssSelector(testId(testId))).stream()
                .map(element -> element.getDomAttribute(attribute)).toList();
    }

    private static String testId(String testId) {
        return "[data-testid='" + testId + "']";
    }

    private static String usage(String start, String testId) {
        return "[data-usage-of='" + start + "'] " + testId(testId);
    }

    private static String row(String start, String condition) {
        return "[data-key-start='" + start + "']" + condition;
    }

    @Override
    public void close() {
        driver.quit();
    }
}
