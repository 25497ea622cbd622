package aedyn.study;

import aedyn.config.ConfigException;
import aedyn.config.ConfigProblem;
import aedyn.config.RunSettings;
import aedyn.data.Npy;
import aedyn.model.ModelSpec;
import aedyn.model.Scale;
import aedyn.train.BiasSchedule;
import aedyn.init.Init;
import aedyn.train.Optimizer;
import org.apache.hadoop.conf.Configuration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The keys of the model family (SPEC section 5): what they build, and every combination that makes no sense. */
class ModelSettingsTest {

    static StudyPlan load(Path dir, String conf) throws IOException {
        Path file = dir.resolve("s.conf");
        Files.writeString(file, conf);
        return StudyPlan.load(file.toString(), List.of(), dir.resolve("out").toString(), new Configuration());
    }

    private static RunSettings settings(Path dir, String conf) throws IOException {
        return load(dir, conf).runs().get(0).settings();
    }

    static Map<String, ConfigProblem> problems(Path dir, String conf) {
        ConfigException e = assertThrows(ConfigException.class, () -> load(dir, conf));
        return e.problems().stream().collect(Collectors.toMap(ConfigProblem::key, p -> p, (a, b) -> a));
    }

    @Test
    void theDefaultsArePaperOnesProtocol(@TempDir Path dir) throws IOException {
        RunSettings s = settings(dir, "");
        assertEquals(ModelSpec.Architecture.TIED, s.model().architecture());
        assertEquals(Scale.STANDARD, s.model().scale());
        assertEquals(s.data().m(), s.model().m());
        assertInstanceOf(Optimizer.Normalized.class, s.training().optimizer());
        assertEquals(0.0, s.training().l2());
        assertEquals(1.0, s.training().batchFraction());
    }

    @Test
    void anUntiedMeanFieldRunTakesTheStepZetaTimesMAndItsOwnDefaults(@TempDir Path dir) throws IOException {
        RunSettings s = settings(dir, """
                data { n = 16, m = 3 }
                model { architecture = untied, scale = mean-field, width = 200, activation = tanh }
                train { optimizer = sgd, regime = encoder-only, learning-rate = 0.5, l2 = 0.01, batch-fraction = 0.25 }
                init.kind = gaussian
                bias.schedule = learned
                """);
        assertEquals(200, s.model().m());
        assertEquals(ModelSpec.Regime.ENCODER_ONLY, s.model().regime());
        assertEquals(0.5 * 200, ((Optimizer.GradientDescent) s.training().optimizer()).stepSize(), 1e-12);
        assertEquals(new BiasSchedule.Learned(100.0), s.training().biasSchedule(), "gd moves a learned bias with eta");
        assertEquals(1 / Math.sqrt(16), ((Init.Gaussian) s.start().init()).scale(), 1e-15);
        assertEquals(0.0, s.start().bias0(), "auto bias is 0 outside paper 1's protocol");
        assertEquals(1.0, ((Init.Gaussian) settings(dir, "model { architecture = untied, scale = ntk }\n"
                + "train.optimizer = gd\ninit.kind = gaussian").start().init()).scale(), "ntk starts from N(0, 1)");
    }

    @Test
    void combinationsThatMakeNoSenseNameBothKeys(@TempDir Path dir) {
        assertTrue(problems(dir, "model.architecture = untied\ninit.kind = gaussian").get("train.optimizer").allowed()
                .contains("model.architecture = untied"));
        assertTrue(problems(dir, "model.scale = ntk").get("train.optimizer").allowed().contains("model.scale = ntk"));
        assertTrue(problems(dir, "train.regime = encoder-only").get("train.regime").allowed()
                .contains("model.architecture = tied"));
        assertTrue(problems(dir, "train.l2 = 0.1").get("train.l2").allowed().contains("train.optimizer = normalized"));
        assertTrue(problems(dir, "train { optimizer = gd, batch-fraction = 0.5 }").get("train.batch-fraction").allowed()
                .contains("train.optimizer = sgd"));
        assertTrue(problems(dir, "data.fresh = true\ntrain { optimizer = sgd, batch-fraction = 0.5 }\ninit.kind = random")
                .get("train.batch-fraction").allowed().contains("data.fresh = true"));
        assertTrue(problems(dir, "model.architecture = untied\ntrain.optimizer = gd\ninit.kind = pca").get("init.kind")
                .allowed().contains("model.architecture = untied"));
        assertTrue(problems(dir, "model.width = 20").get("init.kind").allowed().contains("model.width = 20"));
        assertTrue(problems(dir, "model.architecture = untied\ntrain.optimizer = gd\ninit { kind = file, path = \"V.npy\" }")
                .get("init.decoder-path").allowed().contains("model.architecture = untied"));
        assertTrue(problems(dir, "init { kind = file, path = \"W.npy\", decoder-path = \"U.npy\" }")
                .get("init.decoder-path").allowed().contains("model.architecture = tied"));
        assertTrue(problems(dir, "train.optimizer = gd\nmetrics.population-gradient = true").get("metrics.population-gradient")
                .allowed().contains("train.optimizer = normalized"));
        ConfigProblem arch = problems(dir, "model.architecture = siamese").get("model.architecture");
        assertEquals("\"siamese\"", arch.value());
        assertTrue(arch.allowed().contains("tied, untied"));
        assertTrue(problems(dir, "model.scale = huge").get("model.scale").allowed().contains("standard, ntk, mean-field"));
        assertTrue(problems(dir, "train.optimizer = adam").get("train.optimizer").allowed().contains("normalized, gd, sgd"));
        assertTrue(problems(dir, "train { optimizer = sgd, batch-fraction = 0 }").get("train.batch-fraction").allowed()
                .contains("(0, 1]"));
    }

    @Test
    void aMissingOrMisshapenDecoderFileIsReportedBeforeSparkStarts(@TempDir Path dir) throws IOException {
        Path v = dir.resolve("V.npy");
        Path u = dir.resolve("U.npy");
        write(v, 8, 3);
        write(u, 8, 4);
        String conf = "data { n = 8, m = 3 }\nmodel.architecture = untied\ntrain.optimizer = gd\n"
                + "init { kind = file, path = \"" + v + "\", decoder-path = \"%s\" }";
        ConfigProblem shape = problems(dir, conf.formatted(u)).get("init.decoder-path");
        assertEquals(u.toString(), shape.value());
        assertTrue(shape.allowed().contains("(8, 3)"), shape.allowed());
        ConfigProblem missing = problems(dir, conf.formatted(dir.resolve("none.npy"))).get("init.decoder-path");
        assertTrue(missing.value().endsWith("none.npy"), missing.toString());
    }

    private static void write(Path file, int rows, int cols) throws IOException {
        try (OutputStream out = Files.newOutputStream(file)) {
            Npy.writeMatrix(out, rows, cols, new double[rows * cols]);
        }
    }
}
