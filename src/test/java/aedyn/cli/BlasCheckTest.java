package aedyn.cli;

import org.apache.spark.SparkConf;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class BlasCheckTest {

    @Test
    void warnsWhenAnyExecutorRunsTheJavaFallback() {
        assertEquals(List.of(), BlasCheck.warnings(List.of("dev.ludovic.netlib.blas.JNIBLAS"), true, "1"));
        List<String> w = BlasCheck.warnings(List.of("dev.ludovic.netlib.blas.JNIBLAS", "dev.ludovic.netlib.blas.Java11BLAS"), false, null);
        assertEquals(2, w.size());
        assertTrue(w.get(0).contains("Java11BLAS") && w.get(0).contains("libopenblas0-pthread"), w.get(0));
        assertTrue(w.get(1).contains("--add-modules=jdk.incubator.vector"), w.get(1));
        List<String> vector = BlasCheck.warnings(List.of("dev.ludovic.netlib.blas.VectorBLAS"), false, null);
        assertEquals(1, vector.size(), vector.toString());
    }

    @Test
    void executorsGetTheVectorModuleJoinedToTheirJavaOptions() {
        SparkConf none = new SparkConf(false);
        BlasCheck.addVectorModule(none);
        assertEquals("--add-modules=jdk.incubator.vector", none.get("spark.executor.extraJavaOptions"));
        SparkConf given = new SparkConf(false).set("spark.executor.extraJavaOptions", "-Xss4m");
        BlasCheck.addVectorModule(given);
        assertEquals("-Xss4m --add-modules=jdk.incubator.vector", given.get("spark.executor.extraJavaOptions"));
        BlasCheck.addVectorModule(given);
        assertEquals("-Xss4m --add-modules=jdk.incubator.vector", given.get("spark.executor.extraJavaOptions"));
    }

    @Test
    void theJvmsOfTheBuildHaveTheVectorApi() {
        // surefire's argLine and the submit scripts share pom.xml's spark.jvm.flags
        assertTrue(ModuleLayer.boot().findModule("jdk.incubator.vector").isPresent());
    }

    @Test
    void warnsAboutUnpinnedThreadsOnlyInLocalMode() {
        assertTrue(BlasCheck.warnings(List.of("dev.ludovic.netlib.blas.JNIBLAS"), true, null).get(0).contains("OPENBLAS_NUM_THREADS"));
        assertEquals(List.of(), BlasCheck.warnings(List.of("dev.ludovic.netlib.blas.JNIBLAS"), false, null));
    }

    @Test
    void executorsGetOneBlasThreadPerTaskUnlessTheUserChose() {
        SparkConf conf = new SparkConf(false).set("spark.executorEnv.OPENBLAS_NUM_THREADS", "4");
        BlasCheck.pinThreads(conf);
        assertEquals("4", conf.get("spark.executorEnv.OPENBLAS_NUM_THREADS"));
        assertEquals("1", conf.get("spark.executorEnv.OMP_NUM_THREADS"));
        assertEquals("1", conf.get("spark.executorEnv.MKL_NUM_THREADS"));
    }
}
