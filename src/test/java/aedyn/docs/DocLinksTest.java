package aedyn.docs;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The documentation points only at what exists: every relative link of README.md and docs/*.md, and every
 * {@code conf/...} or {@code submit/...} path they name, is a file or folder of the checkout.
 */
class DocLinksTest {

    /** [text](target) and ![alt](target); the target ends at the first space or ')'. */
    private static final Pattern LINK = Pattern.compile("\\]\\(([^)\\s]+)(?:\\s+\"[^\"]*\")?\\)");
    /** conf/... or submit/... not preceded by a path character (so bin/spark-submit is not one). */
    private static final Pattern REPO_PATH = Pattern.compile("(?<![\\w./$<>-])((?:conf|submit)/[\\w./-]*)");

    /** The documentation pages: README.md and every docs/*.md. */
    static List<Path> pages(Path root) throws IOException {
        List<Path> out = new ArrayList<>(List.of(root.resolve("README.md")));
        try (Stream<Path> docs = Files.list(root.resolve("docs"))) {
            docs.filter(p -> p.toString().endsWith(".md")).sorted().forEach(out::add);
        }
        return out;
    }

    /** Every broken link or path of {@code page}, as "page: target"; paths are checked against {@code root}. */
    static List<String> broken(Path root, Path page) throws IOException {
        String text = Files.readString(page, StandardCharsets.UTF_8);
        List<String> out = new ArrayList<>();
        Matcher link = LINK.matcher(text);
        while (link.find()) {
            String target = link.group(1);
            if (target.matches("^[a-z][a-z0-9+.-]*:.*")) continue; // a URL
            int hash = target.indexOf('#');
            String file = hash >= 0 ? target.substring(0, hash) : target;
            Path resolved = file.isEmpty() ? page : page.getParent().resolve(file).normalize();
            if (!Files.exists(resolved)) {
                out.add(page.getFileName() + ": " + target);
            } else if (hash >= 0 && resolved.toString().endsWith(".md")
                    && !anchors(Files.readString(resolved, StandardCharsets.UTF_8)).contains(target.substring(hash + 1))) {
                out.add(page.getFileName() + ": " + target + " (no such heading)");
            }
        }
        Matcher path = REPO_PATH.matcher(text);
        while (path.find()) {
            String p = path.group(1).replaceAll("[.,]+$", "");
            if (!Files.exists(root.resolve(p))) out.add(page.getFileName() + ": " + p);
        }
        return out;
    }

    /** The anchors GitHub gives a page's headings: lower case, punctuation dropped, spaces as '-', repeats numbered. */
    static Set<String> anchors(String markdown) {
        Set<String> out = new HashSet<>();
        Map<String, Integer> seen = new HashMap<>();
        boolean code = false;
        for (String line : markdown.split("\n")) {
            if (line.startsWith("```")) code = !code;
            if (code || !line.startsWith("#")) continue;
            String slug = line.replaceFirst("^#+\\s*", "").trim().toLowerCase(Locale.ROOT)
                    .replaceAll("[^\\p{L}\\p{N} _-]", "").replace(' ', '-');
            int n = seen.merge(slug, 1, Integer::sum);
            out.add(n == 1 ? slug : slug + "-" + (n - 1));
        }
        return out;
    }

    @Test
    void everyLinkAndPathOfTheDocumentationExists() throws IOException {
        Path root = Path.of("").toAbsolutePath();
        List<String> broken = new ArrayList<>();
        List<Path> pages = pages(root);
        assertTrue(pages.size() > 5, "README.md and the docs/ pages: " + pages);
        for (Path page : pages) broken.addAll(broken(root, page));
        assertEquals(List.of(), broken, "links or paths to nothing");
    }

    @Test
    void aBrokenLinkAndAMissingPathAreFound(@TempDir Path root) throws IOException {
        Files.createDirectories(root.resolve("docs/figures"));
        Files.createDirectories(root.resolve("conf/paper"));
        Files.createDirectories(root.resolve("submit"));
        Files.writeString(root.resolve("conf/paper/figure2.conf"), "");
        Files.writeString(root.resolve("submit/local"), "");
        Files.writeString(root.resolve("docs/figures/a.png"), "");
        Files.writeString(root.resolve("docs/outputs.md"), "# Outputs\n\n## run.json\n");
        Path page = Files.writeString(root.resolve("docs/page.md"), """
                # Top of the page
                Fine: [outputs](outputs.md#runjson), ![a](figures/a.png), [up](../conf/paper/figure2.conf),
                [web](https://spark.apache.org/docs/), [here](#top-of-the-page), `submit/local conf/paper/figure2.conf`,
                $SPARK_HOME/bin/spark-submit and target/spark-home/bin/spark-submit.
                Broken: [gone](cluster.md), ![b](figures/b.png), `submit/locall conf/paper/figure9.conf`,
                [no heading](outputs.md#summary-csv), [nor here](#bottom).
                """);
        assertEquals(List.of("page.md: cluster.md", "page.md: figures/b.png",
                "page.md: outputs.md#summary-csv (no such heading)", "page.md: #bottom (no such heading)",
                "page.md: submit/locall", "page.md: conf/paper/figure9.conf"), broken(root, page));
    }

    @Test
    void headingsGetGitHubsAnchors() {
        assertEquals(Set.of("study-files---set-and-grids", "data-spec-1-6", "runjson", "runjson-1"),
                anchors("## Study files, `--set` and grids\n### data (SPEC §1, §6)\n## run.json\n```\n# not a heading\n```\n## run.json\n"));
    }
}
