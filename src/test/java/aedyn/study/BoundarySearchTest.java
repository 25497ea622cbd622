package aedyn.study;

import aedyn.report.Csv;
import org.apache.hadoop.conf.Configuration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A boundary search end to end, on a boundary known by exhaustive computation: how many iterations a run needs to
 * bring its loss to 30 % of its initial loss. A probe of train.iterations = x shares the seeds of its outer point,
 * so it is the first x iterations of one long run, whose curve gives the boundary s* directly (the first s with
 * loss_s <= 0.3 loss_0). With one trial per probe the outcome is a step, and the search must end on the bracket
 * [s* - 1, s*]. Then the search is cut short as a killed study is (its study files and its last rounds' runs gone,
 * one run unfinished) and --resume must find the same probes and boundary from the runs that remain.
 */
class BoundarySearchTest {
    private static final String STUDY = """
            study { name = iterations, seed = 5 }
            data { model = mixture, n = 32, m = 4, samples = 2048, noise-sigma = 0.05 }
            model { activation = relu }
            init { kind = perturb, delta = 0.8 }
            bias { init = -0.1, schedule = constant }
            train { iterations = 40, learning-rate = 0.5 }
            """;
    private static final String SEARCH = STUDY + """
            study.outcome = "loss <= 0.3 * loss_0"
            study.search { key = "train.iterations", from = 1, to = 40, scale = linear, direction = increasing, resolution = 1, trials = 1 }
            """;

    @Test
    void theSearchFindsTheExhaustiveBoundaryAndResumesToIt(@TempDir Path dir) throws Exception {
        Path longRun = StudyTestSupport.runStudy(dir.resolve("long"), STUDY);
        List<Double> loss = StudyTestSupport.columns(longRun.resolve("runs/run/metrics.csv")).get("loss");
        int boundary = 0;
        while (loss.get(boundary) > 0.3 * loss.get(0)) boundary++;
        assertTrue(boundary > 2 && boundary < 39, "a boundary inside the searched range: " + boundary);

        Path out = StudyTestSupport.runStudy(dir.resolve("search"), SEARCH);
        Csv found = Csv.parse(Files.readString(out.resolve("boundary.csv")));
        assertEquals(1, found.size());
        assertEquals("bracket", found.cell(0, "interval"), "one trial per probe: a step, no maximum likelihood");
        assertEquals("none", found.cell(0, "censored"));
        assertEquals(boundary - 1, Double.parseDouble(found.cell(0, "boundary_low")), 0.0);
        assertEquals(boundary, Double.parseDouble(found.cell(0, "boundary_high")), 0.0);

        Csv probes = Csv.parse(Files.readString(out.resolve("probes.csv")));
        int bisections = (int) Math.ceil(Math.log(39) / Math.log(2));
        assertTrue(probes.size() <= 2 + bisections, probes.size() + " probes against a grid of 40");
        for (int r = 0; r < probes.size(); r++) {
            int value = Integer.parseInt(probes.cell(r, "value"));
            assertEquals(value >= boundary ? "1" : "0", probes.cell(r, "successes"), "probe at " + value);
            // a probe is the long run's first iterations: the same loss at its end, to the bit
            Path run = out.resolve("runs/train.iterations=" + value);
            List<Double> probeLoss = StudyTestSupport.columns(run.resolve("metrics.csv")).get("loss");
            assertEquals(loss.get(value), probeLoss.get(probeLoss.size() - 1), 0.0, "probe at " + value);
            assertTrue(Files.readString(run.resolve("run.json")).contains("\"outcome\":\"" + (value >= boundary ? "success" : "failure")
                    + "\"") || Files.readString(run.resolve("run.json")).contains("\"outcome\": \"" + (value >= boundary ? "success" : "failure") + "\""),
                    Files.readString(run.resolve("run.json")));
        }
        Csv summary = Csv.parse(Files.readString(out.resolve("summary.csv")));
        assertEquals(probes.size(), summary.size());
        assertTrue(summary.header().containsAll(List.of("outcome", "train.iterations")), summary.header().toString());
        Csv law = Csv.parse(Files.readString(out.resolve("analysis.csv")));
        assertEquals("train.iterations", law.cell(0, "searched_key"));

        // Cut short: the study's own files and the last two rounds' runs gone, the run before them unfinished.
        Path cut = dir.resolve("cut");
        copy(out, cut);
        for (String f : List.of("_SUCCESS", "summary.csv", "probes.csv", "boundary.csv", "analysis.csv", "report.html")) {
            Files.deleteIfExists(cut.resolve(f));
        }
        List<Path> byAge = new ArrayList<>();
        try (Stream<Path> runs = Files.list(cut.resolve("runs"))) {
            runs.forEach(byAge::add);
        }
        byAge.sort(Comparator.comparing(p -> p.resolve("_SUCCESS").toFile().lastModified()));
        delete(byAge.get(byAge.size() - 1));
        delete(byAge.get(byAge.size() - 2));
        Files.delete(byAge.get(byAge.size() - 3).resolve("_SUCCESS"));
        StudyPlan resumed = StudyPlan.load(dir.resolve("search/study.conf").toString(), List.of(), cut.toString(),
                new Configuration(), true);
        assertEquals(List.of(), new StudyRunner(resumed, SparkTestContext.get()).run());
        assertEquals(Files.readString(out.resolve("probes.csv")), Files.readString(cut.resolve("probes.csv")));
        assertEquals(Files.readString(out.resolve("boundary.csv")), Files.readString(cut.resolve("boundary.csv")));
        assertTrue(Files.exists(cut.resolve("_SUCCESS")));
        try (Stream<Path> runs = Files.list(out.resolve("runs"))) {
            for (Path run : runs.toList()) {
                assertEquals(StudyTestSupport.columns(run.resolve("metrics.csv")).get("loss"),
                        StudyTestSupport.columns(cut.resolve("runs").resolve(run.getFileName()).resolve("metrics.csv")).get("loss"), run.toString());
            }
        }
        assertFalse(Files.exists(cut.resolve("runs").resolve(byAge.get(0).getFileName()).resolve("checkpoint")));
    }

    private static void copy(Path from, Path to) throws IOException {
        try (Stream<Path> all = Files.walk(from)) {
            for (Path p : all.toList()) {
                Path target = to.resolve(from.relativize(p).toString());
                if (Files.isDirectory(p)) Files.createDirectories(target);
                else Files.copy(p, target);
            }
        }
    }

    private static void delete(Path dir) throws IOException {
        try (Stream<Path> all = Files.walk(dir)) {
            for (Path p : all.sorted(Comparator.reverseOrder()).toList()) Files.delete(p);
        }
    }
}
