package aedyn.study;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

/**
 * SIGTERM to a running study (as YARN's kill of the application sends): one line naming the signal, the run and
 * its iteration, exit 143, every unfinished run marked "stopped" in its run.json, and --resume finishes with the
 * learning curves of an uninterrupted study (ResumeAfterKillTest does the same for SIGKILL).
 */
class SignalStopTest {
    private static final String STUDY = """
            study { name = signalled, seed = 21, grid { "data.noise-sigma" = [0.01, 0.05] } }
            data { model = mixture, n = 32, m = 4, samples = 2048 }
            model { activation = threshold, threshold = 0.5 }
            init { kind = perturb, delta = 0.4 }
            bias { init = 0, schedule = constant }
            train { iterations = 60, checkpoint-every = 2, checkpoint-interval = 0 }
            study.cohorts = false
            study.lease.renew-every = 250ms
            """;

    @Test
    void sigtermIsOneLineRunsStoppedAndResumeFinishesTheSame(@TempDir Path dir) throws Exception {
        Path reference = StudyTestSupport.runStudy(dir.resolve("reference"), STUDY);
        Path conf = Files.writeString(dir.resolve("s.conf"), STUDY);
        Path out = dir.resolve("out");
        Path log = dir.resolve("first.log");
        Process first = ResumeAfterKillTest.child(List.of(conf.toString(), "--out", out.toString()), log);
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(90);
        while (!hasCheckpoint(out)) {
            if (!first.isAlive()) fail("the study ended before the signal:\n" + Files.readString(log));
            if (System.nanoTime() > deadline) fail("no checkpoint within 90 s:\n" + Files.readString(log));
            Thread.sleep(10);
        }
        first.destroy();   // SIGTERM on Linux
        if (!first.waitFor(60, TimeUnit.SECONDS)) {
            first.destroyForcibly();
            fail("SIGTERM did not end the study within 60 s");
        }
        String err = Files.readString(log);
        assertEquals(143, first.exitValue(), err);
        List<String> stops = err.lines().filter(l -> l.startsWith("aedyn: stopped by SIGTERM")).toList();
        assertEquals(1, stops.size(), err);
        assertTrue(stops.get(0).matches("aedyn: stopped by SIGTERM at iteration \\d+ of run data\\.noise-sigma=0\\.0[15];"
                + " --resume continues from the checkpoints.*"), stops.get(0));
        assertFalse(err.contains("\tat ") || err.contains("internal error") || err.contains("file system failure"), err);
        assertFalse(Files.exists(out.resolve("_SUCCESS")));
        int stopped = 0;
        for (String run : StudiesTest.runNames(reference)) {
            Path runDir = out.resolve("runs/" + run);
            if (Files.exists(runDir.resolve("_SUCCESS"))) continue;
            String info = Files.readString(runDir.resolve("run.json"));
            assertTrue(info.contains("\"status\": \"stopped\"") && info.contains("stopped by SIGTERM"), info);
            stopped++;
        }
        assertTrue(stopped >= 1, "the signalled run is unfinished");

        Process second = ResumeAfterKillTest.child(List.of(conf.toString(), "--out", out.toString(), "--resume"),
                dir.resolve("second.log"));
        if (!second.waitFor(120, TimeUnit.SECONDS)) {
            second.destroyForcibly();
            fail("the resumed study did not end within 120 s");
        }
        assertEquals(0, second.exitValue(), Files.readString(dir.resolve("second.log")));
        for (String run : StudiesTest.runNames(reference)) {
            StudiesTest.assertSameMetrics(reference.resolve("runs/" + run + "/metrics.csv"),
                    out.resolve("runs/" + run + "/metrics.csv"), run);
            assertTrue(java.util.Arrays.equals(Files.readAllBytes(reference.resolve("runs/" + run + "/W.npy")),
                    Files.readAllBytes(out.resolve("runs/" + run + "/W.npy"))), run + " W.npy");
        }
    }

    private static boolean hasCheckpoint(Path out) throws java.io.IOException {
        if (!Files.isDirectory(out.resolve("runs"))) return false;
        try (var runs = Files.list(out.resolve("runs"))) {
            return runs.anyMatch(r -> Files.exists(r.resolve("checkpoint/state.json")));
        }
    }
}
