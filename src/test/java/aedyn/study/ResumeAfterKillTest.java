package aedyn.study;

import aedyn.cli.Main;
import aedyn.cli.MainRun;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

/**
 * The real thing: the job runs in a child JVM, is killed with SIGKILL while a run is half done (after a checkpoint,
 * with an earlier run finished), and a second child resumes it with --resume, run-parallel (each cohort trained inside
 * a Spark task): its tasks find the finished run and the checkpoint as a retried task does.
 * Every run's learning curve must then equal that of an uninterrupted data-parallel study of the same configuration
 * (1e-12 relative, timing aside).
 */
class ResumeAfterKillTest {
    private static final String STUDY = """
            study { name = killed, seed = 21, grid { "data.fresh" = [false, true], "train.learning-rate" = [2, 1e308] } }
            data { model = mixture, n = 32, m = 4, samples = 2048, noise-sigma = 0.05 }
            model { activation = threshold, threshold = 0.5 }
            init { kind = perturb, delta = 0.4 }
            bias { init = 0, schedule = constant }
            train { iterations = 240, checkpoint-every = 2, checkpoint-interval = 0 }
            study.lease.renew-every = 250ms
            """;
    private static final String FIRST = "data.fresh=false_train.learning-rate=2";
    private static final String KILLED = "data.fresh=true_train.learning-rate=2";

    @Test
    void aStudyKilledMidRunResumesToTheUninterruptedResult(@TempDir Path dir) throws Exception {
        assertEquals(2, StudyTestSupport.runStudyAllowingFailures(dir.resolve("reference"), STUDY).size());
        Path reference = dir.resolve("reference/out");

        Path conf = dir.resolve("killed.conf");
        Files.writeString(conf, STUDY);
        Path out = dir.resolve("out");
        Process first = child(List.of(conf.toString(), "--out", out.toString()), dir.resolve("first.log"));
        try {
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(90);
            while (!(Files.exists(out.resolve("runs/" + FIRST + "/_SUCCESS"))
                    && Files.exists(out.resolve("runs/" + KILLED + "/checkpoint/state.json")))) {
                if (!first.isAlive()) fail("the study ended before it could be killed:\n" + Files.readString(dir.resolve("first.log")));
                if (System.nanoTime() > deadline) fail("no checkpoint within 90 s:\n" + Files.readString(dir.resolve("first.log")));
                Thread.sleep(10);
            }
            // While it runs, a second start on its directory refuses, naming it: with --resume and without.
            for (List<String> again : List.of(List.of("--resume"), List.<String>of())) {
                List<String> args = new ArrayList<>(List.of(conf.toString(), "--out", out.toString()));
                args.addAll(again);
                MainRun second = MainRun.of(args.toArray(String[]::new));
                assertEquals(Main.BAD_INPUT, second.code(), second.stderr());
                String refusal = second.lines().get(second.lines().size() - 1);
                assertTrue(refusal.startsWith("aedyn: invalid configuration ") && refusal.contains("study.output = " + out)
                        && refusal.contains("pid " + first.pid()), second.stderr());
                assertFalse(second.stderr().contains("\tat "), second.stderr());
            }
        } finally {
            first.destroyForcibly();   // SIGKILL on Linux: no shutdown hooks, no cleanup
            first.waitFor(30, TimeUnit.SECONDS);
        }
        assertEquals(137, first.exitValue(), "killed by SIGKILL");
        assertFalse(Files.exists(out.resolve("_SUCCESS")), "a killed study has no _SUCCESS");
        assertFalse(Files.exists(out.resolve("summary.csv")), "nor a summary that could pass for a finished one");
        boolean killedRunHadFinished = Files.exists(out.resolve("runs/" + KILLED + "/_SUCCESS"));
        assertFalse(killedRunHadFinished, "the run was killed while it ran");
        assertTrue(Files.exists(out.resolve(StudyLease.FILE)), "a killed driver leaves its lease");

        List<String> secondArgs = new ArrayList<>(List.of(conf.toString(), "--out", out.toString(), "--resume"));
        secondArgs.addAll(List.of("--set", "study.execution=run-parallel"));
        Process second = child(secondArgs, dir.resolve("second.log"));
        if (!second.waitFor(120, TimeUnit.SECONDS)) {
            second.destroyForcibly();
            fail("the resumed study did not end within 120 s");
        }
        String log = Files.readString(dir.resolve("second.log"));
        assertEquals(Main.RUNS_FAILED, second.exitValue(), "two runs diverge by design:\n" + log);
        assertTrue(log.contains("2 run(s) did not finish: data.fresh=false_train.learning-rate=1.0E308, "
                + "data.fresh=true_train.learning-rate=1.0E308"), log);
        assertTrue(Files.exists(out.resolve("_SUCCESS")));
        assertTrue(log.contains("took over the stale lease of " + out), log);
        assertFalse(Files.exists(out.resolve(StudyLease.FILE)), "a study that ended released its lease");

        List<String> runs = StudiesTest.runNames(reference);
        assertEquals(runs, StudiesTest.runNames(out));
        for (String run : runs) {
            assertTrue(Files.exists(out.resolve("runs/" + run + "/_SUCCESS")), run + " is in summary.csv, so it must have finished");
            StudiesTest.assertSameMetrics(reference.resolve("runs/" + run + "/metrics.csv"),
                    out.resolve("runs/" + run + "/metrics.csv"), run);
        }
        assertEquals(statuses(reference), statuses(out));
        Matcher resumedAt = Pattern.compile("\"resumed_from_iteration\": (\\d+)")
                .matcher(Files.readString(out.resolve("runs/" + KILLED + "/run.json")));
        assertTrue(resumedAt.find(), "the killed run continued from its checkpoint");
        int from = Integer.parseInt(resumedAt.group(1));
        assertTrue(from >= 2 && from % 2 == 0, "resumed at " + from);
        assertFalse(Files.readString(out.resolve("runs/" + FIRST + "/run.json")).contains("resumed_from_iteration"),
                "the finished run was kept, not run again");
    }

