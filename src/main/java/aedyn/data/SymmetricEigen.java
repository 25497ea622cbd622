package aedyn.data;

import dev.ludovic.netlib.lapack.LAPACK;
import org.netlib.util.intW;

/**
 * Eigenvalues (ascending) and, when asked, eigenvectors (p x p column-major, column i for values[i]) of a symmetric
 * p x p matrix, by LAPACK's dsyevr (the routine MLlib's eigenproblems use), for the tangent kernels of SPEC section 8
 * and the leading principal directions of a data set. Eigenvalues alone cost the tridiagonal reduction, about
 * (4/3) p^3 flops; with vectors about 4 p^3 more. Memory: two p x p copies (the input, which dsyevr overwrites, and Z).
 */
public record SymmetricEigen(double[] values, double[] vectors) {

    /** Every eigenvalue of the kernel {@code a} (read from its upper triangle, not modified), ascending. */
    public static double[] values(double[] a, int p) {
        return solve(LAPACK.getInstance(), a, p, false, 0, "kernel").values;
    }

    /** Every eigenpair of the kernel {@code a} (read from its upper triangle, not modified). */
    public static SymmetricEigen of(double[] a, int p) {
        return solve(LAPACK.getInstance(), a, p, true, 0, "kernel");
    }

    /**
     * The {@code k} largest eigenpairs (ascending, vectors p x k) of {@code a}; {@code what} names the matrix in the
     * errors, for example "covariance".
     */
    static SymmetricEigen largest(LAPACK lapack, double[] a, int p, int k, String what) {
        return solve(lapack, a, p, true, k, what);
    }

    /** All eigenpairs when {@code largest} is 0 (range "A"), else the {@code largest} largest (range "I"). */
    private static SymmetricEigen solve(LAPACK lapack, double[] a, int p, boolean vectors, int largest, String what) {
        if (a.length != (long) p * p) throw new IllegalArgumentException("expected a " + p + " x " + p + " matrix, got " + a.length + " entries");
        for (int j = 0; j < p; j++) {
            for (int i = 0; i <= j; i++) {
                // LAPACK may loop or return garbage on NaN, so the entry is named here instead
                if (!Double.isFinite(a[i + j * p])) {
                    throw new IllegalArgumentException("the " + what + " entry (" + i + ", " + j + ") is " + a[i + j * p]
                            + ("covariance".equals(what) ? "; are all samples finite?" : ""));
                }
            }
        }
        String jobz = vectors ? "V" : "N";
        String range = largest == 0 ? "A" : "I";
        int il = largest == 0 ? 0 : p - largest + 1;
        int iu = largest == 0 ? 0 : p;
        double[] work = a.clone(); // dsyevr overwrites its input
        double[] w = new double[p];
        // LAPACK writes only the vectors asked for, but dev.ludovic.netlib checks Z's and ISUPPZ's lengths for all p
        double[] z = new double[p * p];
        int[] isuppz = new int[2 * p];
        intW found = new intW(0);
        intW info = new intW(0);
        double abstol = lapack.dlamch("S"); // LAPACK's advice for the most accurate eigenvalues
        double[] lworkQuery = new double[1];
        int[] liworkQuery = new int[1];
        lapack.dsyevr(jobz, range, "U", p, work, p, 0, 0, il, iu, abstol, found, w, z, p,
                isuppz, lworkQuery, -1, liworkQuery, -1, info);
        if (info.val != 0) throw new IllegalStateException("dsyevr workspace query failed, info = " + info.val);
        int lwork = Math.max(1, (int) lworkQuery[0]);
        int liwork = Math.max(1, liworkQuery[0]);
        lapack.dsyevr(jobz, range, "U", p, work, p, 0, 0, il, iu, abstol, found, w, z, p,
                isuppz, new double[lwork], lwork, new int[liwork], liwork, info);
        if (info.val != 0) {
            throw new IllegalStateException("dsyevr failed on the " + p + " x " + p + " " + what + ", info = " + info.val
                    + (info.val > 0 ? " (internal error or eigenvectors that did not converge)" : " (bad argument)"));
        }
        int want = largest == 0 ? p : largest;
        if (found.val != want) throw new IllegalStateException("dsyevr returned " + found.val + " eigenvalues, asked for " + want);
        return new SymmetricEigen(w, vectors ? z : null);
    }
}
