package aedyn.data;

import java.util.SplittableRandom;

/** Small column-major helpers used by the driver on n x m matrices. */
public final class Matrices {
    private Matrices() {
    }

    /** An n x m matrix with entries N(0, 1/n), each column normalized to unit length. */
    public static double[] normalizedGaussian(int n, int m, SplittableRandom rng) {
        double[] g = gaussian(n, m, rng);
        normalizeColumns(g, n, m);
        return g;
    }

    /** An n x m matrix with entries N(0, 1/n). */
    public static double[] gaussian(int n, int m, SplittableRandom rng) {
        double sd = 1.0 / Math.sqrt(n);
        double[] g = new double[n * m];
        for (int i = 0; i < g.length; i++) g[i] = sd * rng.nextGaussian();
        return g;
    }

    /**
     * Scales each column to unit norm in place; returns -1 when all went well, otherwise the index of the
     * first column whose norm was zero or not finite (that column is left as it was).
     */
    public static int normalizeColumns(double[] w, int n, int m) {
        for (int j = 0; j < m; j++) {
            double ss = 0;
            int off = j * n;
            for (int i = 0; i < n; i++) ss += w[off + i] * w[off + i];
            double norm = Math.sqrt(ss);
            if (!(norm > 0) || !Double.isFinite(norm)) return j;
            double inv = 1.0 / norm;
            for (int i = 0; i < n; i++) w[off + i] *= inv;
        }
        return -1;
    }

    /** ||a - reference||_F / ||reference||_F. */
    public static double relativeDistance(double[] a, double[] reference) {
        double diff = 0;
        double norm = 0;
        for (int i = 0; i < a.length; i++) {
            double d = a[i] - reference[i];
            diff += d * d;
            norm += reference[i] * reference[i];
        }
        return Math.sqrt(diff / norm);
    }

    public static double mean(double[] v) {
        double s = 0;
        for (double x : v) s += x;
        return v.length == 0 ? Double.NaN : s / v.length;
    }
}
