package aedyn.study;

import aedyn.data.Npy;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * Same inputs, same numbers, for the general model (SPEC section 5): samples, V^0, U^0 and b^0 are written as .npy,
 * the job trains on them (data.model = file, init.kind = file, gd, learned bias) over a grid of scales, activations
 * and l2 weights, and an independent NumPy implementation (src/test/python/reference_two_layer.py) runs every grid
 * point on the same files. Loss, objective and movement must agree to 1e-8 relative at every iteration.
 */
class TwoLayerNumpyReferenceTest {
    private static final double TOLERANCE = 1e-8;
    private static final int ITERATIONS = 8;

    @BeforeAll
    static void needsNumpy() throws Exception {
        assumeTrue(ReferenceScripts.run(List.of("python3", "-c", "import numpy"), null) == 0, "python3 with NumPy is not installed");
    }

    /** Relu and tanh (one piecewise, one smooth) cover every case; the other four activations are added once. */
    @ParameterizedTest(name = "{0} {1}: activations {2}, l2 {3}")
    @CsvSource(delimiter = ';', value = {
            "tied; joint; relu, tanh; 0, 0.05",
            "untied; joint; relu, tanh; 0, 0.05",
            "untied; encoder-only; relu, tanh; 0, 0.05",
            "untied; joint; threshold, softplus, sigmoid, linear; 0.05"})
    void everyScaleActivationAndPenaltyMatchesNumpy(String architecture, String regime, String activations,
                                                    String penalties, @TempDir Path dir) throws Exception {
        int n = 8;
        int m = 6;
        int samples = 160;
        Random r = new Random(architecture.hashCode() + 31L * regime.hashCode());
        double[] y = gaussian(r, samples * n, 1.0);
        double[] v0 = gaussian(r, n * m, 0.4);
        double[] u0 = gaussian(r, n * m, 0.4);
        ReferenceScripts.write(dir.resolve("Y.npy"), out -> Npy.writeMatrix(out, samples, n, rowsOf(y, samples, n)));
        ReferenceScripts.write(dir.resolve("V0.npy"), out -> Npy.writeMatrix(out, n, m, v0));
        ReferenceScripts.write(dir.resolve("U0.npy"), out -> Npy.writeMatrix(out, n, m, u0));
        boolean tied = "tied".equals(architecture);
        String study = "study { name = ref, grid { \"model.scale\" = [standard, ntk, mean-field], "
                + "\"model.activation\" = [" + activations + "], \"train.l2\" = [" + penalties + "] } }\n"
                + "data { model = file, m = " + m + ", path = \"" + dir.resolve("Y.npy") + "\", partitions = 3 }\n"
                + "model { architecture = " + architecture + ", threshold = 0.3 }\n"
                + "init { kind = file, path = \"" + dir.resolve("V0.npy") + "\""
                + (tied ? "" : ", decoder-path = \"" + dir.resolve("U0.npy") + "\"") + " }\n"
                + "bias { init = 0, schedule = learned }\n"
                + "train { optimizer = gd, regime = " + regime + ", learning-rate = 0.05, iterations = " + ITERATIONS + " }\n";
        // b^0 = 0: the job's bias.init is one number; the learned bias then moves every entry its own way
        ReferenceScripts.write(dir.resolve("b0.npy"), out -> Npy.writeVector(out, new double[m]));
        Path out = StudyTestSupport.runStudy(dir, study);

        List<Path> runs;
        try (Stream<Path> s = Files.list(out.resolve("runs"))) {
            runs = s.sorted().toList();
        }
        assertEquals(3 * penalties.split(",").length * activations.split(",").length, runs.size());
        List<String> metrics = new ArrayList<>(List.of("loss", "objective", "grad_norm", "encoder_movement"));
        if (!tied) metrics.add("decoder_movement");
        Path script = Path.of("src/test/python/reference_two_layer.py").toAbsolutePath();
        for (Path runDir : runs) {
            String json = Files.readString(runDir.resolve("run.json"));
            String scale = field(json, "scale");
            String activation = field(json, "activation").replaceAll("\\(.*", "");
            String l2 = field(json, "l2");
            List<String> cmd = new ArrayList<>(List.of("python3", script.toString(),
                    "--samples", dir.resolve("Y.npy").toString(), "--encoder", dir.resolve("V0.npy").toString(),
                    "--bias0", dir.resolve("b0.npy").toString(), "--architecture", architecture, "--regime", regime,
                    "--scale", scale, "--activation", activation, "--threshold", "0.3", "--learning-rate", "0.05",
                    "--l2", l2, "--bias", "learned", "--iterations", Integer.toString(ITERATIONS),
                    "--out", runDir.resolve("reference.csv").toString()));
            if (!tied) cmd.addAll(List.of("--decoder", dir.resolve("U0.npy").toString()));
            assertEquals(0, ReferenceScripts.run(cmd, runDir.resolve("python.log")), () -> ReferenceScripts.readQuietly(runDir.resolve("python.log")));
            Map<String, List<Double>> ours = StudyTestSupport.columns(runDir.resolve("metrics.csv"));
            Map<String, List<Double>> reference = StudyTestSupport.columns(runDir.resolve("reference.csv"));
            double worst = 0;
            for (String metric : metrics) {
                List<Double> a = ours.get(metric);
                List<Double> b = reference.get(metric);
                assertEquals(ITERATIONS + 1, a.size(), metric + " rows of " + runDir.getFileName());
                for (int s = 0; s < a.size(); s++) {
                    double scaleOf = Math.max(Math.abs(b.get(s)), metric.endsWith("movement") ? 1e-12 : 1e-300);
                    double rel = Math.abs(a.get(s) - b.get(s)) / scaleOf;
                    worst = Math.max(worst, rel);
                    assertTrue(rel <= TOLERANCE, runDir.getFileName() + " " + metric + " at iteration " + s
                            + ": job " + a.get(s) + ", NumPy " + b.get(s));
                }
            }
            List<Double> loss = ours.get("loss");
            assertTrue(Math.abs(loss.get(ITERATIONS) - loss.get(0)) > 1e-4 * loss.get(0),
                    "the loss must move for the comparison to mean anything: " + runDir.getFileName());
            System.out.printf("numpy two-layer reference (%s, %s, %s, %s, l2 = %s): largest relative deviation %.3e%n",
                    architecture, regime, scale, activation, l2, worst);
        }
    }

    private static String field(String json, String key) {
        Matcher m = Pattern.compile("\"" + key + "\"\\s*:\\s*\"?([^\",}\\n]*)").matcher(json);
        assertTrue(m.find(), key + " in run.json");
        return m.group(1).trim();
    }

    private static double[] gaussian(Random r, int size, double sd) {
        double[] a = new double[size];
        for (int i = 0; i < size; i++) a[i] = sd * r.nextGaussian();
        return a;
    }

    /** The (N, n) C-order rows of an n x N column-major block: the same numbers, read row by row. */
    private static double[] rowsOf(double[] y, int samples, int n) {
        double[] rows = new double[samples * n];
        for (int j = 0; j < samples; j++) {
            for (int i = 0; i < n; i++) rows[j + i * samples] = y[i + j * n];
        }
        return rows;
    }
}
