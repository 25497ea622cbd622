package aedyn.study;

import aedyn.cli.Main;
import aedyn.config.ConfigException;
import aedyn.config.ConfigProblem;
import aedyn.config.Paper;
import aedyn.data.Npy;
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
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Reading, checking and expanding studies, all without Spark. */
class StudyPlanTest {

    private static StudyPlan load(Path dir, String conf, String... sets) throws IOException {
        Path file = dir.resolve("s.conf");
        Files.writeString(file, conf);
        return StudyPlan.load(file.toString(), List.of(sets), dir.resolve("out").toString(), new Configuration());
    }

    private static Map<String, ConfigProblem> problems(Path dir, String conf, String... sets) {
        ConfigException e = assertThrows(ConfigException.class, () -> load(dir, conf, sets));
        return e.problems().stream().collect(Collectors.toMap(ConfigProblem::key, p -> p, (a, b) -> a));
    }

    @Test
    void paperStudiesExpandIntoTheirGrids(@TempDir Path dir) throws IOException {
        StudyPlan figure2 = StudyPlan.load("conf/paper/figure2.conf", List.of(), dir.resolve("f2").toString(), new Configuration());
        assertEquals(9, figure2.runs().size());
        assertEquals("figure2", figure2.name());
        assertEquals(List.of("data.noise-sigma", "init.kind"), figure2.gridKeys());
        var first = figure2.runs().get(0).settings();
        assertEquals(784, first.data().n());
        assertEquals(10.0, first.training().learningRate());   // zeta = m
        assertEquals(-1.25, first.start().bias0());         // -2.5 delta with delta = 0.5
        assertEquals(50, first.training().iterations());
        StudyPlan figure3 = StudyPlan.load("conf/paper/figure3.conf", List.of(), dir.resolve("f3").toString(), new Configuration());
        assertEquals(3, figure3.runs().size());
        assertEquals(0.01, figure3.runs().get(0).settings().data().noiseSigma());
    }

    @Test
    void runsThatShareDataSettingsShareTheirDataSeed(@TempDir Path dir) throws IOException {
        StudyPlan plan = load(dir, "study.grid { \"data.noise-sigma\" = [0.01, 0.02], \"init.kind\" = [perturb, random] }");
        List<RunSpec> runs = plan.runs();
        assertEquals(4, runs.size());
        assertEquals(runs.get(0).dataSeed(), runs.get(1).dataSeed()); // same sigma, other init
        assertNotEquals(runs.get(0).initSeed(), runs.get(1).initSeed());
        assertNotEquals(runs.get(0).dataSeed(), runs.get(2).dataSeed());
        // Adding a grid value leaves the existing runs' seeds alone.
        StudyPlan wider = load(dir, "study.grid { \"data.noise-sigma\" = [0.01, 0.02, 0.03], \"init.kind\" = [perturb, random] }");
        assertEquals(runs.get(3).dataSeed(), wider.runs().get(3).dataSeed());
        assertEquals(runs.get(3).initSeed(), wider.runs().get(3).initSeed());
        assertEquals(runs.get(3).name(), wider.runs().get(3).name());
    }

    @Test
    void theDefaultBiasIsZeroForThresholdAndMinusTwoAndAHalfDeltaForRelu(@TempDir Path dir) throws IOException {
        assertEquals(0.0, load(dir, "model.activation = threshold").runs().get(0).settings().start().bias0());
        assertEquals(-2.5 * 0.4, load(dir, "model.activation = relu, init.delta = 0.4").runs().get(0).settings().start().bias0());
        assertEquals(-1 / Math.log(100), load(dir, "data.n = 100, bias.init = \"-1/log(n)\"").runs().get(0).settings().start().bias0(), 1e-15);
    }

    @Test
    void everyProblemIsReportedAtOnceWithKeyValueAndWhatIsAllowed(@TempDir Path dir) {
        Map<String, ConfigProblem> p = problems(dir, """
                data { model = laplace, n = -3, samples = lots, noise-sigmaa = 0.1 }
                model.activation = swish
                train { learning-rate = "m/q", iterations = 10 }
                bias { schedule = geometric, factor = 1 }
                """);
        assertEquals("\"laplace\"", p.get("data.model").value());
        assertTrue(p.get("data.model").allowed().contains("mixture, sparse, nonneg-sparse, file"));
        assertEquals("-3", p.get("data.n").value());
        assertTrue(p.get("data.n").allowed().contains("an integer from 1"));
        assertTrue(p.get("data.samples").value().contains("lots"));
        assertTrue(p.get("data.noise-sigmaa").allowed().contains("did you mean data.noise-sigma?"));
        assertTrue(p.get("model.activation").allowed().contains("relu, threshold, softplus, tanh, sigmoid, linear"));
        assertTrue(p.get("train.learning-rate").allowed().contains("unknown variable 'q'"));
        assertTrue(p.get("bias.factor").allowed().contains("> 1"));
        assertEquals(7, p.size(), p.toString());
    }

