package aedyn.config;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigFactory;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Every cross-key rule fires on a small configuration, with its message word for word (the messages are
 * written out here, as users see them), and the table renders one row per rule.
 */
class CrossKeyRulesTest {

    /** Per rule of {@link CrossKeyRules#RULES}, in order: keys set over reference.conf, and the problem expected. */
    static final List<String[]> CASES = List.of(
            c("data { model = sparse, k = 11 }", "data.k = 11: an integer from 1 to data.m = 10"),
            c("data { model = nonneg-sparse, k = 2, a1 = 2, a2 = 1 }", "data.a2 = 1.0: a number >= data.a1 = 2.0"),
            c("data.mixing-weights = [1, 2]",
                    "data.mixing-weights = [1.0, 2.0]: empty (uniform) or a list of data.m = 10 weights"),
            c("data { model = gaussian, n = 3, spectrum = [{dim = 2, eigenvalue = 8}, {dim = 2, eigenvalue = 1}] }",
                    "data.spectrum = [{\"dim\":2,\"eigenvalue\":8},{\"dim\":2,\"eigenvalue\":1}]: a list of blocks "
                            + "{dim = 2, eigenvalue = 8}, largest eigenvalue first, spanning at most data.n = 3 dimensions; these span 4"),
            c("data.model = file", "data.path = \"\": a .npy file of samples, required when data.model = file"),
            c("data.model = idx", "data.path = \"\": an IDX image file (plain or .gz), required when data.model = idx"),
            c("data.codes = \"c.npy\"", "data.codes = \"c.npy\": only with data.model = file and a data.ground-truth "
                    + "(support recovery needs A's matching)"),
            c("data.ground-truth = \"a.npy\"",
                    "data.ground-truth = \"a.npy\": only with data.model = file (generated data draws its own A)"),
            c("data { model = file, path = \"x.npy\", fresh = true }",
                    "data.fresh = true: false when data.model = file (a file holds a fixed data set)"),
            c("data { model = gaussian, spectrum = [{dim = 2, eigenvalue = 8}] }, metrics.energy-blocks = [1]",
                    "metrics.energy-blocks = [1]: empty when data.model = gaussian: its energy blocks are those of data.spectrum"),
            c("data.fresh = true, metrics.energy-blocks = [1]", "metrics.energy-blocks = [1]: empty with data.fresh = true "
                    + "(the principal directions are those of a fixed data set)"),
            c("metrics.energy-blocks = [500, 300]", "metrics.energy-blocks = [500, 300]: ranks adding up to at most "
                    + "data.n = 784 directions, these add up to 800"),
            c("train.regime = encoder-only",
                    "train.regime = encoder-only: joint when model.architecture = tied (a tied W is both layers)"),
            c("model.architecture = untied", "train.optimizer = normalized: gd or sgd when model.architecture = untied "
                    + "(normalized updates are paper 1's, for a tied W)"),
            c("model.scale = ntk", "train.optimizer = normalized: gd or sgd when model.scale = ntk "
                    + "(normalized updates are paper 1's, at the standard scale)"),
            c("train.l2 = 0.5", "train.l2 = 0.5: 0 when train.optimizer = normalized (paper 1's protocol has no penalty; use gd or sgd)"),
            c("train { optimizer = gd, batch-fraction = 0.5 }", "train.batch-fraction = 0.5: 1 unless train.optimizer = sgd (it is gd)"),
            c("train { optimizer = sgd, batch-fraction = 0.5 }, data.fresh = true", "train.batch-fraction = 0.5: 1 when "
                    + "data.fresh = true (every iteration's fresh samples are the batch: online sgd)"),
            c("init.kind = spectral", "init.kind = spectral: perturb, pca, random or file: spectral needs sparse codes "
                    + "(data.model = sparse, nonneg-sparse or file), not data.model = mixture"),
            c("init.kind = spectral, data { model = sparse, k = 2, fresh = true }",
                    "init.kind = spectral: perturb, random or file: spectral needs a fixed data set, not data.fresh = true"),
            c("data { model = file, path = \"x.npy\" }",
                    "init.kind = perturb: pca, random or file: perturb needs the ground truth A (data.ground-truth)"),
            c("model.width = 12", "init.kind = perturb: not perturb when model.width = 12 differs from data.m = 10 "
                    + "(perturb starts from A, one neuron per atom)"),
            c("model.architecture = untied, train.optimizer = gd",
                    "init.kind = perturb: gaussian or file when model.architecture = untied"),
            c("init.kind = file", "init.path = \"\": a .npy file (n, m), required when init.kind = file"),
            c("init { kind = file, path = \"w.npy\" }, model.architecture = untied, train.optimizer = gd",
                    "init.decoder-path = \"\": a .npy file (n, m) of U, required when init.kind = file and model.architecture = untied"),
            c("init.decoder-path = \"u.npy\"",
                    "init.decoder-path = \"u.npy\": empty when model.architecture = tied (a tied W is both layers)"),
            c("init { kind = gaussian, decoder-path = \"u.npy\" }, model.architecture = untied, train.optimizer = gd",
                    "init.decoder-path = \"u.npy\": empty unless init.kind = file (it is gaussian)"),
            c("init.kind = pca, data.fresh = true",
                    "init.kind = pca: perturb, random or file: pca needs a fixed data set, not data.fresh = true"),
            c("init.kind = pca, data.n = 70000", "init.kind = pca: not pca when data.n > 65535 (MLlib's PCA limit)"),
            c("init.kind = pca, data.n = 8", "init.kind = pca: not pca when the width m = 10 exceeds data.n = 8 "
                    + "(there are only n principal directions)"),
            c("bias.factor = 1", "bias.factor = 1.0: a finite number > 1"),
            c("bias { schedule = contraction, tau = 1 }", "bias.tau = 1.0: a number in (0, 1)"),
            c("data { model = sparse, k = 2 }, metrics.population-gradient = true", "metrics.population-gradient = true: "
                    + "false unless data.model = mixture (paper 1's expected gradient is the mixture's)"),
            c("train.optimizer = gd, metrics.population-gradient = true", "metrics.population-gradient = true: false unless "
                    + "train.optimizer = normalized and model.width = data.m (paper 1's expected gradient is of its tied model)"),
            c("model.linearize = true",
                    "model.linearize = true: false when train.optimizer = normalized (the linearized model is trained by gd or sgd)"),
            c("metrics.ntk-probe = 20, data.samples = 10",
                    "metrics.ntk-probe = 20: an integer from 0 to data.samples = 10 (the probe is the first P samples)"));

