package aedyn.ntk;

import aedyn.data.SampleBlock;
import aedyn.data.SampleSource;

/**
 * The tangent kernel's probe (SPEC 8.1): the first P samples (n x P column-major), and the rows s that measure the
 * kernel on it: s = 0, 1, 2, 4, 8, ... and T ({@code period} 0), or s = 0, period, 2 period, ... and T.
 */
public record KernelProbe(double[] y, int n, int p, int period) {
    public KernelProbe {
        if (y.length != (long) n * p) throw new IllegalArgumentException("probe has " + y.length + " entries, expected n P = " + (long) n * p);
        if (period < 0) throw new IllegalArgumentException("period " + period + " < 0");
    }

    /**
     * The first min(P, N) samples of the source (of iteration 0's draw for fresh samples), generated or read on the
     * driver block by block: the probe is small (P columns), so no Spark job is needed.
     */
    public static KernelProbe first(SampleSource source, int p, int period) {
        int n = source.n();
        int size = (int) Math.min(p, source.size());
        double[] y = new double[n * size];
        int taken = 0;
        for (int i = 0; taken < size; i++) {
            SampleBlock block = source.block(i, 0);
            int count = Math.min(block.count(), size - taken);
            System.arraycopy(block.y(), 0, y, taken * n, count * n);
            taken += count;
        }
        return new KernelProbe(y, n, size, period);
    }

    /** Whether the probe holds the whole data set (N <= P): the prediction of SPEC 8.3 is then the run's own. */
    public boolean wholeSet(long samples) {
        return p >= samples;
    }

    /** Whether row s of a run of T iterations measures the kernel. */
    public boolean at(int s, int iterations) {
        if (s == 0 || s == iterations) return true;
        return period == 0 ? Integer.bitCount(s) == 1 : s % period == 0;
    }
}
