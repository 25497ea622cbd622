package aedyn.study;

import aedyn.data.Npy;
import org.apache.hadoop.conf.Configuration;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Study files damaged on disk between a stopped study and its --resume (a checkpoint's weights or rows, its
 * state.json, a finished run's metrics.csv or run.json): each is named on one line, the run starts again from
 * iteration 0, and the study ends with the bits of an uninterrupted one (WriteFailureTest stops the study).
 */
class DamagedFilesTest {
    private static final String STUDY = """
            study { name = damaged, seed = 9, grid { "data.noise-sigma" = [0.01, 0.05] } }
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

    /** How a file is damaged. */
    private interface Damage {
        void apply(Path file) throws IOException;
    }

    private static final Damage TRUNCATED = f -> Files.write(f, Arrays.copyOf(Files.readAllBytes(f), (int) Files.size(f) / 2));
    private static final Damage ZEROED = f -> Files.write(f, new byte[(int) Files.size(f)]);
    private static final Damage EMPTY = f -> Files.write(f, new byte[0]);
    /** One bit of the last byte: a float64 of the array or a digit of a CSV cell, which still parses. */
    private static final Damage BIT_FLIPPED = f -> {
        byte[] b = Files.readAllBytes(f);
        b[b.length - 2] ^= 0x01;
        Files.write(f, b);
    };
    /** A valid .npy of another shape, (m, n) instead of (n, m). */
    private static final Damage WRONG_SHAPE = f -> Npy.writeMatrix(f, 4, 16, new double[64]);

    @Test
    void aDamagedCheckpointIsNamedAndTheRunRestartsToTheSameBits(@TempDir Path dir) throws Exception {
        Path reference = StudyTestSupport.runStudy(dir.resolve("reference"), STUDY);
        Path conf = Files.writeString(dir.resolve("s.conf"), STUDY);
        // the file's name starts so (the last checkpoint's, at iteration 12); previousToo: the previous one's as well
        record Case(String file, String name, Damage damage, String says, boolean previousToo) {
            Case(String file, String name, Damage damage, String says) {
                this(file, name, damage, says, false);
            }
        }
        for (Case c : List.of(new Case("W-00000012", "truncated", TRUNCATED, "truncated"),
                new Case("W-00000012", "zeroed", ZEROED, "length saved but not its content"),
                new Case("W-00000012", "wrong-shape", WRONG_SHAPE, "CRC32"),
                new Case("W-00000012", "bit-flipped", BIT_FLIPPED, "CRC32"),
                new Case("W0-00000012", "empty", EMPTY, "truncated"),
                new Case("b-00000012", "bit-flipped-b", BIT_FLIPPED, "CRC32"),
                new Case("rows-00000012", "bit-flipped-rows", BIT_FLIPPED, "CRC32"),
                new Case("rows-00000012", "truncated-rows", TRUNCATED, "truncated"),
                new Case("state.json", "truncated-state", TRUNCATED, "not a checkpoint state"),
                new Case("state.json", "empty-state", EMPTY, "not a checkpoint state"),
                new Case("W-", "both-truncated", TRUNCATED, "truncated", true))) {
            Path local = dir.resolve("out-" + c.name());
            // the first run's results cannot be written: the study stops, its checkpoints (iterations 10 and 12) stay
            FailingFileSystem.failWrite("metrics.csv", 0);
            assertThrows(Exception.class, () -> run(conf, local, false), c.name());
            FailingFileSystem.failWrite(null, 0);
            Path checkpoint = onlyCheckpoint(local);
            List<Path> damaged;
            try (Stream<Path> files = Files.list(checkpoint)) {
                damaged = files.filter(p -> p.getFileName().toString().startsWith(c.file())).sorted().toList();
            }
            assertEquals(c.previousToo() ? 2 : 1, damaged.size(), c.name() + ": " + damaged);
            for (Path f : damaged) c.damage().apply(f);
            Path file = damaged.get(damaged.size() - 1);
            String err = stderrOf(() -> assertEquals(List.of(), run(conf, local, true), c.name()));
            List<String> lines = err.lines().filter(l -> l.startsWith("aedyn: run ")).toList();
            assertEquals(1, lines.size(), c.name() + ": " + err);
            assertTrue(lines.get(0).contains("damaged checkpoint, " + file.toUri().getPath().replaceAll("^/+", "/"))
                    || lines.get(0).contains(file.getFileName().toString()), c.name() + ": " + lines.get(0));
            // the study stopped after the checkpoint at iteration 12: the one at 10 is the previous
            String from = c.previousToo() ? "restarts from iteration 0" : "restarts from its previous checkpoint, iteration 10";
            assertTrue(lines.get(0).contains(c.says()) && lines.get(0).contains(from), c.name() + ": " + lines.get(0));
            assertTrue(Files.exists(local.resolve("_SUCCESS")), c.name());
            assertSameResults(reference, local, c.name());
        }
    }

    @Test
    void aDamagedFinishedRunIsTrainedAgainToTheSameBits(@TempDir Path dir) throws Exception {
        Path reference = StudyTestSupport.runStudy(dir.resolve("reference"), STUDY);
        Path conf = Files.writeString(dir.resolve("s.conf"), STUDY);
        record Case(String file, String name, Damage damage, String says) {
        }
        for (Case c : List.of(new Case("metrics.csv", "bit-flipped-metrics", BIT_FLIPPED, "CRC32"),
                new Case("metrics.csv", "truncated-metrics", TRUNCATED, "truncated"),
                new Case("run.json", "empty-run-json", EMPTY, "truncated"))) {
            Path local = dir.resolve("out-" + c.name());
            // every run finished, the study's summary cannot be written
            FailingFileSystem.failWrite("summary.csv", 0);
            assertThrows(Exception.class, () -> run(conf, local, false), c.name());
            FailingFileSystem.failWrite(null, 0);
            String run = StudiesTest.runNames(reference).get(1);
            Path file = local.resolve("runs/" + run + "/" + c.file());
            c.damage().apply(file);
            String err = stderrOf(() -> assertEquals(List.of(), run(conf, local, true), c.name()));
            List<String> lines = err.lines().filter(l -> l.startsWith("aedyn: run ")).toList();
            assertEquals(1, lines.size(), c.name() + ": " + err);
            assertTrue(lines.get(0).contains(run) && lines.get(0).contains(c.file()) && lines.get(0).contains(c.says())
                    && lines.get(0).contains("trained again from the start"), c.name() + ": " + lines.get(0));
            assertSameResults(reference, local, c.name());
        }
    }

    private static List<String> run(Path conf, Path out, boolean resume) throws IOException {
        StudyPlan plan = StudyPlan.load(conf.toString(), List.of(), FailingFileSystem.uri(out), hadoop, resume);
        return new StudyRunner(plan, SparkTestContext.get()).run();
    }

    private static Path onlyCheckpoint(Path study) throws IOException {
        try (Stream<Path> s = Files.walk(study)) {
            List<Path> found = s.filter(p -> p.getFileName().toString().equals("state.json")).map(Path::getParent).toList();
            assertTrue(!found.isEmpty(), "a stopped study keeps a checkpoint");
            return found.get(0);
        }
    }

    /** metrics.csv (timing aside) and the final weights of every run, byte for byte. */
    private static void assertSameResults(Path reference, Path actual, String what) throws IOException {
        WriteFailureTest.assertSameMetricsBits(reference, actual, what);
        for (String run : StudiesTest.runNames(reference)) {
            for (String npy : List.of("W.npy", "b.npy")) {
                assertArrayEquals(Files.readAllBytes(reference.resolve("runs/" + run + "/" + npy)),
                        Files.readAllBytes(actual.resolve("runs/" + run + "/" + npy)), what + " " + run + " " + npy);
            }
        }
    }

    private interface Body {
        void run() throws Exception;
    }

    private static synchronized String stderrOf(Body body) throws Exception {
        PrintStream saved = System.err;
        ByteArrayOutputStream captured = new ByteArrayOutputStream();
        System.setErr(new PrintStream(captured, true, StandardCharsets.UTF_8));
        try {
            body.run();
        } finally {
            System.setErr(saved);
        }
        return captured.toString(StandardCharsets.UTF_8);
    }
}
