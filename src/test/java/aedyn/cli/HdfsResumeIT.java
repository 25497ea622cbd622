package aedyn.cli;

import aedyn.data.Npy;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.LocatedFileStatus;
import org.apache.hadoop.fs.RemoteIterator;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

/**
 * Checkpoints and --resume on HDFS, for real: a MiniDFSCluster holds the samples (.npy), the ground truth, the
 * study file and the study directory. The packaged jar runs through submit/cluster and spark-submit in local mode.
 * The study's two runs share their samples and train as one cohort; the shorter one finishes, leaves the cohort
 * and writes its directory, and the driver is killed with SIGKILL while the longer one is half done (after one of
 * its checkpoints); a second submission with --resume on the same hdfs:// directory finishes the study. Every run's
 * metrics must equal those of an uninterrupted run of the same study on local copies of the inputs (1e-12
 * relative), and nothing in the killed study's directory may look finished.
 * Run alone: {@code mvn -B verify -Dgroups=hadoop}.
 */
@Tag("hadoop")
@Timeout(value = 25, unit = TimeUnit.MINUTES) // ClusterTestSupport.PATIENCE
class HdfsResumeIT {
    private static final int N = 32;
    private static final int M = 4;
    private static final int SAMPLES = 4096;
    private static final int ITERATIONS = 16;
    private static final int SHORTER = 6;
    private static final String STUDY = """
            study { name = hdfsresume, seed = 5, grid { "train.iterations" = [%d, %d] } }
            data { model = file, m = %d, path = "%s/samples.npy", ground-truth = "%s/A.npy", partitions = 4 }
            model { activation = threshold, threshold = 0.5 }
            init { kind = perturb, delta = 0.4 }
            bias { init = 0, schedule = constant }
            train { checkpoint-every = 2, checkpoint-interval = 0 }
            study.lease.renew-every = 250ms
            """;
    private static final String FIRST = "train.iterations=" + SHORTER;
    private static final String KILLED = "train.iterations=" + ITERATIONS;

    private static Path root;
    private static Path dir;
    private static Path sparkHome;
    private static Path appJar;
    private static HadoopTestCluster cluster;
    private static final List<Process> children = new ArrayList<>();

    @BeforeAll
    static void startHdfs() throws Exception {
        root = Path.of(ClusterTestSupport.required("aedyn.projectDir", "hadoop"));
        sparkHome = Path.of(ClusterTestSupport.required("aedyn.sparkHome", "hadoop"));
        appJar = Path.of(ClusterTestSupport.required("aedyn.appJar", "hadoop"));
        dir = root.resolve("target/hdfs-it");
        ClusterTestSupport.deleteTree(dir);
        Files.createDirectories(dir);
        Runtime.getRuntime().addShutdownHook(new Thread(HdfsResumeIT::stopAll));
        ClusterTestSupport.completeSparkHome(sparkHome, root);
        cluster = HadoopTestCluster.start(dir, "hdfs-it", false);
    }

    @AfterAll
    static void stopHdfs() {
        stopAll();
    }

