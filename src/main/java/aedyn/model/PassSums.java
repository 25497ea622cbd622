package aedyn.model;

import java.io.Serializable;

/**
 * What one pass over samples adds up: the gradient and bias-gradient sums (not yet divided by N), the loss
 * sum, the sample count and the code statistics. Arrays are created on first use so that the zero value a
 * treeAggregate ships with every task stays a few bytes.
 */
public final class PassSums implements Serializable {
    private final int n;
    private final int m;
    /** Sum over samples of -(r (m o z)^T + y (m o W^T r)^T), n x m column-major. */
    double[] gradient;
    /** Sum over samples of -(m o W^T r), length m. */
    double[] biasGradient;
    double loss;
    long count;
    /** Samples whose support supp(x) equals supp(x*) under the matching, and likewise for signs. */
    long supportHits;
    long signHits;
    /** Samples that had a true code to compare with. */
    long coded;
    /** Scratch buffers of the kernel; never shipped between JVMs. */
    transient BlockKernel.Workspace workspace;

    public PassSums(int n, int m) {
        this.n = n;
        this.m = m;
    }

    void ensureArrays() {
        if (gradient == null) {
            gradient = new double[n * m];
            biasGradient = new double[m];
        }
    }

    /**
     * Completes the sums of the blocks accumulated so far (the kernel's Gram form defers one product to here).
     * Called before the sums are read, merged or serialized; a task calls it before handing its sums to Spark,
     * whatever serializer then ships them.
     */
    public PassSums complete() {
        BlockKernel.flush(this);
        return this;
    }

    private void writeObject(java.io.ObjectOutputStream out) throws java.io.IOException {
        complete();
        out.defaultWriteObject();
    }

    /** Adds {@code other} into this and returns this (the combOp of the aggregation). */
    public PassSums merge(PassSums other) {
        complete();
        other.complete();
        if (other.gradient != null) {
            ensureArrays();
            for (int i = 0; i < gradient.length; i++) gradient[i] += other.gradient[i];
            for (int i = 0; i < m; i++) biasGradient[i] += other.biasGradient[i];
        }
        loss += other.loss;
        count += other.count;
        supportHits += other.supportHits;
        signHits += other.signHits;
        coded += other.coded;
        return this;
    }

    public long count() {
        return count;
    }

    /** Mean loss (1/N) sum of 1/2 ||y - y_hat||^2. */
    public double meanLoss() {
        return loss / count;
    }

    /** The approximate gradient g = gradient sum / N (SPEC section 2), n x m column-major. */
    public double[] meanGradient() {
        complete();
        ensureArrays();
        double[] g = gradient.clone();
        for (int i = 0; i < g.length; i++) g[i] /= count;
        return g;
    }

    /** g_b = bias-gradient sum / N. */
    public double[] meanBiasGradient() {
        ensureArrays();
        double[] g = biasGradient.clone();
        for (int i = 0; i < g.length; i++) g[i] /= count;
        return g;
    }

    /** Fraction of coded samples with supp(x) = supp(x*); NaN when no sample carried its code. */
    public double supportRecovery() {
        return coded == 0 ? Double.NaN : (double) supportHits / coded;
    }

    public double signRecovery() {
        return coded == 0 ? Double.NaN : (double) signHits / coded;
    }
}
