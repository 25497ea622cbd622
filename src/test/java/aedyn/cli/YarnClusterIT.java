package aedyn.cli;

import org.apache.hadoop.fs.FileSystem;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Disabled;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The YARN path for real: a MiniYARNCluster (ResourceManager and one NodeManager, whose containers are child
 * processes of this JVM) over a MiniDFSCluster, both on loopback, and the packaged jar submitted by submit/cluster
 * with {@code --master yarn} as the README shows, HADOOP_CONF_DIR naming the clusters' configuration. The registry
 * has spark-yarn for Spark 4.0.1 only, so spark-submit, the ApplicationMaster and the executors run a Spark 4.0.1
 * home (target/spark-home-4.0, built from src/it/spark-4.0-home) while the reference runs in local mode on Spark
 * 4.1: the same jar, two Spark versions, the same metrics (1e-9 relative, as the standalone cluster test).
 * <ul>
 *   <li>client mode, the study file on hdfs://, one executor container killed (SIGKILL) at iteration 3;</li>
 *   <li>cluster mode, the study file local and shipped by submit/cluster with --files, the driver in the
 *       ApplicationMaster's container.</li>
 * </ul>
 * Run alone: {@code mvn -B verify -Dgroups=hadoop}.
 */
@Tag("hadoop")
@Timeout(value = 25, unit = TimeUnit.MINUTES) // ClusterTestSupport.PATIENCE
class YarnClusterIT {
    private static final int ITERATIONS = 20;
    private static final String STUDY = """
            study { name = yarnit, seed = 11, grid { "data.noise-sigma" = [0.01, 0.05] } }
            data { model = mixture, n = 64, m = 8, samples = 16384, partitions = 4 }
            model { activation = threshold, threshold = 0.5 }
            init { kind = perturb, delta = 0.3 }
            bias { init = 0, schedule = constant }
            train.iterations = %d
            """.formatted(ITERATIONS);
    private static final String FIRST_RUN = "data.noise-sigma=0.01";

    private static Path root;
    private static Path dir;
    private static Path sparkHome41;
    private static Path sparkHome40;
    private static Path appJar;
    private static HadoopTestCluster cluster;
    private static Path localStudy;
    private static final List<Process> children = new ArrayList<>();

    @BeforeAll
    static void startClustersAndRunLocally() throws Exception {
        root = Path.of(ClusterTestSupport.required("aedyn.projectDir", "hadoop"));
        sparkHome41 = Path.of(ClusterTestSupport.required("aedyn.sparkHome", "hadoop"));
        sparkHome40 = Path.of(ClusterTestSupport.required("aedyn.sparkHome40", "hadoop"));
        appJar = Path.of(ClusterTestSupport.required("aedyn.appJar", "hadoop"));
        dir = root.resolve("target/yarn-it");
        ClusterTestSupport.deleteTree(dir);
        Files.createDirectories(dir);
        Runtime.getRuntime().addShutdownHook(new Thread(YarnClusterIT::stopAll));
        ClusterTestSupport.completeSparkHome(sparkHome41, root);
        ClusterTestSupport.completeSparkHome(sparkHome40, root);
        assertTrue(Files.exists(sparkHome40.resolve("jars/spark-yarn_2.13-4.0.1.jar")), "Spark 4.0.1 home in " + sparkHome40);
        cluster = HadoopTestCluster.start(dir, "yarn-it", true);

        Path conf = dir.resolve("local.conf");
        Files.writeString(conf, STUDY);
        localStudy = dir.resolve("local-study");
        Path log = dir.resolve("local-driver.log");
        Process local = submit(sparkHome41, List.of(conf.toUri().toString(), "--out", localStudy.toUri().toString(),
                "--master", "local[2]", "--conf", "spark.driver.host=127.0.0.1",
                "--conf", "spark.driver.bindAddress=127.0.0.1"), log);
        assertEquals(0, ClusterTestSupport.finish(local, 150, log), "exit code of the local study; see " + log);
        assertTrue(Files.readString(log).contains("(Spark 4.1.0, local[2]"), "the reference ran on Spark 4.1: " + log);
    }

