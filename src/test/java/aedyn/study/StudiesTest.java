package aedyn.study;

import aedyn.data.CodeModel;
import aedyn.data.GroundTruth;
import aedyn.data.SampleGenerator;
import aedyn.data.SampleSource;
import aedyn.model.Activation;
import aedyn.report.StudyResults;
import aedyn.train.BiasSchedule;
import aedyn.train.Checkpointer;
import aedyn.data.DistributedSamples;
import aedyn.init.Initializers;
import aedyn.init.Init;
import aedyn.train.IterationListener;
import aedyn.train.LearningCurveRow;
import aedyn.model.ModelFamily;
import aedyn.model.ModelSpec;
import aedyn.model.Parameters;
import aedyn.train.Optimizer;
import aedyn.train.Trainer;
import aedyn.train.TrainingProblem;
import aedyn.train.TrainingState;
import org.apache.hadoop.conf.Configuration;
import org.apache.spark.api.java.JavaSparkContext;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Studies in local[2]: concurrent runs, trials and aggregate.csv, divergence, and resuming the training loop. */
class StudiesTest {
    private static final String SWEEP = """
            study { name = sweep, seed = 11, trials = 2, grid { "data.noise-sigma" = [0.01, 0.03], "data.fresh" = [false, true] } }
            data { model = mixture, n = 32, m = 4, samples = 2048 }
            model { activation = threshold, threshold = 0.5 }
            init { kind = perturb, delta = 0.3 }
            bias { init = 0, schedule = constant }
            train { iterations = 5, learning-rate = "m/2", checkpoint-every = 2, checkpoint-interval = 0 }
            """;

    @Test
    void concurrentRunsGiveTheResultsOfSequentialOnes(@TempDir Path dir) throws IOException {
        Path one = StudyTestSupport.runStudy(dir.resolve("one"), SWEEP);
        Path three = StudyTestSupport.runStudy(dir.resolve("three"), SWEEP, "study.parallel-runs=3");
        List<String> runs = runNames(one);
        assertEquals(8, runs.size(), "2 x 2 grid points x 2 trials");
        assertEquals(runs, runNames(three), "summary.csv keeps the plan's order");
        for (String run : runs) {
            assertSameMetrics(one.resolve("runs/" + run + "/metrics.csv"), three.resolve("runs/" + run + "/metrics.csv"), run);
            assertFalse(Files.exists(three.resolve("runs/" + run + "/checkpoint")), "a finished run keeps no checkpoint");
        }
        // aggregate.csv: one row per grid point, as the report package reads it
        StudyResults r = StudyResults.read(three.toString(), new Configuration());
        assertTrue(r.aggregate().isPresent());
        var agg = r.aggregate().get();
        assertEquals(4, agg.size());
        assertEquals(List.of("data.fresh", "data.noise-sigma", "loss_mean", "loss_sd", "loss_ci95_low", "loss_ci95_high"),
                agg.header().subList(0, 6));
        assertEquals("runs", agg.header().get(agg.header().size() - 1));
        Map<String, List<Double>> summary = StudyTestSupport.columns(three.resolve("summary.csv"));
        double mean = (summary.get("fro_error").get(0) + summary.get("fro_error").get(1)) / 2;
        assertEquals(mean, agg.doubles("fro_error_mean")[0], 1e-15 * mean);
        assertTrue(agg.doubles("fro_error_ci95_low")[0] < mean && mean < agg.doubles("fro_error_ci95_high")[0]);
    }

    @Test
    void aLossThatBlowsUpEndsTheRunAsDivergedBeforeItsNumbersMeanNothing(@TempDir Path dir) throws IOException {
        // gd far beyond its stable step: the loss grows geometrically but stays finite for a long while
        List<String> failed = StudyTestSupport.runStudyAllowingFailures(dir, """
                study { name = blow-up, grid { "train.learning-rate" = [0.01, 300] } }
                data { model = gaussian, n = 8, samples = 256, normalize-samples = true }
                model { architecture = untied, scale = ntk, width = 16 }
                init.kind = gaussian
                train { optimizer = gd, iterations = 200 }
                bias { init = 0, schedule = constant }
                """);
        assertEquals(List.of("train.learning-rate=300"), failed);
        Path run = dir.resolve("out/runs/train.learning-rate=300");
        String json = Files.readString(run.resolve("run.json"));
        assertTrue(json.contains("times its initial value"), json);
        List<Double> loss = StudyTestSupport.columns(run.resolve("metrics.csv")).get("loss");
        assertTrue(loss.get(loss.size() - 1) > 1e12 * loss.get(0), "the last row is the one that blew up: " + loss);
        assertTrue(loss.get(loss.size() - 2) <= 1e12 * loss.get(0));
    }

