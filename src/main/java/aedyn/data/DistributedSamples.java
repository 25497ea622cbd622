package aedyn.data;

import org.apache.spark.TaskContext;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.broadcast.Broadcast;
import org.apache.spark.storage.StorageLevel;

import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The samples of a cohort of runs as an RDD of blocks: built and cached once for a fixed data set, or rebuilt every
 * iteration (uncached) when each pass draws fresh samples. The sample source (with the dictionary A, n x m)
 * reaches the executors as one broadcast per cohort: a closure holding it would put A into every pass's task
 * binary, since a cached RDD's lineage is shipped with each job.
 */
public final class DistributedSamples implements AutoCloseable {
    private final JavaSparkContext sc;
    private final SampleSource source;
    private final Broadcast<SampleSource> shared;
    private final int partitions;
    private final JavaRDD<SampleBlock> cached;

    public DistributedSamples(JavaSparkContext sc, SampleSource source, int partitions) {
        this.sc = sc;
        this.source = source;
        this.partitions = Math.max(1, Math.min(partitions, source.blockCount()));
        this.shared = sc.broadcast(source);
        this.cached = source.fresh() ? null : blocks(0).setName("samples").persist(StorageLevel.MEMORY_ONLY());
    }

    /** Whether every pass draws its own samples (then the blocks depend on the iteration). */
    public boolean fresh() {
        return source.fresh();
    }

    /** Whether the samples carry their true codes. */
    public boolean codesKnown() {
        return source.codesKnown();
    }

    /** How many partitions the blocks are in. */
    public int partitions() {
        return partitions;
    }

    /** The blocks of the pass at iteration {@code iteration}. */
    public JavaRDD<SampleBlock> forIteration(int iteration) {
        return cached != null ? cached : blocks(iteration);
    }

    /** Partitions being handed over by {@link #localBlocks}, under the call's own key. */
    private static final Map<Long, Map<Integer, List<SampleBlock>>> HANDED = new ConcurrentHashMap<>();
    private static final AtomicLong KEYS = new AtomicLong();

    /**
     * In local mode, the cached blocks of every partition in partition order, as the block store holds them: the
     * executor's store is this JVM's heap, so one Spark job (which caches them if no pass has yet) hands the
     * references over, and nothing is copied.
     */
    public List<List<SampleBlock>> localBlocks() {
        if (cached == null || !sc.isLocal()) {
            throw new IllegalStateException("only cached samples in local mode are in this JVM");
        }
        long key = KEYS.incrementAndGet();
        HANDED.put(key, new ConcurrentHashMap<>());
        try {
            cached.foreachPartition(blocks -> {
                List<SampleBlock> list = new ArrayList<>();
                blocks.forEachRemaining(list::add);
                HANDED.get(key).put(TaskContext.getPartitionId(), list);
            });
            Map<Integer, List<SampleBlock>> handed = HANDED.get(key);
            List<List<SampleBlock>> byPartition = new ArrayList<>(partitions);
            for (int p = 0; p < partitions; p++) byPartition.add(List.copyOf(handed.get(p)));
            return byPartition;
        } finally {
            HANDED.remove(key);
        }
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
        if (cached != null) cached.unpersist(false);
        shared.destroy();
    }
}