    @Test
    void aStudyOnHdfsKilledMidRunResumesToTheUninterruptedResult() throws Exception {
        Path inputs = Files.createDirectories(dir.resolve("inputs"));
        writeInputs(inputs);
        FileSystem fs = cluster.fileSystem();
        String hdfs = cluster.hdfs() + "/aedyn";
        fs.mkdirs(new org.apache.hadoop.fs.Path(hdfs + "/inputs"));
        for (String f : List.of("samples.npy", "A.npy")) {
            fs.copyFromLocalFile(new org.apache.hadoop.fs.Path(inputs.resolve(f).toUri()),
                    new org.apache.hadoop.fs.Path(hdfs + "/inputs/" + f));
        }
        String conf = hdfs + "/killed.conf";
        try (var out = fs.create(new org.apache.hadoop.fs.Path(conf))) {
            out.write(STUDY.formatted(SHORTER, ITERATIONS, M, hdfs + "/inputs", hdfs + "/inputs").getBytes());
        }
        String study = hdfs + "/results/killed";

        // The reference: the same study, uninterrupted, on local copies of the same files.
        Path referenceConf = dir.resolve("reference.conf");
        String local = inputs.toUri().toString().replaceAll("/$", "");
        Files.writeString(referenceConf, STUDY.formatted(SHORTER, ITERATIONS, M, local, local));
        Path reference = dir.resolve("reference-study");
        Process ref = submit(List.of(referenceConf.toUri().toString(), "--out", reference.toUri().toString()),
                dir.resolve("reference.log"));
        assertEquals(0, ClusterTestSupport.finish(ref, 180, dir.resolve("reference.log")), "exit code of the reference study");

        Path firstLog = dir.resolve("first.log");
        Process first = submit(List.of(conf, "--out", study), firstLog);
        org.apache.hadoop.fs.Path firstDone = new org.apache.hadoop.fs.Path(study + "/runs/" + FIRST + "/_SUCCESS");
        org.apache.hadoop.fs.Path checkpoint = new org.apache.hadoop.fs.Path(study + "/runs/" + KILLED + "/checkpoint/state.json");
        org.apache.hadoop.fs.Path lease = new org.apache.hadoop.fs.Path(study + "/" + aedyn.study.StudyLease.FILE);
        try {
            int patience = ClusterTestSupport.patient(120);
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(patience);
            while (!fs.exists(lease)) {
                if (!first.isAlive()) fail("the study ended before it took its lease:\n" + Files.readString(firstLog));
                if (System.nanoTime() > deadline) fail("no lease within " + patience + " s:\n" + Files.readString(firstLog));
                Thread.sleep(20);
            }
            // A second start on the running study's directory (here, before Spark) refuses, naming the driver.
            MainRun again = MainRun.of(conf, "--out", study, "--resume");
            assertEquals(Main.BAD_INPUT, again.code(), again.stderr());
            // submit/cluster execs spark-submit, which execs the driver's JVM: the same pid, or a descendant
            List<String> driverPids = java.util.stream.Stream.concat(java.util.stream.Stream.of(first.toHandle()), first.descendants())
                    .map(p -> "pid " + p.pid() + ",").toList();
            assertTrue(again.stderr().contains("held by host") && driverPids.stream().anyMatch(again.stderr()::contains),
                    again.stderr() + " names none of " + driverPids);
            while (!(fs.exists(firstDone) && fs.exists(checkpoint))) {
                if (!first.isAlive()) fail("the study ended before it could be killed:\n" + Files.readString(firstLog));
                if (System.nanoTime() > deadline) fail("no checkpoint within " + patience + " s:\n" + Files.readString(firstLog));
                Thread.sleep(20);
            }
        } finally {
            first.destroyForcibly();   // SIGKILL on Linux: no shutdown hooks, no cleanup
            first.waitFor(30, TimeUnit.SECONDS);
        }
        assertEquals(137, first.exitValue(), "killed by SIGKILL; see " + firstLog);

        // Nothing in the killed study's directory looks finished but the run that did finish.
        List<String> files = listFiles(fs, study);
        List<String> finished = files.stream().filter(f -> f.endsWith("/_SUCCESS")).toList();
        assertEquals(List.of("runs/" + FIRST + "/_SUCCESS"), finished, "the _SUCCESS markers of the killed study");
        for (String result : List.of("summary.csv", "aggregate.csv", "report.html")) {
            assertFalse(files.contains(result), result + " of a killed study: " + files);
        }
        for (String result : List.of("metrics.csv", "W.npy", "b.npy", "run.json")) {
            assertFalse(files.contains("runs/" + KILLED + "/" + result), "the killed run has no " + result + ": " + files);
        }
        assertTrue(files.contains("runs/" + KILLED + "/checkpoint/state.json"), files.toString());
        assertTrue(files.contains(aedyn.study.StudyLease.FILE), "the killed driver's lease stays: " + files);

        Path secondLog = dir.resolve("second.log");
        Process second = submit(List.of(conf, "--out", study, "--resume"), secondLog);
        assertEquals(0, ClusterTestSupport.finish(second, 180, secondLog), "exit code of the resumed study");
        assertTrue(fs.exists(new org.apache.hadoop.fs.Path(study + "/_SUCCESS")), "the resumed study finished");
        assertTrue(Files.readString(secondLog).contains("took over the stale lease of " + study), Files.readString(secondLog));
        assertFalse(fs.exists(lease), "the resumed study released its lease");

        Path resumed = dir.resolve("resumed-study");
        fs.copyToLocalFile(new org.apache.hadoop.fs.Path(study), new org.apache.hadoop.fs.Path(resumed.toUri()));
        double deviation = ClusterTestSupport.assertSameMetrics(reference, resumed, 2,
                run -> run.equals(FIRST) ? SHORTER : ITERATIONS, 1e-12, 0);
        System.out.printf("HdfsResumeIT: largest relative deviation from the uninterrupted study %.3g%n", deviation);
        Matcher resumedAt = Pattern.compile("\"resumed_from_iteration\": (\\d+)")
                .matcher(Files.readString(resumed.resolve("runs/" + KILLED + "/run.json")));
        assertTrue(resumedAt.find(), "the killed run continued from its checkpoint");
        int from = Integer.parseInt(resumedAt.group(1));
        assertTrue(from >= SHORTER && from < ITERATIONS && from % 2 == 0, "resumed after the shorter run left, at " + from);
        assertFalse(Files.readString(resumed.resolve("runs/" + FIRST + "/run.json")).contains("resumed_from_iteration"),
                "the finished run was kept, not run again");
        assertFalse(Files.exists(resumed.resolve("runs/" + KILLED + "/checkpoint")), "a finished run keeps no checkpoint");
    }

