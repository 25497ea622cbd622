package aedyn.data;

import java.io.Serializable;

/**
 * A data set cut into blocks of whole {@link SampleGenerator#CHUNK}s: block i holds samples
 * [i * blockSize, min(N, (i + 1) * blockSize)). Block contents depend only on the block index (and, for
 * fresh samples, the iteration), never on partitioning.
 */
public interface SampleSource extends Serializable {

    int n();

    long size();

    int blockSize();

    /** Block {@code index} of the pass at iteration {@code iteration} (ignored unless samples are fresh). */
    SampleBlock block(int index, int iteration);

    /** The same block, written into {@code reuse}'s arrays where the source can (fresh samples do). */
    default SampleBlock block(int index, int iteration, SampleBlock reuse) {
        return block(index, iteration);
    }

    /** Whether the samples carry their true codes x* (paper 1's support recovery needs them). */
    default boolean codesKnown() {
        return false;
    }

    /** True when every iteration draws new samples, so the blocks must not be cached. */
    default boolean fresh() {
        return false;
    }

    default int blockCount() {
        return (int) ((size() + blockSize() - 1) / blockSize());
    }

    default long first(int index) {
        return (long) index * blockSize();
    }

    default int count(int index) {
        return (int) Math.min(blockSize(), size() - first(index));
    }

    /**
     * Samples per cached block: about 8 MiB of samples, a whole number of chunks. Blocks are the unit of
     * caching and recomputation; the kernel walks each one in cache-sized panels of its own.
     */
    public static int cachedBlockSize(int n) {
        long chunks = Math.max(1, Math.min(64, (8L << 20) / (8L * n * SampleGenerator.CHUNK)));
        return (int) chunks * SampleGenerator.CHUNK;
    }

    /** A fixed data set drawn from the generative model. */
    static SampleSource generated(SampleGenerator generator, long size) {
        return new Generated(generator, size, cachedBlockSize(generator.n()));
    }

    /** Fresh samples every iteration, one chunk a block: drawn into a reused buffer and consumed while in cache. */
    static SampleSource fresh(SampleGenerator generator, long size) {
        return new Fresh(generator, size, SampleGenerator.CHUNK);
    }

    /** Samples drawn from the generative model with a fixed seed. */
    record Generated(SampleGenerator generator, long size, int blockSize) implements SampleSource {
        @Override
        public int n() {
            return generator.n();
        }

        @Override
        public SampleBlock block(int index, int iteration) {
            return generator.block(generator.seed(), first(index), count(index));
        }

        @Override
        public boolean codesKnown() {
            return true;
        }
    }

    /**
     * Fresh samples every iteration, drawn on the executors from (seed, iteration, chunk): N is limited by time,
     * not memory (paper 1, Theorem 4's "infinitely many samples").
     */
    record Fresh(SampleGenerator generator, long size, int blockSize) implements SampleSource {
        @Override
        public int n() {
            return generator.n();
        }

        @Override
        public boolean fresh() {
            return true;
        }

        @Override
        public boolean codesKnown() {
            return true;
        }

        @Override
        public SampleBlock block(int index, int iteration) {
            return block(index, iteration, null);
        }

        @Override
        public SampleBlock block(int index, int iteration, SampleBlock reuse) {
            return generator.fill(Seeds.derive(generator.seed(), iteration), first(index), count(index), reuse);
        }
    }
}
