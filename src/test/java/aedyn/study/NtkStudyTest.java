package aedyn.study;

import aedyn.data.Npy;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * A network and its linearized twin (model.linearize as a grid key) in one cohort, through the real loop and the
 * study runner (SPEC section 8): equal loss and kernel at s = 0, the twin's loss per iteration against the NumPy
 * reference's (src/test/python/reference_ntk.py twin, f_lin formed from explicit Jacobians), the kernel only at the
 * rows metrics.ntk-every picks, a twin whose kernel does not drift, and the prediction starting at the run's own loss.
 */
class NtkStudyTest {
    private static final int N = 5;
    private static final int M = 16;
    private static final int SAMPLES = 12;
    private static final int ITERATIONS = 20;
    private static final double ETA = 0.5;

    @BeforeAll
    static void needsNumpy() throws Exception {
        assumeTrue(ReferenceScripts.run(List.of("python3", "-c", "import numpy"), null) == 0, "python3 with NumPy is not installed");
    }

    @Test
    void aNetworkAndItsTwinShareTheirStartAndTheTwinFollowsNumpy(@TempDir Path dir) throws Exception {
        Random r = new Random(20);
        double[] y = gaussian(r, N * SAMPLES, 1.0 / Math.sqrt(N)); // n x N column-major
        double[] v0 = gaussian(r, N * M, 1.0);
        double[] u0 = gaussian(r, N * M, 1.0);
        double[] rows = new double[y.length]; // the job reads (N, n) rows
        for (int j = 0; j < SAMPLES; j++) for (int i = 0; i < N; i++) rows[j + i * SAMPLES] = y[i + j * N];
        ReferenceScripts.write(dir.resolve("Y.npy"), out -> Npy.writeMatrix(out, SAMPLES, N, rows));
        ReferenceScripts.write(dir.resolve("Yt.npy"), out -> Npy.writeMatrix(out, N, SAMPLES, y));
        ReferenceScripts.write(dir.resolve("V0.npy"), out -> Npy.writeMatrix(out, N, M, v0));
        ReferenceScripts.write(dir.resolve("U0.npy"), out -> Npy.writeMatrix(out, N, M, u0));
        ReferenceScripts.write(dir.resolve("b0.npy"), out -> Npy.writeVector(out, new double[M]));
        String study = "study { name = twin, analysis = ntk, grid { \"model.linearize\" = [false, true] } }\n"
                + "data { model = file, m = " + M + ", path = \"" + dir.resolve("Y.npy") + "\", partitions = 2 }\n"
                + "model { architecture = untied, scale = ntk, activation = relu, width = " + M + " }\n"
                + "init { kind = file, path = \"" + dir.resolve("V0.npy") + "\", decoder-path = \"" + dir.resolve("U0.npy") + "\" }\n"
                + "bias { init = 0, schedule = constant }\n"
                + "train { optimizer = gd, regime = joint, learning-rate = " + ETA + ", iterations = " + ITERATIONS + " }\n"
                + "metrics { ntk-probe = " + SAMPLES + ", ntk-every = log }\n";
        Path out = StudyTestSupport.runStudy(dir, study);
        Path network = out.resolve("runs/model.linearize=false");
        Path twin = out.resolve("runs/model.linearize=true");
        Map<String, List<Double>> f = StudyTestSupport.columns(network.resolve("metrics.csv"));
        Map<String, List<Double>> g = StudyTestSupport.columns(twin.resolve("metrics.csv"));

        assertEquals(f.get("loss").get(0), g.get("loss").get(0), 1e-14 * f.get("loss").get(0), "equal loss at s = 0");
        assertEquals(f.get("kernel_lambda_min").get(0), g.get("kernel_lambda_min").get(0), 0.0, "the same K(0)");

        List<String> cmd = new ArrayList<>(List.of("python3", Path.of("src/test/python/reference_ntk.py").toAbsolutePath().toString(),
                "twin", "--samples", dir.resolve("Yt.npy").toString(), "--encoder", dir.resolve("V0.npy").toString(),
                "--decoder", dir.resolve("U0.npy").toString(), "--bias", dir.resolve("b0.npy").toString(),
                "--regime", "joint", "--scale", "ntk", "--activation", "relu", "--learning-rate", Double.toString(ETA),
                "--l2", "0", "--iterations", Integer.toString(ITERATIONS), "--out", dir.resolve("twin.csv").toString()));
        assertEquals(0, ReferenceScripts.run(cmd, dir.resolve("python.log")), () -> ReferenceScripts.readQuietly(dir.resolve("python.log")));
        List<Double> expected = StudyTestSupport.columns(dir.resolve("twin.csv")).get("loss");
        double worst = 0;
        for (int s = 0; s <= ITERATIONS; s++) worst = Math.max(worst, Math.abs(g.get("loss").get(s) - expected.get(s)) / expected.get(s));
        assertTrue(worst < 1e-8, "the twin's loss against NumPy's: " + worst);
        assertTrue(expected.get(ITERATIONS) < 0.5 * expected.get(0), "the twin's loss must move: " + expected);

        for (int s = 0; s <= ITERATIONS; s++) {
            boolean row = s == 0 || s == ITERATIONS || Integer.bitCount(s) == 1;
            assertEquals(row, !f.get("kernel_drift").get(s).isNaN(), "kernel at row " + s);
            if (row) assertEquals(0.0, g.get("kernel_drift").get(s), 0.0, "the twin's kernel is J(theta0) J(theta0)^T");
        }
        assertTrue(f.get("kernel_drift").get(ITERATIONS) > 1e-4, "the network's kernel moves at m = " + M);

        // theta0 read from a file is no gaussian draw the tool knows of: no infinite-width prediction, and run.json says why
        assertTrue(Files.notExists(network.resolve("ntk_prediction.csv")));
        assertTrue(Files.readString(network.resolve("run.json")).contains("init.kind is not gaussian"));

        Map<String, List<Double>> analysis = StudyTestSupport.columns(out.resolve("analysis.csv"));
        double gap = analysis.get("function_gap").get(0);
        assertTrue(gap > 0 && gap < 1, "the network's gap to its twin at T: " + gap);
    }

