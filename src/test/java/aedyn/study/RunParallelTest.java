package aedyn.study;

import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A sweep trained run-parallel (each cohort whole inside one Spark task) writes the bits the same sweep writes
 * data-parallel with every pass a Spark job, as on a cluster: every run's metrics.csv (times aside), weights and
 * run.json (times and the execution aside), and the study's summary.
 */
class RunParallelTest {
    /** 12 runs in 4 cohorts (two noise levels x two trials; three initializations share each cohort's samples). */
    private static final String SWEEP = """
            study { name = sweep, seed = 2019, trials = 2, grid { "data.noise-sigma" = [0.01, 0.02], "init.kind" = [perturb, pca, random] } }
            data { model = mixture, n = 48, m = 5, samples = 3000 }
            model.activation = relu
            init.delta = 0.5
            bias { init = "-2.5*delta", schedule = geometric, factor = 2 }
            train { iterations = 6, learning-rate = "m" }
            """;
    /** 6 runs over fresh samples, one cohort each, checkpoints on the way; the widest learning rate diverges. */
    private static final String FRESH = """
            study { name = contraction, seed = 4, cohorts = false, grid { "train.learning-rate" = [1, 8, 1e308], "bias.init" = [0, "-1/log(n)"] } }
            data { model = mixture, n = 32, m = 4, samples = 4000, noise-sigma = 0.01, fresh = true }
            model { activation = threshold, threshold = 0.5 }
            init { kind = perturb, delta = 0.5 }
            bias { schedule = contraction, tau = 0.5 }
            train { iterations = 5, checkpoint-every = 2 }
            """;

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"sweep", "fresh"})
    void aSweepTrainedInTasksWritesTheBitsOfTheDataParallelSweep(String which, @TempDir Path dir) throws Exception {
        String conf = which.equals("sweep") ? SWEEP : FRESH;
        StudyTestSupport.jobDescriptions(() -> StudyTestSupport.runStudyAllowingFailures(dir.resolve("data"), conf,
                "study.execution=data-parallel"));
        Runtime.getRuntime().gc();
        List<String> failed = StudyTestSupport.runStudyAllowingFailures(dir.resolve("runs"), conf, "study.execution=run-parallel");
        Path a = dir.resolve("data/out");
        Path b = dir.resolve("runs/out");
        List<String> runs = StudiesTest.runNames(a);
        assertEquals(which.equals("sweep") ? 12 : 6, runs.size());
        assertEquals(runs, StudiesTest.runNames(b));
        assertEquals(which.equals("sweep") ? 0 : 2, failed.size(), failed.toString());
        for (String run : runs) {
            Path x = a.resolve("runs/" + run);
            Path y = b.resolve("runs/" + run);
            assertEquals(withoutSeconds(x.resolve("metrics.csv")), withoutSeconds(y.resolve("metrics.csv")), run);
            for (String npy : List.of("W.npy", "b.npy")) {
                assertEquals(Files.exists(x.resolve(npy)), Files.exists(y.resolve(npy)), run + " " + npy);
                if (Files.exists(x.resolve(npy))) assertArrayEquals(Files.readAllBytes(x.resolve(npy)), Files.readAllBytes(y.resolve(npy)), run + " " + npy);
            }
            assertEquals(timeless(x.resolve("run.json")), timeless(y.resolve("run.json")), run + " run.json");
            assertTrue(Files.exists(y.resolve("_SUCCESS")), run);
            assertTrue(!Files.exists(y.resolve("checkpoint")), run + ": a finished run keeps no checkpoint");
        }
        assertEquals(withoutSeconds(a.resolve("summary.csv")), withoutSeconds(b.resolve("summary.csv")));
        assertTrue(Files.exists(b.resolve("_SUCCESS")));
    }

    /** The CSV's lines with every column whose name ends in "seconds" left out. */
    static List<String> withoutSeconds(Path csv) throws Exception {
        List<String> lines = Files.readAllLines(csv);
        String[] header = lines.get(0).split(",", -1);
        return lines.stream().map(l -> {
            String[] cells = l.split(",", -1);
            StringBuilder out = new StringBuilder();
            for (int i = 0; i < header.length; i++) {
                if (!header[i].endsWith("seconds")) out.append(i < cells.length ? cells[i] : "").append(',');
            }
            return out.toString();
        }).toList();
    }

    /** run.json without what measures time, nor the execution that trained it. */
    static String timeless(Path json) throws Exception {
        return Files.readString(json).replaceAll("\"[a-z_]*seconds\" *: *[-0-9.eE]+,?", "")
                .replaceAll("\"(execution|passes)\" *: *\"[a-z-]+\",?", "");
    }
}
