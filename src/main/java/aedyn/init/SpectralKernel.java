package aedyn.init;

import dev.ludovic.netlib.blas.BLAS;

/**
 * The block kernel of the spectral initialization (SPEC section 3), without Spark: for a batch of P pairs of
 * samples (u_p, v_p), each with r vectors x_{p,1..r}, it adds to out_{p,c} the sum over a block's samples of
 * ⟨y,u_p⟩⟨y,v_p⟩⟨y,x_{p,c}⟩ y, which is N · M_{u_p,v_p} x_{p,c}. No n x n matrix is formed: per panel of samples
 * it is one product C = Yᵀ [U V X] (TN form), an elementwise product of C's columns, and one product Y D (NN form).
 *
 * <p>The operand Q = [U V X] is n x (2P + rP), column-major: columns 0..P-1 are the u_p, P..2P-1 the v_p, and
 * column 2P + p r + c is x_{p,c}. The sums are n x rP, column p r + c for x_{p,c}.
 */
public final class SpectralKernel {
    private static final BLAS BLAS_ = BLAS.getInstance();
    /** Samples per panel: C (panel x (2 + r) P) stays a few MiB for the batch sizes used. */
    static final int PANEL = 256;

    private final int n;
    private final int pairs;
    private final int r;
    private final int cols;
    private final double[] c;
    private final double[] d;

    public SpectralKernel(int n, int pairs, int r) {
        if (n < 1 || pairs < 1 || r < 1) {
            throw new IllegalArgumentException("need n, pairs, r >= 1, got " + n + ", " + pairs + ", " + r);
        }
        this.n = n;
        this.pairs = pairs;
        this.r = r;
        this.cols = (2 + r) * pairs;
        this.c = new double[PANEL * cols];
        this.d = new double[PANEL * r * pairs];
    }

    /**
     * Adds the block's contribution into {@code out} (n x rP).
     *
     * @param q     [U V X], n x (2 + r) P column-major
     * @param y     samples, n x count column-major (may be longer than n * count)
     * @param count samples in the block
     */
    public void accumulate(double[] q, double[] y, int count, double[] out) {
        if (q.length != n * cols) throw new IllegalArgumentException("Q has " + q.length + " entries, expected " + n * cols);
        if (out.length != n * r * pairs) throw new IllegalArgumentException("out has " + out.length + " entries, expected " + n * r * pairs);
        int rp = r * pairs;
        for (int start = 0; start < count; start += PANEL) {
            int b = Math.min(PANEL, count - start);
            int yOff = start * n;
            // C = Y_panelᵀ Q: b x cols, column-major with leading dimension b.
            BLAS_.dgemm("T", "N", b, cols, n, 1.0, y, yOff, n, q, 0, n, 0.0, c, 0, b);
            for (int p = 0; p < pairs; p++) {
                int cu = p * b;
                int cv = (pairs + p) * b;
                for (int k = 0; k < r; k++) {
                    int cx = (2 * pairs + p * r + k) * b;
                    int dd = (p * r + k) * b;
                    for (int i = 0; i < b; i++) d[dd + i] = c[cu + i] * c[cv + i] * c[cx + i];
                }
            }
            // out += Y_panel D: n x rP.
            BLAS_.dgemm("N", "N", n, rp, b, 1.0, y, yOff, n, d, 0, b, 1.0, out, 0, n);
        }
    }
}
