package aedyn.metrics;

import aedyn.data.Matrices;

import dev.ludovic.netlib.blas.BLAS;
import java.util.Arrays;

/**
 * Which neuron (column of W) stands for which atom (column of A), and with which sign (SPEC.md section 4).
 *
 * @param neuronOfAtom {@code neuronOfAtom[i]} = the column of W matched to atom i; a permutation of 0..m-1
 * @param sign         {@code sign[i]} = +1 or -1, the factor applied to that column so it agrees with A_i
 */
public record Matching(int[] neuronOfAtom, double[] sign) {

    public Matching {
        if (neuronOfAtom == null || sign == null) {
            throw new IllegalArgumentException("neuronOfAtom and sign must not be null");
        }
        if (neuronOfAtom.length != sign.length) {
            throw new IllegalArgumentException("sign length = " + sign.length
                    + " must equal neuronOfAtom length = " + neuronOfAtom.length);
        }
        int m = neuronOfAtom.length;
        boolean[] seen = new boolean[m];
        for (int i = 0; i < m; i++) {
            int k = neuronOfAtom[i];
            if (k < 0 || k >= m) {
                throw new IllegalArgumentException("neuronOfAtom[" + i + "] = " + k + " must be in [0, " + (m - 1) + "]");
            }
            if (seen[k]) {
                throw new IllegalArgumentException("neuronOfAtom[" + i + "] = " + k
                        + " repeats a neuron; neuronOfAtom must be a permutation of 0.." + (m - 1));
            }
            seen[k] = true;
            if (sign[i] != 1.0 && sign[i] != -1.0) {
                throw new IllegalArgumentException("sign[" + i + "] = " + sign[i] + " must be +1 or -1");
            }
        }
        // Copies keep the record immutable although arrays are not.
        neuronOfAtom = neuronOfAtom.clone();
        sign = sign.clone();
    }

    /** A copy, so callers cannot change this matching. */
    @Override
    public int[] neuronOfAtom() {
        return neuronOfAtom.clone();
    }

    /** A copy, so callers cannot change this matching. */
    @Override
    public double[] sign() {
        return sign.clone();
    }

    /** Number of atoms (and neurons). */
    public int size() {
        return neuronOfAtom.length;
    }

    /** Atom i matched to neuron i with sign +1. */
    public static Matching identity(int m) {
        if (m < 1) {
            throw new IllegalArgumentException("m = " + m + " must be at least 1");
        }
        int[] perm = new int[m];
        for (int i = 0; i < m; i++) perm[i] = i;
        double[] sign = new double[m];
        Arrays.fill(sign, 1.0);
        return new Matching(perm, sign);
    }

    /**
     * The matching maximizing sum_i C[i, pi(i)] with C = A^T W, or sum_i |C[i, pi(i)]| when signInvariant
     * (the sparse model, whose columns are defined only up to sign).
     *
     * @param A n x m ground-truth dictionary, column-major
     * @param W n x m weights, column-major
     */
    public static Matching of(double[] A, double[] W, int n, int m, boolean signInvariant) {
        Matrices.checkShape("A", A, n, m);
        Matrices.checkShape("W", W, n, m);
        double[] c = new double[m * m];
        BLAS.getInstance().dgemm("T", "N", m, m, n, 1.0, A, n, W, n, 0.0, c, m);
        double[] weight = c;
        if (signInvariant) {
            weight = new double[m * m];
            for (int k = 0; k < weight.length; k++) weight[k] = Math.abs(c[k]);
        }
        int[] perm;
        try {
            perm = Hungarian.maximize(weight, m);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("A^T W is not finite (A or W holds NaN or infinity): "
                    + e.getMessage(), e);
        }
        double[] sign = new double[m];
        for (int i = 0; i < m; i++) {
            sign[i] = signInvariant && c[i + perm[i] * m] < 0 ? -1.0 : 1.0;
        }
        return new Matching(perm, sign);
    }

    /** pi(W): column i is sign[i] times column neuronOfAtom[i] of W; W is n x m and is not changed. */
    public double[] align(double[] W, int n) {
        int m = neuronOfAtom.length;
        Matrices.checkShape("W", W, n, m);
        double[] out = new double[n * m];
        for (int i = 0; i < m; i++) {
            int src = neuronOfAtom[i] * n;
            int dst = i * n;
            double s = sign[i];
            for (int r = 0; r < n; r++) out[dst + r] = s * W[src + r];
        }
        return out;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Matching other
                && Arrays.equals(neuronOfAtom, other.neuronOfAtom)
                && Arrays.equals(sign, other.sign);
    }

    @Override
    public int hashCode() {
        return 31 * Arrays.hashCode(neuronOfAtom) + Arrays.hashCode(sign);
    }

    @Override
    public String toString() {
        return "Matching[neuronOfAtom=" + Arrays.toString(neuronOfAtom) + ", sign=" + Arrays.toString(sign) + "]";
    }
}
