package aedyn.ntk;

import aedyn.data.SymmetricEigen;
import aedyn.data.Matrices;
import aedyn.model.Activation;
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
 * Every product is a TN GEMM with m x P (or n x P) operands, the form netlib's Java fallback (VectorBLAS) runs in
 * SIMD; its SYRK is scalar, ten times slower there, so the symmetric products are paid in full. Cost:
 * 2 n m P (Z) + 2 m P^2 (H^T H, joint or tied) + 2 m P^2 (M) + 2 n P^2 (G) flops, 2 m P^2 more when tied; memory
 * 3 P^2 doubles for K, M and G (4 when tied), plus 3 x 256 x P for the neurons, taken in panels of 256 (so memory does
 * not grow with m). The extremes of the spectrum cost LAPACK's tridiagonal reduction, about (4/3) P^3 flops, and two
 * more P^2 copies.
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
        double[] cross = tied ? new double[p * p] : null; // H^T E, summed over the panels
        int width = Math.min(NEURONS, m);
        double[] z = new double[width * p]; // width x P: Z (tied: W^T Y alone, then E = S o W^T Y)
        double[] h = new double[width * p];
        double[] sd = new double[width * p];
        Activation act = spec.activation();
        for (int j0 = 0; j0 < m; j0 += width) {
            int w = Math.min(width, m - j0);
            BLAS_.dgemm("T", "N", w, p, n, 1.0, v, j0 * n, n, y, 0, n, 0.0, z, 0, w);
            for (int a = 0; a < p; a++) {
                for (int j = 0; j < w; j++) {
                    int i = j + a * w;
                    double zb = z[i] + b[j0 + j];
                    h[i] = act.apply(zb);
                    sd[i] = act.derivative(zb);
                }
            }
            if (tied || spec.trainsDecoder()) {
                BLAS_.dgemm("T", "N", p, p, w, c * c, h, 0, w, h, 0, w, 1.0, k, 0, p);
            }
            if (tied) {
                // E = S o (W^T Y): the cross terms sum_j h_aj s_bj (w_j^T y_b), and their transpose added below
                for (int i = 0; i < w * p; i++) z[i] *= sd[i];
                BLAS_.dgemm("T", "N", p, p, w, 1.0, h, 0, w, z, 0, w, 1.0, cross, 0, p);
            }
            // M += S^T diag(q) S as (diag(sqrt q) S)^T (diag(sqrt q) S)
            for (int j = 0; j < w; j++) {
                double root = Math.sqrt(BLAS_.ddot(n, u, (j0 + j) * n, 1, u, (j0 + j) * n, 1));
                BLAS_.dscal(p, root, sd, j, w);
            }
            BLAS_.dgemm("T", "N", p, p, w, 1.0, sd, 0, w, sd, 0, w, 1.0, mm, 0, p);
        }
        double[] gram = new double[p * p];
        BLAS_.dgemm("T", "N", p, p, n, 1.0, y, 0, n, y, 0, n, 0.0, gram, 0, p);
        double scale = c * c / n;
        double bias = learnedBias ? 1.0 : 0.0;
        for (int col = 0; col < p; col++) {
            for (int row = 0; row <= col; row++) {
                int i = row + col * p;
                double value = k[i] + scale * (gram[i] + bias) * mm[i];
                if (tied) value += scale * (cross[i] + cross[col + row * p]);
                k[i] = value;
                k[col + row * p] = value; // the upper triangle's, so K is symmetric to the bit
            }
        }
        return new TangentKernel(k, p);
    }

    /** Flops of {@link #of} for the model {@code spec} on P probe samples (not counting the activation's evaluations). */
    public static double flops(ModelSpec spec, int p) {
        double pp = (double) p * p;
        double m = spec.m();
        double products = 2 * (spec.tied() ? 3 : spec.trainsDecoder() ? 2 : 1) * m * pp;
        return 2.0 * spec.n() * m * p + products + 2.0 * spec.n() * pp;
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