    @AfterAll
    static void stopClusters() {
        stopAll();
    }

    @Test
    void clientModeWithTheStudyFileOnHdfsSurvivesAKilledExecutorContainer() throws Exception {
        FileSystem fs = cluster.fileSystem();
        // The study file on HDFS, the output as hdfs:/// resolved through HADOOP_CONF_DIR's fs.defaultFS.
        try (OutputStream out = fs.create(new org.apache.hadoop.fs.Path("/aedyn/client.conf"))) {
            out.write(STUDY.getBytes(StandardCharsets.UTF_8));
        }
        String study = "hdfs:///aedyn/results/client";   // fs.defaultFS's NameNode
        Path log = dir.resolve("client-driver.log");
        Process driver = submit(sparkHome40, yarnArgs(cluster.hdfs() + "/aedyn/client.conf", study, "client"), log);
        boolean killedMidRun;
        try {
            // The driver's progress line of iteration 3, e.g. "data.noise-sigma=0.01  3/20  loss ...".
            ClusterTestSupport.awaitLog(log, FIRST_RUN + "  3/" + ITERATIONS + " ", 180);
            List<ProcessHandle> executors = executorContainers();
            assertEquals(2, executors.size(), "executor containers running");
            List<ProcessHandle> all = new ArrayList<>(ProcessHandle.current().descendants().toList());
            all.add(ProcessHandle.current());
            int listening = ClusterTestSupport.assertOnlyLoopbackListeners(all);
            assertTrue(listening >= 8, "listening sockets of NameNode, DataNode, ResourceManager, NodeManager, "
                    + "driver, executors: " + listening);
            executors.get(0).destroyForcibly();
            killedMidRun = !fs.exists(new org.apache.hadoop.fs.Path("/aedyn/results/client/runs/" + FIRST_RUN + "/_SUCCESS"));
            executors.get(0).onExit().get(30, TimeUnit.SECONDS);
            assertEquals(0, ClusterTestSupport.finish(driver, 240, log), "exit code of the study; see " + log);
        } finally {
            driver.destroyForcibly();
        }
        assertTrue(killedMidRun, "the executor was killed before the run finished");
        String output = Files.readString(log);
        assertTrue(output.contains("(Spark 4.0.1, yarn"), "the driver ran Spark 4.0.1 on YARN: " + log);
        assertTrue(output.contains("Lost executor") || output.contains("Container killed") || output.contains("exit code 137"),
                "the driver saw the executor go: " + log);
        assertSameMetricsAsLocal(new org.apache.hadoop.fs.Path("/aedyn/results/client"), "client");
    }

    @Test
    void clusterModeWithTheStudyFileShippedByFiles() throws Exception {
        Path conf = dir.resolve("cluster.conf");
        Files.writeString(conf, STUDY);
        // A relative --out: on the default file system (HDFS), under the user's home directory there.
        String study = "results/yarnit-cluster";
        Path log = dir.resolve("cluster-submit.log");
        List<String> args = new ArrayList<>(yarnArgs(conf.toString(), study, "cluster"));
        // As the README says: one attempt, since a second would find the study directory already written.
        args.addAll(List.of("--conf", "spark.yarn.maxAppAttempts=1"));
        Process submit = submit(sparkHome40, args, log);
        try {
            int code = ClusterTestSupport.finish(submit, 360, log);
            assertEquals(0, code, "exit code of spark-submit; see " + log + " and the container logs " + containerLogs());
        } finally {
            submit.destroyForcibly();
        }
        // spark-submit exits with 0 only when YARN reports the application SUCCEEDED; the driver's own log is the
        // ApplicationMaster container's stderr.
        String driver = driverLog("study yarnit, 2 run(s) -> " + study + " (Spark 4.0.1, yarn");
        assertTrue(driver.contains("aedyn: study finished: " + study), driver);
        FileSystem fs = cluster.fileSystem();
        assertSameMetricsAsLocal(new org.apache.hadoop.fs.Path(fs.getHomeDirectory(), study), "cluster");
    }

