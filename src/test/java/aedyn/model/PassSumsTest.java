package aedyn.model;

import aedyn.data.SampleBlock;
import org.junit.jupiter.api.Test;

import java.util.SplittableRandom;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * The driver's deferred fold of a pass's partitions ({@link PassSums#mergeLater}) gives, bit for bit, what the
 * eager fold ({@link PassSums#merge}) gives: both gradient matrices, the bias gradient and the scalars, read before
 * or after {@link PassSums#complete}, with an empty partition (no arrays) among them.
 */
class PassSumsTest {
    private static final int N = 6;
    private static final int M = 5;

    private static PassSums partition(TwoLayerWeights model, SplittableRandom r, int samples) {
        PassSums sums = new PassSums(N, M, 2);
        if (samples == 0) return sums;
        double[] y = new double[N * samples];
        for (int i = 0; i < y.length; i++) y[i] = r.nextGaussian();
        model.accumulate(SampleBlock.uncoded(N, samples, y), sums);
        return sums.complete();
    }

    private static double[] gaussian(SplittableRandom r, int size) {
        double[] x = new double[size];
        for (int i = 0; i < size; i++) x[i] = r.nextGaussian();
        return x;
    }

    @Test
    void theDeferredFoldIsTheEagerOne() {
        SplittableRandom r = new SplittableRandom(5);
        TwoLayerWeights model = new TwoLayerWeights(
                Parameters.untied(N, M, gaussian(r, N * M), gaussian(r, N * M), gaussian(r, M)),
                new Activation.Tanh(), 1 / Math.sqrt(M), true, null, null);
        int[] counts = {0, 7, 3, 11};
        PassSums[] eagerParts = new PassSums[counts.length];
        PassSums[] lazyParts = new PassSums[counts.length];
        for (int p = 0; p < counts.length; p++) {
            long seed = r.nextLong();
            eagerParts[p] = partition(model, new SplittableRandom(seed), counts[p]);
            lazyParts[p] = partition(model, new SplittableRandom(seed), counts[p]);
        }
        PassSums eager = eagerParts[0];
        PassSums lazy = lazyParts[0];
        for (int p = 1; p < counts.length; p++) {
            eager.merge(eagerParts[p]);
            lazy.mergeLater(lazyParts[p]);
        }
        assertEquals(21, lazy.count());
        assertEquals(eager.meanLoss(), lazy.meanLoss());
        assertEquals(eager.outputNorm(), lazy.outputNorm());
        for (int round = 0; round < 2; round++) {
            assertArrayEquals(eager.meanGradient(0), lazy.meanGradient(0));
            assertArrayEquals(eager.meanGradient(1), lazy.meanGradient(1));
            assertArrayEquals(eager.meanBiasGradient(), lazy.meanBiasGradient());
            lazy.complete(); // the arrays added in for good: the same bits again, and the parts are not added twice
        }
    }
}
