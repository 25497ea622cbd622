package aedyn.model;

import aedyn.data.SampleBlock;
import dev.ludovic.netlib.blas.BLAS;

import java.util.Optional;
import java.util.function.IntFunction;

/**
 * The exact gradient of the general two-layer autoencoder over one block of samples (SPEC section 5, matrix
 * form), with the loss and, for piecewise-linear activations with a known A, the code statistics. It knows
 * nothing of Spark.
 *
 * <p>As in {@link BlockKernel}, every m x B matrix is held transposed (B x m, column-major), so that each product
 * is NN or TN but U H, taken NT from H^T. With Z^T = Y^T V + 1 b^T, H = sigma(Z), R = Y - c U H, D = sigma'(Z) o (c U^T R):
 * <pre>
 *   Z^T = Y^T V                 2 n m B
 *   R   = Y - c U H             2 n m B
 *   Q^T = R^T U, D^T = c S'^T o Q^T        2 n m B
 *   G_U -= c R H^T (joint)      2 n m B      (tied: into G_W)
 *   G_V -= Y D^T                2 n m B      (tied: into G_W)
 * </pre>
 * 10 n m B flops (8 in the encoder-only regime), the count of SPEC section 5. Sums are not divided by N and carry
 * no l2 term: the driver adds both. The buffers are each executor thread's own, allocated once.
 */
public final class TwoLayerKernel {
    private static final BLAS BLAS_ = BLAS.getInstance();

    private TwoLayerKernel() {
    }

    /**
     * Scratch buffers of one panel. Nothing in them outlives a panel (every product is added into the sums as its
     * panel is done), so each executor thread keeps one, grown to the largest panel it met, for every model and
     * pass: allocating them per pass and member cost a wide cohort several MB of zeroed arrays per iteration (JFR).
     */
    static final class Workspace {
        final double[] zt; // B x m: Z^T, then Q^T = R^T U
        final double[] ht; // B x m: H^T = sigma(Z)^T
        final double[] dt; // B x m: sigma'(Z)^T, then D^T
        final double[] r;  // n x B: residuals

        Workspace(int panelEntries, int residualEntries) {
            zt = new double[panelEntries];
            ht = new double[panelEntries];
            dt = new double[panelEntries];
            r = new double[residualEntries];
        }

        boolean fits(int n, int m, int count) {
            return (long) count * m <= zt.length && (long) count * n <= r.length;
        }

        private static final ThreadLocal<Workspace> OWN = new ThreadLocal<>();

        /** This thread's buffers, large enough for a panel of {@code count} samples at (n, m). */
        static Workspace forPanel(int n, int m, int count) {
            Workspace ws = OWN.get();
            if (ws == null || !ws.fits(n, m, count)) {
                int entries = Math.max(count * m, ws == null ? 0 : ws.zt.length);
                ws = new Workspace(entries, Math.max(count * n, ws == null ? 0 : ws.r.length));
                OWN.set(ws);
            }
            return ws;
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
        inPanels(model.n(), model.m(), block, from, to, sums, panel -> Workspace.forPanel(model.n(), model.m(), panel),
                (first, count, ws) -> accumulatePanel(model, block, first, count, ws, sums));
    }

    /** What a general kernel adds for the samples [first, first + count) of a block, in its panel's buffers. */
    @FunctionalInterface
    interface PanelSum<W> {
        void add(int first, int count, W workspace);
    }

    /**
     * The walk of a block that the network's and the twin's kernels share: the block's dimension checked against the
     * model's n, the thread's buffers taken once for the block's panel size, then [from, to) in panels of {@link
     * BlockKernel#panelFor} from 0, the sums' arrays made first.
     */
    static <W> void inPanels(int n, int m, SampleBlock block, int from, int to, PassSums sums,
                             IntFunction<W> workspace, PanelSum<W> sum) {
        if (block.n() != n) {
            throw new IllegalArgumentException("sample block has dimension " + block.n() + ", the model expects n = " + n);
        }
        if (block.count() == 0) return;
        int panel = Math.min(BlockKernel.panelFor(n, m), block.count());
        W ws = workspace.apply(panel);
        sums.ensureArrays();
        for (int first = from; first < to; first += panel) sum.add(first, Math.min(panel, to - first), ws);
    }

