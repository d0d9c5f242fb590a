package io.apikeys.keycloak.it.edge;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * A gateway configuration exactly as {@code docs/gateways.md} shows it: the fenced code block after the line
 * {@code <!-- recipe: NAME -->}. A test replaces only the guide's example hosts, ports and realm with its own, and
 * each replaced text must be in the block, so the guide cannot drift from what the tests run.
 */
final class GuideRecipe {

    private static final Path GUIDE = Path.of(System.getProperty("project.root"), "docs", "gateways.md");

    private final String name;
    private final String text;

    private GuideRecipe(String name, String text) {
        this.name = name;
        this.text = text;
    }

    static GuideRecipe named(String name) {
        String guide;
        try {
            guide = Files.readString(GUIDE);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        int marker = guide.indexOf("<!-- recipe: " + name + " -->");
        if (marker < 0) {
            throw new AssertionError(GUIDE + " has no recipe marked <!-- recipe: " + name + " -->");
        }
        int open = guide.indexOf("```", marker);
        int start = guide.indexOf('\n', open) + 1;
        int end = guide.indexOf("\n```", start);
        return new GuideRecipe(name, guide.substring(start, end + 1));
    }

    /** The recipe with every {@code documented} text replaced by {@code tested}; fails if the guide lacks it. */
    GuideRecipe with(String documented, String tested) {
        if (!text.contains(documented)) {
            throw new AssertionError("The " + name + " recipe in " + GUIDE + " no longer contains: " + documented);
        }
        return new GuideRecipe(name, text.replace(documented, tested));
    }

    Path writeTo(Path file) {
        try {
            return Files.writeString(file, text);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
