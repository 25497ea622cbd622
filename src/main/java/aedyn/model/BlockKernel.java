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

    /** Buffers reused across the blocks of a partition, so the hot loop allocates nothing per block. */
    static final class Workspace {
        final int n;
        final int m;
        final int capacity;
        final double[] zt; // B x m: Z^T, then (M o Z)^T in place
        final double[] x;  // m x B: the codes X, a column per sample
        final double[] r;  // n x B: residuals
        final double[] qt; // B x m: (W^T R)^T, then (M o W^T R)^T in place

        Workspace(int n, int m, int capacity) {
            this.n = n;
            this.m = m;
            this.capacity = capacity;
            zt = new double[capacity * m];
            x = new double[m * capacity];
            r = new double[n * capacity];
            qt = new double[capacity * m];
        }

        boolean fits(int n, int m, int count) {
            return this.n == n && this.m == m && count <= capacity;
        }
    }

    /** Adds the block's gradient, loss and code statistics into {@code sums}. */
    public static void accumulate(TiedWeights model, SampleBlock block, PassSums sums) {
        int n = model.n();
        int m = model.m();
        int bSize = block.count();
        if (block.n() != n) {
            throw new IllegalArgumentException("sample block has dimension " + block.n() + ", the model expects n = " + n);
        }
        if (bSize == 0) return;
        Workspace ws = sums.workspace;
        if (ws == null || !ws.fits(n, m, bSize)) {
            ws = new Workspace(n, m, bSize);
            sums.workspace = ws;
        }
        sums.ensureArrays();
        double[] w = model.w();
        double[] y = block.y();
        double[] zt = ws.zt;
        double[] x = ws.x;
        double[] r = ws.r;
        double[] qt = ws.qt;

        // Z^T = Y^T W + 1 b^T
        BLAS_.dgemm("T", "N", bSize, m, n, 1.0, y, n, w, n, 0.0, zt, bSize);
        Activation act = model.activation();
        double[] b = model.b();
        for (int i = 0; i < m; i++) {
            int col = i * bSize;
            double bi = b[i];
            for (int j = 0; j < bSize; j++) {
                double z = zt[col + j] + bi;
                double xv = act.apply(z);
                x[i + j * m] = xv;
                zt[col + j] = xv != 0.0 ? z : 0.0; // M o Z
            }
        }

        // R = Y - W X, loss += 1/2 ||R||^2
        System.arraycopy(y, 0, r, 0, n * bSize);
        BLAS_.dgemm("N", "N", n, bSize, m, -1.0, w, n, x, m, 1.0, r, n);
        double loss = 0;
        for (int i = 0, len = n * bSize; i < len; i++) loss += r[i] * r[i];
        sums.loss += 0.5 * loss;

        // Q^T = R^T W, masked by M; the learned-bias gradient is its column sum.
        BLAS_.dgemm("T", "N", bSize, m, n, 1.0, r, n, w, n, 0.0, qt, bSize);
        double[] gb = sums.biasGradient;
        for (int i = 0; i < m; i++) {
            int col = i * bSize;
            double s = 0;
            for (int j = 0; j < bSize; j++) {
                if (x[i + j * m] == 0.0) {
                    qt[col + j] = 0.0;
                } else {
                    s += qt[col + j];
                }
            }
            gb[i] -= s;
        }

        // G -= R (M o Z)^T + Y (M o W^T R)^T
        double[] g = sums.gradient;
        BLAS_.dgemm("N", "N", n, m, bSize, -1.0, r, n, zt, bSize, 1.0, g, n);
        BLAS_.dgemm("N", "N", n, m, bSize, -1.0, y, n, qt, bSize, 1.0, g, n);

        sums.count += bSize;
        if (block.hasCodes() && model.neuronOfAtom() != null) {
            countRecovery(model, block, x, sums);
        }
    }

    /** Support and sign recovery (SPEC section 4) of each sample's code under the matching neuron -> atom. */
    private static void countRecovery(TiedWeights model, SampleBlock block, double[] x, PassSums sums) {
        int m = model.m();
        int[] neuronOfAtom = model.neuronOfAtom();
        double[] sign = model.sign();
        int[] start = block.codeStart();
        int[] index = block.codeIndex();
        double[] value = block.codeValue();
        long support = 0;
        long signs = 0;
        for (int j = 0; j < block.count(); j++) {
            int off = j * m;
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
        sums.coded += block.count();
    }
}
