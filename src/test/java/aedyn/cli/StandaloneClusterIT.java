package aedyn.cli;

import com.github.luben.zstd.ZstdInputStream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.Arrays;
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

/**
 * The cluster path for real: a Spark standalone Master and two Workers as separate JVMs on 127.0.0.1, started
 * from the Maven-built SPARK_HOME (target/spark-home/jars, no Spark distribution), and the packaged shaded jar
 * submitted to them by submit/cluster through spark-submit in client mode. A study run there must give the
 * metrics of the same study in local mode, also when an executor JVM is killed in the middle of a run.
 * Run alone: {@code mvn -B verify -Dgroups=cluster}.
 */
@Tag("cluster")
@Timeout(value = 5, unit = TimeUnit.MINUTES)
class StandaloneClusterIT {
    private static Path root;
    private static final int ITERATIONS = 30;
    private static final String STUDY = """
            study { name = clusterit, seed = 11, grid { "data.noise-sigma" = [0.01, 0.05] } }
            data { model = mixture, n = 64, m = 8, samples = 16384, partitions = 4 }
            model { activation = threshold, threshold = 0.5 }
            init { kind = perturb, delta = 0.3 }
            bias { init = 0, schedule = constant }
            train.iterations = %d
            spark { eventLog.enabled = true, eventLog.dir = "%s" }
            """;
    private static final String FIRST_RUN = "data.noise-sigma=0.01";

    private static Path dir;
    private static Path sparkHome;
    private static Path appJar;
    private static List<String> jvmFlags;
    private static String masterUrl;
    private static final List<Process> daemons = new ArrayList<>();
    private static final List<Process> workers = new ArrayList<>();
    private static Path localStudy;

    @BeforeAll
    static void startClusterAndRunLocally() throws Exception {
        root = Path.of(required("aedyn.projectDir"));
        sparkHome = Path.of(required("aedyn.sparkHome"));
        appJar = Path.of(required("aedyn.appJar"));
        jvmFlags = List.of(required("aedyn.jvmFlags").trim().split("\\s+"));
        dir = root.resolve("target/cluster-it");
        deleteTree(dir);
        Files.createDirectories(dir);
        Runtime.getRuntime().addShutdownHook(new Thread(StandaloneClusterIT::stopAll));

        // What a distribution's SPARK_HOME adds to jars/: bin/spark-submit and the logging of every JVM
        // (the job's lines at INFO, Spark's at WARN, so the driver's output shows the iterations and lost executors).
        Path bin = Files.createDirectories(sparkHome.resolve("bin"));
        try (InputStream in = StandaloneClusterIT.class.getResourceAsStream("spark-submit")) {
            Files.copy(in, bin.resolve("spark-submit"), StandardCopyOption.REPLACE_EXISTING);
        }
        assertTrue(bin.resolve("spark-submit").toFile().setExecutable(true));
        Files.createDirectories(sparkHome.resolve("conf"));
        Files.copy(root.resolve("conf/log4j2.properties"), sparkHome.resolve("conf/log4j2.properties"),
                StandardCopyOption.REPLACE_EXISTING);

        // Master and Workers log at INFO: their start-up lines are what the test waits for.
        Files.writeString(dir.resolve("daemon-log4j2.properties"), """
                rootLogger.level = info
                rootLogger.appenderRef.out.ref = out
                appender.out.type = Console
                appender.out.name = out
                appender.out.layout.type = PatternLayout
                appender.out.layout.pattern = %d{HH:mm:ss.SSS} %-5p %c{1}: %m%n
                """);
        int port = freePort();
        masterUrl = "spark://127.0.0.1:" + port;
        Path masterLog = dir.resolve("master.log");
        daemons.add(startDaemon(masterLog, "org.apache.spark.deploy.master.Master",
                "--host", "127.0.0.1", "--port", String.valueOf(port), "--webui-port", String.valueOf(freePort())));
        awaitLog(masterLog, "I have been elected leader", 60);
        for (int i = 0; i < 2; i++) {
            Path log = dir.resolve("worker-" + i + ".log");
            Process w = startDaemon(log, "org.apache.spark.deploy.worker.Worker", "--host", "127.0.0.1",
                    "--webui-port", String.valueOf(freePort()), "--cores", "1", "--memory", "1g",
                    "--work-dir", dir.resolve("worker-" + i).toString(), masterUrl);
            daemons.add(w);
            workers.add(w);
        }
        for (int i = 0; i < 2; i++) awaitLog(dir.resolve("worker-" + i + ".log"), "Successfully registered with master", 60);

        localStudy = submit("local", "local[2]", null).out();
    }

    @AfterAll
    static void stopCluster() {
        stopAll();
    }

