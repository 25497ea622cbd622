package aedyn.metrics;

import aedyn.data.Matrices;

import dev.ludovic.netlib.blas.BLAS;

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
            Matrices.checkShape("A", A, n, m);
            Matrices.checkShape("W", W, n, m);
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
                    Matrices.spectralNorm(diff, n, m) / spectralNormA);
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
        Matrices.checkShape("alignedW", alignedW, n, m);
        Matrices.checkShape("A", A, n, m);
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

}
