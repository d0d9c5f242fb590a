package io.apikeys.keycloak.it.console;

import org.junit.jupiter.api.Assumptions;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.TakesScreenshot;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;

/**
 * The system's headless Chromium and its driver (Debian: {@code apt-get install chromium chromium-driver}), never a
 * downloaded one. Without them the calling test is skipped, not failed. Other paths: {@code -Dit.chromium=...},
 * {@code -Dit.chromedriver=...}.
 */
final class Chromium {

    private static final Path BROWSER = Path.of(System.getProperty("it.chromium", "/usr/bin/chromium"));
    private static final Path DRIVER = Path.of(System.getProperty("it.chromedriver", "/usr/bin/chromedriver"));
    private static final Path SCREENSHOTS =
            Path.of(System.getProperty("project.root"), "apikey-it", "target", "screenshots");

    private Chromium() {
    }

    /** A fresh browser with its own empty profile. */
    static ChromeDriver start() {
        Assumptions.assumeTrue(Files.isExecutable(BROWSER) && Files.isExecutable(DRIVER), "Console browser tests "
                + "skipped: no " + BROWSER + " or " + DRIVER + " (apt-get install chromium chromium-driver)");
        try {
            ChromeOptions options = new ChromeOptions().setBinary(BROWSER.toFile()).addArguments("--headless",
                    "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage", "--disable-background-networking",
                    "--disable-component-update", "--disable-sync", "--no-first-run", "--window-size=1400,900",
                    "--user-data-dir=" + Files.createTempDirectory("console-it-chromium"));
            // An explicit driver and browser: Selenium Manager has nothing to look up or download.
            ChromeDriverService service = new ChromeDriverService.Builder()
                    .usingDriverExecutable(DRIVER.toFile()).usingAnyFreePort().build();
            return new ChromeDriver(service, options);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Saves what the browser shows as {@code apikey-it/target/screenshots/<name>.png}. */
    static Path screenshot(TakesScreenshot browser, String name) {
        try {
            Path file = Files.createDirectories(SCREENSHOTS).resolve(name + ".png");
            Path shot = browser.getScreenshotAs(OutputType.FILE).toPath();
            return Files.copy(shot, file, StandardCopyOption.REPLACE_EXISTING);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
