package aedyn.cli;

import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

/** What the cluster tests share: the test Spark homes, child processes, waiting, and comparing studies' metrics. */
final class ClusterTestSupport {
    private ClusterTestSupport() {
    }

    /**
     * Gives a Spark home that holds only jars/ what a distribution adds to it: bin/spark-submit (Spark's own
     * launcher builds the java command line) and conf/log4j2.properties (the job at INFO, Spark at WARN).
     */
    static void completeSparkHome(Path sparkHome, Path projectRoot) throws IOException {
        Path bin = Files.createDirectories(sparkHome.resolve("bin"));
        try (InputStream in = ClusterTestSupport.class.getResourceAsStream("spark-submit")) {
            Files.copy(in, bin.resolve("spark-submit"), StandardCopyOption.REPLACE_EXISTING);
        }
        assertTrue(bin.resolve("spark-submit").toFile().setExecutable(true));
        Files.createDirectories(sparkHome.resolve("conf"));
        Files.copy(projectRoot.resolve("conf/log4j2.properties"), sparkHome.resolve("conf/log4j2.properties"),
                StandardCopyOption.REPLACE_EXISTING);
    }

    /**
     * The cluster tests' sweep: 24 tiny runs in 8 cohorts (four noise levels x two trials; three initializations share
     * each cohort's samples), a checkpoint every two iterations, so that a retried task or a resumed study continues
     * from one; a lease renewed every 250 ms, so that --resume takes over a killed driver's lease at once.
     */
    static final String SWEEP = """
            study { name = sweepit, seed = 29, trials = 2, grid { "data.noise-sigma" = [0.01, 0.02, 0.03, 0.04], "init.kind" = [perturb, pca, random] } }
            data { model = mixture, n = 16, m = 4, samples = 512, partitions = 2 }
            model.activation = relu
            init.delta = 0.5
            bias { init = "-2.5*delta", schedule = geometric, factor = 2 }
            train { iterations = 20, learning-rate = "m", checkpoint-every = 2, checkpoint-interval = 0 }
            study.lease.renew-every = 250ms
            # data-parallel: two cohorts' jobs at a time, so that the reference keeps both executors busy
            study.parallel-runs = 2
            """;
    static final int SWEEP_RUNS = 24;
    static final int SWEEP_COHORTS = 8;

    /**
     * Every metric of every run of two studies (local directories), all but the wall-clock seconds, equal to
     * {@code relative}; grad_norm with an absolute floor of {@code gradFloor} times its first value, since
     * treeAggregate merges partial sums in the order tasks finish and a gradient that cancels at convergence
     * differs in its low digits between any two runs. Returns the largest relative deviation seen.
     */
    static double assertSameMetrics(Path expectedStudy, Path actualStudy, int runs, int iterations,
                                    double relative, double gradFloor) throws IOException {
        return assertSameMetrics(expectedStudy, actualStudy, runs, run -> iterations, relative, gradFloor);
    }

    /** The same for runs of different lengths: {@code iterations} gives each run's T from its name. */
    static double assertSameMetrics(Path expectedStudy, Path actualStudy, int runs,
                                    java.util.function.ToIntFunction<String> iterationsOf, double relative,
                                    double gradFloor) throws IOException {
        Map<String, List<String[]>> expected = metrics(expectedStudy);
        Map<String, List<String[]>> actual = metrics(actualStudy);
        assertEquals(expected.keySet(), actual.keySet(), "runs");
        assertEquals(runs, expected.size(), "runs of the study");
        double largest = 0;
        for (String run : expected.keySet()) {
            int iterations = iterationsOf.applyAsInt(run);
            List<String[]> e = expected.get(run);
            List<String[]> a = actual.get(run);
            assertEquals(Arrays.asList(e.get(0)), Arrays.asList(a.get(0)), "header of " + run);
            assertEquals(iterations + 2, a.size(), "header and rows s = 0..T of " + run);
            assertEquals(iterations + 2, e.size(), "header and rows s = 0..T of " + run + " (reference)");
            List<String> header = Arrays.asList(e.get(0));
            int gradNorm = header.indexOf("grad_norm");
            double floor = gradFloor * Math.abs(Double.parseDouble(e.get(1)[gradNorm]));
            for (int r = 1; r < e.size(); r++) {
                for (int c = 0; c < header.size(); c++) {
                    if (header.get(c).equals("seconds")) continue;
                    String where = run + " " + header.get(c) + " at iteration " + (r - 1);
                    String x = e.get(r)[c];
                    String y = a.get(r)[c];
                    if (x.isEmpty() || y.isEmpty()) {
                        assertEquals(x, y, where);
                        continue;
                    }
                    double u = Double.parseDouble(x);
                    double v = Double.parseDouble(y);
                    if (u == v) continue;
                    double scale = Math.max(Math.abs(u), Math.abs(v));
                    double tolerance = relative * scale;
                    if (c == gradNorm) tolerance = Math.max(tolerance, floor);
                    assertTrue(Math.abs(u - v) <= tolerance, where + ": expected " + x + ", got " + y);
                    if (c != gradNorm || Math.abs(u - v) > floor) largest = Math.max(largest, Math.abs(u - v) / scale);
                }
            }
        }
        return largest;
    }