    @Test
    @Disabled("the test's Spark 4.0.1 home pairs jackson-databind 2.18.2 with jackson-core 2.17.2: the driver cannot read "
            + "the runs' run.json back (RunManifest's @JsonUnwrapped creator needs databind 2.20; read group by group, "
            + "TokenBuffer then fails on core 2.17: NoSuchMethodError ParserMinimalBase.<init>(StreamReadConstraints)). "
            + "The tasks themselves train and survive the killed container on Spark 4.0.1.")
    void aRunParallelSweepOnHdfsSurvivesAKilledContainerWithTheDataParallelBits() throws Exception {
        // The reference: the sweep data-parallel in local mode on Spark 4.1, local files.
        Path conf = Files.writeString(dir.resolve("sweep.conf"), ClusterTestSupport.SWEEP);
        Path reference = dir.resolve("sweep-data-parallel-study");
        Path referenceLog = dir.resolve("sweep-data-parallel.log");
        Process local = submit(sparkHome41, List.of(conf.toUri().toString(), "--out", reference.toUri().toString(),
                "--set", "study.execution=data-parallel", "--master", "local[2]",
                "--conf", "spark.driver.host=127.0.0.1", "--conf", "spark.driver.bindAddress=127.0.0.1"), referenceLog);
        assertEquals(0, ClusterTestSupport.finish(local, 150, referenceLog), "exit code of the reference; see " + referenceLog);

        FileSystem fs = cluster.fileSystem();
        String study = "hdfs:///aedyn/results/sweep";
        Path log = dir.resolve("sweep-driver.log");
        List<String> args = new ArrayList<>(yarnArgs(conf.toString(), study, "client"));
        args.addAll(List.of("--set", "study.execution=run-parallel"));
        Process driver = submit(sparkHome40, args, log);
        try {
            // The first tasks are under way once a run has a checkpoint on HDFS: kill a container then, mid-task.
            org.apache.hadoop.fs.Path checkpoints = new org.apache.hadoop.fs.Path("/aedyn/results/sweep/runs/*/checkpoint/state.json");
            ClusterTestSupport.await(() -> {
                if (!driver.isAlive()) return true;   // failed: its exit code says so below
                try {
                    org.apache.hadoop.fs.FileStatus[] found = fs.globStatus(checkpoints);
                    return found != null && found.length > 0;
                } catch (IOException racing) {
                    return false;
                }
            }, 180, "a run's first checkpoint under " + study + "; see " + log);
            assertTrue(driver.isAlive(), "the sweep ended before its first checkpoint: " + Files.readString(log));
            List<ProcessHandle> executors = executorContainers();
            assertEquals(2, executors.size(), "executor containers running");
            executors.get(0).destroyForcibly();
            executors.get(0).onExit().get(30, TimeUnit.SECONDS);
            assertEquals(0, ClusterTestSupport.finish(driver, 240, log), "exit code of the study; see " + log);
        } finally {
            driver.destroyForcibly();
        }
        String output = Files.readString(log);
        assertTrue(output.contains("(Spark 4.0.1, yarn"), "the driver ran Spark 4.0.1 on YARN: " + log);
        assertTrue(output.contains("aedyn: run-parallel: " + ClusterTestSupport.SWEEP_COHORTS + " cohort(s), "
                + ClusterTestSupport.SWEEP_RUNS + " run(s)"), log.toString());
        assertTrue(output.contains("Spark retries it from its last checkpoint"), "the driver saw a task fail with its container: " + log);
        Path copy = dir.resolve("sweep-study");
        fs.copyToLocalFile(new org.apache.hadoop.fs.Path("/aedyn/results/sweep"), new org.apache.hadoop.fs.Path(copy.toUri()));
        int resumed = ClusterTestSupport.assertSameRunFiles(reference, copy, ClusterTestSupport.SWEEP_RUNS);
        assertEquals(ClusterTestSupport.withoutSeconds(reference.resolve("summary.csv")),
                ClusterTestSupport.withoutSeconds(copy.resolve("summary.csv")), "summary.csv");
        System.out.printf("YarnClusterIT: a container killed mid-sweep, %d run(s) resumed from a checkpoint%n", resumed);
    }