    @Test
    void thePredictionStartsFromTheRunsOwnLoss(@TempDir Path dir) throws Exception {
        String study = "study { name = predicted }\n"
                + "data { model = gaussian, n = 6, samples = 16, normalize-samples = true, partitions = 1 }\n"
                + "model { architecture = untied, scale = ntk, activation = relu, width = 64 }\n"
                + "init.kind = gaussian\n"
                + "bias { init = 0, schedule = constant }\n"
                + "train { optimizer = gd, regime = encoder-only, learning-rate = 2, iterations = 30 }\n"
                + "metrics { ntk-probe = 16, ntk-every = 10 }\n";
        Path out = StudyTestSupport.runStudy(dir, study);
        Path run = out.resolve("runs/run");
        Map<String, List<Double>> f = StudyTestSupport.columns(run.resolve("metrics.csv"));
        Map<String, List<Double>> p = StudyTestSupport.columns(run.resolve("ntk_prediction.csv"));
        assertEquals(31, p.get("predicted_loss").size());
        // loss_0 = (1/2N) ||R_0||_F^2 whatever the kernel: the prediction starts from the run's own residual
        assertEquals(f.get("loss").get(0), p.get("predicted_loss").get(0), 1e-12 * f.get("loss").get(0));
        assertTrue(p.get("predicted_loss").get(30) < p.get("predicted_loss").get(0));
        for (int s = 0; s <= 30; s++) assertEquals(s % 10 == 0, !f.get("kernel_lambda_min").get(s).isNaN(), "kernel at row " + s);
        String json = Files.readString(run.resolve("run.json"));
        assertTrue(json.contains("\"probe_is_data_set\": true") && json.contains("\"infinite_lambda_min\""), json);
        // the report reads the prediction beside the run's curve
        aedyn.report.StudyResults results = aedyn.report.StudyResults.read(out.toString(), new org.apache.hadoop.conf.Configuration());
        assertEquals(31, results.runs().get(0).prediction().size());
    }

    private static double[] gaussian(Random r, int size, double sd) {
        double[] a = new double[size];
        for (int i = 0; i < size; i++) a[i] = sd * r.nextGaussian();
        return a;
    }
}
