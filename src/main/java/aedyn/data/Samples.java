package aedyn.data;

import java.io.Serializable;
import java.util.Iterator;
import java.util.List;

/**
 * A cohort's samples and the one way to add something up over them: training's passes, the spectral start's power
 * iterations, the moments of PCA and of the energy blocks all call {@link #sum} and know nothing of where it runs.
 * The blocks lie in partitions fixed by the source's block count and the partition count (as Spark's parallelize
 * slices a range); each partition's blocks are folded into one partial sum, and the partial sums are added in
 * partition order, so a sum has the same bits wherever it runs: in Spark jobs ({@link DistributedSamples}), on the
 * driver's threads in local mode, or inside one task of a run-parallel study ({@link LocalSamples}). Which one a
 * study gets is decided in one place, {@link SampleSpace#of}.
 */
public interface Samples extends AutoCloseable {

    /** One partition's partial sum of its blocks, given the value the pass shares with every partition. */
    @FunctionalInterface
    interface PartitionSum<V, S> extends Serializable {
        S sum(V shared, Iterator<SampleBlock> blocks);
    }

    /** Adds {@code b} into {@code a} and returns it (a partial sum may be taken over and changed in place). */
    @FunctionalInterface
    interface Merge<S> extends Serializable {
        S merge(S a, S b);
    }

    /** Where the blocks come from. */
    SampleSource source();

    /** Whether every pass draws its own samples (then the blocks depend on the iteration). */
    default boolean fresh() {
        return source().fresh();
    }

    /** Whether the samples carry their true codes. */
    default boolean codesKnown() {
        return source().codesKnown();
    }

    /** How many partitions the blocks are in. */
    int partitions();

    /**
     * The sum over the blocks of the pass at {@code iteration}: {@code partition} folds each partition's blocks,
     * {@code merge} adds the partial sums in partition order (and, on a cluster where a tree of depth
     * {@code treeDepth} adds levels, on executors first). {@code shared} reaches the partitions once per pass (a
     * broadcast on a cluster, destroyed when the pass ends); {@code description} names the pass's Spark job.
     */
    <V extends Serializable, S> S sum(int iteration, V shared, PartitionSum<V, S> partition, Merge<S> merge,
                                      int treeDepth, String description);

    /** The first {@code count} blocks of the pass at iteration 0, in order (fewer if there are fewer). */
    List<SampleBlock> firstBlocks(int count);

    @Override
    void close();

    /**
     * The blocks of partition {@code p} of {@code partitions} over {@code blocks} blocks: the slice Spark's
     * parallelize gives a range (ParallelCollectionRDD.slice), so that every implementation partitions alike.
     */
    static int[] slice(int blocks, int partitions, int p) {
        int from = (int) ((long) p * blocks / partitions);
        int to = (int) ((long) (p + 1) * blocks / partitions);
        return new int[]{from, to};
    }

    /** The partition count a source of {@code blocks} blocks gets when {@code requested} are asked for. */
    static int partitions(int requested, int blocks) {
        return Math.max(1, Math.min(requested, blocks));
    }
}
