package aedyn.model;

import aedyn.data.SampleBlock;
import dev.ludovic.netlib.blas.BLAS;

/**
 * The exact gradient of the general two-layer autoencoder over one block of samples (SPEC section 5, matrix
 * form), with the loss and, for piecewise-linear activations with a known A, the code statistics. It knows
 * nothing of Spark.
 *
 * <p>As in {@link BlockKernel}, every m x B matrix is held transposed (B x m, column-major) so that each product
 * is NN or TN. With Z^T = Y^T V + 1 b^T, H = sigma(Z), R = Y - c U H, D = sigma'(Z) o (c U^T R):
 * <pre>
 *   Z^T = Y^T V                 2 n m B
 *   R   = Y - c U H             2 n m B
 *   Q^T = R^T U, D^T = c S'^T o Q^T        2 n m B
 *   G_U -= c R H^T (joint)      2 n m B      (tied: into G_W)
 *   G_V -= Y D^T                2 n m B      (tied: into G_W)
 * </pre>
 * 10 n m B flops (8 in the encoder-only regime), the count of SPEC section 5. Sums are not divided by N and carry
 * no l2 term: the driver adds both. The buffers live in the pass's sums, so a partition allocates them once.
 */
public final class TwoLayerKernel {
    private static final BLAS BLAS_ = BLAS.getInstance();

    private TwoLayerKernel() {
    }

    /** Buffers of one panel, reused across the blocks of a partition. */
    static final class Workspace implements PassSums.Workspace {
        final int n;
        final int m;
        final int capacity;
        final double[] zt; // B x m: Z^T, then Q^T = R^T U
        final double[] ht; // B x m: H^T = sigma(Z)^T
        final double[] dt; // B x m: sigma'(Z)^T, then D^T
        final double[] h;  // m x B: H, for R = Y - c U H in the NN form
        final double[] r;  // n x B: residuals

        Workspace(int n, int m, int capacity) {
            this.n = n;
            this.m = m;
            this.capacity = capacity;
            zt = new double[capacity * m];
            ht = new double[capacity * m];
            dt = new double[capacity * m];
            h = new double[m * capacity];
            r = new double[n * capacity];
        }

        boolean fits(int n, int m, int count) {
            return this.n == n && this.m == m && count <= capacity;
        }

        @Override
        public void flush(PassSums sums) {
            // nothing is deferred: every product is added as its panel is done
        }
    }

    /** Flops of one pass over {@code samples} samples. */
    public static double flops(int n, int m, long samples, boolean decoderGradient) {
        return (decoderGradient ? 10.0 : 8.0) * n * m * samples;
    }

    /**
     * Adds the gradient sums, bias-gradient sum, loss and code statistics of the block's samples [from, to) into
     * {@code sums}, in panels of {@link BlockKernel#panelFor} from 0 (see {@link BlockKernel#accumulate}).
     */
    public static void accumulate(TwoLayerWeights model, SampleBlock block, int from, int to, PassSums sums) {
        int n = model.n();
        int m = model.m();
        if (block.n() != n) {
            throw new IllegalArgumentException("sample block has dimension " + block.n() + ", the model expects n = " + n);
        }
        if (block.count() == 0) return;
        int panel = Math.min(BlockKernel.panelFor(n, m), block.count());
        Workspace ws = sums.workspace instanceof Workspace own ? own : null;
        if (ws == null || !ws.fits(n, m, panel)) {
            sums.complete();
            ws = new Workspace(n, m, panel);
            sums.workspace = ws;
        }
        sums.ensureArrays();
        for (int first = from; first < to; first += panel) {
            accumulatePanel(model, block, first, Math.min(panel, to - first), ws, sums);
        }
    }