    private static String[] c(String keys, String problem) {
        return new String[] {keys, problem};
    }

    static Config config(String keys) {
        return ConfigFactory.parseString(keys).withFallback(ConfigFactory.parseResources("reference.conf")).resolve();
    }

    static List<String> problems(String keys) {
        List<ConfigProblem> problems = new ArrayList<>();
        SettingsReader.read(config(keys), problems);
        return problems.stream().map(ConfigProblem::toString).toList();
    }

    @Test
    void theDefaultsBreakNoRule() {
        assertEquals(List.of(), problems(""));
        assertNotNull(SettingsReader.read(config(""), new ArrayList<>()));
    }

    @Test
    void everyRuleFiresWithItsMessage() {
        assertEquals(CrossKeyRules.RULES.size(), CASES.size(), "one case per rule, in the table's order");
        for (int i = 0; i < CASES.size(); i++) {
            String keys = CASES.get(i)[0];
            List<String> found = problems(keys);
            assertTrue(found.contains(CASES.get(i)[1]), "rule " + i + " with " + keys + ": " + found);
            assertTrue(SettingsReader.firing(config(keys)).contains(CrossKeyRules.RULES.get(i)),
                    "rule " + i + " (" + CrossKeyRules.RULES.get(i).key() + ") fires for " + keys);
        }
    }

    @Test
    void theTableHasARowPerRule() {
        String md = CrossKeyRules.markdown();
        List<String> rows = md.lines().toList();
        assertEquals("| # | key | refused when | depends on |", rows.get(0));
        assertEquals(2 + CrossKeyRules.RULES.size(), rows.size());
        assertEquals("| 1 | `data.k` | a sparse model's k exceeds data.m | `data.model`, `data.m` |", rows.get(2));
        assertEquals("| 36 | `metrics.ntk-probe` | more than data.samples for generated data | `data.samples`, `data.model` |",
                rows.get(rows.size() - 1));
    }

    /** docs/configuration.md shows the table the reader applies (regenerate: java aedyn.config.CrossKeyRules). */
    @Test
    void theConfigurationPageHoldsTheTable() throws java.io.IOException {
        String page = java.nio.file.Files.readString(java.nio.file.Path.of("docs/configuration.md"));
        assertTrue(page.contains(CrossKeyRules.markdown()), "docs/configuration.md's table of rules is stale");
    }
}
