package aedyn.model;

import java.io.Serializable;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;

/**
 * What one pass over samples adds up: the gradient and bias-gradient sums (not yet divided by N), the loss
 * sum, the sample count and the code statistics. Arrays are created on first use so that the zero value a
 * treeAggregate ships with every task stays a few bytes.
 */
public final class PassSums implements Serializable {
    private final int n;
    private final int m;
    /** How many n x m gradient matrices the model has: 1 for W (or V alone), 2 for V then U. */
    private final int matrices;
    /**
     * The weight-gradient sums, {@link #matrices} n x m column-major matrices one after the other: for paper 1's
     * kernel the sum over samples of -(r (m o z)^T + y (m o W^T r)^T), for the general one SPEC section 5's G
     * without the 1/N and the l2 term.
     */
    double[] gradient;
    /** Sum over samples of -(m o W^T r) (paper 1), -d (SPEC section 5): length m. */
    double[] biasGradient;
    double loss;
    long count;
    /** Sum of ||y_hat||^2 over the samples whose output the kernel measured ({@link #outputs} of them). */
    double outputSquares;
    long outputs;
    /** Samples whose support supp(x) equals supp(x*) under the matching, and likewise for signs. */
    long supportHits;
    long signHits;
    /** Samples that had a true code to compare with. */
    long coded;
    /** Scratch buffers of the kernel; never shipped between JVMs. */
    transient Workspace workspace;
    /**
     * Later partitions' sums whose gradient arrays are still to be added in, in order (their scalars already are;
     * see {@link #mergeLater}); null when there are none.
     */
    private transient List<PassSums> later;

    /** A kernel's buffers, which may hold a product deferred to the end of the partition's blocks. */
    interface Workspace {
        /** Adds what is deferred into the sums and starts again from nothing deferred. */
        void flush(PassSums sums);
    }

    public PassSums(int n, int m) {
        this(n, m, 1);
    }

    public PassSums(int n, int m, int matrices) {
        this.n = n;
        this.m = m;
        this.matrices = matrices;
    }

    void ensureArrays() {
        if (gradient == null) {
            gradient = new double[matrices * n * m];
            biasGradient = new double[m];
        }
    }

    /**
     * Completes the sums of the blocks accumulated so far (the kernel's Gram form defers one product to here).
     * Called before the sums are read, merged or serialized; a task calls it before handing its sums to Spark,
     * whatever serializer then ships them.
     */
    public PassSums complete() {
        flushWorkspace();
        if (later != null) {
            List<PassSums> parts = later;
            later = null;
            for (PassSums part : parts) addArrays(part);
        }
        return this;
    }

    private void flushWorkspace() {
        if (workspace != null) workspace.flush(this);
    }

    private void writeObject(java.io.ObjectOutputStream out) throws java.io.IOException {
        complete();
        out.defaultWriteObject();
    }

    /** Adds {@code other} into this and returns this (the combOp of the aggregation). */
    public PassSums merge(PassSums other) {
        complete();
        other.complete();
        addArrays(other);
        addScalars(other);
        return this;
    }

    /**
     * The same sum as {@link #merge}, its O(n m) part deferred: {@code other}'s scalars are added now, its arrays
     * when the gradient is read ({@link #meanGradient}, fused with the division by N, in the same order of additions)
     * or by {@link #complete}. The driver folds a pass's partitions this way, so that each member of a cohort adds
     * its own partitions' arrays on its own thread beside the others, not one member after the other on Spark's
     * scheduler thread, and in one pass over memory with the division instead of two.
     */
    public PassSums mergeLater(PassSums other) {
        other.complete();
        addScalars(other);
        if (other.gradient != null) {
            if (later == null) later = new ArrayList<>(2);
            later.add(other);
        }
        return this;
    }

    private void addArrays(PassSums other) {
        if (other.gradient == null) return;
        ensureArrays();
        for (int i = 0; i < gradient.length; i++) gradient[i] += other.gradient[i];
        for (int i = 0; i < m; i++) biasGradient[i] += other.biasGradient[i];
    }

    private void addScalars(PassSums other) {
        loss += other.loss;
        count += other.count;
        outputSquares += other.outputSquares;
        outputs += other.outputs;
        supportHits += other.supportHits;
        signHits += other.signHits;
        coded += other.coded;
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
        return meanGradient(0);
    }

    /** Gradient matrix {@code index} (0 for W or V, 1 for U) divided by N, n x m column-major. */
    public double[] meanGradient(int index) {
        flushWorkspace();
        ensureArrays();
        int size = n * m;
        return mean(sums -> sums.gradient, index * size, size);
    }

    /**
     * (sum + the later partitions' sums, added in their order) / N over [from, from + size) of a sums array, in
     * one pass and into a new array: a copy and a division in place were two passes over a wide member's n m
     * entries, after the fold's own.
     */
    private double[] mean(Function<PassSums, double[]> array, int from, int size) {
        double[] own = array.apply(this);
        double[] g = new double[size];
        if (later == null) {
            for (int i = 0; i < size; i++) g[i] = own[from + i] / count;
            return g;
        }
        double[][] parts = later.stream().map(array).toArray(double[][]::new);
        for (int i = 0; i < size; i++) {
            double sum = own[from + i];
            for (double[] part : parts) sum += part[from + i];
            g[i] = sum / count;
        }
        return g;
    }

    public int matrices() {
        return matrices;
    }

    /** g_b = bias-gradient sum / N. */
    public double[] meanBiasGradient() {
        flushWorkspace();
        ensureArrays();
        return mean(sums -> sums.biasGradient, 0, m);
    }

    /** sqrt of the mean ||y_hat||^2, the scale of the output; NaN when the kernel does not measure it. */
    public double outputNorm() {
        return outputs == 0 ? Double.NaN : Math.sqrt(outputSquares / outputs);
    }

    /** Fraction of coded samples with supp(x) = supp(x*); NaN when no sample carried its code. */
    public double supportRecovery() {
        return coded == 0 ? Double.NaN : (double) supportHits / coded;
    }

    public double signRecovery() {
        return coded == 0 ? Double.NaN : (double) signHits / coded;
    }
}
