package aedyn.docs;

import aedyn.config.DataModel;
import aedyn.config.Paper;
import aedyn.init.Init;
import aedyn.model.Activation;
import aedyn.model.ModelSpec;
import aedyn.model.Scale;
import aedyn.study.Analysis;
import aedyn.train.BiasSchedule;
import aedyn.train.Optimizer;
import com.typesafe.config.Config;
import com.typesafe.config.ConfigFactory;
import com.typesafe.config.ConfigObject;
import com.typesafe.config.ConfigValue;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * docs/configuration.md cannot drift from reference.conf: every key of reference.conf has a row on the page, every
 * row's key is in reference.conf, and the row of a closed choice names every word its enum accepts.
 */
class ConfigurationPageTest {

    /** A row of the page's tables: "| `key` | ...", the key in the first cell. */
    private static final Pattern ROW = Pattern.compile("^\\|\\s*`([\\w.-]+)`\\s*\\|.*$", Pattern.MULTILINE);
    /** A key reference.conf documents but leaves unset: a commented assignment such as "# sign-invariant = true". */
    private static final Pattern COMMENTED_KEY = Pattern.compile("^\\s*#\\s*([\\w-]+)\\s*=\\s*[\\w.\"-]+\\s*$");

    /** Every closed choice of the configuration and its enum's words (ChoicesTest holds reference.conf to them). */
    static Map<String, List<String>> choices() {
        Map<String, List<String>> out = new LinkedHashMap<>();
        out.put("data.model", DataModel.names());
        out.put("model.activation", Activation.names());
        out.put("model.architecture", ModelSpec.Architecture.names());
        out.put("model.scale", Scale.names());
        out.put("train.regime", ModelSpec.Regime.names());
        out.put("train.optimizer", Optimizer.Kind.names());
        out.put("init.kind", Init.Kind.names());
        out.put("bias.schedule", BiasSchedule.Kind.names());
        out.put("study.analysis", Analysis.names());
        out.put("study.paper", Paper.names());
        out.put("study.execution", aedyn.choice.Choice.names(aedyn.study.Execution.class));
        return out;
    }

    /** The leaf paths of a configuration: values that are no object, and empty objects (study.grid, spark). */
    static Set<String> leaves(Config config) {
        Set<String> out = new TreeSet<>();
        walk(config.root(), "", out);
        return out;
    }

    private static void walk(ConfigObject object, String prefix, Set<String> out) {
        for (Map.Entry<String, ConfigValue> e : object.entrySet()) {
            String path = prefix + e.getKey();
            if (e.getValue() instanceof ConfigObject child && !child.isEmpty()) walk(child, path + ".", out);
            else out.add(path);
        }
    }

    /** The keys reference.conf names in a commented assignment, with their block's path. */
    static Set<String> commentedKeys(String referenceText) {
        Set<String> out = new TreeSet<>();
        Deque<String> path = new ArrayDeque<>();
        Pattern open = Pattern.compile("^\\s*([\\w-]+)\\s*\\{\\s*$");
        for (String line : referenceText.split("\n")) {
            Matcher o = open.matcher(line);
            Matcher c = COMMENTED_KEY.matcher(line);
            if (o.find()) path.addLast(o.group(1));
            else if (line.trim().equals("}")) path.pollLast();
            else if (c.find()) out.add(String.join(".", path) + (path.isEmpty() ? "" : ".") + c.group(1));
        }
        return out;
    }

    /** Key -> its row on the page. */
    static Map<String, String> rows(String page) {
        Map<String, String> out = new LinkedHashMap<>();
        Matcher m = ROW.matcher(page);
        while (m.find()) out.merge(m.group(1), m.group(), (a, b) -> a + "\n" + b);
        return out;
    }

    /** What is wrong with the page against the keys of reference.conf and the choices' words, one line each. */
    static List<String> problems(Set<String> keys, Set<String> unset, String page, Map<String, List<String>> choices) {
        List<String> out = new ArrayList<>();
        Map<String, String> rows = rows(page);
        for (String key : keys) {
            if (!rows.containsKey(key)) out.add("no row for " + key);
        }
        for (String key : unset) {
            if (!rows.containsKey(key)) out.add("no row for " + key + " (unset in reference.conf)");
        }
        for (Map.Entry<String, String> row : rows.entrySet()) {
            if (!keys.contains(row.getKey()) && !unset.contains(row.getKey())) {
                out.add("a row for " + row.getKey() + ", which reference.conf does not have");
            }
            if (row.getValue().contains("\n")) out.add("two rows for " + row.getKey());
        }
        for (Map.Entry<String, List<String>> choice : choices.entrySet()) {
            String row = rows.getOrDefault(choice.getKey(), "");
            for (String word : choice.getValue()) {
                if (!Pattern.compile("`" + Pattern.quote(word) + "`").matcher(row).find()) {
                    out.add(choice.getKey() + "'s row does not list `" + word + "`");
                }
            }
        }
        return out;
    }

    private static String referenceText() throws IOException {
        try (InputStream in = ConfigurationPageTest.class.getResourceAsStream("/reference.conf")) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }

    private static Config reference() {
        return ConfigFactory.parseResources("reference.conf").resolve();
    }

    @Test
    void thePageHasARowForEveryKeyOfReferenceConfAndNoOther() throws IOException {
        String page = Files.readString(Path.of("docs/configuration.md"), StandardCharsets.UTF_8);
        Set<String> keys = leaves(reference());
        assertTrue(keys.contains("study.lease.renew-every") && keys.contains("study.grid") && keys.contains("spark"), keys.toString());
        assertEquals(List.of(), problems(keys, commentedKeys(referenceText()), page, choices()));
    }

    @Test
    void aKeyAddedToReferenceConfWithoutARowFails() throws IOException {
        String page = Files.readString(Path.of("docs/configuration.md"), StandardCharsets.UTF_8);
        Set<String> keys = leaves(ConfigFactory.parseString("study.not-documented = 1").withFallback(reference()));
        assertEquals(List.of("no row for study.not-documented"), problems(keys, commentedKeys(referenceText()), page, choices()));
    }

    @Test
    void aRowOfNoKeyAndAChoiceMissingAWordFail() {
        Set<String> keys = leaves(ConfigFactory.parseString("model { activation = relu, width = auto }"));
        String page = """
                | key | default | allowed | meaning |
                |---|---|---|---|
                | `model.activation` | `relu` | `relu`, `tanh` | σ |
                | `model.width` | `auto` | `auto` or an integer | m |
                | `model.depth` | 2 | an integer | not a key |
                """;
        assertEquals(List.of("a row for model.depth, which reference.conf does not have",
                        "model.activation's row does not list `linear`"),
                problems(keys, Set.of(), page, Map.of("model.activation", List.of("relu", "tanh", "linear"))));
    }

    @Test
    void aCommentedAssignmentIsAnUnsetKeyOfItsBlock() {
        assertEquals(Set.of("metrics.sign-invariant"), commentedKeys("""
                metrics {
                  # Match columns up to sign. Unset: true for sparse.
                  # sign-invariant = true
                  # data.model = file: samples as .npy float64
                  population-gradient = false
                }
                """));
    }
}
