package aedyn.metrics;

import dev.ludovic.netlib.blas.BLAS;
import dev.ludovic.netlib.lapack.LAPACK;
import org.netlib.util.intW;

/** Distances between aligned weights and the ground-truth dictionary (SPEC.md section 4). */
public final class Recovery {
    private Recovery() {
    }

    /**
     * The recovery metrics of one W against A.
     *
     * @param froError       ||pi(W) - A||_F
     * @param maxColumnError max_i ||pi(W)_i - A_i||_2 (W is delta-close to A for delta at least this)
     * @param spectralRatio  ||pi(W) - A||_2 / ||A||_2 (the xi of (delta, xi)-nearness)
     */
    public record Report(double froError, double maxColumnError, double spectralRatio) {

        /**
         * Aligns W by the matching and measures it against A.
         *
         * @param spectralNormA ||A||_2, passed in because A is fixed for a whole run
         */
        public static Report of(double[] A, double[] W, int n, int m, Matching matching, double spectralNormA) {
            Matching.checkShape("A", A, n, m);
            Matching.checkShape("W", W, n, m);
            if (matching == null || matching.size() != m) {
                throw new IllegalArgumentException("matching size = "
                        + (matching == null ? "null" : matching.size()) + " must equal m = " + m);
            }
            if (!(spectralNormA > 0) || !Double.isFinite(spectralNormA)) {
                throw new IllegalArgumentException("spectralNormA = " + spectralNormA
                        + " must be finite and > 0");
            }
            double[] aligned = matching.align(W, n);
            double[] diff = new double[n * m];
            for (int k = 0; k < diff.length; k++) diff[k] = aligned[k] - A[k];
            // Qualified: inside Report the bare names would mean its own accessors.
            return new Report(Recovery.froError(aligned, A), Recovery.maxColumnError(aligned, A, n, m),
                    Recovery.spectralNorm(diff, n, m) / spectralNormA);
        }
    }

    /** ||alignedW - A||_F over two arrays of the same length. */
    public static double froError(double[] alignedW, double[] A) {
        if (alignedW == null || A == null || alignedW.length != A.length) {
            throw new IllegalArgumentException("alignedW length = " + (alignedW == null ? "null" : alignedW.length)
                    + " must equal A length = " + (A == null ? "null" : A.length));
        }
        double ss = 0;
        for (int k = 0; k < A.length; k++) {
            double d = alignedW[k] - A[k];
            ss += d * d;
        }
        return Math.sqrt(ss);
    }

    /** max over columns i of ||alignedW_i - A_i||_2, both n x m column-major. */
    public static double maxColumnError(double[] alignedW, double[] A, int n, int m) {
        Matching.checkShape("alignedW", alignedW, n, m);
        Matching.checkShape("A", A, n, m);
        double worst = 0;
        for (int j = 0; j < m; j++) {
            double ss = 0;
            int off = j * n;
            for (int i = 0; i < n; i++) {
                double d = alignedW[off + i] - A[off + i];
                ss += d * d;
            }
            // Math.max keeps a NaN column visible instead of skipping it.
            worst = Math.max(worst, Math.sqrt(ss));
        }
        return worst;
    }

    /**
     * Largest singular value of the rows x cols matrix D, exactly: square root of the largest eigenvalue of
     * the smaller Gram matrix. NaN when D holds a non-finite value, so a diverged run records NaN.
     */
    public static double spectralNorm(double[] D, int rows, int cols) {
        Matching.checkShape("D", D, rows, cols);
        for (double d : D) {
            if (!Double.isFinite(d)) return Double.NaN;
        }
        int k = Math.min(rows, cols);
        double[] gram = new double[k * k];
        // dsyrk fills only the upper triangle, which is all dsyev("U") reads; half the flops of dgemm.
        if (rows >= cols) {
            BLAS.getInstance().dsyrk("U", "T", k, rows, 1.0, D, rows, 0.0, gram, k);
        } else {
            BLAS.getInstance().dsyrk("U", "N", k, cols, 1.0, D, rows, 0.0, gram, k);
        }
        double largest = largestEigenvalue(gram, k);
        // Rounding can leave a zero matrix's eigenvalue slightly negative.
        return Math.sqrt(Math.max(0.0, largest));
    }

    /** sqrt(n) * max over i != j of |<A_i, A_j>| for n x m column-major A; 0 when m = 1. */
    public static double incoherence(double[] A, int n, int m) {
        Matching.checkShape("A", A, n, m);
        if (m == 1) return 0.0;
        double[] gram = new double[m * m];
        BLAS.getInstance().dsyrk("U", "T", m, n, 1.0, A, n, 0.0, gram, m);
        double worst = 0;
        for (int j = 1; j < m; j++) {
            for (int i = 0; i < j; i++) {
                worst = Math.max(worst, Math.abs(gram[i + j * m]));
            }
        }
        return Math.sqrt(n) * worst;
    }

    // Eigenvalues only ("N"): LAPACK returns them ascending, so the last is the largest. Overwrites g.
    private static double largestEigenvalue(double[] g, int k) {
        LAPACK lapack = LAPACK.getInstance();
        double[] eig = new double[k];
        double[] query = new double[1];
        intW info = new intW(0);
        lapack.dsyev("N", "U", k, g, k, eig, query, -1, info);
        if (info.val != 0) {
            throw new IllegalStateException("dsyev workspace query failed, info = " + info.val);
        }
        int lwork = Math.max(1, Math.max(3 * k - 1, (int) query[0]));
        double[] work = new double[lwork];
        lapack.dsyev("N", "U", k, g, k, eig, work, lwork, info);
        if (info.val != 0) {
            throw new IllegalStateException("dsyev did not converge, info = " + info.val);
        }
        return eig[k - 1];
    }
}