    private static List<String> statuses(Path study) throws IOException {
        return Files.readAllLines(study.resolve("summary.csv")).stream().skip(1).map(l -> l.split(",")[1]).toList();
    }

    /** aedyn.cli.Main in a JVM of its own, on the test classpath, in local[2] like the tests' own context. */
    static Process child(List<String> args, Path log) throws IOException {
        return child(args, log, List.of());
    }

    /** The same with more JVM options (system properties, a heap other than -Xmx1g). */
    static Process child(List<String> args, Path log, List<String> jvmOptions) throws IOException {
        List<String> cmd = new ArrayList<>();
        cmd.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        cmd.addAll(sparkJvmFlags());
        cmd.addAll(jvmOptions);
        if (jvmOptions.stream().noneMatch(o -> o.startsWith("-Xmx"))) cmd.add("-Xmx1g");
        cmd.addAll(List.of("-Dspark.master=local[2]", "-Dspark.ui.enabled=false",
                "-Dspark.driver.host=127.0.0.1", "-Dspark.driver.bindAddress=127.0.0.1",
                "-cp", System.getProperty("java.class.path"), "aedyn.cli.Main"));
        cmd.addAll(args);
        return new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(log.toFile()).start();
    }

    /** The flags surefire passes on (pom.xml, spark.jvm.flags), or read from pom.xml when run elsewhere. */
    static List<String> sparkJvmFlags() throws IOException {
        String flags = System.getProperty("aedyn.spark.jvm.flags");
        if (flags == null || flags.isBlank()) {
            Matcher m = Pattern.compile("<spark.jvm.flags>(.*)</spark.jvm.flags>").matcher(Files.readString(Path.of("pom.xml")));
            flags = m.find() ? m.group(1) : "";
        }
        return Arrays.stream(flags.trim().split("\\s+")).filter(s -> !s.isEmpty()).toList();
    }
}
