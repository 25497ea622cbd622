package aedyn.init;

import aedyn.data.SampleBlock;

import java.io.Serializable;

/**
 * One spectral pass's partial sums over samples: Σ ⟨y,u_p⟩⟨y,v_p⟩⟨y,x_{p,c}⟩ y for every pair p and vector c
 * ({@link SpectralKernel}), and the sample count. The sums array and the kernel's scratch space are created on
 * first use; the operand Q stays behind when a partial sum travels to the driver.
 */
final class SpectralSums implements Serializable {
    private final int n;
    private final int pairs;
    private final int r;
    private final transient double[] operand;
    private long count;
    private double[] sums;
    private transient SpectralKernel kernel;

    SpectralSums(int n, int pairs, int r, double[] operand) {
        this.n = n;
        this.pairs = pairs;
        this.r = r;
        this.operand = operand;
    }

    /** Adds a block and returns this (the seqOp). */
    SpectralSums add(SampleBlock block) {
        if (block.n() != n) {
            throw new IllegalArgumentException("a sample block has dimension " + block.n() + ", expected n = " + n);
        }
        if (block.count() == 0) return this;
        if (sums == null) sums = new double[n * r * pairs];
        if (kernel == null) kernel = new SpectralKernel(n, pairs, r);
        kernel.accumulate(operand, block.y(), block.count(), sums);
        count += block.count();
        return this;
    }

    /** Adds {@code other} into this and returns this (the combOp). */
    SpectralSums merge(SpectralSums other) {
        if (other.sums != null) {
            if (sums == null) {
                sums = other.sums.clone();
            } else {
                for (int i = 0; i < sums.length; i++) sums[i] += other.sums[i];
            }
        }
        count += other.count;
        return this;
    }

    long count() {
        return count;
    }

    /** The sums, n x rP (zero when no sample was seen). */
    double[] sums() {
        return sums == null ? new double[n * r * pairs] : sums;
    }
}
