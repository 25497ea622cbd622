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
import java.util.regex.Matcher;
import java.util.regex.Pattern;
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
    private static final String SWEEP = ClusterTestSupport.SWEEP;
    private static final int SWEEP_RUNS = ClusterTestSupport.SWEEP_RUNS;
    private static final int SWEEP_COHORTS = ClusterTestSupport.SWEEP_COHORTS;
    /** The sweep trained data-parallel on the cluster (every pass a Spark job): what run-parallel must reproduce. */
    private static Path dataParallelSweep;

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

    @Test
    void aRunParallelSweepSurvivesAnExecutorKilledMidTaskWithTheDataParallelBits() throws Exception {
        Path reference = dataParallelSweep();
        Path log = dir.resolve("sweep-executor-driver.log");
        Path out = dir.resolve("sweep-executor-study");
        Process driver = startSweep("sweep-executor", "run-parallel", out, log, false);
        try {
            // The first tasks are under way once a run has a checkpoint: kill worker 0's executor then, mid-task.
            ClusterTestSupport.await(() -> !runsWith(out, "checkpoint/state.json").isEmpty() || !driver.isAlive(), 180,
                    "a run's first checkpoint in " + out + "; see " + log);
            assertTrue(driver.isAlive(), "the sweep ended before its first checkpoint; see " + log);
            ProcessHandle executor = workers.get(0).descendants().filter(StandaloneClusterIT::isExecutor)
                    .findFirst().orElseThrow(() -> new AssertionError("worker 0 runs no executor"));
            executor.destroyForcibly();
            executor.onExit().get(30, TimeUnit.SECONDS);
            assertEquals(0, ClusterTestSupport.finish(driver, 240, log), "exit code of the study; see " + log);
        } finally {
            driver.destroyForcibly();
        }
        String output = Files.readString(log);
        assertTrue(output.contains("aedyn: run-parallel: " + SWEEP_COHORTS + " cohort(s), " + SWEEP_RUNS + " run(s)"), log.toString());
        assertTrue(output.contains("Spark retries it from its last checkpoint"), "the driver saw a task fail with its executor: " + log);
        assertTrue(output.contains("aedyn: run-parallel: " + SWEEP_COHORTS + "/" + SWEEP_COHORTS + " done"), log.toString());
        int resumed = ClusterTestSupport.assertSameRunFiles(reference, out, SWEEP_RUNS);
        assertEquals(ClusterTestSupport.withoutSeconds(reference.resolve("summary.csv")),
                ClusterTestSupport.withoutSeconds(out.resolve("summary.csv")), "summary.csv");
        System.out.printf("StandaloneClusterIT: executor killed mid-sweep, %d run(s) resumed from a checkpoint%n", resumed);
    }

    @Test
    void aRunParallelSweepWhoseDriverIsKilledResumesToTheDataParallelBits() throws Exception {
        Path reference = dataParallelSweep();
        Path out = dir.resolve("sweep-driver-study");
        Path firstLog = dir.resolve("sweep-driver-first.log");
        Process first = startSweep("sweep-driver", "run-parallel", out, firstLog, false);
        int finishedAtKill;
        try {
            ClusterTestSupport.await(() -> runsWith(out, "_SUCCESS").size() >= 3 || !first.isAlive(), 180,
                    "three finished runs in " + out + "; see " + firstLog);
        } finally {
            first.destroyForcibly();   // SIGKILL: submit/cluster execs spark-submit, which execs the driver's JVM
            first.waitFor(30, TimeUnit.SECONDS);
            finishedAtKill = runsWith(out, "_SUCCESS").size();
        }
        assertEquals(137, first.exitValue(), "the driver was killed by SIGKILL mid-sweep; see " + firstLog);
        assertTrue(finishedAtKill < SWEEP_RUNS && !Files.exists(out.resolve("_SUCCESS")),
                "killed before the sweep ended: " + finishedAtKill + " run(s) finished");

        Path secondLog = dir.resolve("sweep-driver-resume.log");
        Process second = startSweep("sweep-driver", "run-parallel", out, secondLog, true);
        try {
            assertEquals(0, ClusterTestSupport.finish(second, 240, secondLog), "exit code of the resumed study; see " + secondLog);
        } finally {
            second.destroyForcibly();
        }
        String output = Files.readString(secondLog);
        assertTrue(output.contains("took over the stale lease"), secondLog.toString());
        Matcher planned = Pattern.compile("aedyn: run-parallel: (\\d+) cohort\\(s\\), (\\d+) run\\(s\\)").matcher(output);
        assertTrue(planned.find(), "the resumed study trained run-parallel: " + secondLog);
        assertTrue(Integer.parseInt(planned.group(2)) <= SWEEP_RUNS - finishedAtKill,
                "only runs without _SUCCESS trained again: " + planned.group() + " after " + finishedAtKill + " finished");
        ClusterTestSupport.assertSameRunFiles(reference, out, SWEEP_RUNS);
        assertEquals(ClusterTestSupport.withoutSeconds(reference.resolve("summary.csv")),
                ClusterTestSupport.withoutSeconds(out.resolve("summary.csv")), "summary.csv");
        System.out.printf("StandaloneClusterIT: driver killed after %d finished run(s); --resume trained %s%n",
                finishedAtKill, planned.group());
    }

    /** The sweep trained data-parallel on the cluster, once for the tests that need it. */
    private static synchronized Path dataParallelSweep() throws Exception {
        if (dataParallelSweep != null) return dataParallelSweep;
        Path out = dir.resolve("sweep-data-parallel-study");
        Path log = dir.resolve("sweep-data-parallel-driver.log");
        Process driver = startSweep("sweep-data-parallel", "data-parallel", out, log, false);
        try {
            assertEquals(0, ClusterTestSupport.finish(driver, 240, log), "exit code of the data-parallel sweep; see " + log);
        } finally {
            driver.destroyForcibly();
        }
        assertTrue(Files.readString(log).contains("aedyn: study.execution = data-parallel: 0 cohort(s) run-parallel, "
                + SWEEP_COHORTS + " data-parallel"), log.toString());
        dataParallelSweep = out;
        return out;
    }

    /** The names of the sweep's runs that have {@code file} (a path under the run's directory). */
    private static List<String> runsWith(Path study, String file) {
        Path runs = study.resolve("runs");
        if (!Files.isDirectory(runs)) return List.of();
        try (Stream<Path> s = Files.list(runs)) {
            return s.filter(r -> Files.exists(r.resolve(file))).map(r -> r.getFileName().toString()).toList();
        } catch (IOException racing) {
            return List.of();   // a run directory renamed into place while we looked
        }
    }

    /** Starts the sweep through submit/cluster on the standalone cluster with {@code study.execution}. */
    private static Process startSweep(String name, String execution, Path out, Path log, boolean resume) throws Exception {
        awaitNoExecutors();
        Path conf = dir.resolve(name + ".conf");
        Files.writeString(conf, SWEEP);
        List<String> command = new ArrayList<>(List.of("bash", root.resolve("submit/cluster").toString(),
                conf.toUri().toString(), "--out", out.toUri().toString(), "--set", "study.execution=" + execution,
                "--master", masterUrl, "--deploy-mode", "client", "--driver-memory", "768m",
                "--conf", "spark.driver.host=127.0.0.1", "--conf", "spark.driver.bindAddress=127.0.0.1",
                "--conf", "spark.ui.enabled=false", "--conf", "spark.executor.memory=512m",
                "--conf", "spark.scheduler.minRegisteredResourcesRatio=1.0"));
        if (resume) command.add("--resume");
        ProcessBuilder pb = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile());
        environment(pb.environment());
        pb.environment().put("AEDYN_JAR", appJar.toString());
        Process driver = pb.start();
        daemons.add(driver);
        return driver;
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
