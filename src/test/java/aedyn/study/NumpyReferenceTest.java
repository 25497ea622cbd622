package aedyn.study;

import aedyn.data.CodeModel;
import aedyn.data.GroundTruth;
import aedyn.data.Matrices;
import aedyn.data.Npy;
import aedyn.data.SampleBlock;
import aedyn.data.SampleGenerator;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * The same inputs give the same trajectory: samples, A, W^0 and b^0 are written as .npy files, the job runs
 * on them (data.model = file, init.kind = file) and an independent NumPy implementation of SPEC sections 2-4
 * (src/test/python/reference_trajectory.py) runs on the same files; loss and fro_error must agree to 1e-8
 * relative at every iteration.
 */
class NumpyReferenceTest {
    private static final double TOLERANCE = 1e-8;

    @BeforeAll
    static void needsNumpy() throws Exception {
        assumeTrue(ReferenceScripts.run(List.of("python3", "-c", "import numpy"), null) == 0, "python3 with NumPy is not installed");
    }

    @ParameterizedTest
    @CsvSource({
            "mixture, relu, geometric, -0.3, 10, false",
            "mixture, threshold, learned, 0.0, 10, false",
            "sparse, threshold, contraction, -0.05, 4, true"})
    void trajectoryMatchesNumpy(String model, String activation, String schedule, double bias0, double rate,
                                boolean signInvariant, @TempDir Path dir) throws Exception {
        int n = 40;
        int m = 10;
        int samples = 1500;
        GroundTruth truth = GroundTruth.draw(n, m, 17);
        CodeModel codes = "sparse".equals(model) ? new CodeModel.Sparse(m, 2) : CodeModel.Mixture.uniform(m);
        SampleGenerator g = new SampleGenerator(codes, truth.a(), n, 0.02, 23);
        SampleBlock block = g.block(g.seed(), 0, samples);
        double[] w0 = truth.a().clone();
        double[] e = Matrices.gaussian(n, m, new SplittableRandom(4));
        for (int i = 0; i < w0.length; i++) w0[i] += 0.4 * e[i];
        Matrices.normalizeColumns(w0, n, m);
        double[] b0 = new double[m];
        java.util.Arrays.fill(b0, bias0);

        // Y.npy is (N, n), one sample a row: the transpose of the n x N column-major block.
        double[] rows = new double[samples * n];
        for (int j = 0; j < samples; j++) {
            for (int i = 0; i < n; i++) rows[j + i * samples] = block.y()[i + j * n];
        }
        ReferenceScripts.write(dir.resolve("Y.npy"), out -> Npy.writeMatrix(out, samples, n, rows));
        ReferenceScripts.write(dir.resolve("A.npy"), out -> Npy.writeMatrix(out, n, m, truth.a()));
        ReferenceScripts.write(dir.resolve("W0.npy"), out -> Npy.writeMatrix(out, n, m, w0));
        ReferenceScripts.write(dir.resolve("b0.npy"), out -> Npy.writeVector(out, b0));

        String study = "study { name = ref }\n"
                + "data { model = file, m = " + m + ", path = \"" + dir.resolve("Y.npy") + "\", ground-truth = \"" + dir.resolve("A.npy") + "\" }\n"
                + "model { activation = " + activation + ", threshold = 0.5 }\n"
                + "init { kind = file, path = \"" + dir.resolve("W0.npy") + "\" }\n"
                + "bias { init = " + bias0 + ", schedule = " + schedule + ", factor = 2, tau = 0.2, learning-rate = 0.5 }\n"
                + "train { iterations = 15, learning-rate = " + rate + " }\n"
                + "metrics.sign-invariant = " + signInvariant + "\n";
        Path out = StudyTestSupport.runStudy(dir, study);
        Map<String, List<Double>> ours = StudyTestSupport.columns(out.resolve("runs/run/metrics.csv"));

        Path script = Path.of("src/test/python/reference_trajectory.py").toAbsolutePath();
        List<String> cmd = new ArrayList<>(List.of("python3", script.toString(),
                "--samples", dir.resolve("Y.npy").toString(), "--ground-truth", dir.resolve("A.npy").toString(),
                "--init", dir.resolve("W0.npy").toString(), "--bias0", dir.resolve("b0.npy").toString(),
                "--activation", activation, "--threshold", "0.5", "--schedule", schedule, "--factor", "2",
                "--tau", "0.2", "--bias-learning-rate", "0.5", "--learning-rate", Double.toString(rate),
                "--iterations", "15", "--out", dir.resolve("reference.csv").toString()));
        if (signInvariant) cmd.add("--sign-invariant");
        assertEquals(0, ReferenceScripts.run(cmd, dir.resolve("python.log")), () -> ReferenceScripts.readQuietly(dir.resolve("python.log")));
        Map<String, List<Double>> reference = StudyTestSupport.columns(dir.resolve("reference.csv"));

        double worst = 0;
        for (String metric : List.of("loss", "fro_error")) {
            List<Double> a = ours.get(metric);
            List<Double> b = reference.get(metric);
            assertEquals(b.size(), a.size(), metric + " rows");
            for (int s = 0; s < a.size(); s++) {
                double rel = Math.abs(a.get(s) - b.get(s)) / Math.max(Math.abs(b.get(s)), 1e-300);
                worst = Math.max(worst, rel);
                assertTrue(rel <= TOLERANCE, metric + " at iteration " + s + ": job " + a.get(s) + ", NumPy " + b.get(s));
            }
        }
        double start = ours.get("fro_error").get(0);
        double end = ours.get("fro_error").get(15);
        assertTrue(Math.abs(end - start) > 1e-3 * start, "W must move for the comparison to mean anything: " + start + " -> " + end);
        System.out.printf("numpy reference (%s, %s, %s): largest relative deviation %.3e%n", model, activation, schedule, worst);
    }
}