    @Test
    void clusterRunGivesTheLocalMetricsNamedJobsAndAnEventLog() throws Exception {
        Submitted cluster = submit("cluster", masterUrl, null);
        assertSameMetrics(localStudy, cluster.out());

        // Spark 4 writes rolling event logs by default: a folder eventlog_v2_APP with events_N_APP[.zstd] files
        // and an appstatus_APP file that loses its .inprogress suffix when the application ends.
        List<Path> files;
        try (Stream<Path> s = Files.walk(cluster.events())) {
            files = s.filter(Files::isRegularFile).filter(p -> !p.getFileName().toString().startsWith(".")).toList();
        }
        assertTrue(files.stream().anyMatch(p -> p.getFileName().toString().matches("appstatus_app-[0-9-]+")),
                "a completed event log in " + cluster.events() + ": " + files);
        StringBuilder events = new StringBuilder();
        for (Path f : files) {
            if (!f.getFileName().toString().startsWith("events_")) continue;
            try (InputStream raw = Files.newInputStream(f);
                 InputStream in = f.toString().endsWith(".zstd") ? new ZstdInputStream(raw) : raw) {
                events.append(new String(in.readAllBytes(), StandardCharsets.UTF_8));
            }
        }
        String job = "iteration 3/" + ITERATIONS + " \u00b7 run clusterit/" + FIRST_RUN;
        assertTrue(events.toString().contains(job), "the event log names the job \"" + job + "\"");
    }

    @Test
    void runSurvivesAnExecutorKilledAfterIteration3() throws Exception {
        // The driver's progress line of iteration 3, e.g. "data.noise-sigma=0.01  3/30  loss ...".
        Submitted cluster = submit("killed", masterUrl, FIRST_RUN + "  3/" + ITERATIONS + " ");
        assertTrue(cluster.killedMidRun(), "the executor was killed before the run finished");
        String driver = Files.readString(cluster.log());
        assertTrue(driver.contains("Lost executor"), "the driver saw the executor go: " + cluster.log());
        assertSameMetrics(localStudy, cluster.out());
    }

    /** A finished submission: its study directory, event log directory, driver log and whether a kill hit a live run. */
    private record Submitted(Path out, Path events, Path log, boolean killedMidRun) {
    }

    /**
     * Runs the study through submit/cluster on {@code master} and waits for it to succeed. With
     * {@code killAfter}, kills one executor JVM once the driver's output shows that line.
     */
    private static Submitted submit(String name, String master, String killAfter) throws Exception {
        awaitNoExecutors();
        Path conf = dir.resolve(name + ".conf");
        Path events = Files.createDirectories(dir.resolve(name + "-events"));
        Files.writeString(conf, STUDY.formatted(ITERATIONS, events.toUri()));
        Path out = dir.resolve(name + "-study");
        Path log = dir.resolve(name + "-driver.log");
        ProcessBuilder pb = new ProcessBuilder("bash", root.resolve("submit/cluster").toString(),
                conf.toUri().toString(), "--out", out.toUri().toString(),
                "--master", master, "--deploy-mode", "client", "--driver-memory", "768m",
                "--conf", "spark.driver.host=127.0.0.1", "--conf", "spark.driver.bindAddress=127.0.0.1",
                "--conf", "spark.ui.enabled=false", "--conf", "spark.executor.memory=512m",
                // Both executors take part from the first pass, so the kill takes cached partitions with it.
                "--conf", "spark.scheduler.minRegisteredResourcesRatio=1.0")
                .redirectErrorStream(true).redirectOutput(log.toFile());
        environment(pb.environment());
        pb.environment().put("AEDYN_JAR", appJar.toString());
        Process driver = pb.start();
        daemons.add(driver);
        boolean killedMidRun = false;
        try {
            if (killAfter != null) {
                awaitLog(log, killAfter, 120);
                ProcessHandle executor = workers.get(0).descendants().filter(StandaloneClusterIT::isExecutor)
                        .findFirst().orElseThrow(() -> new AssertionError("worker 0 runs no executor"));
                assertOnlyLoopbackListeners();
                executor.destroyForcibly();
                killedMidRun = !Files.exists(out.resolve("runs/" + FIRST_RUN + "/_SUCCESS"));
                executor.onExit().get(30, TimeUnit.SECONDS);
            }
            if (!driver.waitFor(150, TimeUnit.SECONDS)) fail("the study did not finish in 150 s; see " + log);
            assertEquals(0, driver.exitValue(), "exit code of the study; see " + log);
        } finally {
            driver.destroyForcibly();
        }
        assertTrue(Files.exists(out.resolve("_SUCCESS")), "the study wrote _SUCCESS; see " + log);
        return new Submitted(out, events, log, killedMidRun);
    }

