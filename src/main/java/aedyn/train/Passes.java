package aedyn.train;

import aedyn.data.DistributedSamples;
import aedyn.data.SampleBlock;
import aedyn.model.PassSums;
import org.apache.commons.lang3.concurrent.BasicThreadFactory;
import org.apache.spark.SparkConf;
import org.apache.spark.SparkContext$;
import org.apache.spark.api.java.JavaSparkContext;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Future;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;

/**
 * How the loop's passes run. Every pass is a Spark job ({@link Pass}) on a cluster, over fresh samples, and where
 * a tree would add its sums on executors. In local mode over cached samples the executor is the driver's own JVM:
 * the partitions' blocks are handed over once, by one Spark job that caches them, and every pass then runs the tasks'
 * own body ({@link PartitionSums#sum}) over them on as many threads as the local master has, and folds the partitions'
 * sums in partition order as the job's driver does. The sums are the same, bit for bit; what goes is the scheduler's
 * share of a pass, 5 to 15 ms a job (README, "Small data and small batches"), which on the companion studies was a
 * third of every iteration. spark.aedyn.localPasses = false (--set, or --conf under spark-submit) keeps one Spark
 * job per pass (the Spark UI then shows every iteration as a named job); the tests set it per thread to run the
 * cluster's path in local mode.
 */
public interface Passes extends AutoCloseable {
    /** The Spark property that turns the local passes off. */
    String LOCAL_PASSES = "spark.aedyn.localPasses";

    /** Whether {@code conf} leaves the local passes on: {@link #LOCAL_PASSES} is true (the default) or false. */
    static boolean localPasses(SparkConf conf) {
        return parse(conf.get(LOCAL_PASSES, "true"));
    }

    /**
     * Whether the passes started from this thread may run locally: {@link #LOCAL_PASSES} as a local property of the
     * thread (SparkContext.setLocalProperty, inherited by the threads it starts, as Spark's scheduler pool is), else
     * as the context's configuration says.
     */
    static boolean localPasses(JavaSparkContext sc) {
        String set = sc.getLocalProperty(LOCAL_PASSES);
        return set != null ? parse(set) : localPasses(sc.getConf());
    }

    private static boolean parse(String value) {
        String v = value.trim();
        if (v.equalsIgnoreCase("true") || v.equalsIgnoreCase("false")) return Boolean.parseBoolean(v);
        throw new IllegalArgumentException(LOCAL_PASSES + " = " + value + ": must be true or false");
    }

    /** Every member's sums at iteration {@code s}, in the order of {@code requests}. */
    PassSums[] sums(int s, List<Pass.Request> requests);

    @Override
    default void close() {
    }

    /** The passes of a cohort over {@code samples}, reduced with {@code treeDepth}. */
    static Passes of(JavaSparkContext sc, DistributedSamples samples, int treeDepth) {
        boolean local = sc.isLocal() && !samples.fresh() && localPasses(sc)
                && !Pass.treeAddsLevel(samples.partitions(), treeDepth);
        return local ? new Local(samples.localBlocks(), Local.threads(sc))
                : (s, requests) -> Pass.sums(sc, samples.forIteration(s), requests, treeDepth);
    }

    /** The passes of local mode: the tasks' body over the handed-over blocks, on the local master's threads. */
    final class Local implements Passes {
        /**
         * One pool per thread count, shared by every cohort in the JVM (cohorts can train side by side), as the local
         * master's task slots are: idle threads end after a minute.
         */
        private static final Map<Integer, ExecutorService> POOLS = new ConcurrentHashMap<>();

        private final List<List<SampleBlock>> partitions;
        private final ExecutorService threads;

        Local(List<List<SampleBlock>> partitions, ExecutorService threads) {
            this.partitions = partitions;
            this.threads = threads;
        }

        @Override
        public PassSums[] sums(int s, List<Pass.Request> requests) {
            List<Pass.Request> members = List.copyOf(requests);
            List<Future<PassSums[]>> tasks = new ArrayList<>(partitions.size());
            for (List<SampleBlock> blocks : partitions) {
                tasks.add(threads.submit(() -> PartitionSums.sum(members, blocks.iterator())));
            }
            Pass.InOrder total = new Pass.InOrder();
            try {
                for (int p = 0; p < tasks.size(); p++) total.add(p, Trainer.await(tasks.get(p)));
            } finally {
                for (Future<PassSums[]> task : tasks) task.cancel(false); // after a failure, none still queued starts
            }
            return total.sums;
        }

        /** The threads of the local master (local[N] has N; Spark's own rule reads local[*] and the others). */
        static ExecutorService threads(JavaSparkContext sc) {
            int n = Math.max(1, SparkContext$.MODULE$.numDriverCores(sc.master(), sc.getConf()));
            return POOLS.computeIfAbsent(n, count -> {
                ThreadPoolExecutor pool = new ThreadPoolExecutor(count, count, 60, TimeUnit.SECONDS, new LinkedBlockingQueue<>(),
                        BasicThreadFactory.builder().namingPattern("aedyn-pass-%d").daemon(true).build());
                pool.allowCoreThreadTimeOut(true);
                return pool;
            });
        }
    }
}
