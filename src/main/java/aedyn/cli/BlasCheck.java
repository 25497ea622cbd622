package aedyn.cli;

import dev.ludovic.netlib.blas.BLAS;
import org.apache.spark.SparkConf;
import org.apache.spark.api.java.JavaSparkContext;

import java.util.ArrayList;
import java.util.List;

/**
 * Which BLAS the executors bound, and the thread settings that keep BLAS threads x task slots within the
 * cores. dev.ludovic.netlib binds a native BLAS (libblas.so.3, e.g. Debian's OpenBLAS) through JNI when
 * it can and otherwise falls back to Java code that runs 10-30 times slower.
 */
final class BlasCheck {
    private BlasCheck() {
    }

    /** One BLAS thread per Spark task unless the user chose otherwise: Spark already runs a task per core. */
    static void pinThreads(SparkConf conf) {
        for (String var : List.of("OPENBLAS_NUM_THREADS", "OMP_NUM_THREADS", "MKL_NUM_THREADS")) {
            conf.setIfMissing("spark.executorEnv." + var, "1");
        }
    }

    /** The JVM option that gives netlib's Java fallback the Vector API (VectorBLAS, about twice as fast). */
    static final String VECTOR_MODULE = "--add-modules=jdk.incubator.vector";

    /**
     * Executors started for this session get the Vector API module added to their java options (Spark 4.1's own
     * launcher adds it too; older ones and other launchers may not). The driver has it from its own command line.
     */
    static void addVectorModule(SparkConf conf) {
        String key = "spark.executor.extraJavaOptions";
        String options = conf.get(key, "");
        if (!options.contains("jdk.incubator.vector") && !conf.get("spark.executor.defaultJavaOptions", "").contains("jdk.incubator.vector")) {
            conf.set(key, options.isBlank() ? VECTOR_MODULE : options + " " + VECTOR_MODULE);
        }
    }

    /**
     * The distinct BLAS implementations bound by the JVMs that run tasks: in local mode the driver's own, read
     * directly (the tasks run in this JVM, and a probe job with its shuffle costs a second of start-up); on a
     * cluster from a probe on every executor.
     */
    static List<String> executorImplementations(JavaSparkContext sc) {
        if (sc.master().startsWith("local")) return List.of(BLAS.getInstance().getClass().getName());
        int slots = Math.max(1, sc.defaultParallelism());
        List<Integer> probes = new ArrayList<>();
        for (int i = 0; i < 2 * slots; i++) probes.add(i);
        sc.setJobDescription("which BLAS the executors bound");
        List<String> names = sc.parallelize(probes, probes.size())
                .map(i -> BLAS.getInstance().getClass().getName()).distinct().collect();
        sc.setJobDescription(null);
        return names;
    }

    /** Warnings for the start of a study: a JVM on the pure-Java fallback, or unpinned BLAS threads in local mode. */
    static List<String> warnings(List<String> implementations, boolean localMode, String openblasThreads) {
        List<String> warnings = new ArrayList<>();
        if (implementations.stream().anyMatch(name -> !name.endsWith(".JNIBLAS"))) {
            warnings.add("no native BLAS was found (libblas.so.3) in " + implementations + "; the Java fallback is"
                    + " 5-30x slower. Install one (Debian: apt-get install libopenblas0-pthread) or name it with"
                    + " -Ddev.ludovic.netlib.blas.nativeLib=...");
        }
        if (implementations.stream().anyMatch(name -> name.endsWith(".Java11BLAS") || name.endsWith(".JavaBLAS"))) {
            warnings.add("the Java BLAS runs without the Vector API in " + implementations + ", about half as fast as"
                    + " with it: start the JVMs with " + VECTOR_MODULE);
        }
        if (localMode && openblasThreads == null) {
            warnings.add("OPENBLAS_NUM_THREADS is not set: every task may start one BLAS thread per core"
                    + " (submit/local sets it to 1)");
        }
        return warnings;
    }
}
