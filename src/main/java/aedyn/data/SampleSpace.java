package aedyn.data;

import org.apache.spark.SparkConf;
import org.apache.spark.api.java.JavaSparkContext;

/**
 * Where a study's samples live and its sums run: the one place that chooses, by one rule.
 * <ul>
 *   <li>{@link Local}, when the master is local and {@link #LOCAL_PASSES} is true (the default): the executor is the
 *   driver's own JVM, so the samples are drawn into it and every sum runs the tasks' body on the local master's
 *   threads, without a Spark job per pass;</li>
 *   <li>{@link Local} with one thread inside a task of a run-parallel study (the task trains its runs whole);</li>
 *   <li>{@link Spark} otherwise: an RDD of blocks, and a Spark job per sum.</li>
 * </ul>
 * Either way a sum has the same bits ({@link Samples}). spark.aedyn.localPasses = false (--set, or --conf under
 * spark-submit) keeps one Spark job per pass in local mode (the Spark UI then shows every iteration as a named job);
 * the tests set it per thread, as a local property, to run the cluster's path in local mode.
 */
public sealed interface SampleSpace {
    /** The Spark property that turns the local passes off. */
    String LOCAL_PASSES = "spark.aedyn.localPasses";

    /** The samples of {@code source} in {@code partitions} partitions, cached unless fresh. */
    Samples samples(SampleSource source, int partitions);

    /** The same, drawn anew by every sum: for a pass made once, whose samples need not stay. */
    Samples uncached(SampleSource source, int partitions);

    /** The partition count when data.partitions leaves it to the space. */
    int defaultPartitions();

    /** Its name in the run's log and run.json: "spark-jobs" or "local-threads". */
    String passes();

    /** Spark jobs over an RDD of blocks. */
    record Spark(JavaSparkContext sc) implements SampleSpace {
        @Override
        public Samples samples(SampleSource source, int partitions) {
            return new DistributedSamples(sc, source, partitions, true);
        }

        @Override
        public Samples uncached(SampleSource source, int partitions) {
            return new DistributedSamples(sc, source, partitions, false);
        }

        @Override
        public int defaultPartitions() {
            return sc.defaultParallelism();
        }

        @Override
        public String passes() {
            return "spark-jobs";
        }
    }

    /** This JVM's threads over samples held in its heap; {@code partitions}: the default partition count. */
    record Local(int threads, int partitions) implements SampleSpace {
        @Override
        public Samples samples(SampleSource source, int count) {
            return new LocalSamples(source, count, threads, true);
        }

        @Override
        public Samples uncached(SampleSource source, int count) {
            return new LocalSamples(source, count, threads, false);
        }

        @Override
        public int defaultPartitions() {
            return partitions;
        }

        @Override
        public String passes() {
            return "local-threads";
        }
    }

    /** The space of a study's driver, by the rule above. */
    static SampleSpace of(JavaSparkContext sc) {
        if (!sc.isLocal() || !localPasses(sc)) return new Spark(sc);
        return new Local(localThreads(sc.master(), Runtime.getRuntime().availableProcessors()), sc.defaultParallelism());
    }

    /** Whether {@code conf} leaves the local passes on: {@link #LOCAL_PASSES} is true (the default) or false. */
    static boolean localPasses(SparkConf conf) {
        return parse(conf.get(LOCAL_PASSES, "true"));
    }

    /** {@link #LOCAL_PASSES} as a local property of this thread if set there, else as the context's configuration says. */
    static boolean localPasses(JavaSparkContext sc) {
        String set = sc.getLocalProperty(LOCAL_PASSES);
        return set != null ? parse(set) : localPasses(sc.getConf());
    }

    private static boolean parse(String value) {
        String v = value.trim();
        if (v.equalsIgnoreCase("true") || v.equalsIgnoreCase("false")) return Boolean.parseBoolean(v);
        throw new IllegalArgumentException(LOCAL_PASSES + " = " + value + ": must be true or false");
    }

    /** N of local[N] or local[N, F]; local[*] and local[*, F] are the cores, local alone one thread (Spark's rule). */
    static int localThreads(String master, int cores) {
        if (master.equals("local")) return 1;
        String inside = master.replaceAll("^local(-cluster)?\\[([^,\\]]*).*$", "$2").trim();
        if (inside.equals("*")) return cores;
        try {
            return Math.max(1, Integer.parseInt(inside));
        } catch (NumberFormatException e) {
            return cores;
        }
    }
}