    /** Samples [first, first + bSize) of the block. */
    private static void accumulatePanel(TwoLayerWeights model, SampleBlock block, int first, int bSize, Workspace ws,
                                        PassSums sums) {
        int n = model.n();
        int m = model.m();
        double c = model.c();
        double[] v = model.v();
        double[] u = model.decoder();
        double[] y = block.y();
        int yOff = first * n;
        double[] zt = ws.zt;
        double[] ht = ws.ht;
        double[] dt = ws.dt;
        int len = bSize * m;

        // Z^T = Y^T V + 1 b^T; H^T = sigma(Z^T), S'^T = sigma'(Z^T)
        BLAS_.dgemm("T", "N", bSize, m, n, 1.0, y, yOff, n, v, 0, n, 0.0, zt, 0, bSize);
        double[] b = model.b();
        for (int i = 0; i < m; i++) {
            double bi = b[i];
            int col = i * bSize;
            for (int j = 0; j < bSize; j++) zt[col + j] += bi;
        }
        model.activation().evaluate(zt, ht, dt, len);

        // R = Y - c U H, loss += 1/2 ||R||^2
        BlockKernel.transpose(ht, bSize, m, ws.h);
        double[] r = ws.r;
        System.arraycopy(y, yOff, r, 0, n * bSize);
        BLAS_.dgemm("N", "N", n, bSize, m, -c, u, 0, n, ws.h, 0, m, 1.0, r, 0, n);
        residualSums(n, m, c, y, yOff, bSize, r, u, ht, zt, dt, model.tied(), model.decoderGradient(), sums);
        if (block.hasCodes() && model.neuronOfAtom() != null && model.activation().piecewiseLinear()) {
            BlockKernel.countRecovery(m, model.neuronOfAtom(), model.sign(), block, first, bSize, ht, sums);
        }
    }

    /**
     * What SPEC section 5 and the linearized twin (8.4) add alike once the panel's residual R (n x B) is formed: the loss
     * and the output's squares, then with Q^T = R^T U (into {@code qt}) and D^T = c S'^T o Q^T (into {@code dt}, which
     * holds S'^T), g_b -= D 1, G_V -= Y D^T (first matrix; tied: G_W) and G_U -= c R H^T (second; tied: also G_W).
     */
    static void residualSums(int n, int m, double c, double[] y, int yOff, int bSize, double[] r, double[] u,
                             double[] ht, double[] qt, double[] dt, boolean tied, boolean decoderGradient, PassSums sums) {
        double rr = BLAS_.ddot(n * bSize, r, 0, 1, r, 0, 1);
        sums.loss += 0.5 * rr;
        // ||Y_hat||^2 = ||Y - R||^2, two O(n B) dot products beside the O(n m B) products
        sums.outputSquares += BLAS_.ddot(n * bSize, y, yOff, 1, y, yOff, 1) - 2 * BLAS_.ddot(n * bSize, y, yOff, 1, r, 0, 1) + rr;
        sums.outputs += bSize;

        // Q^T = R^T U; D^T = c S'^T o Q^T; g_b -= column sums of D^T
        BLAS_.dgemm("T", "N", bSize, m, n, 1.0, r, 0, n, u, 0, n, 0.0, qt, 0, bSize);
        double[] gb = sums.biasGradient;
        for (int i = 0; i < m; i++) {
            int col = i * bSize;
            double s = 0;
            for (int j = 0; j < bSize; j++) {
                double d = c * dt[col + j] * qt[col + j];
                dt[col + j] = d;
                s += d;
            }
            gb[i] -= s;
        }

        // G_V -= Y D^T (first matrix; tied: G_W); G_U -= c R H^T (second matrix; tied: also into G_W)
        double[] g = sums.gradient;
        BLAS_.dgemm("N", "N", n, m, bSize, -1.0, y, yOff, n, dt, 0, bSize, 1.0, g, 0, n);
        if (tied) {
            BLAS_.dgemm("N", "N", n, m, bSize, -c, r, 0, n, ht, 0, bSize, 1.0, g, 0, n);
        } else if (decoderGradient) {
            BLAS_.dgemm("N", "N", n, m, bSize, -c, r, 0, n, ht, 0, bSize, 1.0, g, n * m, n);
        }

        sums.count += bSize;
    }
}
