package aedyn.cli;

import aedyn.data.Npy;
import aedyn.study.StudyLease;
import aedyn.study.StudyPlan;
import com.typesafe.config.ConfigRenderOptions;
import org.apache.hadoop.conf.Configuration;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;
import java.util.function.Supplier;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Mistakes a user makes on the command line, each found before Spark starts: exit code 2, one line on stderr (one
 * per problem after a header when several are listed), naming the key or file and the bad value, no stack trace.
 */
class UserMistakesTest {
    private static final String STUDY = """
            study { name = mistakes, grid { "data.noise-sigma" = [0.01, 0.05] } }
            data { n = 16, m = 4, samples = 512 }
            study.lease.renew-every = 100ms
            """;

    @TempDir
    static Path dir;
    private static Path conf;
    private static int outs;

    /** One mistake: the arguments after the study file (or all, when {@code whole}), what the line must name. */
    private record Mistake(String name, Supplier<List<String>> args, int lines, String... names) {
    }

    @BeforeAll
    static void studyFile() throws IOException {
        conf = Files.writeString(dir.resolve("s.conf"), STUDY);
    }

    private static String out() {
        return dir.resolve("out-" + (++outs)).toString();
    }

    /** The study file, a fresh --out, then {@code more}. */
    private static Supplier<List<String>> with(String... more) {
        return () -> {
            List<String> a = new ArrayList<>(List.of(conf.toString(), "--out", out()));
            a.addAll(List.of(more));
            return a;
        };
    }

    private static Supplier<List<String>> set(String keyValue) {
        return with("--set", keyValue);
    }

    private static Supplier<List<String>> exactly(String... args) {
        return () -> List.of(args);
    }

    /** A samples file of another kind than (N, n) float64: its dtype and shape as NumPy writes them. */
    private static Path npy(String name, String descr, String shape, int bytes) throws IOException {
        String header = "{'descr': '" + descr + "', 'fortran_order': False, 'shape': " + shape + ", }";
        int total = 10 + header.length() + 1;
        header = header + " ".repeat((64 - total % 64) % 64) + "\n";
        byte[] h = header.getBytes(StandardCharsets.US_ASCII);
        byte[] file = new byte[10 + h.length + bytes];
        byte[] magic = {(byte) 0x93, 'N', 'U', 'M', 'P', 'Y', 1, 0, (byte) (h.length & 0xff), (byte) (h.length >> 8)};
        System.arraycopy(magic, 0, file, 0, 10);
        System.arraycopy(h, 0, file, 10, h.length);
        return Files.write(dir.resolve(name), file);
    }

    private static Path goodSamples() throws IOException {
        Path p = dir.resolve("Y.npy");
        if (Files.exists(p)) return p;
        double[] y = new double[40 * 10];
        for (int k = 0; k < y.length; k++) y[k] = Math.sin(k + 1);
        Npy.writeMatrix(p, 40, 10, y);
        return p;
    }

    private static Supplier<List<String>> fileData(String more) {
        return () -> {
            try {
                return with("--set", "study.grid={}", "--set", "data { model = file, m = 3, path = \"" + goodSamples() + "\" }",
                        "--set", "init.kind = random", "--set", more).get();
            } catch (IOException e) {
                throw new java.io.UncheckedIOException(e);
            }
        };
    }

    /** Samples from the good (40, 10) file with {@code more} settings, each a --set. */
    private static Supplier<List<String>> fileDataWith(String... more) {
        return () -> {
            try {
                List<String> a = new ArrayList<>(with("--set", "study.grid={}", "--set", "data { model = file, m = 3, path = \""
                        + goodSamples() + "\" }", "--set", "init.kind = random").get());
                for (String m : more) a.addAll(List.of("--set", m));
                return a;
            } catch (IOException e) {
                throw new java.io.UncheckedIOException(e);
            }
        };
    }

    /** The study.conf of another configuration (data.n = 20) than the study file's. */
    private static String otherStudyConf(String out) {
        StudyPlan other = StudyPlan.load(conf.toString(), List.of("data.n=20"), out, new Configuration());
        return other.config().root().render(ConfigRenderOptions.defaults().setOriginComments(false).setJson(false));
    }

    /** A study directory that holds {@code file} (its text made from the directory's name), then {@code more}. */
    private static Supplier<List<String>> holding(String file, Function<String, String> text, String... more) {
        return () -> {
            String out = out();
            try {
                Files.createDirectories(Path.of(out));
                Files.writeString(Path.of(out, file), text.apply(out));
            } catch (IOException e) {
                throw new java.io.UncheckedIOException(e);
            }
            List<String> a = new ArrayList<>(List.of(conf.toString(), "--out", out));
            a.addAll(List.of(more));
            return a;
        };
    }

