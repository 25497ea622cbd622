package aedyn.data;

import dev.ludovic.netlib.blas.BLAS;

import java.io.Serializable;

/**
 * The first and second moments of samples as sums: the count N, the column sums s = Σ y and the Gram matrix
 * G = Σ y yᵀ (upper triangle, n x n column-major), from which the centered covariance follows (SPEC section 3,
 * pca). Arrays are created on first use so that the zero value a treeAggregate ships with every task stays a
 * few bytes instead of n².
 */
public final class SampleMoments implements Serializable {
    private static final BLAS BLAS_ = BLAS.getInstance();
    private final int n;
    private long count;
    private double[] columnSums;
    /** Upper triangle of Σ y yᵀ; the strict lower triangle stays zero. */
    private double[] gram;

    public SampleMoments(int n) {
        if (n < 1) throw new IllegalArgumentException("n must be >= 1, got " + n);
        this.n = n;
    }

    /** The moments of every sample, in one sum over them. */
    public static SampleMoments of(Samples samples, int n, int treeDepth) {
        return samples.sum(0, n, (dimension, blocks) -> {
            SampleMoments part = new SampleMoments(dimension);
            while (blocks.hasNext()) part.add(blocks.next());
            return part;
        }, SampleMoments::merge, treeDepth, "sample moments");
    }

    private void ensureArrays() {
        if (gram == null) {
            columnSums = new double[n];
            gram = new double[n * n];
        }
    }

    /** Adds a block's samples and returns this (the seqOp of the aggregation). */
    public SampleMoments add(SampleBlock block) {
        if (block.n() != n) {
            throw new IllegalArgumentException("a sample block has dimension " + block.n() + ", expected n = " + n);
        }
        int k = block.count();
        if (k == 0) return this;
        ensureArrays();
        double[] y = block.y(); // may be longer than n * k when a fresh-sample buffer is reused
        // One BLAS-3 rank-k update per block instead of a rank-1 update per sample.
        BLAS_.dsyrk("U", "N", n, k, 1.0, y, n, 1.0, gram, n);
        for (int j = 0; j < k; j++) {
            int off = j * n;
            for (int i = 0; i < n; i++) columnSums[i] += y[off + i];
        }
        count += k;
        return this;
    }

    /** Adds {@code other} into this and returns this (the combOp of the aggregation). */
    public SampleMoments merge(SampleMoments other) {
        if (other.n != n) {
            throw new IllegalArgumentException("cannot merge moments of dimension " + other.n + " into " + n);
        }
        if (other.gram != null) {
            ensureArrays();
            for (int i = 0; i < n; i++) columnSums[i] += other.columnSums[i];
            for (int i = 0; i < gram.length; i++) gram[i] += other.gram[i];
        }
        count += other.count;
        return this;
    }

    /**
     * The centered covariance C = (G − N μ μᵀ)/(N − 1), μ = s/N, as MLlib's RowMatrix.computeCovariance defines
     * it; upper triangle only (n x n column-major, the strict lower triangle is zero).
     */
    public double[] covarianceUpper() {
        if (count < 2) {
            throw new IllegalArgumentException("the covariance needs at least 2 samples, got " + count);
        }
        double[] c = new double[n * n];
        double invN = 1.0 / count;
        double invN1 = 1.0 / (count - 1);
        for (int j = 0; j < n; j++) {
            for (int i = 0; i <= j; i++) {
                // G_ij − N μ_i μ_j written as G_ij − s_i s_j / N.
                c[j * n + i] = (gram[j * n + i] - columnSums[i] * columnSums[j] * invN) * invN1;
            }
        }
        return c;
    }

    /** The mean sample s / N. */
    public double[] mean() {
        if (count < 1) throw new IllegalArgumentException("the mean needs at least 1 sample");
        double[] mu = new double[n];
        for (int i = 0; i < n; i++) mu[i] = columnSums[i] / count;
        return mu;
    }

    /**
     * The uncentered second moment G / N = (1/N) Σ y yᵀ, upper triangle (n x n column-major): what a model without
     * an output bias sees, equal to the covariance (divisor N) when the samples are centered.
     */
    public double[] secondMomentUpper() {
        if (count < 1) throw new IllegalArgumentException("the second moment needs at least 1 sample");
        double[] s = new double[n * n];
        for (int j = 0; j < n; j++) {
            for (int i = 0; i <= j; i++) s[j * n + i] = gram[j * n + i] / count;
        }
        return s;
    }
}