    @Test
    void aDivergedRunIsReportedAndTheStudyGoesOn(@TempDir Path dir) throws IOException {
        Files.createDirectories(dir);
        Path file = dir.resolve("study.conf");
        // zeta = 1e308 overflows the column norms of W - zeta g at once
        Files.writeString(file, SWEEP.replace("trials = 2, grid { \"data.noise-sigma\" = [0.01, 0.03], \"data.fresh\" = [false, true] }",
                "grid { \"train.learning-rate\" = [2, 1e308] }"));
        StudyPlan plan = StudyPlan.load(file.toString(), List.of(), dir.resolve("out").toString(), new Configuration());
        List<String> failed = new StudyRunner(plan, SparkTestContext.get()).run();
        assertEquals(List.of("train.learning-rate=1.0E308"), failed);
        Path out = dir.resolve("out");
        String json = Files.readString(out.resolve("runs/train.learning-rate=1.0E308/run.json"));
        assertTrue(json.contains("\"status\": \"diverged\""), json);
        assertTrue(json.contains("\"failed_at_iteration\": 0"), json);
        assertTrue(json.contains("\"reason\": \"column 0 of W has zero or non-finite norm after the update\""), json);
        // Row 0, measured before the update that diverged, is kept in the run's learning curve.
        List<String> curve = Files.readAllLines(out.resolve("runs/train.learning-rate=1.0E308/metrics.csv"));
        assertEquals(2, curve.size(), curve.toString());
        assertTrue(curve.get(1).startsWith("0,"), curve.get(1));
        List<String> lines = Files.readAllLines(out.resolve("summary.csv"));
        assertTrue(lines.get(1).startsWith("train.learning-rate=2,finished,"), lines.get(1));
        assertTrue(lines.get(2).startsWith("train.learning-rate=1.0E308,diverged,"), lines.get(2));
        assertTrue(Files.exists(out.resolve("_SUCCESS")), "the study itself finished");
    }

    /**
     * The training loop resumed from any checkpointed state computes the rows an uninterrupted run does, bit for bit
     * (two partitions: the sum of two partial gradients does not depend on which task finishes first).
     */
    @ParameterizedTest
    @ValueSource(booleans = {false, true})
    void trainingResumedFromACheckpointContinuesExactly(boolean fresh) {
        JavaSparkContext sc = SparkTestContext.get();
        int n = 24;
        int m = 4;
        GroundTruth truth = GroundTruth.draw(n, m, 3);
        SampleGenerator g = new SampleGenerator(CodeModel.Mixture.uniform(m), truth.a(), n, 0.02, 5);
        SampleSource source = fresh ? SampleSource.fresh(g, 1024) : SampleSource.generated(g, 1024);
        try (DistributedSamples samples = new DistributedSamples(sc, source, 2, true)) {
            double[] w0 = Initializers.initialW(new Init.Perturb(0.4), samples, truth, n, m, 7);
            double[] b0 = {-0.2, -0.2, -0.2, -0.2};
            TrainingProblem p = new TrainingProblem("resume", new TrainingProblem.Descent(
                    ModelFamily.of(ModelSpec.tied(new Activation.Relu(), n, m)), Parameters.tied(n, m, w0, b0),
                    new Optimizer.Normalized(2), new BiasSchedule.Geometric(2), 0), TrainingProblem.Feed.fullBatch(7, 2),
                    TrainingProblem.Measures.against(truth).withPopulationGradient(new double[] {0.25, 0.25, 0.25, 0.25}));
            List<TrainingState> saved = new ArrayList<>();
            Checkpointer every3 = new Checkpointer() {
                @Override
                public int every() {
                    return 3;
                }

                @Override
                public void save(TrainingState state) {
                    saved.add(state);
                }
            };
            Trainer.Result whole = Trainer.train(samples, p, TrainingState.initial(p.initial()), IterationListener.NONE, every3);
            assertEquals(List.of(3, 6), saved.stream().map(TrainingState::iteration).toList());
            for (TrainingState state : saved) {
                Trainer.Result resumed = Trainer.train(samples, p, state, IterationListener.NONE, Checkpointer.NONE);
                assertEquals(whole.rows().size(), resumed.rows().size());
                for (int s = 0; s < whole.rows().size(); s++) {
                    assertEquals(withoutSeconds(whole.rows().get(s)), withoutSeconds(resumed.rows().get(s)),
                            "row " + s + " resumed at " + state.iteration());
                }
                assertTrue(java.util.Arrays.equals(whole.theta().v(), resumed.theta().v()));
            }
            assertTrue(whole.rows().get(0).get("population_gradient_error") > 0, "the population metric is measured");
        }
    }

    private static LearningCurveRow withoutSeconds(LearningCurveRow r) {
        return r.with("seconds", 0);
    }

    static List<String> runNames(Path study) throws IOException {
        List<String> lines = Files.readAllLines(study.resolve("summary.csv"));
        return lines.subList(1, lines.size()).stream().map(l -> l.split(",")[0]).toList();
    }

    /** Every column but the timing agrees to 1e-12 relative at every row. */
    static void assertSameMetrics(Path expected, Path actual, String what) throws IOException {
        Map<String, List<Double>> a = StudyTestSupport.columns(expected);
        Map<String, List<Double>> b = StudyTestSupport.columns(actual);
        assertEquals(a.keySet(), b.keySet(), what);
        for (String column : a.keySet()) {
            if (column.equals("seconds")) continue;
            List<Double> x = a.get(column);
            List<Double> y = b.get(column);
            assertEquals(x.size(), y.size(), what + " " + column + " rows");
            for (int s = 0; s < x.size(); s++) {
                double u = x.get(s);
                double v = y.get(s);
                if (Double.isNaN(u)) {
                    assertTrue(Double.isNaN(v), what + " " + column + " row " + s);
                } else {
                    assertEquals(u, v, 1e-12 * Math.abs(u), what + " " + column + " row " + s);
                }
            }
        }
    }
}