    /** Every metric of every run, all but the wall-clock seconds, equal to 1e-9 relative. */
    private static void assertSameMetrics(Path expectedStudy, Path actualStudy) throws IOException {
        Map<String, List<String[]>> expected = metrics(expectedStudy);
        Map<String, List<String[]>> actual = metrics(actualStudy);
        assertEquals(expected.keySet(), actual.keySet(), "runs");
        assertEquals(2, expected.size(), "runs of the study");
        for (String run : expected.keySet()) {
            List<String[]> e = expected.get(run);
            List<String[]> a = actual.get(run);
            assertEquals(Arrays.asList(e.get(0)), Arrays.asList(a.get(0)), "header of " + run);
            assertEquals(ITERATIONS + 2, a.size(), "header and rows s = 0..T of " + run);
            List<String> header = Arrays.asList(e.get(0));
            // treeAggregate merges the partitions' sums in the order their tasks finish, so a gradient that
            // cancels to ~1e-11 at convergence differs in its low digits between any two runs, local ones too:
            // grad_norm is compared with an absolute floor of 1e-12 times the first gradient's norm.
            int gradNorm = header.indexOf("grad_norm");
            double gradFloor = 1e-12 * Math.abs(Double.parseDouble(e.get(1)[gradNorm]));
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
                    double tolerance = 1e-9 * Math.max(Math.abs(u), Math.abs(v));
                    if (c == gradNorm) tolerance = Math.max(tolerance, gradFloor);
                    assertTrue(Math.abs(u - v) <= tolerance || u == v,
                            where + ": local " + x + ", cluster " + y);
                }
            }
        }
    }

    private static Map<String, List<String[]>> metrics(Path study) throws IOException {
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

    private static boolean isExecutor(ProcessHandle p) {
        return p.isAlive() && p.info().commandLine().orElse("").contains("CoarseGrainedExecutorBackend");
    }

    /** The executors of the previous application are gone, so that the next kill hits the next application's. */
    private static void awaitNoExecutors() throws InterruptedException {
        await(() -> workers.stream().flatMap(Process::descendants).noneMatch(StandaloneClusterIT::isExecutor),
                30, "the executors of the previous application to exit");
    }

    /**
     * Every listening TCP socket of the cluster's JVMs (Master, Workers, executors, driver) is bound to the
     * loopback interface: found through /proc, from each process's socket inodes to /proc/net/tcp{,6}.
     */
    private static void assertOnlyLoopbackListeners() throws IOException {
        Set<String> inodes = new HashSet<>();
        List<ProcessHandle> processes = new ArrayList<>();
        for (Process d : daemons) {
            processes.add(d.toHandle());
            d.descendants().forEach(processes::add);
        }
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
                assertTrue(loopback, "a cluster JVM listens on " + f[1] + " (" + table + "), not on loopback");
            }
        }
        assertTrue(listening >= 5, "listening sockets found: " + listening);
    }

    private static Process startDaemon(Path log, String mainClass, String... args) throws IOException {
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        command.addAll(jvmFlags);
        command.addAll(List.of("-Xmx256m", "-cp", sparkHome.resolve("jars") + "/*",
                "-Dlog4j.configurationFile=" + dir.resolve("daemon-log4j2.properties"), mainClass));
        command.addAll(List.of(args));
        ProcessBuilder pb = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile());
        environment(pb.environment());
        return pb.start();
    }

    /** Everything on loopback; executors inherit this from their Worker. */
    private static void environment(Map<String, String> env) {
        env.put("SPARK_HOME", sparkHome.toString());
        env.put("SPARK_SCALA_VERSION", "2.13");
        env.put("SPARK_LOCAL_IP", "127.0.0.1");
        env.put("OPENBLAS_NUM_THREADS", "1");
    }

    /** Stops the driver, Workers (whose executors are their children) and Master, forcibly after 10 s. */
    private static synchronized void stopAll() {
        List<ProcessHandle> all = new ArrayList<>();
        for (int i = daemons.size() - 1; i >= 0; i--) {
            Process p = daemons.get(i);
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
        daemons.clear();
        workers.clear();
    }

    private static void awaitLog(Path log, String text, int seconds) throws InterruptedException {
        await(() -> {
            try {
                return Files.exists(log) && Files.readString(log).contains(text);
            } catch (IOException e) {
                return false;
            }
        }, seconds, "\"" + text + "\" in " + log);
    }

    private static void await(BooleanSupplier condition, int seconds, String what) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(seconds);
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) fail("waited " + seconds + " s for " + what);
            Thread.sleep(50);
        }
    }

    private static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return s.getLocalPort();
        }
    }

    private static String required(String property) {
        String v = System.getProperty(property);
        if (v == null || v.isBlank()) {
            throw new IllegalStateException("system property " + property + " is not set: run this test through Maven "
                    + "(mvn -B verify -Dgroups=cluster), which packages the jar and builds target/spark-home first");
        }
        return v;
    }

    private static void deleteTree(Path root) throws IOException {
        if (!Files.exists(root)) return;
        try (Stream<Path> s = Files.walk(root)) {
            for (Path p : s.sorted((a, b) -> b.compareTo(a)).toList()) Files.delete(p);
        }
    }
}
