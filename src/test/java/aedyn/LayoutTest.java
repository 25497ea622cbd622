package aedyn;

import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The README's layout: imports point one way, so that no package depends on one above it and there are no cycles. */
class LayoutTest {
    /** From the entry points down to the data, as the README's "Layout" lists them. */
    static final List<String> ORDER = List.of("cli", "study", "report", "boundary", "config", "train", "init", "metrics", "ntk",
            "model", "data", "choice");

    @Test
    void noPackageUsesOneAboveIt() throws IOException {
        Path root = Path.of("src/main/java/aedyn");
        Pattern use = Pattern.compile("\\baedyn\\.([a-z]+)\\.");
        List<String> upward = new ArrayList<>();
        List<String> packages = new ArrayList<>();
        try (Stream<Path> files = Files.walk(root)) {
            for (Path f : files.filter(p -> p.toString().endsWith(".java")).toList()) {
                String own = root.relativize(f).getName(0).toString();
                if (!packages.contains(own)) packages.add(own);
                // code only: comments and string literals (system property names) may say anything
                String code = Files.readString(f).replaceFirst("(?m)^package .*$", "")
                        .replaceAll("(?s)/\\*.*?\\*/", "").replaceAll("//[^\n]*", "").replaceAll("\"(\\\\.|[^\"\\\\])*\"", "\"\"");
                Matcher m = use.matcher(code);
                while (m.find()) {
                    String used = m.group(1);
                    if (!used.equals(own) && ORDER.indexOf(used) < ORDER.indexOf(own)) {
                        upward.add(root.relativize(f) + " uses " + used);
                    }
                }
            }
        }
        assertTrue(ORDER.containsAll(packages), "packages missing from the order: " + packages);
        assertEquals(List.of(), upward.stream().distinct().toList());
    }
}
