package aedyn.cli;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * What submit/cluster hands to spark-submit, checked with a spark-submit that prints its arguments; the real
 * spark-submit runs in {@link StandaloneClusterIT}.
 */
class SubmitScriptTest {
    private static final Path SCRIPT = Path.of("submit/cluster").toAbsolutePath();

    @TempDir
    Path dir;
    private Path jar;
    private Path study;

    @BeforeEach
    void fakeSparkHome() throws IOException {
        Path bin = Files.createDirectories(dir.resolve("spark/bin"));
        Files.writeString(bin.resolve("spark-submit"), "#!/usr/bin/env bash\nprintf '%s\\n' \"$@\"\n");
        assertTrue(bin.resolve("spark-submit").toFile().setExecutable(true));
        jar = Files.writeString(dir.resolve("aedyn.jar"), "");
        study = Files.writeString(dir.resolve("study.conf"), "study.name = s\n");
    }

    @Test
    void clientModePassesTheStudyFileAndOptionsThrough() throws Exception {
        Result r = run(study.toString(), "--master", "spark://10.0.0.1:7077", "--conf", "spark.executor.memory=4g",
                "--out", "hdfs:///results/s", "--set", "data.samples=100", "--executor-cores", "2");
        assertEquals(0, r.code(), r.output().toString());
        assertEquals(List.of("--class", "aedyn.cli.Main", "--deploy-mode", "client", "--master", "spark://10.0.0.1:7077",
                "--conf", "spark.executor.memory=4g", "--executor-cores", "2", CONF, DRIVER_VECTOR_OPTIONS, CONF,
                EXECUTOR_VECTOR_OPTIONS, jar.toString(), study.toString(),
                "--out", "hdfs:///results/s", "--set", "data.samples=100"), r.output());
    }

    @Test
    void clusterModeShipsALocalStudyFileAndNamesItByItsBasename() throws Exception {
        Result r = run("file://" + study, "--deploy-mode", "cluster", "--master", "yarn", "--files", "extra.txt");
        assertEquals(0, r.code(), r.output().toString());
        assertEquals(List.of("--class", "aedyn.cli.Main", "--deploy-mode", "cluster", "--master", "yarn",
                "--files", "extra.txt," + study, CONF, DRIVER_VECTOR_OPTIONS, CONF, EXECUTOR_VECTOR_OPTIONS,
                jar.toString(), "study.conf"), r.output());
    }

    @Test
    void resumeIsAStudyOptionWithoutAValue() throws Exception {
        Result r = run("hdfs:///studies/s.conf", "--resume", "--master", "yarn", "--out", "hdfs:///results/s");
        assertEquals(0, r.code(), r.output().toString());
        assertEquals(List.of("--class", "aedyn.cli.Main", "--deploy-mode", "client", "--master", "yarn",
                CONF, DRIVER_VECTOR_OPTIONS, CONF, EXECUTOR_VECTOR_OPTIONS,
                jar.toString(), "hdfs:///studies/s.conf", "--resume", "--out", "hdfs:///results/s"), r.output());
    }

    @Test
    void clusterModeReadsARemoteStudyFileWhereItIs() throws Exception {
        Result r = run("s3a://bucket/study.conf", "--deploy-mode", "cluster", "--master", "k8s://https://k:443");
        assertEquals(0, r.code(), r.output().toString());
        assertEquals(List.of("--class", "aedyn.cli.Main", "--deploy-mode", "cluster", "--master", "k8s://https://k:443",
                CONF, DRIVER_VECTOR_OPTIONS, CONF, EXECUTOR_VECTOR_OPTIONS, jar.toString(), "s3a://bucket/study.conf"),
                r.output());
    }

    @Test
    void theVectorModuleJoinsTheJavaOptionsGivenNeverReplacingThem() throws Exception {
        Result given = run(study.toString(), "--conf", "spark.executor.extraJavaOptions=-Xss4m",
                "--driver-java-options", "-Dx=1");
        assertEquals(0, given.code(), given.output().toString());
        assertEquals(List.of("--class", "aedyn.cli.Main", "--deploy-mode", "client",
                "--conf", "spark.executor.extraJavaOptions=-Xss4m --add-modules=jdk.incubator.vector",
                "--driver-java-options", "-Dx=1 --add-modules=jdk.incubator.vector", jar.toString(), study.toString()),
                given.output());
        Path defaults = Files.createDirectories(dir.resolve("spark/conf")).resolve("spark-defaults.conf");
        Files.writeString(defaults, "spark.executor.extraJavaOptions   -Dfrom=defaults\n"
                + "spark.driver.extraJavaOptions=--add-modules=jdk.incubator.vector -Dy=2\n");
        Result fromDefaults = run(study.toString());
        assertEquals(List.of("--class", "aedyn.cli.Main", "--deploy-mode", "client", CONF,
                "spark.executor.extraJavaOptions=-Dfrom=defaults --add-modules=jdk.incubator.vector", jar.toString(),
                study.toString()), fromDefaults.output());
    }

    /** What submit/cluster adds when no java options are given: the Vector API module for netlib's Java BLAS. */
    private static final String CONF = "--conf";
    private static final String DRIVER_VECTOR_OPTIONS = "spark.driver.extraJavaOptions=--add-modules=jdk.incubator.vector";
    private static final String EXECUTOR_VECTOR_OPTIONS = "spark.executor.extraJavaOptions=--add-modules=jdk.incubator.vector";

    @Test
    void badUsageIsReportedWithTheBadValue() throws Exception {
        Result mode = run(study.toString(), "--deploy-mode", "remote");
        assertEquals(2, mode.code());
        assertTrue(String.join("\n", mode.output()).contains("--deploy-mode remote"), mode.output().toString());
        Result help = run("--help");
        assertEquals(0, help.code());
        assertTrue(help.output().get(0).startsWith("usage: submit/cluster"), help.output().toString());
    }

    private record Result(int code, List<String> output) {
    }

    private Result run(String... args) throws Exception {
        List<String> command = new ArrayList<>(List.of("bash", SCRIPT.toString()));
        command.addAll(List.of(args));
        ProcessBuilder pb = new ProcessBuilder(command).redirectErrorStream(true);
        Map<String, String> env = pb.environment();
        env.put("SPARK_HOME", dir.resolve("spark").toString());
        env.put("AEDYN_JAR", jar.toString());
        Process p = pb.start();
        List<String> lines = new String(p.getInputStream().readAllBytes()).lines().toList();
        assertTrue(p.waitFor(30, TimeUnit.SECONDS), "submit/cluster finished");
        return new Result(p.exitValue(), lines);
    }
}
