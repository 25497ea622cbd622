package aedyn.data;

import java.io.Serializable;
import java.util.SplittableRandom;

/**
 * Draws samples y = A x* + eta. Samples are seeded in fixed chunks of {@link #CHUNK} so that sample j is
 * the same whatever the block size, partition count or executor that computes it, and a lost block is
 * recomputed bit-identically.
 */
public record SampleGenerator(CodeModel codes, double[] a, int n, double noiseSigma, long seed) implements Serializable {

    /** Samples per independently seeded chunk; compute blocks are whole multiples of it. */
    public static final int CHUNK = 256;

    public int m() {
        return codes.m();
    }

    /**
     * Samples [first, first + count) of the data set with the given stream seed (the data seed for a fixed
     * data set, a per-iteration seed for fresh samples). {@code first} must be a multiple of CHUNK.
     */
    public SampleBlock block(long streamSeed, long first, int count) {
        return fill(streamSeed, first, count, null);
    }

    /**
     * Like {@link #block}, but writes into {@code reuse}'s arrays when they are large enough: fresh samples are
     * drawn every iteration, and allocating (and zeroing) new arrays for each block would cost more than drawing them.
     */
    public SampleBlock fill(long streamSeed, long first, int count, SampleBlock reuse) {
        if (first % CHUNK != 0) {
            throw new IllegalArgumentException("block start " + first + " is not a multiple of " + CHUNK);
        }
        int maxK = codes.maxSupport();
        boolean fits = reuse != null && reuse.y().length >= n * count && reuse.codeStart().length >= count + 1
                && reuse.codeIndex().length >= maxK * count;
        double[] y = fits ? reuse.y() : new double[n * count];
        int[] start = fits ? reuse.codeStart() : new int[count + 1];
        int[] index = fits ? reuse.codeIndex() : new int[maxK * count];
        double[] value = fits ? reuse.codeValue() : new double[maxK * count];
        int[] drawnIndex = new int[maxK];
        double[] drawnValue = new double[maxK];
        int nnz = 0;
        SplittableRandom rng = null;
        for (int j = 0; j < count; j++) {
            if (j % CHUNK == 0) {
                rng = new SplittableRandom(Seeds.derive(streamSeed, (first + j) / CHUNK));
            }
            // Code first, then noise: the order fixes which random numbers sample j consumes.
            int k = codes.draw(rng, drawnIndex, drawnValue);
            int off = j * n;
            for (int i = 0; i < n; i++) y[off + i] = noiseSigma * rng.nextGaussian();
            for (int t = 0; t < k; t++) {
                int col = drawnIndex[t] * n;
                double v = drawnValue[t];
                for (int i = 0; i < n; i++) y[off + i] += v * a[col + i];
                index[nnz] = drawnIndex[t];
                value[nnz] = v;
                nnz++;
            }
            start[j + 1] = nnz;
        }
        return SampleBlock.coded(n, count, y, start, index, value);
    }
}
