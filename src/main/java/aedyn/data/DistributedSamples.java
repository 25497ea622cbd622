package aedyn.data;

import org.apache.spark.TaskContext;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.broadcast.Broadcast;
import org.apache.spark.storage.StorageLevel;
import scala.jdk.javaapi.CollectionConverters;
import scala.reflect.ClassTag$;
import scala.runtime.AbstractFunction2;
import scala.runtime.BoxedUnit;

import java.io.Serializable;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;

/**
 * The samples of a cohort of runs as an RDD of blocks, every sum over them a Spark job: built and cached once for a
 * fixed data set, or rebuilt every iteration (uncached) when each pass draws fresh samples. The sample source (with
 * the dictionary A, n x m) reaches the executors as one broadcast per cohort: a closure holding it would put A into
 * every pass's task binary, since a cached RDD's lineage is shipped with each job.
 *
 * <p>A sum broadcasts its shared value, runs its partition function in one task per partition and destroys the
 * broadcast once the job has ended. With few partitions a treeAggregate of depth d adds no level: it is one stage
 * whose task results the driver folds itself. That plan is run directly, through runJob with a named function,
 * because treeAggregate's own closures cost the driver several milliseconds per call in Spark's closure cleaner (it
 * parses RDD's bytecode), and the results are added in partition order whatever order they arrive in, so a sum gives
 * the same bits every time and the same as {@link LocalSamples}. With more partitions the partial sums go through
 * treeReduce, whose levels keep the driver's memory bounded however many partitions there are (their order of
 * addition is then Spark's).
 */
public final class DistributedSamples implements Samples {
    private final JavaSparkContext sc;
    private final SampleSource source;
    private final Broadcast<SampleSource> shared;
    private final int partitions;
    private final JavaRDD<SampleBlock> cached;

    /** The samples of {@code source} in {@code partitions} partitions, cached when {@code cache} and not fresh. */
    public DistributedSamples(JavaSparkContext sc, SampleSource source, int partitions, boolean cache) {
        this.sc = sc;
        this.source = source;
        this.partitions = Samples.partitions(partitions, source.blockCount());
        this.shared = sc.broadcast(source);
        this.cached = source.fresh() ? null : cache ? blocks(0).setName("samples").persist(StorageLevel.MEMORY_ONLY()) : blocks(0);
    }

    @Override
    public SampleSource source() {
        return source;
    }

    @Override
    public int partitions() {
        return partitions;
    }

    /** The blocks of the pass at iteration {@code iteration}. */
    public JavaRDD<SampleBlock> forIteration(int iteration) {
        return cached != null ? cached : blocks(iteration);
    }

    @Override
    public List<SampleBlock> firstBlocks(int count) {
        return forIteration(0).take(count);
    }

    @Override
    public <V extends Serializable, S> S sum(int iteration, V value, PartitionSum<V, S> partition, Merge<S> merge,
                                             int treeDepth, String description) {
        JavaRDD<SampleBlock> blocks = forIteration(iteration);
        Broadcast<V> operand = sc.broadcast(value);
        sc.setJobDescription(description);
        try {
            if (treeAddsLevel(blocks.getNumPartitions(), treeDepth)) {
                return blocks.mapPartitions(it -> List.of(partition.sum(operand.value(), it)).iterator())
                        .treeReduce(merge::merge, treeDepth);
            }
            InOrder<S> total = new InOrder<>(merge);
            sc.sc().runJob(blocks.rdd(), new Task<>(operand, partition), (Object p, S part) -> {
                total.add((Integer) p, part);
                return BoxedUnit.UNIT;
            }, ClassTag$.MODULE$.apply(Object.class));
            return total.sum;
        } finally {
            sc.setJobDescription(null);
            operand.destroy();
        }
    }

    /** One task of a direct pass: its partition's sum. A named class, so that the closure cleaner has nothing to analyse. */
    private static final class Task<V, S> extends AbstractFunction2<TaskContext, scala.collection.Iterator<SampleBlock>, S>
            implements Serializable {
        private final Broadcast<V> operand;
        private final PartitionSum<V, S> partition;

        Task(Broadcast<V> operand, PartitionSum<V, S> partition) {
            this.operand = operand;
            this.partition = partition;
        }

        @Override
        public S apply(TaskContext context, scala.collection.Iterator<SampleBlock> blocks) {
            return partition.sum(operand.value(), CollectionConverters.asJava(blocks));
        }
    }

    /**
     * The driver's fold of task results in partition order: a result that arrives early waits until those of the
     * partitions before it have been added (results arrive on the scheduler's one event thread).
     */
    private static final class InOrder<S> {
        private final Merge<S> merge;
        private final Map<Integer, S> waiting = new HashMap<>();
        private int next;
        S sum;

        InOrder(Merge<S> merge) {
            this.merge = merge;
        }

        void add(int partition, S part) {
            waiting.put(partition, part);
            for (S p; (p = waiting.remove(next)) != null; next++) sum = next == 0 ? p : merge.merge(sum, p);
        }
    }

    /**
     * Whether a tree of depth {@code depth} over {@code partitions} partial sums merges some of them on executors
     * before the driver: Spark's own rule in treeAggregate, which stops adding levels once a level would not
     * reduce the number of sums the driver receives.
     */
    public static boolean treeAddsLevel(int partitions, int depth) {
        int scale = Math.max((int) Math.ceil(Math.pow(partitions, 1.0 / depth)), 2);
        return partitions > scale + Math.ceil((double) partitions / scale);
    }

    private JavaRDD<SampleBlock> blocks(int iteration) {
        List<Integer> indices = new ArrayList<>(source.blockCount());
        for (int i = 0; i < source.blockCount(); i++) indices.add(i);
        Broadcast<SampleSource> src = shared;
        JavaRDD<Integer> blockIndices = sc.parallelize(indices, partitions);
        if (!source.fresh()) {
            return blockIndices.map(i -> src.value().block(i, iteration).at(src.value().first(i)));
        }
        // Fresh blocks are consumed one at a time by the aggregation (never collected or cached), so one buffer
        // per partition serves them all.
        return blockIndices.mapPartitions(it -> new ReusingBlocks(src.value(), iteration, it));
    }

    /** Fresh blocks of one partition, each drawn into the arrays of the one before it. */
    private static final class ReusingBlocks implements Iterator<SampleBlock> {
        private final SampleSource source;
        private final int iteration;
        private final Iterator<Integer> indices;
        private SampleBlock last;

        ReusingBlocks(SampleSource source, int iteration, Iterator<Integer> indices) {
            this.source = source;
            this.iteration = iteration;
            this.indices = indices;
        }

        @Override
        public boolean hasNext() {
            return indices.hasNext();
        }

        @Override
        public SampleBlock next() {
            int index = indices.next();
            last = source.block(index, iteration, last).at(source.first(index));
            return last;
        }
    }

    @Override
    public void close() {
        if (cached != null && cached.getStorageLevel().useMemory()) cached.unpersist(false);
        shared.destroy();
    }
}
