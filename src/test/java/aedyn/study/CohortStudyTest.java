package aedyn.study;

import aedyn.data.Npy;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A study trained in cohorts writes what it writes with every run on its own (study.cohorts = false): the same
 * metrics.csv and weights to 1e-12 relative (paper 1's members of one shape share each panel's products with Y, and
 * the BLAS may round a column of a wider product in another order), and the same run.json, timings aside. Figure 2's
 * grid (three initializations share the samples of each noise level) on a fixed data set, and a contraction-like
 * grid over fresh samples.
 */
class CohortStudyTest {
    private static final String FIGURE2 = """
            study { name = fig2, seed = 2019, grid { "data.noise-sigma" = [0.01, 0.02], "init.kind" = [perturb, pca, random] } }
            data { model = mixture, n = 48, m = 5, samples = 3000 }
            model.activation = relu
            init.delta = 0.5
            bias { init = "-2.5*delta", schedule = geometric, factor = 2 }
            train { iterations = 6, learning-rate = "m" }
            """;
    private static final String FRESH = """
            study { name = contraction, seed = 4, grid { "train.learning-rate" = [1, 2, 8], "bias.init" = [0, "-1/log(n)"] } }
            data { model = mixture, n = 32, m = 4, samples = 4000, noise-sigma = 0.01, fresh = true }
            model { activation = threshold, threshold = 0.5 }
            init { kind = perturb, delta = 0.5 }
            bias { schedule = contraction, tau = 0.5 }
            train { iterations = 5, checkpoint-every = 2 }
            """;

    @Test
    void figure2InCohortsWritesWhatItsRunsWriteAlone(@TempDir Path dir) throws Exception {
        Set<String> jobs = compare(dir, FIGURE2, "study.parallel-runs=2"); // two cohorts of three at a time
        assertTrue(jobs.contains("aedyn iteration 6/6 of 3 runs: fig2/data.noise-sigma=0.01_init.kind=perturb, "
                + "fig2/data.noise-sigma=0.01_init.kind=pca, fig2/data.noise-sigma=0.01_init.kind=random"), jobs.toString());
    }

    @Test
    void freshSamplesInCohortsGiveWhatTheyGiveAlone(@TempDir Path dir) throws Exception {
        Set<String> jobs = compare(dir, FRESH, "study.parallel-runs=1");
        assertTrue(jobs.stream().anyMatch(j -> j.startsWith("aedyn iteration 5/5 of 6 runs: ")), jobs.toString());
    }

    /**
     * Runs the study alone (local passes on cached samples) and in cohorts (every pass a Spark job, as on a cluster),
     * compares every run's files, and returns the cohorts' job descriptions.
     */
    private static Set<String> compare(Path dir, String conf, String parallelRuns) throws Exception {
        StudyTestSupport.runStudyAllowingFailures(dir.resolve("alone"), conf, "study.cohorts=false");
        Set<String> descriptions = StudyTestSupport.jobDescriptions(
                () -> StudyTestSupport.runStudyAllowingFailures(dir.resolve("together"), conf, parallelRuns));
        Path alone = dir.resolve("alone/out");
        Path together = dir.resolve("together/out");
        List<String> runs = StudiesTest.runNames(alone);
        assertEquals(runs, StudiesTest.runNames(together));
        for (String run : runs) {
            Path a = alone.resolve("runs/" + run);
            Path b = together.resolve("runs/" + run);
            StudiesTest.assertSameMetrics(a.resolve("metrics.csv"), b.resolve("metrics.csv"), run);
            for (String npy : List.of("W.npy", "b.npy")) {
                assertEquals(Files.exists(a.resolve(npy)), Files.exists(b.resolve(npy)), run + " " + npy);
                if (Files.exists(a.resolve(npy))) {
                    double[] x = values(a.resolve(npy));
                    double[] y = values(b.resolve(npy));
                    assertEquals(x.length, y.length, run + " " + npy);
                    for (int i = 0; i < x.length; i++) assertEquals(x[i], y[i], 1e-12 * Math.abs(x[i]) + 1e-300, run + " " + npy + " " + i);
                }
            }
            assertEquals(withoutWall(Files.readString(a.resolve("run.json"))), withoutWall(Files.readString(b.resolve("run.json"))),
                    run + " run.json");
            assertTrue(Files.exists(b.resolve("_SUCCESS")), run);
            assertTrue(!Files.exists(b.resolve("checkpoint")), run + " leaves no checkpoint behind");
        }
        return descriptions;
    }

    /** The entries of a matrix or vector .npy file. */
    private static double[] values(Path npy) throws IOException {
        return npy.getFileName().toString().equals("b.npy") ? aedyn.data.Npy.readVector(npy, -1)
                : aedyn.data.Npy.readMatrix(npy, -1, -1).columnMajor();
    }

    /** run.json without its wall time, nor where the passes ran (local threads alone, Spark jobs together). */
    private static String withoutWall(String json) {
        return json.replaceAll("\"wall_seconds\": [^,}\\n]*", "").replaceAll("\"passes\": \"[a-z-]+\"", "");
    }
}