    @Test
    void gridKeysAreCheckedLikeAnyOther(@TempDir Path dir) {
        Map<String, ConfigProblem> p = problems(dir, "study.grid { \"init.knd\" = [pca], \"data.n\" = 5, \"train.iterations\" = [3, -1] }");
        assertTrue(p.get("study.grid \"init.knd\"").allowed().contains("did you mean init.kind?"));
        assertTrue(p.get("study.grid \"data.n\"").allowed().contains("a non-empty list"));
        ConfigProblem iterations = p.get("train.iterations");
        assertEquals("-1", iterations.value());
        assertTrue(iterations.allowed().contains("[run train.iterations=-1]"), iterations.allowed());
    }

    @Test
    void overridesFromTheCommandLineAreValidatedToo(@TempDir Path dir) throws IOException {
        assertEquals(20, load(dir, "", "train.iterations=20").runs().get(0).settings().training().iterations());
        Map<String, ConfigProblem> p = problems(dir, "", "train.iteratons=20", "nonsense");
        assertTrue(p.get("train.iteratons").allowed().contains("did you mean train.iterations?"));
        assertTrue(p.containsKey("--set"));
    }

    @Test
    void inputFilesAreCheckedForShapeAndLength(@TempDir Path dir) throws IOException {
        Path y = dir.resolve("Y.npy");
        try (OutputStream out = Files.newOutputStream(y)) {
            Npy.writeMatrix(out, 100, 20, new double[2000]);
        }
        Path a = dir.resolve("A.npy");
        try (OutputStream out = Files.newOutputStream(a)) {
            Npy.writeMatrix(out, 21, 5, new double[105]);
        }
        String conf = "data { model = file, m = 5, path = \"" + y + "\", ground-truth = \"" + a + "\" }\ninit.kind = random\n";
        ConfigProblem shape = problems(dir, conf).get("data.ground-truth");
        assertTrue(shape.allowed().contains("expected shape (20, 5), found (21, 5)"), shape.allowed());

        byte[] whole = Files.readAllBytes(y);
        Files.write(y, java.util.Arrays.copyOf(whole, whole.length - 80));
        ConfigProblem truncated = problems(dir, conf).get("data.path");
        assertEquals(y.toString(), truncated.value());
        assertTrue(truncated.allowed().contains("ends after 15920 of 16000 data bytes"), truncated.allowed());

        ConfigProblem missing = problems(dir, "data { model = file, path = \"" + dir.resolve("nope.npy") + "\" }\ninit.kind = random").get("data.path");
        assertTrue(missing.allowed().contains("nope.npy"), missing.allowed());
    }

    @Test
    void aStudyNeverWritesOverAnother(@TempDir Path dir) throws IOException {
        Files.createDirectories(dir.resolve("out/runs"));
        ConfigProblem p = problems(dir, "").get("study.output");
        assertTrue(p.allowed().contains("does not exist yet or is empty"), p.allowed());
    }

    @Test
    void badConfigurationExitsWithCodeTwoBeforeSparkStarts(@TempDir Path dir) throws IOException {
        Path file = dir.resolve("bad.conf");
        Files.writeString(file, "data.model = gaussian");
        assertEquals(Main.BAD_INPUT, Main.run(new String[]{file.toString(), "--out", dir.resolve("o").toString()}));
        assertEquals(Main.BAD_INPUT, Main.run(new String[]{dir.resolve("missing.conf").toString()}));
        assertEquals(Main.BAD_INPUT, Main.run(new String[]{"--bogus"}));
        assertTrue(Files.notExists(dir.resolve("o")), "nothing is written for a rejected study");
    }