    /**
     * A run-parallel study's runs (local directories) are the same bits as a data-parallel one's, and their run.json
     * files say how each trained: every run's metrics.csv without the seconds column,
     * its .npy files byte for byte and its run.json without what measures time or says where and how it ran
     * (execution, Spark's version and master, the iteration a retried task resumed from); each run finished, with
     * _SUCCESS and no checkpoint left. Returns how many runs of {@code actual} resumed from a checkpoint.
     */
    static int assertSameRunFiles(Path expectedStudy, Path actualStudy, int runs) throws IOException {
        List<String> names;
        try (Stream<Path> s = Files.list(expectedStudy.resolve("runs"))) {
            names = s.map(p -> p.getFileName().toString()).sorted().toList();
        }
        try (Stream<Path> s = Files.list(actualStudy.resolve("runs"))) {
            assertEquals(names, s.map(p -> p.getFileName().toString()).sorted().toList(), "runs");
        }
        assertEquals(runs, names.size(), "runs of the study");
        int resumed = 0;
        for (String run : names) {
            Path x = expectedStudy.resolve("runs/" + run);
            Path y = actualStudy.resolve("runs/" + run);
            assertEquals(withoutSeconds(x.resolve("metrics.csv")), withoutSeconds(y.resolve("metrics.csv")), run + " metrics.csv");
            List<String> npys;
            try (Stream<Path> s = Files.list(x)) {
                npys = s.map(p -> p.getFileName().toString()).filter(f -> f.endsWith(".npy")).sorted().toList();
            }
            assertTrue(npys.contains("W.npy"), run + " has weights: " + npys);
            for (String npy : npys) {
                assertTrue(Arrays.equals(Files.readAllBytes(x.resolve(npy)), Files.readAllBytes(y.resolve(npy))), run + " " + npy);
            }
            String json = Files.readString(y.resolve("run.json"));
            assertTrue(json.contains("\"status\": \"finished\""), run + " run.json: " + json);
            if (json.contains("\"resumed_from_iteration\"")) resumed++;
            assertTrue(json.contains("\"execution\": \"run-parallel\""), run + " says it trained run-parallel: " + json);
            String reference = Files.readString(x.resolve("run.json"));
            assertTrue(reference.contains("\"execution\": \"data-parallel\""), run + " of the reference: " + reference);
            assertEquals(placeless(reference), placeless(json), run + " run.json");
            assertTrue(Files.exists(y.resolve("_SUCCESS")), run + " _SUCCESS");
            assertTrue(!Files.exists(y.resolve("checkpoint")), run + ": a finished run keeps no checkpoint");
        }
        return resumed;
    }

    /** A CSV's lines without its columns whose names end in "seconds". */
    static List<String> withoutSeconds(Path csv) throws IOException {
        List<String> lines = Files.readAllLines(csv);
        String[] header = lines.get(0).split(",", -1);
        List<String> out = new ArrayList<>();
        for (String line : lines) {
            String[] cells = line.split(",", -1);
            StringBuilder b = new StringBuilder();
            for (int i = 0; i < header.length; i++) {
                if (!header[i].endsWith("seconds")) b.append(i < cells.length ? cells[i] : "").append(',');
            }
            out.add(b.toString());
        }
        return out;
    }

    /** run.json without times, the execution and passes, Spark's version and master, and where a retried run resumed. */
    private static String placeless(String json) {
        return json.replaceAll("\\s*\"[a-z_]*seconds\" *: *[-0-9.eE]+,?", "")
                .replaceAll("\\s*\"(execution|passes|spark_version|spark_master)\" *: *\"[^\"]*\",?", "")
                .replaceAll("\\s*\"resumed_from_iteration\" *: *[0-9]+,?", "")
                .replaceAll(",(\\s*[}\\]])", "$1");
    }

    /** runs/NAME/metrics.csv of a study directory, by run name, as rows of cells (the header first). */
    static Map<String, List<String[]>> metrics(Path study) throws IOException {
        Map<String, List<String[]>> runs = new TreeMap<>();
        try (Stream<Path> s = Files.list(study.resolve("runs"))) {
            for (Path run : s.toList()) {
                List<String[]> rows = new ArrayList<>();
                for (String line : Files.readAllLines(run.resolve("metrics.csv"))) rows.add(line.split(",", -1));
                runs.put(run.getFileName().toString(), rows);
            }
        }
        return runs;
    }

