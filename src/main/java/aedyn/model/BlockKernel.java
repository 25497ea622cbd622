package aedyn.model;

import aedyn.data.SampleBlock;
import dev.ludovic.netlib.blas.BLAS;

/**
 * The approximate gradient of the weight-tied autoencoder over one block of samples (SPEC section 2,
 * matrix form), plus the loss and the code statistics. It knows nothing of Spark.
 *
 * <p>Every m x B matrix of the SPEC is held transposed (B x m, column-major) so that all five products are
 * in the NN or TN form: Z^T = Y^T W, R = Y - W X, (W^T R)^T = R^T W, G -= R (M o Z)^T, G -= Y (M o W^T R)^T.
 * The NT form is the slowest one in the BLAS's pure-Java fallback, and the only price is one O(mB) transpose of X.
 */
public final class BlockKernel {
    private static final BLAS BLAS_ = BLAS.getInstance();

    private BlockKernel() {
    }

    /** Buffers of one panel, reused across the blocks of a partition, so the hot loop allocates nothing per block. */
    static final class Workspace {
        final int n;
        final int m;
        final int capacity;
        final double[] zt; // B x m: Z^T, then (M o Z)^T in place
        final double[] xt; // B x m: the codes X^T = sigma(Z)^T
        final double[] x;  // m x B: the codes X, a column per sample (for R = Y - W X in the NN form)
        final double[] r;  // n x B: residuals
        final double[] qt; // B x m: (W^T R)^T, then (M o W^T R)^T in place

        Workspace(int n, int m, int capacity) {
            this.n = n;
            this.m = m;
            this.capacity = capacity;
            zt = new double[capacity * m];
            xt = new double[capacity * m];
            x = new double[m * capacity];
            r = new double[n * capacity];
            qt = new double[capacity * m];
        }

        boolean fits(int n, int m, int count) {
            return this.n == n && this.m == m && count <= capacity;
        }
    }

    /**
     * Samples per panel: the kernel walks a stored block in panels whose working set (Y and R panels, n x p;
     * three m x p buffers) fits in about half of a core's L2 cache, because with few hidden units the pass is
     * bound by memory traffic, not flops; with many hidden units the panel grows so the products stay efficient.
     */
    static int panelFor(int n, int m) {
        long bytesPerSample = 8L * (2L * n + 3L * m);
        long p = PANEL_CACHE_BYTES / bytesPerSample;
        if (m >= 64) p = Math.max(p, 256);
        return (int) Math.max(16, Math.min(4096, p));
    }

    private static final long PANEL_CACHE_BYTES = Long.getLong("aedyn.panel.bytes", 512L << 10);

    /** Adds the block's gradient, loss and code statistics into {@code sums}. */
    public static void accumulate(TiedWeights model, SampleBlock block, PassSums sums) {
        int n = model.n();
        int m = model.m();
        if (block.n() != n) {
            throw new IllegalArgumentException("sample block has dimension " + block.n() + ", the model expects n = " + n);
        }
        int panel = Math.min(panelFor(n, m), Math.max(1, block.count()));
        Workspace ws = sums.workspace;
        if (ws == null || !ws.fits(n, m, panel)) {
            ws = new Workspace(n, m, panel);
            sums.workspace = ws;
        }
        sums.ensureArrays();
        for (int first = 0; first < block.count(); first += panel) {
            accumulatePanel(model, block, first, Math.min(panel, block.count() - first), ws, sums);
        }
    }