    @Test
    void studyKeysOfSweepsCheckpointsAndAnalysesAreValidatedToo(@TempDir Path dir) {
        Map<String, ConfigProblem> p = problems(dir, """
                study { parallel-runs = 0, trials = 0, analysis = slopes, paralel-runs = 2, cohorts = sometimes }
                train.checkpoint-every = -1
                train.checkpoint-evry = 5
                train.checkpoint-interval = -5s
                data.model = sparse
                data.k = 2
                metrics.population-gradient = true
                """);
        assertEquals("0", p.get("study.parallel-runs").value());
        assertTrue(p.get("study.parallel-runs").allowed().contains("from 1 to 256"));
        assertTrue(p.get("study.trials").allowed().contains("from 1 to 100000"));
        assertEquals("\"sometimes\"", p.get("study.cohorts").value());
        assertEquals("true or false", p.get("study.cohorts").allowed());
        assertTrue(p.get("study.analysis").allowed().contains("none, sample-size, contraction, population"));
        assertTrue(p.get("study.paralel-runs").allowed().contains("did you mean study.parallel-runs?"));
        assertTrue(p.get("train.checkpoint-evry").allowed().contains("did you mean train.checkpoint-every?"));
        assertEquals("-1", p.get("train.checkpoint-every").value());
        assertTrue(p.get("train.checkpoint-interval").value().contains("-5s"), p.get("train.checkpoint-interval").value());
        assertTrue(p.get("train.checkpoint-interval").allowed().contains("a duration of at least 0"));
        assertTrue(p.get("metrics.population-gradient").allowed().contains("data.model = mixture"));
        assertEquals(9, p.size(), p.toString());

        ConfigProblem analysis = problems(dir, "study.analysis = sample-size").get("study.analysis");
        assertTrue(analysis.allowed().contains("sweeps \"data.samples\""), analysis.allowed());
    }

    @Test
    void studyPaperIsOneOfThePapersOrNone(@TempDir Path dir) throws IOException {
        ConfigProblem paper = problems(dir, "study.paper = paper1").get("study.paper");
        assertEquals("study.paper = \"paper1\": one of none, dynamics-2019, ntk-joint-training, mean-field-tied",
                paper.toString());
        for (String conf : List.of("conf/paper/figure2.conf", "conf/companions/ntk-width.conf",
                "conf/companions/mean-field-spiked.conf")) {
            StudyPlan plan = StudyPlan.load(conf, List.of(), dir.resolve(conf.replace('/', '_')).toString(),
                    new Configuration());
            assertTrue(Paper.names().contains(plan.config().getString("study.paper")), conf);
        }
        assertEquals("none", load(dir, "").config().getString("study.paper"));
    }

    @Test
    void theShippedAsymptoticStudiesAreValid(@TempDir Path dir) throws IOException {
        for (String name : List.of("sample-size", "contraction", "population")) {
            StudyPlan plan = StudyPlan.load("conf/asymptotic/" + name + ".conf", List.of(), dir.resolve(name).toString(),
                    new Configuration());
            assertEquals(Analysis.named(name), plan.analysis());
            assertTrue(plan.runs().size() >= 2, name);
        }
    }

    @Test
    void resumeAcceptsOnlyTheStudyItsDirectoryHolds(@TempDir Path dir) throws IOException {
        String conf = "study.grid { \"data.noise-sigma\" = [0.01, 0.02] }\ntrain.iterations = 7\n";
        StudyPlan plan = load(dir, conf);
        Path out = dir.resolve("out");
        Files.createDirectories(out.resolve("runs"));
        Files.writeString(out.resolve("study.conf"), plan.config().root().render(
                com.typesafe.config.ConfigRenderOptions.defaults().setOriginComments(false).setJson(false)));
        Path file = dir.resolve("s.conf");
        Configuration hadoop = new Configuration();
        // the same study, saved less often and with more runs at a time: fine
        StudyPlan resumed = StudyPlan.load(file.toString(), List.of("study.parallel-runs=2", "train.checkpoint-every=3"),
                out.toString(), hadoop, true);
        assertTrue(resumed.resume());
        assertEquals(2, resumed.runs().size());
        // another configuration: every difference is named, with both values
        ConfigException e = assertThrows(ConfigException.class, () -> StudyPlan.load(file.toString(),
                List.of("train.iterations=8", "data.n=100"), out.toString(), hadoop, true));
        Map<String, ConfigProblem> p = e.problems().stream().collect(Collectors.toMap(ConfigProblem::key, x -> x));
        assertEquals("8", p.get("train.iterations").value());
        assertTrue(p.get("train.iterations").allowed().contains("was started with, 7"), p.get("train.iterations").allowed());
        assertTrue(p.containsKey("data.n"));
        assertEquals(2, p.size(), p.toString());
        // without --resume the directory is refused as before; an empty one may be resumed (a fresh start)
        assertTrue(problems(dir, conf).get("study.output").allowed().contains("does not exist yet or is empty"));
        assertTrue(StudyPlan.load(file.toString(), List.of(), dir.resolve("new").toString(), hadoop, true).resume());
    }
}
