package aedyn.ntk;

import aedyn.data.Matrices;
import aedyn.model.ModelSpec;
import aedyn.model.Parameters;
import dev.ludovic.netlib.blas.BLAS;

/**
 * The empirical tangent kernel on a probe (SPEC section 8.1): K_ab = (1/n) tr J(y_a) J(y_b)^T over the P probe
 * samples, a P x P symmetric positive semi-definite matrix (column-major, both triangles filled), summed over the
 * trained parameters. In matrices, with H = sigma(V^T Y + b 1^T) and S = sigma'(.) (m x P), q_j = ||u_j||^2,
 * M = S^T diag(q) S and G = Y^T Y:
 * <pre>
 *   untied:  K = c^2 H^T H (joint)  +  (c^2/n) G o M  +  (c^2/n) M (learned bias)
 *   tied:    K = c^2 H^T H + (c^2/n) (H^T E + E^T H) + (c^2/n) G o M (+ (c^2/n) M),  E = S o (W^T Y), q_j = ||w_j||^2
 * </pre>
 * Cost: 2 n m P (Z) + m P^2 (H^T H, SYRK) + m P^2 (M, SYRK) + n P^2 (G, SYRK) flops, 2 m P^2 more when tied (SYR2K);
 * memory 3 P^2 doubles for K, M and G, plus 3 P x 256 for the neurons, taken in panels of 256 (so memory does not
 * grow with m). The extremes of the spectrum cost LAPACK's tridiagonal reduction, about (4/3) P^3 flops and one
 * more P^2 copy.
 */
public record TangentKernel(double[] k, int p) {
    private static final BLAS BLAS_ = BLAS.getInstance();
    /** Neurons per panel: the kernel is a sum over neurons, so they are taken a panel at a time. */
    private static final int NEURONS = 256;

    /** The smallest and largest eigenvalue of a kernel. */
    public record Extremes(double lambdaMin, double lambdaMax) {
    }

    /**
     * K of the model {@code spec} at {@code theta} on the probe {@code y} (n x p column-major); the bias counts as a
     * trained parameter when {@code learnedBias}, the decoder when the spec trains it.
     */
    public static TangentKernel of(ModelSpec spec, boolean learnedBias, Parameters theta, double[] y, int p) {
        int n = spec.n();
        int m = spec.m();
        if (y.length != (long) n * p) throw new IllegalArgumentException("probe has " + y.length + " entries, expected n P = " + (long) n * p);
        if (theta.n() != n || theta.m() != m) throw new IllegalArgumentException("parameters of shape " + theta.n() + " x " + theta.m() + ", model " + n + " x " + m);
        boolean tied = spec.tied();
        double c = spec.outputScale();
        double[] v = theta.v();
        double[] u = theta.decoder();
        double[] b = theta.b();
        double[] k = new double[p * p];
        double[] mm = new double[p * p];
        int width = Math.min(NEURONS, m);
        double[] zt = new double[p * width]; // P x width: Z^T (tied: W^T Y alone, then E^T)
        double[] ht = new double[p * width];
        double[] st = new double[p * width];
        for (int j0 = 0; j0 < m; j0 += width) {
            int w = Math.min(width, m - j0);
            int len = p * w;
            BLAS_.dgemm("T", "N", p, w, n, 1.0, y, 0, n, v, j0 * n, n, 0.0, zt, 0, p);
            for (int j = 0; j < w; j++) {
                double bj = b[j0 + j];
                for (int a = 0; a < p; a++) {
                    double z = zt[a + j * p] + bj;
                    ht[a + j * p] = spec.activation().apply(z);
                    st[a + j * p] = spec.activation().derivative(z);
                }
            }
            if (tied || spec.trainsDecoder()) {
                BLAS_.dsyrk("U", "N", p, w, c * c, ht, 0, p, 1.0, k, 0, p);
            }
            if (tied) {
                // E^T = S^T o (Y^T W): the cross terms sum_j h_aj s_bj (w_j^T y_b) and their transpose
                for (int i = 0; i < len; i++) zt[i] *= st[i];
                BLAS_.dsyr2k("U", "N", p, w, c * c / n, ht, 0, p, zt, 0, p, 1.0, k, 0, p);
            }
            // M += S^T diag(q) S as (S^T diag(sqrt q)) (.)^T
            for (int j = 0; j < w; j++) {
                double root = Math.sqrt(BLAS_.ddot(n, u, (j0 + j) * n, 1, u, (j0 + j) * n, 1));
                BLAS_.dscal(p, root, st, j * p, 1);
            }
            BLAS_.dsyrk("U", "N", p, w, 1.0, st, 0, p, 1.0, mm, 0, p);
        }
        double[] gram = new double[p * p];
        BLAS_.dsyrk("U", "T", p, n, 1.0, y, 0, n, 0.0, gram, 0, p);
        double scale = c * c / n;
        double bias = learnedBias ? 1.0 : 0.0;
        for (int col = 0; col < p; col++) {
            for (int row = 0; row <= col; row++) {
                int i = row + col * p;
                k[i] += scale * (gram[i] + bias) * mm[i];
                k[col + row * p] = k[i];
            }
        }
        return new TangentKernel(k, p);
    }

    /** Flops of {@link #of} (not counting the activation's evaluations). */
    public static double flops(int n, int m, int p, boolean tied) {
        double pp = (double) p * p;
        return 2.0 * n * m * p + 2.0 * m * pp + n * pp + (tied ? 2.0 * m * pp : 0);
    }

    /** lambda_min and lambda_max of K (SPEC section 8.1), by LAPACK. */
    public Extremes extremes() {
        double[] values = SymmetricEigen.values(k, p);
        return new Extremes(values[0], values[p - 1]);
    }

    /** The drift ||K - K0||_F / ||K0||_F against the kernel at s = 0 (SPEC section 8.1). */
    public double drift(TangentKernel k0) {
        if (k0.p != p) throw new IllegalArgumentException("kernels on probes of " + p + " and " + k0.p + " samples");
        return Matrices.relativeDistance(k, k0.k);
    }
}
