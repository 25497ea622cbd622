package aedyn.data;

import dev.ludovic.netlib.lapack.LAPACK;

import java.util.ArrayList;
import java.util.List;

/**
 * The distributed passes that describe real data before training: its mean image (for data.center) and the
 * eigen-blocks of its second moment (SPEC section 7, metrics.energy-blocks), each computed once per run.
 */
public final class DataSpectrum {
    private DataSpectrum() {
    }

    /**
     * The mean sample of {@code source} in one pass: every block's column sums are collected and added on the driver
     * in block order, so the mean (and the centered samples) do not depend on partitioning or task timing.
     */
    public static double[] mean(SampleSpace space, SampleSource source, int partitions) {
        int n = source.n();
        List<double[]> sums;
        try (Samples once = space.uncached(source, partitions)) {
            sums = once.sum(0, n, (dimension, blocks) -> {
                List<double[]> part = new ArrayList<>();
                while (blocks.hasNext()) {
                    SampleBlock block = blocks.next();
                    double[] s = new double[dimension];
                    double[] y = block.y();
                    for (int j = 0; j < block.count(); j++) {
                        int off = j * dimension;
                        for (int k = 0; k < dimension; k++) s[k] += y[off + k];
                    }
                    part.add(s);
                }
                return part;
            }, (a, b) -> {
                a.addAll(b);
                return a;
            }, Integer.MAX_VALUE, "mean sample");
        }
        double[] mean = new double[n];
        for (double[] s : sums) {
            for (int k = 0; k < n; k++) mean[k] += s[k];
        }
        for (int k = 0; k < n; k++) mean[k] /= source.size();
        return mean;
    }

    /**
     * Eigen-blocks of the samples' second moment S = (1/N) Σ y yᵀ (their covariance when centered) grouped by
     * {@code ranks}: block 1 spans the top ranks[0] eigenvectors, block 2 the next ranks[1], and so on. One
     * treeAggregate of {@link SampleMoments} (a BLAS-3 rank-k update per block) and one LAPACK dsyevr on the driver
     * for the Σ ranks leading eigenpairs; the trace comes from S's diagonal, so the PCA levels need no other
     * eigenvalue.
     */
    public static EigenBlocks eigenBlocks(Samples samples, int n, List<Integer> ranks, int treeDepth) {
        int total = checkRanks(n, ranks);
        SampleMoments moments = SampleMoments.of(samples, n, treeDepth);
        return fromSecondMoment(moments.secondMomentUpper(), n, ranks, total);
    }

    /** Eigen-blocks of a symmetric matrix given by its upper triangle (n x n column-major). */
    static EigenBlocks fromSecondMoment(double[] upper, int n, List<Integer> ranks, int total) {
        PrincipalDirections.Eigen eigen = PrincipalDirections.topEigen(LAPACK.getInstance(), upper, n, total);
        double trace = 0;
        for (int i = 0; i < n; i++) trace += upper[i * n + i];
        List<double[]> bases = new ArrayList<>();
        double[] sums = new double[ranks.size()];
        int first = 0;
        for (int j = 0; j < ranks.size(); j++) {
            int d = ranks.get(j);
            double[] basis = new double[n * d];
            System.arraycopy(eigen.vectors(), first * n, basis, 0, n * d);
            bases.add(basis);
            for (int t = first; t < first + d; t++) sums[j] += eigen.values()[t];
            first += d;
        }
        return new EigenBlocks(n, bases, sums, trace);
    }

    private static int checkRanks(int n, List<Integer> ranks) {
        int total = 0;
        for (int r : ranks) {
            if (r < 1) throw new IllegalArgumentException("energy block ranks must be >= 1, got " + ranks);
            total += r;
        }
        if (ranks.isEmpty() || total > n) {
            throw new IllegalArgumentException("energy block ranks must be 1 to n = " + n + " directions in all, got " + ranks);
        }
        return total;
    }
}
