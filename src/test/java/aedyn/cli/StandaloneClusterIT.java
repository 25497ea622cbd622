package aedyn.cli;

import com.github.luben.zstd.ZstdInputStream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The cluster path for real: a Spark standalone Master and two Workers as separate JVMs on 127.0.0.1, started
 * from the Maven-built SPARK_HOME (target/spark-home/jars, no Spark distribution), and the packaged shaded jar
 * submitted to them by submit/cluster through spark-submit in client mode. A study run there must give the
 * metrics of the same study in local mode, also when an executor JVM is killed in the middle of a run.
 * Run alone: {@code mvn -B verify -Dgroups=cluster}.
 */
@Tag("cluster")
@Timeout(value = 25, unit = TimeUnit.MINUTES) // ClusterTestSupport.PATIENCE
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
        ClusterTestSupport.deleteTree(dir);
        Files.createDirectories(dir);
        Runtime.getRuntime().addShutdownHook(new Thread(StandaloneClusterIT::stopAll));

        ClusterTestSupport.completeSparkHome(sparkHome, root);

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
        awaitLog(masterLog, "I have been elected leader", 180);
        for (int i = 0; i < 2; i++) {
            Path log = dir.resolve("worker-" + i + ".log");
            Process w = startDaemon(log, "org.apache.spark.deploy.worker.Worker", "--host", "127.0.0.1",
                    "--webui-port", String.valueOf(freePort()), "--cores", "1", "--memory", "1g",
                    "--work-dir", dir.resolve("worker-" + i).toString(), masterUrl);
            daemons.add(w);
            workers.add(w);
        }
        for (int i = 0; i < 2; i++) awaitLog(dir.resolve("worker-" + i + ".log"), "Successfully registered with master", 180);

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
        String job = "aedyn clusterit/" + FIRST_RUN + ": iteration 3/" + ITERATIONS;
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
                awaitLog(log, killAfter, 240);
                ProcessHandle executor = workers.get(0).descendants().filter(StandaloneClusterIT::isExecutor)
                        .findFirst().orElseThrow(() -> new AssertionError("worker 0 runs no executor"));
                assertOnlyLoopbackListeners();
                executor.destroyForcibly();
                killedMidRun = !Files.exists(out.resolve("runs/" + FIRST_RUN + "/_SUCCESS"));
                executor.onExit().get(30, TimeUnit.SECONDS);
            }
            assertEquals(0, ClusterTestSupport.finish(driver, 240, log), "exit code of the study; see " + log);
        } finally {
            driver.destroyForcibly();
        }
        assertTrue(Files.exists(out.resolve("_SUCCESS")), "the study wrote _SUCCESS; see " + log);
        return new Submitted(out, events, log, killedMidRun);
    }

    /**
     * Every metric of every run, all but the wall-clock seconds, equal to 1e-9 relative (grad_norm near convergence
     * with an absolute floor of 1e-12 times its first value: treeAggregate merges in task completion order).
     */
    private static void assertSameMetrics(Path expectedStudy, Path actualStudy) throws IOException {
        ClusterTestSupport.assertSameMetrics(expectedStudy, actualStudy, 2, ITERATIONS, 1e-9, 1e-12);
    }

    private static boolean isExecutor(ProcessHandle p) {
        return p.isAlive() && p.info().commandLine().orElse("").contains("CoarseGrainedExecutorBackend");
    }

    /** The executors of the previous application are gone, so that the next kill hits the next application's. */
    private static void awaitNoExecutors() throws InterruptedException {
        ClusterTestSupport.await(() -> workers.stream().flatMap(Process::descendants).noneMatch(StandaloneClusterIT::isExecutor),
                30, "the executors of the previous application to exit");
    }

    /** Every listening TCP socket of the cluster's JVMs (Master, Workers, executors, driver) is on loopback. */
    private static void assertOnlyLoopbackListeners() throws IOException {
        List<ProcessHandle> processes = new ArrayList<>();
        for (Process d : daemons) {
            processes.add(d.toHandle());
            d.descendants().forEach(processes::add);
        }
        int listening = ClusterTestSupport.assertOnlyLoopbackListeners(processes);
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
        ClusterTestSupport.stop(daemons);
        daemons.clear();
        workers.clear();
    }

    private static void awaitLog(Path log, String text, int seconds) throws InterruptedException {
        ClusterTestSupport.awaitLog(log, text, seconds);
    }

    private static int freePort() throws IOException {
        return ClusterTestSupport.freePort();
    }

    private static String required(String property) {
        return ClusterTestSupport.required(property, "cluster");
    }
}
