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
     * Samples per block: enough for BLAS level 3 to run at speed, few enough that the kernel's buffers
     * (Y and R, n x B; three m x B) stay near 16 MiB; a whole number of chunks.
     */
    static int blockSizeFor(int n, int m) {
        long target = (16L << 20) / (8L * (2L * n + 3L * m));
        long chunks = Math.max(1, Math.min(16, target / SampleGenerator.CHUNK));
        return (int) chunks * SampleGenerator.CHUNK;
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
    }
}