    /**
     * D^T = c S'^T o Q^T in place of S'^T, and g_b -= the column sums of D^T, each summed from j = 0 up. Four
     * columns at a time: a column's sum is one chain of dependent additions, and four chains in flight keep the
     * adder busy (each column's order, hence its bits, is unchanged).
     */
    private static void columnSums(double c, double[] dt, double[] qt, int bSize, int m, double[] gb) {
        int i = 0;
        for (; i + 4 <= m; i += 4) {
            int c0 = i * bSize;
            int c1 = c0 + bSize;
            int c2 = c1 + bSize;
            int c3 = c2 + bSize;
            double s0 = 0;
            double s1 = 0;
            double s2 = 0;
            double s3 = 0;
            for (int j = 0; j < bSize; j++) {
                double d0 = c * dt[c0 + j] * qt[c0 + j];
                double d1 = c * dt[c1 + j] * qt[c1 + j];
                double d2 = c * dt[c2 + j] * qt[c2 + j];
                double d3 = c * dt[c3 + j] * qt[c3 + j];
                dt[c0 + j] = d0;
                dt[c1 + j] = d1;
                dt[c2 + j] = d2;
                dt[c3 + j] = d3;
                s0 += d0;
                s1 += d1;
                s2 += d2;
                s3 += d3;
            }
            gb[i] -= s0;
            gb[i + 1] -= s1;
            gb[i + 2] -= s2;
            gb[i + 3] -= s3;
        }
        for (; i < m; i++) {
            int col = i * bSize;
            double s = 0;
            for (int j = 0; j < bSize; j++) {
                double d = c * dt[col + j] * qt[col + j];
                dt[col + j] = d;
                s += d;
            }
            gb[i] -= s;
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
        // U H in the NT form from H^T itself: it gave the same bits as NN on a transposed copy (OpenBLAS and the
        // Java BLAS, at the companions' shapes) and spares the copy, a pass over m B entries
        double[] r = ws.r;
        System.arraycopy(y, yOff, r, 0, n * bSize);
        BLAS_.dgemm("N", "T", n, bSize, m, -c, u, 0, n, ht, 0, bSize, 1.0, r, 0, n);
        residualSums(new Decoder(n, m, c, u, model.tied(), model.decoderGradient()), new Panel(y, yOff, bSize), r, ht, zt, dt, sums);
        Optional<SampleBlock.Codes> codes = block.codes();
        if (codes.isPresent() && model.neuronOfAtom() != null && model.activation().piecewiseLinear()) {
            BlockKernel.countRecovery(m, model.neuronOfAtom(), model.sign(), codes.get(), first, bSize, ht, sums);
        }
    }

    /**
     * The decoder a panel's residual R = Y - c U H was formed with, as {@link #residualSums} needs it: the shape (n, m),
     * the scale c, the n x m matrix U whose transpose carries R back (tied: W), and which gradients the model takes.
     */
    record Decoder(int n, int m, double c, double[] u, boolean tied, boolean decoderGradient) {
    }

    /** The samples [first, first + count) of a block: the n x count columns of {@code y} from entry {@code yOff}. */
    record Panel(double[] y, int yOff, int count) {
    }

    /**
     * What SPEC section 5 and the linearized twin (8.4) add alike once the panel's residual R (n x B) is formed: the loss
     * and the output's squares, then with Q^T = R^T U (into {@code qt}) and D^T = c S'^T o Q^T (into {@code dt}, which
     * holds S'^T), g_b -= D 1, G_V -= Y D^T (first matrix; tied: G_W) and G_U -= c R H^T (second; tied: also G_W).
     */
    static void residualSums(Decoder decoder, Panel panel, double[] r, double[] ht, double[] qt, double[] dt,
                             PassSums sums) {
        int n = decoder.n();
        int m = decoder.m();
        double c = decoder.c();
        double[] u = decoder.u();
        double[] y = panel.y();
        int yOff = panel.yOff();
        int bSize = panel.count();
        double rr = BLAS_.ddot(n * bSize, r, 0, 1, r, 0, 1);
        sums.loss += 0.5 * rr;
        // ||Y_hat||^2 = ||Y - R||^2, two O(n B) dot products beside the O(n m B) products
        sums.outputSquares += BLAS_.ddot(n * bSize, y, yOff, 1, y, yOff, 1) - 2 * BLAS_.ddot(n * bSize, y, yOff, 1, r, 0, 1) + rr;
        sums.outputs += bSize;

        // Q^T = R^T U; D^T = c S'^T o Q^T; g_b -= column sums of D^T
        BLAS_.dgemm("T", "N", bSize, m, n, 1.0, r, 0, n, u, 0, n, 0.0, qt, 0, bSize);
        columnSums(c, dt, qt, bSize, m, sums.biasGradient);

        // G_V -= Y D^T (first matrix; tied: G_W); G_U -= c R H^T (second matrix; tied: also into G_W)
        double[] g = sums.gradient;
        BLAS_.dgemm("N", "N", n, m, bSize, -1.0, y, yOff, n, dt, 0, bSize, 1.0, g, 0, n);
        if (decoder.tied()) {
            BLAS_.dgemm("N", "N", n, m, bSize, -c, r, 0, n, ht, 0, bSize, 1.0, g, 0, n);
        } else if (decoder.decoderGradient()) {
            BLAS_.dgemm("N", "N", n, m, bSize, -c, r, 0, n, ht, 0, bSize, 1.0, g, n * m, n);
        }

        sums.count += bSize;
    }
}
