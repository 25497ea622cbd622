package aedyn.cli;

import aedyn.report.Json;
import aedyn.study.StudyPlan;
import org.apache.hadoop.conf.Configuration;
import org.apache.spark.SparkConf;
import org.apache.spark.api.java.JavaSparkContext;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.io.ObjectInputStream;
import java.io.Serializable;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The hang that started it: an Error in Spark's task-result-getter thread kills the thread, and the job waits for a
 * result that never comes. A task returns a value whose deserialization, on the driver's result getter, throws
 * OutOfMemoryError: without the handler the child JVM is still waiting seconds later; with it, the job ends at once
 * with exit code 5, one line naming the thread, and the study's run marked failed.
 */
class ResultGetterErrorTest {

    /** A task result that fails as the driver deserializes it, as a result too large for the heap does. */
    static final class Exploding implements Serializable {
        private void readObject(ObjectInputStream in) {
            throw new OutOfMemoryError("Java heap space (thrown by the test)");
        }
    }

    /** The driver: args = study file, study directory, and "handler" to install the handler as Main does. */
    public static void main(String[] args) throws Exception {
        if (args.length > 2 && args[2].equals("handler")) FatalErrors.install();
        StudyPlan plan = StudyPlan.load(args[0], List.of(), args[1], new Configuration());
        try (JavaSparkContext sc = new JavaSparkContext(new SparkConf().setMaster("local[1]").setAppName("result-getter")
                .set("spark.ui.enabled", "false").set("spark.driver.host", "127.0.0.1")
                .set("spark.driver.bindAddress", "127.0.0.1"))) {
            FatalErrors.watch(plan, sc.hadoopConfiguration());
            System.err.println("collecting");
            sc.parallelize(List.of(1), 1).map(i -> new Exploding()).collect();
        }
        System.exit(0);
    }

    @Test
    void anErrorInTheResultGetterEndsTheJobInsteadOfHangingIt(@TempDir Path dir) throws Exception {
        Path conf = dir.resolve("s.conf");
        Files.writeString(conf, "study.name = getter\ndata { n = 8, m = 2, samples = 64 }\n");

        Process hangs = child(List.of(conf.toString(), dir.resolve("without").toString()), dir.resolve("without.log"));
        try {
            waitFor(dir.resolve("without.log"), "collecting");
            assertFalse(hangs.waitFor(8, TimeUnit.SECONDS), "without the handler the job waits for the lost result");
        } finally {
            hangs.destroyForcibly();
        }

        Path out = dir.resolve("with");
        Path log = dir.resolve("with.log");
        Process ends = child(List.of(conf.toString(), out.toString(), "handler"), log);
        waitFor(log, "aedyn: fatal error");
        long line = System.nanoTime();
        assertTrue(ends.waitFor(30, TimeUnit.SECONDS), "the job ends:\n" + Files.readString(log));
        double seconds = (System.nanoTime() - line) / 1e9;
        String text = Files.readString(log);
        assertEquals(Main.FATAL, ends.exitValue(), text);
        List<String> ours = text.lines().filter(l -> l.startsWith("aedyn:")).toList();
        assertEquals(1, ours.size(), text);
        assertTrue(ours.get(0).startsWith("aedyn: fatal error in thread task-result-getter-0: java.lang.OutOfMemoryError: "
                + "Java heap space (thrown by the test); unfinished runs are marked failed"), ours.get(0));
        String runJson = Files.readString(out.resolve("runs/run/run.json"));
        assertEquals("failed", Json.parseObject(runJson).get("status"));
        assertTrue(Json.parseObject(runJson).get("reason").toString().contains("task-result-getter-0"), runJson);
        assertFalse(Files.exists(out.resolve("runs/run/_SUCCESS")));
        assertFalse(Files.exists(out.resolve("_SUCCESS")));
        System.out.printf("result-getter error: the JVM ended %.2f s after the error's line%n", seconds);
        assertTrue(seconds < 10, seconds + " s");
    }

    private static void waitFor(Path log, String text) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(90);
        while (!Files.readString(log).contains(text)) {
            if (System.nanoTime() > deadline) throw new AssertionError("no '" + text + "' within 90 s:\n" + Files.readString(log));
            Thread.sleep(20);
        }
    }

    private static Process child(List<String> args, Path log) throws IOException {
        List<String> cmd = new ArrayList<>();
        cmd.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        String flags = System.getProperty("aedyn.spark.jvm.flags", "");
        cmd.addAll(Arrays.stream(flags.trim().split("\\s+")).filter(s -> !s.isEmpty()).toList());
        cmd.addAll(List.of("-Xmx512m", "-cp", System.getProperty("java.class.path"), ResultGetterErrorTest.class.getName()));
        cmd.addAll(args);
        return new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(log.toFile()).start();
    }
}
