package aedyn.ntk;

import dev.ludovic.netlib.lapack.LAPACK;
import org.netlib.util.intW;

/**
 * Eigenvalues (ascending) and, when asked, eigenvectors (p x p column-major, column i for values[i]) of a symmetric
 * p x p matrix, by LAPACK's dsyevr (the routine MLlib's and {@code PrincipalDirections}' eigenproblems use).
 * Eigenvalues alone cost the tridiagonal reduction, about (4/3) p^3 flops; with vectors about 4 p^3 more. Memory: two
 * p x p copies (the input, which dsyevr overwrites, and Z).
 */
public record SymmetricEigen(double[] values, double[] vectors) {

    /** Every eigenvalue of {@code a} (read from its upper triangle, not modified), ascending. */
    public static double[] values(double[] a, int p) {
        return solve(a, p, false).values;
    }

    /** Every eigenpair of {@code a} (read from its upper triangle, not modified). */
    public static SymmetricEigen of(double[] a, int p) {
        return solve(a, p, true);
    }

    private static SymmetricEigen solve(double[] a, int p, boolean vectors) {
        if (a.length != (long) p * p) throw new IllegalArgumentException("expected a " + p + " x " + p + " matrix, got " + a.length + " entries");
        for (int j = 0; j < p; j++) {
            for (int i = 0; i <= j; i++) {
                // LAPACK may loop or return garbage on NaN, so the entry is named here instead
                if (!Double.isFinite(a[i + j * p])) throw new IllegalArgumentException("kernel entry (" + i + ", " + j + ") is " + a[i + j * p]);
            }
        }
        LAPACK lapack = LAPACK.getInstance();
        String jobz = vectors ? "V" : "N";
        double[] work = a.clone(); // dsyevr overwrites its input
        double[] w = new double[p];
        // dev.ludovic.netlib checks Z's length for p vectors even when none are asked for
        double[] z = new double[p * p];
        int[] isuppz = new int[2 * p];
        intW found = new intW(0);
        intW info = new intW(0);
        double abstol = lapack.dlamch("S");
        double[] lworkQuery = new double[1];
        int[] liworkQuery = new int[1];
        lapack.dsyevr(jobz, "A", "U", p, work, p, 0, 0, 0, 0, abstol, found, w, z, p,
                isuppz, lworkQuery, -1, liworkQuery, -1, info);
        if (info.val != 0) throw new IllegalStateException("dsyevr workspace query failed, info = " + info.val);
        int lwork = Math.max(1, (int) lworkQuery[0]);
        int liwork = Math.max(1, liworkQuery[0]);
        lapack.dsyevr(jobz, "A", "U", p, work, p, 0, 0, 0, 0, abstol, found, w, z, p,
                isuppz, new double[lwork], lwork, new int[liwork], liwork, info);
        if (info.val != 0) throw new IllegalStateException("dsyevr failed on a " + p + " x " + p + " kernel, info = " + info.val);
        return new SymmetricEigen(w, vectors ? z : null);
    }
}
