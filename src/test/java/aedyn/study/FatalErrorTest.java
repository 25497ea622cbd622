package aedyn.study;

import aedyn.cli.Main;
import aedyn.report.Json;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

/**
 * A study whose model cannot fit the heap (the memory check turned off) runs in a child JVM: it must end within
 * seconds of the error with one line, a non-zero exit code, the run marked failed and no _SUCCESS, and --resume on
 * a large enough heap must then finish it.
 */
class FatalErrorTest {
    private static final String STUDY = """
            study { name = oom, memory-check = false }
            data { model = gaussian, n = 512, samples = 512 }
            model { architecture = untied, scale = ntk, width = 16000 }
            init { kind = gaussian }
            train { optimizer = gd, learning-rate = 0.01, iterations = 1 }
            bias { init = 0, schedule = constant }
            """;
    /** Seconds from the error's line to the end of the JVM, at most. */
    private static final long END_SECONDS = 15;

    @Test
    void outOfMemoryEndsTheJobMarksTheRunFailedAndResumeFinishesIt(@TempDir Path dir) throws Exception {
        Path conf = dir.resolve("oom.conf");
        Files.writeString(conf, STUDY);
        Path out = dir.resolve("out");
        Path log = dir.resolve("first.log");
        Process first = ResumeAfterKillTest.child(List.of(conf.toString(), "--out", out.toString()), log, List.of("-Xmx600m"));
        long start = System.nanoTime();
        long seen = 0;
        while (first.isAlive()) {
            if (seen == 0 && failureLine(Files.readString(log)) != null) seen = System.nanoTime();
            if (System.nanoTime() - start > TimeUnit.SECONDS.toNanos(180)) {
                first.destroyForcibly();
                fail("the job did not end within 180 s:\n" + Files.readString(log));
            }
            Thread.sleep(20);
        }
        long ended = System.nanoTime();
        String text = Files.readString(log);
        String line = failureLine(text);
        assertTrue(line != null, "one line saying why:\n" + text);
        assertEquals(1, text.lines().filter(l -> l.startsWith("aedyn: fatal error") || l.startsWith("aedyn: the JVM is shutting down")).count(), text);
        assertFalse(text.contains("Exception in thread"), "no stack trace of an uncaught error:\n" + text);
        assertFalse(text.lines().anyMatch(l -> l.startsWith("\tat ")), "Spark's report of the error stays off the terminal:\n" + text);
        assertNotEquals(0, first.exitValue(), text);
        double seconds = ((ended - (seen == 0 ? ended : seen)) / 1e9);
        System.out.printf("fatal error: exit code %d, %.2f s from the error's line to the end of the JVM (%s)%n",
                first.exitValue(), seconds, line);
        assertTrue(seconds < END_SECONDS, seconds + " s");

        Path run = out.resolve("runs/run");
        Map<String, Object> info = Json.parseObject(Files.readString(run.resolve("run.json")));
        assertEquals("failed", info.get("status"), text);
        assertTrue(info.get("reason").toString().contains("Error") || info.get("reason").toString().contains("stopped"), info.toString());
        assertFalse(Files.exists(run.resolve("_SUCCESS")));
        assertFalse(Files.exists(out.resolve("_SUCCESS")));

        Process second = ResumeAfterKillTest.child(List.of(conf.toString(), "--out", out.toString(), "--resume"),
                dir.resolve("second.log"), List.of("-Xmx2g"));
        if (!second.waitFor(180, TimeUnit.SECONDS)) {
            second.destroyForcibly();
            fail("the resumed study did not end within 180 s");
        }
        assertEquals(Main.OK, second.exitValue(), Files.readString(dir.resolve("second.log")));
        assertEquals("finished", Json.parseObject(Files.readString(run.resolve("run.json"))).get("status"));
        assertTrue(Files.exists(run.resolve("_SUCCESS")));
        assertTrue(Files.exists(out.resolve("_SUCCESS")));
    }

    private static String failureLine(String log) {
        return log.lines().filter(l -> l.startsWith("aedyn: fatal error") || l.startsWith("aedyn: the JVM is shutting down"))
                .findFirst().orElse(null);
    }
}