    @TestFactory
    Stream<DynamicTest> eachMistakeIsOneLineWithExitCodeTwo() throws IOException {
        Path aFile = Files.writeString(dir.resolve("a-file"), "x");
        Path badHocon = Files.writeString(dir.resolve("bad.conf"), "data { n = 16 ");
        Path float32 = npy("f4.npy", "<f4", "(40, 10)", 40 * 10 * 4);
        Path vector = npy("vector.npy", "<f8", "(40,)", 40 * 8);
        Path truth = npy("A.npy", "<f8", "(10, 5)", 10 * 5 * 8);
        Path noColumns = npy("no-columns.npy", "<f8", "(20, 0)", 0);
        Path noRows = npy("no-rows.npy", "<f8", "(0, 10)", 0);
        Path oneSample = npy("one-sample.npy", "<f8", "(1, 10)", 10 * 8);
        Path emptyTruth = npy("A-empty.npy", "<f8", "(10, 0)", 0);
        // IDX image files: magic 0x00000803, then the count, rows and columns as big-endian ints, then the pixels
        Path noImages = Files.write(dir.resolve("none.idx"), java.nio.ByteBuffer.allocate(16).putInt(0x803).putInt(0)
                .putInt(28).putInt(28).array());
        Path oneImage = Files.write(dir.resolve("one.idx"), java.nio.ByteBuffer.allocate(20).putInt(0x803).putInt(1)
                .putInt(2).putInt(2).put(new byte[]{1, 2, 3, 4}).array());
        List<Mistake> mistakes = List.of(
                new Mistake("no study file", exactly(), 1, "no study file given"),
                new Mistake("unknown option", () -> List.of(conf.toString(), "--frobnicate"), 1, "--frobnicate"),
                new Mistake("--out without its value", () -> List.of(conf.toString(), "--out"), 1, "--out needs a value"),
                new Mistake("two study files", () -> List.of(conf.toString(), "other.conf"), 1, "other.conf"),
                new Mistake("a study file that does not exist", exactly("/nonexistent/s.conf"), 1, "/nonexistent/s.conf"),
                new Mistake("a study file that is not HOCON", () -> List.of(badHocon.toString()), 1, badHocon.toString()),
                new Mistake("a misspelled key", set("data.sampels=100"), 1, "data.sampels", "100", "data.samples"),
                new Mistake("a negative dimension", set("data.n=-5"), 1, "data.n", "-5"),
                new Mistake("a dimension that is not a number", set("data.n=abc"), 1, "data.n", "abc"),
                new Mistake("no samples", set("data.samples=0"), 1, "data.samples", "0"),
                new Mistake("negative iterations", set("train.iterations=-1"), 1, "train.iterations", "-1"),
                new Mistake("an unknown data model", set("data.model=bogus"), 1, "data.model", "bogus"),
                new Mistake("an unknown activation", set("model.activation=sigmoid2"), 1, "model.activation", "sigmoid2"),
                new Mistake("an unknown initialization", set("init.kind=nope"), 1, "init.kind", "nope"),
                new Mistake("a grid that is a number", set("study.grid=5"), 1, "study.grid", "5"),
                new Mistake("a grid of an unknown key", set("study.grid={\"data.nn\"=[1,2]}"), 1, "data.nn"),
                new Mistake("a --set without a value", set("data.n"), 1, "--set", "data.n"),
                new Mistake("no trials", set("study.trials=0"), 1, "study.trials", "0"),
                new Mistake("a Spark property that is a list", set("spark.executor.memory=[1,2]"), 1, "spark.executor.memory", "[1,2]"),
                new Mistake("a master of local[abc]", set("spark.master=\"local[abc]\""), 1, "spark.master", "local[abc]"),
                new Mistake("a master of local[0]", set("spark.master=\"local[0]\""), 1, "spark.master", "local[0]"),
                new Mistake("a standalone master without its port", set("spark.master=\"spark://host\""), 1, "spark.master", "spark://host"),
                new Mistake("a master of a cluster manager Spark 4 dropped", set("spark.master=\"mesos://h:5050\""), 1, "spark.master", "mesos://h:5050"),
                new Mistake("local passes that are neither on nor off", set("spark.aedyn.localPasses=sometimes"), 1,
                        "spark.aedyn.localPasses", "sometimes", "true or false"),
                new Mistake("--out under a file", () -> List.of(conf.toString(), "--out", aFile.resolve("study").toString()), 1,
                        "study.output", aFile.resolve("study").toString(), "Not a directory"),
                new Mistake("--out of another study's results", holding("summary.csv", out -> "x"), 1, "study.output", "--resume"),
                new Mistake("--resume of a directory holding no study", holding("summary.csv", out -> "x", "--resume"), 1, "study.output", "study.conf"),
                new Mistake("--resume with another configuration", holding("study.conf", UserMistakesTest::otherStudyConf, "--resume"), 1, "data.n", "16", "20"),
                new Mistake("a samples file that does not exist", fileData("data.path=/nonexistent/Y.npy"), 1, "data.path", "/nonexistent/Y.npy"),
                new Mistake("samples of float32", fileData("data.path=\"" + float32 + "\""), 1, "data.path", float32.toString(), "<f4"),
                new Mistake("samples of one dimension", fileData("data.path=\"" + vector + "\""), 1, "data.path", vector.toString(), "(40,)"),
                new Mistake("a ground truth of the wrong shape", fileData("data.ground-truth=\"" + truth + "\""), 1,
                        "data.ground-truth", truth.toString(), "(10, 5)"),
                new Mistake("a lease renewed every 0 s", set("study.lease.renew-every=0s"), 1, "study.lease.renew-every", "0s"),
                new Mistake("two mistakes at once", with("--set", "data.n=-5", "--set", "train.iterations=-1"), 3,
                        "2 problems", "data.n = -5", "train.iterations = -1"),
                // issue 32: empty and degenerate arrays
                new Mistake("samples with no columns", fileData("data.path=\"" + noColumns + "\""), 1, "data.path", noColumns.toString(), "(20, 0)"),
                new Mistake("samples with no rows", fileData("data.path=\"" + noRows + "\""), 1, "data.path", noRows.toString(), "(0, 10)"),
                new Mistake("one sample for a pca start", fileDataWith("data.path=\"" + oneSample + "\"", "init.kind=pca"), 1,
                        "data.path", oneSample.toString(), "(1, 10)", "at least 2 samples"),
                new Mistake("a ground truth with no columns", fileData("data.ground-truth=\"" + emptyTruth + "\""), 1,
                        "data.ground-truth", emptyTruth.toString(), "(10, 0)"),
                new Mistake("initial weights with no columns", fileDataWith("init { kind = file, path = \"" + emptyTruth + "\" }"), 1,
                        "init.path", emptyTruth.toString(), "(10, 0)"),
                new Mistake("an IDX file of no images", with("--set", "data { model = idx, m = 3, path = \"" + noImages + "\" }",
                        "--set", "init.kind=random"), 1,
                        "data.path", noImages.toString(), "0 images"),
                new Mistake("one IDX image for a pca start", with("--set", "data { model = idx, m = 3, path = \"" + oneImage + "\" }",
                        "--set", "init.kind=pca"), 1, "data.path", oneImage.toString(), "(1, 4)"),
                new Mistake("--resume of a damaged study.conf", holding("study.conf", out -> "data { n = ", "--resume"), 1,
                        "study.output", "a readable study directory to resume"),
                new Mistake("--resume on a NameNode that refuses", exactly(conf.toString(), "--out", "hdfs://127.0.0.1:1/aedyn", "--resume"), 1,
                        "study.output", "127.0.0.1:1 refused the connection", "waited"),
                new Mistake("a samples path that is a directory", fileData("data.path=\"" + dir + "\""), 1, "data.path", "Is a directory"),
                // a cluster that does not answer (port 1: nothing listens)
                new Mistake("a standalone master that refuses", set("spark.master=\"spark://127.0.0.1:1\""), 1,
                        "spark.master", "127.0.0.1:1", "refused the connection", "waited"),
                new Mistake("a YARN ResourceManager that refuses", with("--set", "spark.master=yarn",
                        "--set", "spark.hadoop.yarn.resourcemanager.address=\"127.0.0.1:1\""), 1, "spark.master = yarn", "127.0.0.1:1", "waited"),
                new Mistake("an HDFS NameNode that refuses", exactly(conf.toString(), "--out", "hdfs://127.0.0.1:1/aedyn"), 1,
                        "study.output", "127.0.0.1:1 refused the connection", "waited", "ipc.client.connect.max.retries"),
                // odd paths
                new Mistake("--out that is a file", () -> List.of(conf.toString(), "--out", aFile.toString()), 1, "study.output", "is a file"),
                new Mistake("--out on a read-only file system", () -> List.of(conf.toString(), "--out", "/proc/aedyn-out"), 1,
                        "study.output", "/proc/aedyn-out", "create and write"),
                new Mistake("a study file that is a directory", () -> List.of(dir.toString()), 1, dir.toString(), "is a directory"),
                // names, numbers and words out of range
                new Mistake("an empty study name", set("study.name=\"\""), 1, "study.name", "non-empty"),
                new Mistake("a seed that is not a whole number", set("study.seed=1.5"), 1, "study.seed", "1.5", "an integer"),
                new Mistake("a seed beyond a long", set("study.seed=99999999999999999999"), 1, "study.seed", "an integer"),
                new Mistake("a grid of a million runs", with("--set", "study.trials=100000", "--set",
                        "study.grid={\"data.noise-sigma\"=[0.01,0.02,0.03,0.04,0.05,0.06,0.07,0.08,0.09,0.1]}"), 1,
                        "study.grid", "1000000 runs", "at most 100000"),
                new Mistake("a dimension beyond an int", set("data.n=3000000000"), 1, "data.n", "3000000000"),
                new Mistake("iterations beyond an int", set("train.iterations=99999999999"), 1, "train.iterations", "99999999999"),
                new Mistake("samples beyond a long", set("data.samples=1e30"), 1, "data.samples"),
                new Mistake("trials beyond the limit", set("study.trials=2000000000"), 1, "study.trials", "2000000000"),
                new Mistake("parallel runs of 1e9", set("study.parallel-runs=1e9"), 1, "study.parallel-runs", "1000000000"),
                new Mistake("a weight matrix beyond a Java array", with("--set", "data.n=1048576", "--set", "data.m=1048576"), 1,
                        "1048576 x 1048576", "more than a Java array holds"),
                new Mistake("a NaN learning rate", set("train.learning-rate=NaN"), 1, "train.learning-rate", "NaN"),
                new Mistake("an infinite learning rate", set("train.learning-rate=\"1e400\""), 1, "train.learning-rate", "Infinity"),
                new Mistake("a zero learning rate", set("train.learning-rate=0"), 1, "train.learning-rate", "positive"),
                new Mistake("a NaN perturbation", set("init.delta=NaN"), 1, "init.delta", "NaN"),
                new Mistake("a NaN bias factor, once", set("bias.factor=NaN"), 1, "bias.factor", "NaN"),
                new Mistake("a batch fraction of 2, once", set("train.batch-fraction=2"), 1, "train.batch-fraction", "2.0"),
                new Mistake("a negative width, once", set("model.width=-3"), 1, "model.width", "-3"),
                new Mistake("a negative checkpoint interval", set("train.checkpoint-interval=-5s"), 1, "train.checkpoint-interval", "-5s"),
                new Mistake("an unknown optimizer", set("train.optimizer=adamw"), 1, "train.optimizer", "adamw", "normalized"),
                new Mistake("an unknown bias schedule", set("bias.schedule=sometimes"), 1, "bias.schedule", "sometimes", "geometric"),
                new Mistake("an unknown architecture", set("model.architecture=triangle"), 1, "model.architecture", "triangle", "untied"),
                new Mistake("an empty grid list", set("study.grid={\"data.n\"=[]}"), 1, "study.grid", "non-empty"));
        return mistakes.stream().map(m -> DynamicTest.dynamicTest(m.name(), () -> {
            List<String> args = m.args().get();
            MainRun r = MainRun.of(args.toArray(String[]::new));
            assertEquals(Main.BAD_INPUT, r.code(), m.name() + ": " + r.stderr());
            assertEquals(m.lines(), r.lines().size(), m.name() + ": " + r.stderr());
            assertTrue(r.lines().get(0).startsWith("aedyn: "), r.stderr());
            for (String n : m.names()) assertTrue(r.stderr().contains(n), m.name() + ": no \"" + n + "\" in " + r.stderr());
            assertFalse(r.stderr().contains("\tat ") || r.stderr().contains("internal error")
                    || r.stderr().contains("Exception"), m.name() + ": " + r.stderr());
        }));
    }

    /** A study directory held by a running study: the holder is named, however the second start is made. */
    @TestFactory
    Stream<DynamicTest> aHeldStudyDirectoryNamesItsHolder() {
        return Stream.of(List.<String>of(), List.of("--resume")).map(extra -> DynamicTest.dynamicTest("held " + extra, () -> {
            String out = out();
            try (StudyLease held = StudyLease.acquire(out, new Configuration(), new StudyLease.Timing(0.05, 4), "s.conf", n -> { })) {
                List<String> args = new ArrayList<>(List.of(conf.toString(), "--out", out));
                args.addAll(extra);
                MainRun r = MainRun.of(args.toArray(String[]::new));
                assertEquals(Main.BAD_INPUT, r.code(), r.stderr());
                String last = r.lines().get(r.lines().size() - 1);
                assertTrue(last.contains("study.output = " + out) && last.contains("pid " + ProcessHandle.current().pid())
                        && last.contains("held by host"), r.stderr());
                assertFalse(r.stderr().contains("\tat "), r.stderr());
            }
        }));
    }
}
