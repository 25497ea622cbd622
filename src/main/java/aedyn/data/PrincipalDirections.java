package aedyn.data;

import dev.ludovic.netlib.lapack.LAPACK;

/**
 * The pca initialization (SPEC section 3): the top-m eigenvectors of the samples' centered covariance, which
 * are the principal components MLlib's RowMatrix.computePrincipalComponents returns, from one treeAggregate of
 * {@link SampleMoments} and one LAPACK dsyevr on the driver. MLlib's first call costs seconds (a rank-1 update
 * per sample, then a full SVD of the n x n covariance); this does one rank-k update per block and computes only
 * the m eigenvectors asked for.
 */
public final class PrincipalDirections {
    private PrincipalDirections() {
    }

    /**
     * The top-m principal directions of the samples, n x m column-major, ordered by decreasing variance, each of
     * unit norm and with its entry of largest magnitude positive.
     */
    public static double[] of(Samples samples, int n, int m, int treeDepth) {
        checkShape(n, m); // before the Spark job, not after it
        SampleMoments moments = SampleMoments.of(samples, n, treeDepth);
        return top(LAPACK.getInstance(), moments.covarianceUpper(), n, m);
    }

    /**
     * The top-m eigenvectors of a symmetric n x n matrix given by its upper triangle (column-major), by the given
     * LAPACK (tests compare the native one with the Java one).
     */
    static double[] top(LAPACK lapack, double[] symmetricUpper, int n, int m) {
        return topEigen(lapack, symmetricUpper, n, m).vectors();
    }

    /** The m largest eigenvalues (descending) and their eigenvectors (n x m column-major, signs as {@link #fixSigns}). */
    record Eigen(double[] values, double[] vectors) {
    }

    /** Like {@link #top}, with the eigenvalues. */
    static Eigen topEigen(LAPACK lapack, double[] symmetricUpper, int n, int m) {
        checkShape(n, m);
        if (symmetricUpper.length != n * n) {
            throw new IllegalArgumentException("expected an n x n matrix with n = " + n + ", got " + symmetricUpper.length + " entries");
        }
        SymmetricEigen top = SymmetricEigen.largest(lapack, symmetricUpper, n, m, "covariance");
        double[] eigenvalues = top.values();
        double[] z = top.vectors();
        double[] w = new double[n * m];
        double[] values = new double[m];
        for (int k = 0; k < m; k++) {
            // dsyevr returns ascending eigenvalues; MLlib (and the report) put the largest first.
            System.arraycopy(z, (m - 1 - k) * n, w, k * n, n);
            values[k] = eigenvalues[m - 1 - k];
        }
        fixSigns(w, n, m);
        return new Eigen(values, w);
    }

    /**
     * Flips each column so that its entry of largest magnitude (the first one on ties) is positive. An
     * eigenvector's sign is arbitrary and the native LAPACK and the Java fallback choose differently, so without
     * this the same samples could start a run from W or from −W depending on the machine.
     */
    static void fixSigns(double[] w, int n, int m) {
        for (int k = 0; k < m; k++) {
            int off = k * n;
            int largest = off;
            for (int i = off + 1; i < off + n; i++) {
                if (Math.abs(w[i]) > Math.abs(w[largest])) largest = i;
            }
            if (w[largest] < 0) {
                for (int i = off; i < off + n; i++) w[i] = -w[i];
            }
        }
    }

    private static void checkShape(int n, int m) {
        if (m < 1 || m > n) {
            throw new IllegalArgumentException("pca needs 1 <= m <= n principal directions, got m = " + m + " with n = " + n);
        }
    }
}
