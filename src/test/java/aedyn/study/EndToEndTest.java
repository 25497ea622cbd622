package aedyn.study;

import aedyn.data.Npy;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Whole studies in local[2] mode: recovery of A, the output layout, and independence from partitioning. */
class EndToEndTest {
    private static final String MIXTURE = """
            study { name = e2e, seed = 5 }
            data { model = mixture, n = 64, m = 8, samples = 6000, noise-sigma = 0.01 }
            model { activation = threshold, threshold = 0.5 }
            init { kind = perturb, delta = 0.3 }
            bias { init = 0, schedule = constant }
            train { iterations = 12, learning-rate = "m" }
            """;

    @Test
    void thresholdAutoencoderRecoversTheMixtureMeans(@TempDir Path dir) throws IOException {
        Path out = StudyTestSupport.runStudy(dir, MIXTURE);
        Path run = out.resolve("runs/run");
        Map<String, List<Double>> m = StudyTestSupport.columns(run.resolve("metrics.csv"));
        List<Double> fro = m.get("fro_error");
        assertEquals(13, fro.size(), "rows s = 0..T");
        double first = fro.get(0);
        double last = fro.get(fro.size() - 1);
        assertTrue(last <= first / 10, "fro_error should fall at least tenfold: " + first + " -> " + last);
        List<Double> support = m.get("support_recovery");
        assertEquals(1.0, support.get(support.size() - 1), 0.0);
        // contraction of row s is fro(s+1)^2 / fro(s)^2, undefined on the last row
        assertEquals(fro.get(1) * fro.get(1) / (first * first), m.get("contraction").get(0), 1e-12);
        assertTrue(Double.isNaN(m.get("contraction").get(12)));

        List<String> header = List.of(Files.readAllLines(run.resolve("metrics.csv")).get(0).split(","));
        assertEquals(List.of("iteration", "loss", "fro_error", "max_col_error", "spectral_ratio", "support_recovery",
                "contraction", "bias_mean", "grad_norm", "seconds"), header);
        for (String f : List.of("W.npy", "b.npy", "run.conf", "run.json", "_SUCCESS")) {
            assertTrue(Files.exists(run.resolve(f)), f);
        }
        for (String f : List.of("summary.csv", "study.conf", "_SUCCESS")) {
            assertTrue(Files.exists(out.resolve(f)), f);
        }
        String manifest = Files.readString(run.resolve("run.json"));
        for (String key : List.of("\"incoherence\"", "\"spectral_norm_A\"", "\"spark_version\": \"4.1", "\"java_version\"",
                "\"wall_seconds\"", "\"status\": \"finished\"")) {
            assertTrue(manifest.contains(key), key + " in " + manifest);
        }
        try (var in = Files.newInputStream(run.resolve("W.npy"))) {
            var w = aedyn.data.Npy.readMatrix(in, "W.npy", 64, 8);
            for (int j = 0; j < 8; j++) {
                double norm = 0;
                for (int i = 0; i < 64; i++) norm += w.get(i, j) * w.get(i, j);
                assertEquals(1.0, norm, 1e-12, "column " + j + " of W has unit norm");
            }
        }
    }

    @Test
    void freshSamplesEveryIterationAlsoRecoverA(@TempDir Path dir) throws IOException {
        Path out = StudyTestSupport.runStudy(dir, MIXTURE, "data.fresh=true", "data.samples=3000");
        Map<String, List<Double>> m = StudyTestSupport.columns(out.resolve("runs/run/metrics.csv"));
        List<Double> fro = m.get("fro_error");
        assertTrue(fro.get(12) <= fro.get(0) / 10, "fresh samples: " + fro.get(0) + " -> " + fro.get(12));
        List<Double> loss = m.get("loss");
        // Converged weights see a new noise draw every pass: the loss keeps moving, unlike on a fixed data set.
        assertTrue(!loss.get(11).equals(loss.get(12)), "each pass should draw new samples");
        assertTrue(Files.readString(out.resolve("runs/run/run.json")).contains("\"fresh_samples\": true"));
    }

    @Test
    void trajectoryDoesNotDependOnThePartitionCount(@TempDir Path dir) throws IOException {
        String sparse = """
                study { name = parts, seed = 9 }
                data { model = sparse, n = 48, m = 12, k = 2, samples = 3000, noise-sigma = 0.02 }
                model { activation = threshold, threshold = 0.5 }
                init { kind = perturb, delta = 0.2 }
                bias { init = 0, schedule = constant }
                train { iterations = 4, learning-rate = "m/k" }
                """;
        Map<String, List<Double>> one = StudyTestSupport.columns(
                StudyTestSupport.runStudy(dir.resolve("a"), sparse, "data.partitions=1").resolve("runs/run/metrics.csv"));
        Map<String, List<Double>> five = StudyTestSupport.columns(
                StudyTestSupport.runStudy(dir.resolve("b"), sparse, "data.partitions=5").resolve("runs/run/metrics.csv"));
        assertTrue(one.containsKey("sign_recovery"), "the sparse model reports sign recovery");
        for (String metric : List.of("loss", "fro_error", "support_recovery", "sign_recovery")) {
            for (int s = 0; s < one.get(metric).size(); s++) {
                double a = one.get(metric).get(s);
                double b = five.get(metric).get(s);
                // Only the order of the partial sums differs.
                assertEquals(a, b, 1e-12 * Math.max(1, Math.abs(a)), metric + " at iteration " + s);
            }
        }
    }
}
