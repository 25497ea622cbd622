package aedyn.data;

import dev.ludovic.netlib.blas.BLAS;
import dev.ludovic.netlib.lapack.LAPACK;
import org.netlib.util.intW;

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

    private static final BLAS BLAS_ = BLAS.getInstance();

    /**
     * The sum of a_i b_i, by the BLAS: the driver's row metrics take several such sums over every weight matrix per
     * iteration, and a Java loop adds them one after another (the JIT keeps a double sum's order, so it cannot
     * vectorize it), about 1 ms per million entries; a mean-field member at n = 784, m = 1024 spent 18 ms of each
     * iteration on the driver so. The BLAS's own order of addition differs from the loop's by rounding only.
     */
    public static double dot(double[] a, double[] b) {
        if (a.length != b.length) throw new IllegalArgumentException("dot of " + a.length + " and " + b.length + " entries");
        return a.length == 0 ? 0 : BLAS_.ddot(a.length, a, 0, 1, b, 0, 1);
    }

    /** The sum of a_i^2 ({@link #dot}). */
    public static double squaredNorm(double[] a) {
        return dot(a, a);
    }

    /**
     * ||a - reference||_F / ||reference||_F in one pass, its two sums split in four interleaved partial sums each
     * so that eight chains of additions are in flight at once (see {@link #dot}).
     */
    public static double relativeDistance(double[] a, double[] reference) {
        if (a.length != reference.length) {
            throw new IllegalArgumentException("distance of " + a.length + " and " + reference.length + " entries");
        }
        double d0 = 0, d1 = 0, d2 = 0, d3 = 0;
        double r0 = 0, r1 = 0, r2 = 0, r3 = 0;
        int i = 0;
        for (; i + 4 <= a.length; i += 4) {
            double e0 = a[i] - reference[i];
            double e1 = a[i + 1] - reference[i + 1];
            double e2 = a[i + 2] - reference[i + 2];
            double e3 = a[i + 3] - reference[i + 3];
            d0 += e0 * e0;
            d1 += e1 * e1;
            d2 += e2 * e2;
            d3 += e3 * e3;
            r0 += reference[i] * reference[i];
            r1 += reference[i + 1] * reference[i + 1];
            r2 += reference[i + 2] * reference[i + 2];
            r3 += reference[i + 3] * reference[i + 3];
        }
        for (; i < a.length; i++) {
            double e = a[i] - reference[i];
            d0 += e * e;
            r0 += reference[i] * reference[i];
        }
        return Math.sqrt(((d0 + d1) + (d2 + d3)) / ((r0 + r1) + (r2 + r3)));
    }

    public static double mean(double[] v) {
        double s = 0;
        for (double x : v) s += x;
        return v.length == 0 ? Double.NaN : s / v.length;
    }

    /**
     * Largest singular value of the rows x cols matrix D, exactly: square root of the largest eigenvalue of
     * the smaller Gram matrix. NaN when D holds a non-finite value, so a diverged run records NaN.
     */
    public static double spectralNorm(double[] D, int rows, int cols) {
        checkShape("D", D, rows, cols);
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
        checkShape("A", A, n, m);
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

    /** Throws unless x holds an n x m matrix (n, m at least 1). */
    public static void checkShape(String name, double[] x, int n, int m) {
        if (n < 1) throw new IllegalArgumentException("n = " + n + " must be at least 1");
        if (m < 1) throw new IllegalArgumentException("m = " + m + " must be at least 1");
        if (x == null || x.length != (long) n * m) {
            throw new IllegalArgumentException(name + " length = " + (x == null ? "null" : x.length)
                    + " must be n*m = " + (long) n * m);
        }
    }
}
