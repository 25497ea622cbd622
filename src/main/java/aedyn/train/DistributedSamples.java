package aedyn.train;

import aedyn.data.SampleBlock;
import aedyn.data.SampleSource;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.storage.StorageLevel;

import java.util.ArrayList;
import java.util.List;

/**
 * The samples of a run as an RDD of blocks: built and cached once for a fixed data set, or rebuilt every
 * iteration (uncached) when each pass draws fresh samples.
 */
public final class DistributedSamples implements AutoCloseable {
    private final JavaSparkContext sc;
    private final SampleSource source;
    private final int partitions;
    private final JavaRDD<SampleBlock> cached;

    public DistributedSamples(JavaSparkContext sc, SampleSource source, int partitions) {
        this.sc = sc;
        this.source = source;
        this.partitions = Math.max(1, Math.min(partitions, source.blockCount()));
        this.cached = source.fresh() ? null : blocks(0).setName("samples").persist(StorageLevel.MEMORY_ONLY());
    }

    /** The blocks of the pass at iteration {@code iteration}. */
    public JavaRDD<SampleBlock> forIteration(int iteration) {
        return cached != null ? cached : blocks(iteration);
    }

    private JavaRDD<SampleBlock> blocks(int iteration) {
        List<Integer> indices = new ArrayList<>(source.blockCount());
        for (int i = 0; i < source.blockCount(); i++) indices.add(i);
        SampleSource src = source;
        return sc.parallelize(indices, partitions).map(i -> src.block(i, iteration));
    }

    @Override
    public void close() {
        if (cached != null) cached.unpersist(false);
    }
}
