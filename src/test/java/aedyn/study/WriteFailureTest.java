package aedyn.study;

import aedyn.cli.Main;
import org.apache.hadoop.conf.Configuration;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

/**
 * Write failures lose nothing: on failfs:// (the local file system, failing a chosen write), a failed checkpoint or
 * result write stops the study with its reason, leaves no _SUCCESS where the work is not done and the last good
 * checkpoint loadable, and --resume finishes with metrics.csv bit-identical to an uninterrupted study's.
 */
class WriteFailureTest {
    private static final String STUDY = """
            study { name = writefail, seed = 9, grid { "data.noise-sigma" = [0.01, 0.05] } }
            data { model = mixture, n = 16, m = 4, samples = 1024 }
            model { activation = threshold, threshold = 0.5 }
            init { kind = perturb, delta = 0.4 }
            bias { init = 0, schedule = constant }
            train { iterations = 12, checkpoint-every = 2, checkpoint-interval = 0 }
            study.cohorts = false
            study.lease.renew-every = 200ms
            """;
    private static Configuration hadoop;

    @BeforeAll
    static void registerFailfs() {
        hadoop = new Configuration();
        for (Configuration c : List.of(hadoop, SparkTestContext.get().hadoopConfiguration())) {
            c.set("fs.failfs.impl", FailingFileSystem.class.getName());
        }
    }

    private static List<String> run(Path conf, String out, boolean resume) throws IOException {
        StudyPlan plan = StudyPlan.load(conf.toString(), List.of(), out, hadoop, resume);
        return new StudyRunner(plan, SparkTestContext.get()).run();
    }

    @Test
    void aFailedCheckpointOrResultWriteStopsTheStudyAndResumeFinishesItUnchanged(@TempDir Path dir) throws Exception {
        Path reference = StudyTestSupport.runStudy(dir.resolve("reference"), STUDY);
        Path conf = Files.writeString(dir.resolve("s.conf"), STUDY);
        // (name part, writes of it that succeed first, whether the study's runs all finished before it)
        record Case(String name, int after, boolean runsDone) {
        }
        for (Case c : List.of(new Case("state.json", 2, false), new Case("W-0", 1, false), new Case("metrics.csv", 0, false),
                new Case("_SUCCESS", 0, false), new Case("summary.csv", 0, true), new Case("curves.csv", 0, true))) {
            Path local = dir.resolve("failed-" + c.name());
            FailingFileSystem.failWrite(c.name(), c.after());
            Exception e = assertThrows(Exception.class, () -> run(conf, FailingFileSystem.uri(local), false), c.name());
            assertEquals(1, FailingFileSystem.failures(), c.name());
            assertTrue(e instanceof IOException || e instanceof UncheckedIOException, c.name() + ": " + e);
            assertTrue(messages(e).contains("No space left on device (injected failure writing"), messages(e));
            assertFalse(Files.exists(local.resolve("_SUCCESS")), c.name() + ": the study did not finish");
            assertEquals(List.of(), files(local, "._tmp."), c.name() + ": a failed write leaves no partial file");
            List<String> finished = files(local, "_SUCCESS");
            if (c.runsDone()) {
                assertEquals(2, finished.size(), c.name());
            } else {
                assertTrue(finished.size() < 2, c.name() + ": " + finished);
                // every unfinished run keeps a whole checkpoint to resume from
                for (String run : StudiesTest.runNames(reference)) {
                    Path runDir = local.resolve("runs/" + run);
                    if (Files.exists(runDir.resolve("_SUCCESS")) || !Files.exists(runDir)) continue;   // done, or not begun
                    // its run.json, when it could be written, says it stopped and why
                    String info = Files.readString(runDir.resolve("run.json"));
                    assertTrue(info.contains("\"status\": \"stopped\"") && info.contains("injected failure writing"), info);
                    // every case fails after the run's first checkpoint (iteration 2)
                    assertTrue(Files.exists(runDir.resolve("checkpoint/state.json")), c.name());
                    Checkpoints.Saved saved = Checkpoints.load(runDir.toUri().toString(), 16, 4, new Configuration());
                    assertNotNull(saved, c.name());
                    assertTrue(saved.state().iteration() >= 2 && saved.state().iteration() % 2 == 0, c.name());
                    assertEquals(saved.state().iteration(), saved.state().rows().size(), c.name());
                }
            }
            FailingFileSystem.failWrite(null, 0);
            assertEquals(List.of(), run(conf, FailingFileSystem.uri(local), true), c.name());
            assertTrue(Files.exists(local.resolve("_SUCCESS")), c.name());
            assertSameMetricsBits(reference, local, c.name());
        }
    }

    /** The command line: one line naming the file and the reason, exit 4, nothing marked done. */
    @Test
    void theCommandLineReportsAFailedWriteInOneLine(@TempDir Path dir) throws Exception {
        Path conf = Files.writeString(dir.resolve("s.conf"), STUDY);
        Path out = dir.resolve("out");
        List<String> args = new ArrayList<>(List.of(conf.toString(), "--out", FailingFileSystem.uri(out)));
        Path log = dir.resolve("child.log");
        Process child = ResumeAfterKillTest.child(args, log, List.of(
                "-Dspark.hadoop.fs.failfs.impl=" + FailingFileSystem.class.getName(),
                "-Dspark.hadoop.failfs.fail-writes-of=state.json", "-Dspark.hadoop.failfs.fail-after=1"));
        if (!child.waitFor(120, TimeUnit.SECONDS)) {
            child.destroyForcibly();
            fail("did not end within 120 s");
        }
        String err = Files.readString(log);
        assertEquals(Main.INTERNAL, child.exitValue(), err);
        List<String> ours = err.lines().filter(l -> l.startsWith("aedyn: file system failure")).toList();
        assertEquals(1, ours.size(), err);
        assertTrue(ours.get(0).contains("state.json") && ours.get(0).contains("No space left on device"), ours.get(0));
        assertFalse(err.contains("\tat ") || err.contains("internal error"), err);
        assertFalse(Files.exists(out.resolve("_SUCCESS")));
        assertFalse(Files.exists(out.resolve(StudyLease.FILE)), "the lease is released");
    }

    private static List<String> files(Path root, String namePart) throws IOException {
        try (Stream<Path> s = Files.walk(root)) {
            return s.filter(p -> p.getFileName().toString().contains(namePart)).map(Path::toString).toList();
        }
    }

    private static String messages(Throwable e) {
        StringBuilder out = new StringBuilder();
        for (Throwable c = e; c != null; c = c.getCause()) out.append(c.getMessage()).append(" | ");
        return out.toString();
    }

    /** Every run's metrics.csv equal to the reference's cell for cell, the wall-clock seconds aside. */
    static void assertSameMetricsBits(Path reference, Path actual, String what) throws IOException {
        for (String run : StudiesTest.runNames(reference)) {
            List<String> a = Files.readAllLines(reference.resolve("runs/" + run + "/metrics.csv"));
            List<String> b = Files.readAllLines(actual.resolve("runs/" + run + "/metrics.csv"));
            assertEquals(a.size(), b.size(), what + " " + run);
            int seconds = List.of(a.get(0).split(",")).indexOf("seconds");
            for (int r = 0; r < a.size(); r++) {
                String[] x = a.get(r).split(",", -1);
                String[] y = b.get(r).split(",", -1);
                if (seconds >= 0 && r > 0) {
                    x[seconds] = "";
                    y[seconds] = "";
                }
                assertEquals(List.of(x), List.of(y), what + " " + run + " row " + r);
            }
        }
    }
}