    @Test
    void aRunParallelSweepOnHdfsWhoseDriverIsKilledResumesToTheDataParallelBits() throws Exception {
        Path conf = Files.writeString(dir.resolve("sweep.conf"), ClusterTestSupport.SWEEP);
        Path reference = dir.resolve("sweep-data-parallel-study");
        Path referenceLog = dir.resolve("sweep-data-parallel.log");
        Process ref = submit(List.of(conf.toUri().toString(), "--out", reference.toUri().toString(),
                "--set", "study.execution=data-parallel"), referenceLog);
        assertEquals(0, ClusterTestSupport.finish(ref, 180, referenceLog), "exit code of the reference; see " + referenceLog);

        FileSystem fs = cluster.fileSystem();
        String study = cluster.hdfs() + "/aedyn/results/sweep";
        Path firstLog = dir.resolve("sweep-first.log");
        Process first = submit(List.of(conf.toUri().toString(), "--out", study, "--set", "study.execution=run-parallel"), firstLog);
        org.apache.hadoop.fs.Path finished = new org.apache.hadoop.fs.Path(study + "/runs/*/_SUCCESS");
        int finishedAtKill;
        try {
            ClusterTestSupport.await(() -> count(fs, finished) >= 3 || !first.isAlive(), 180,
                    "three finished runs under " + study + "; see " + firstLog);
        } finally {
            first.destroyForcibly();   // SIGKILL: no shutdown hooks, no cleanup
            first.waitFor(30, TimeUnit.SECONDS);
            finishedAtKill = count(fs, finished);
        }
        assertEquals(137, first.exitValue(), "the driver was killed by SIGKILL mid-sweep; see " + firstLog);
        assertTrue(finishedAtKill < ClusterTestSupport.SWEEP_RUNS && !fs.exists(new org.apache.hadoop.fs.Path(study + "/_SUCCESS")),
                "killed before the sweep ended: " + finishedAtKill + " run(s) finished");

        Path secondLog = dir.resolve("sweep-second.log");
        Process second = submit(List.of(conf.toUri().toString(), "--out", study, "--set", "study.execution=run-parallel",
                "--resume"), secondLog);
        assertEquals(0, ClusterTestSupport.finish(second, 180, secondLog), "exit code of the resumed study; see " + secondLog);
        String output = Files.readString(secondLog);
        assertTrue(output.contains("took over the stale lease of " + study), secondLog.toString());
        Matcher planned = Pattern.compile("aedyn: run-parallel: (\\d+) cohort\\(s\\), (\\d+) run\\(s\\)").matcher(output);
        assertTrue(planned.find(), "the resumed study trained run-parallel: " + secondLog);
        assertTrue(Integer.parseInt(planned.group(2)) <= ClusterTestSupport.SWEEP_RUNS - finishedAtKill,
                "only runs without _SUCCESS trained again: " + planned.group() + " after " + finishedAtKill + " finished");
        Path resumed = dir.resolve("sweep-resumed-study");
        fs.copyToLocalFile(new org.apache.hadoop.fs.Path(study), new org.apache.hadoop.fs.Path(resumed.toUri()));
        ClusterTestSupport.assertSameRunFiles(reference, resumed, ClusterTestSupport.SWEEP_RUNS);
        assertEquals(ClusterTestSupport.withoutSeconds(reference.resolve("summary.csv")),
                ClusterTestSupport.withoutSeconds(resumed.resolve("summary.csv")), "summary.csv");
        System.out.printf("HdfsResumeIT: driver killed after %d finished run(s); --resume trained %s%n", finishedAtKill, planned.group());
    }