    private static List<String> yarnArgs(String conf, String out, String deployMode) {
        return List.of(conf, "--out", out, "--master", "yarn", "--deploy-mode", deployMode,
                "--num-executors", "2", "--executor-cores", "1", "--executor-memory", "512m",
                "--driver-memory", "512m",
                // Every node of this cluster has the Spark home, so nothing is uploaded (a zip of 300 MB otherwise).
                "--conf", "spark.yarn.jars=local:" + sparkHome40.resolve("jars") + "/*",
                "--conf", "spark.ui.enabled=false",
                "--conf", "spark.yarn.appMasterEnv.SPARK_LOCAL_IP=127.0.0.1",
                "--conf", "spark.executorEnv.SPARK_LOCAL_IP=127.0.0.1",
                // Both executors take part from the first pass, so the kill takes cached partitions with it.
                "--conf", "spark.scheduler.minRegisteredResourcesRatio=1.0",
                "--conf", "spark.scheduler.maxRegisteredResourcesWaitingTime=120s");
    }

    private void assertSameMetricsAsLocal(org.apache.hadoop.fs.Path path, String name) throws Exception {
        Path copy = dir.resolve(name + "-study");
        FileSystem fs = cluster.fileSystem();
        assertTrue(fs.exists(new org.apache.hadoop.fs.Path(path, "_SUCCESS")), "the study on HDFS wrote _SUCCESS");
        fs.copyToLocalFile(path, new org.apache.hadoop.fs.Path(copy.toUri()));
        double deviation = ClusterTestSupport.assertSameMetrics(localStudy, copy, 2, ITERATIONS, 1e-9, 1e-12);
        System.out.printf("YarnClusterIT %s mode: largest relative deviation from local mode %.3g%n", name, deviation);
    }

    /** The executors' JVMs: containers the NodeManager (in this JVM) launched. */
    private static List<ProcessHandle> executorContainers() {
        return ProcessHandle.current().descendants()
                .filter(p -> p.isAlive() && p.info().command().orElse("").endsWith("/java")
                        && p.info().commandLine().orElse("").contains("YarnCoarseGrainedExecutorBackend"))
                .toList();
    }

    /** The stderr of the container whose driver printed {@code line}. */
    private static String driverLog(String line) throws IOException {
        try (Stream<Path> s = Files.walk(dir.resolve("yarn"))) {
            for (Path p : s.filter(p -> p.getFileName().toString().equals("stderr")).toList()) {
                String text = Files.readString(p);
                if (text.contains(line)) return text;
            }
        }
        throw new AssertionError("no container's stderr says \"" + line + "\": " + containerLogs());
    }

    private static String containerLogs() throws IOException {
        Path logs = dir.resolve("yarn");
        try (Stream<Path> s = Files.walk(logs)) {
            return s.filter(p -> p.getFileName().toString().equals("stderr")).map(Path::toString).toList().toString();
        }
    }

    /**
     * submit/cluster with the given Spark home, everything on loopback; with Spark 4.0.1 (YARN), HADOOP_CONF_DIR
     * names the test clusters' configuration, whose fs.defaultFS is then the HDFS.
     */
    private static Process submit(Path sparkHome, List<String> args, Path log) throws IOException {
        Path hadoopConf = sparkHome.equals(sparkHome40) ? cluster.confDir() : null;
        Process p = ClusterTestSupport.submitCluster(root, sparkHome, appJar, hadoopConf, args, log);
        children.add(p);
        return p;
    }

    private static synchronized void stopAll() {
        ClusterTestSupport.stop(children);
        children.clear();
        if (cluster != null) {
            cluster.close();
            cluster = null;
        }
    }
}