    /**
     * Every listening TCP socket of the given processes is bound to the loopback interface: found through /proc,
     * from each process's socket inodes to /proc/net/tcp{,6}. Returns how many listening sockets were found.
     */
    static int assertOnlyLoopbackListeners(Collection<ProcessHandle> processes) throws IOException {
        Set<String> inodes = new HashSet<>();
        for (ProcessHandle p : processes) {
            Path fds = Path.of("/proc/" + p.pid() + "/fd");
            try (Stream<Path> s = Files.list(fds)) {
                for (Path fd : s.toList()) {
                    try {
                        String target = Files.readSymbolicLink(fd).toString();
                        if (target.startsWith("socket:[")) inodes.add(target.substring(8, target.length() - 1));
                    } catch (IOException gone) {
                        // a descriptor closed while we looked
                    }
                }
            } catch (IOException gone) {
                // a process that exited while we looked
            }
        }
        int listening = 0;
        for (String table : List.of("/proc/net/tcp", "/proc/net/tcp6")) {
            List<String> lines = Files.readAllLines(Path.of(table));
            for (String line : lines.subList(1, lines.size())) {
                String[] f = line.trim().split("\\s+");
                if (!f[3].equals("0A") || !inodes.contains(f[9])) continue; // 0A: LISTEN
                listening++;
                String address = f[1].substring(0, f[1].indexOf(':'));
                boolean loopback = address.equals("0100007F")                       // 127.0.0.1
                        || address.equals("0000000000000000FFFF00000100007F")         // ::ffff:127.0.0.1
                        || address.equals("00000000000000000000000001000000");        // ::1
                assertTrue(loopback, "a cluster process listens on " + f[1] + " (" + table + "), not on loopback");
            }
        }
        return listening;
    }

    /**
     * bash submit/cluster ARGS with the packaged jar under {@code sparkHome}, everything on loopback, its output in
     * {@code log}; {@code hadoopConf} (may be null) becomes HADOOP_CONF_DIR, so paths without a scheme are on the
     * test clusters' HDFS.
     */
    static Process submitCluster(Path projectRoot, Path sparkHome, Path appJar, Path hadoopConf, List<String> args,
                                 Path log) throws IOException {
        List<String> command = new ArrayList<>(List.of("bash", projectRoot.resolve("submit/cluster").toString()));
        command.addAll(args);
        ProcessBuilder pb = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile());
        pb.environment().put("SPARK_HOME", sparkHome.toString());
        pb.environment().put("SPARK_SCALA_VERSION", "2.13");
        pb.environment().put("SPARK_LOCAL_IP", "127.0.0.1");
        pb.environment().put("OPENBLAS_NUM_THREADS", "1");
        if (hadoopConf != null) pb.environment().put("HADOOP_CONF_DIR", hadoopConf.toString());
        pb.environment().put("AEDYN_JAR", appJar.toString());
        return pb.start();
    }

    /**
     * How many times longer than a quiet machine needs the tests wait before they call a process hung: the shared
     * machines CI runs on have run everything five times slower than usual for an hour at a time. The waits below
     * are written as a quiet machine's worst case and multiplied by this.
     */
    static final int PATIENCE = 4;

    /** {@code seconds} on a quiet machine, as long as the tests wait. */
    static int patient(int seconds) {
        return seconds * PATIENCE;
    }

    /** The process's exit code; fails the test (after killing it) when it runs longer than {@code seconds} (patient). */
    static int finish(Process p, int seconds, Path log) throws InterruptedException {
        if (!p.waitFor(patient(seconds), TimeUnit.SECONDS)) {
            p.destroyForcibly();
            fail("did not end within " + patient(seconds) + " s; see " + log);
        }
        return p.exitValue();
    }

    /** Stops processes (the given ones and their descendants, children first), forcibly after 10 s. */
    static void stop(List<Process> processes) {
        List<ProcessHandle> all = new ArrayList<>();
        for (int i = processes.size() - 1; i >= 0; i--) {
            Process p = processes.get(i);
            p.descendants().forEach(all::add);
            all.add(p.toHandle());
        }
        all.forEach(ProcessHandle::destroy);
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        for (ProcessHandle p : all) {
            try {
                p.onExit().get(Math.max(1, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
            } catch (Exception slow) {
                p.destroyForcibly();
            }
        }
    }

    static void awaitLog(Path log, String text, int seconds) throws InterruptedException {
        await(() -> {
            try {
                return Files.exists(log) && Files.readString(log).contains(text);
            } catch (IOException e) {
                return false;
            }
        }, seconds, "\"" + text + "\" in " + log);
    }

    /** Waits until {@code condition} holds, failing after {@code seconds} (patient). */
    static void await(BooleanSupplier condition, int seconds, String what) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(patient(seconds));
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) fail("waited " + patient(seconds) + " s for " + what);
            Thread.sleep(50);
        }
    }

    static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return s.getLocalPort();
        }
    }

    /** A system property that Maven's failsafe configuration sets (pom.xml). */
    static String required(String property, String groups) {
        String v = System.getProperty(property);
        if (v == null || v.isBlank()) {
            throw new IllegalStateException("system property " + property + " is not set: run this test through Maven "
                    + "(mvn -B verify -Dgroups=" + groups + "), which packages the jar and builds the test Spark homes first");
        }
        return v;
    }

    static void deleteTree(Path root) throws IOException {
        if (!Files.exists(root)) return;
        try (Stream<Path> s = Files.walk(root)) {
            for (Path p : s.sorted((a, b) -> b.compareTo(a)).toList()) Files.delete(p);
        }
    }
}