    /** How many files match {@code glob}; 0 while none does or the directory is being written. */
    private static int count(FileSystem fs, org.apache.hadoop.fs.Path glob) {
        try {
            org.apache.hadoop.fs.FileStatus[] found = fs.globStatus(glob);
            return found == null ? 0 : found.length;
        } catch (IOException racing) {
            return 0;
        }
    }

    /**
     * Samples of a mixture, y = A_j + 0.05 η with j uniform, as (N, n) float64 in C order, and A (n, m) with unit
     * columns: any data would do, these make the runs converge like the paper's.
     */
    private static void writeInputs(Path inputs) throws IOException {
        SplittableRandom random = new SplittableRandom(17);
        double[] a = new double[N * M];
        for (int j = 0; j < M; j++) {
            double norm = 0;
            for (int i = 0; i < N; i++) {
                a[i + j * N] = random.nextGaussian();
                norm += a[i + j * N] * a[i + j * N];
            }
            for (int i = 0; i < N; i++) a[i + j * N] /= Math.sqrt(norm);
        }
        double[] y = new double[SAMPLES * N];   // column-major (N samples) x (n)
        for (int s = 0; s < SAMPLES; s++) {
            int j = random.nextInt(M);
            for (int i = 0; i < N; i++) y[s + i * SAMPLES] = a[i + j * N] + 0.05 * random.nextGaussian();
        }
        Npy.writeMatrix(inputs.resolve("samples.npy"), SAMPLES, N, y);
        Npy.writeMatrix(inputs.resolve("A.npy"), N, M, a);
    }

    /** Every file under a directory, relative to it. */
    private static List<String> listFiles(FileSystem fs, String directory) throws IOException {
        List<String> files = new ArrayList<>();
        String prefix = fs.getFileStatus(new org.apache.hadoop.fs.Path(directory)).getPath().toString() + "/";
        RemoteIterator<LocatedFileStatus> it = fs.listFiles(new org.apache.hadoop.fs.Path(directory), true);
        while (it.hasNext()) files.add(it.next().getPath().toString().substring(prefix.length()));
        return files;
    }

    /** The packaged jar through submit/cluster and spark-submit, in local[2], the driver on loopback. */
    private static Process submit(List<String> args, Path log) throws IOException {
        List<String> all = new ArrayList<>(args);
        all.addAll(List.of("--master", "local[2]", "--driver-memory", "768m",
                "--conf", "spark.driver.host=127.0.0.1", "--conf", "spark.driver.bindAddress=127.0.0.1",
                "--conf", "spark.ui.enabled=false"));
        Process p = ClusterTestSupport.submitCluster(root, sparkHome, appJar, cluster.confDir(), all, log);
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