    /** Samples [first, first + bSize) of the block. */
    private static void accumulatePanel(TiedWeights model, SampleBlock block, int first, int bSize, Workspace ws,
                                        PassSums sums) {
        int n = model.n();
        int m = model.m();
        double[] w = model.w();
        double[] y = block.y();
        int yOff = first * n;
        double[] zt = ws.zt;
        double[] xt = ws.xt;
        double[] x = ws.x;
        double[] r = ws.r;
        double[] qt = ws.qt;

        // Z^T = Y^T W + 1 b^T
        BLAS_.dgemm("T", "N", bSize, m, n, 1.0, y, yOff, n, w, 0, n, 0.0, zt, 0, bSize);
        Activation act = model.activation();
        double[] b = model.b();
        for (int i = 0; i < m; i++) {
            int col = i * bSize;
            double bi = b[i];
            for (int j = 0; j < bSize; j++) {
                double z = zt[col + j] + bi;
                double xv = act.apply(z);
                xt[col + j] = xv;
                zt[col + j] = xv != 0.0 ? z : 0.0; // M o Z
            }
        }
        transpose(xt, bSize, m, x);

        // R = Y - W X, loss += 1/2 ||R||^2
        System.arraycopy(y, yOff, r, 0, n * bSize);
        BLAS_.dgemm("N", "N", n, bSize, m, -1.0, w, 0, n, x, 0, m, 1.0, r, 0, n);
        double loss = 0;
        for (int i = 0, len = n * bSize; i < len; i++) loss += r[i] * r[i];
        sums.loss += 0.5 * loss;

        // Q^T = R^T W, masked by M; the learned-bias gradient is its column sum.
        BLAS_.dgemm("T", "N", bSize, m, n, 1.0, r, 0, n, w, 0, n, 0.0, qt, 0, bSize);
        double[] gb = sums.biasGradient;
        for (int i = 0; i < m; i++) {
            int col = i * bSize;
            double s = 0;
            for (int j = 0; j < bSize; j++) {
                if (xt[col + j] == 0.0) {
                    qt[col + j] = 0.0;
                } else {
                    s += qt[col + j];
                }
            }
            gb[i] -= s;
        }

        // G -= R (M o Z)^T + Y (M o W^T R)^T
        double[] g = sums.gradient;
        BLAS_.dgemm("N", "N", n, m, bSize, -1.0, r, 0, n, zt, 0, bSize, 1.0, g, 0, n);
        BLAS_.dgemm("N", "N", n, m, bSize, -1.0, y, yOff, n, qt, 0, bSize, 1.0, g, 0, n);

        sums.count += bSize;
        if (block.hasCodes() && model.neuronOfAtom() != null) {
            countRecovery(model, block, first, bSize, x, sums);
        }
    }

    private static final int TILE = 32;

    /** out (cols x rows) = a (rows x cols)^T, in square tiles so that both sides stay in cache. */
    static void transpose(double[] a, int rows, int cols, double[] out) {
        for (int j0 = 0; j0 < cols; j0 += TILE) {
            int j1 = Math.min(cols, j0 + TILE);
            for (int i0 = 0; i0 < rows; i0 += TILE) {
                int i1 = Math.min(rows, i0 + TILE);
                for (int i = i0; i < i1; i++) {
                    for (int j = j0; j < j1; j++) {
                        out[j + i * cols] = a[i + j * rows];
                    }
                }
            }
        }
    }

    /** Support and sign recovery (SPEC section 4) of each sample's code under the matching neuron -> atom. */
    private static void countRecovery(TiedWeights model, SampleBlock block, int first, int bSize, double[] x,
                                      PassSums sums) {
        int m = model.m();
        int[] neuronOfAtom = model.neuronOfAtom();
        double[] sign = model.sign();
        int[] start = block.codeStart();
        int[] index = block.codeIndex();
        double[] value = block.codeValue();
        long support = 0;
        long signs = 0;
        for (int p = 0; p < bSize; p++) {
            int j = first + p;
            int off = p * m;
            int active = 0;
            for (int i = 0; i < m; i++) {
                if (x[off + i] != 0.0) active++;
            }
            boolean supportOk = active == start[j + 1] - start[j];
            boolean signOk = supportOk;
            for (int t = start[j]; t < start[j + 1] && supportOk; t++) {
                double code = x[off + neuronOfAtom[index[t]]];
                if (code == 0.0) {
                    supportOk = false;
                    signOk = false;
                } else if (Math.signum(sign[index[t]] * code) != Math.signum(value[t])) {
                    signOk = false;
                }
            }
            if (supportOk) support++;
            if (signOk) signs++;
        }
        sums.supportHits += support;
        sums.signHits += signs;
        sums.coded += bSize;
    }
}
