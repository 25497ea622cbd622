package aedyn.model;

import aedyn.data.SampleBlock;
import dev.ludovic.netlib.blas.BLAS;

import java.util.Optional;

/**
 * The approximate gradient of the weight-tied autoencoder over one block of samples (SPEC section 2,
 * matrix form), plus the loss and the code statistics. It knows nothing of Spark.
 *
 * <p>Every m x B matrix of the SPEC is held transposed (B x m, column-major) so that every product is in the
 * NN or TN form: the NT form is the slowest one in the BLAS's pure-Java fallback, and the only price is one
 * O(mB) transpose of X where R is formed. With P = W^T Y, Z = P + b 1^T, X = sigma(Z), Zm = M o Z, R = Y - W X, the SPEC's
 * G = -(R Zm^T + Y (M o W^T R)^T) is computed in one of two equal forms, whichever takes fewer flops:
 * <ul>
 *   <li>direct, 10 n m B flops: Z^T = Y^T W, R = Y - W X, (W^T R)^T = R^T W, G -= R Zm^T, G -= Y Qm^T;</li>
 *   <li>Gram, 4 n m B + 4 m^2 B (+ 4 n m^2 per partition and pass): with K = W^T W, W^T R = P - K X needs
 *   no R, and R Zm^T = Y Zm^T - W (X Zm^T), so G = -Y (Zm + Qm)^T + W S with S = sum of X Zm^T (m x m).
 *   It wins when m is well below n, the case of the paper's experiments (n = 784, m = 10), and reads each
 *   panel of Y twice, once from memory and once from cache, which is what bounds a pass with few hidden units.</li>
 * </ul>
 * The Gram form's loss comes from ||Y - W X||^2 = ||Y||^2 - <X, P + Q> (as <X, K X> = <X, P - Q>), unless
 * the cancellation would cost more than 6 of the 16 digits; such a panel forms R and sums its squares.
 */
public final class BlockKernel {
    private static final BLAS BLAS_ = BLAS.getInstance();

    private BlockKernel() {
    }

    /**
     * What the members of a group share within a task: their W side by side (n x km), and the panel products with Y
     * that one GEMM computes for all of them, P^T (B x km), (Zm + Qm)^T (B x km) and, with more than one member,
     * the sum of -Y (Zm + Qm)^T over the panels (n x km) that each member's flush moves into its own gradient. A group
     * of one writes that product straight into its gradient and multiplies Y by its own W.
     */
    static final class Group {
        final int n;
        final int m;
        final int size;
        final int capacity;
        final double[] zt;   // B x km: P^T = Y^T W, then Q^T = (W^T R)^T in place, then (M o W^T R)^T
        final double[] zmt;  // B x km: (M o Z)^T, then (M o Z + M o W^T R)^T in the Gram form
        final double[] w;    // n x km, W_1 .. W_k (size > 1)
        final double[][] wOf; // the W's it holds
        final double[] g;    // n x km: -sum of Y (Zm + Qm)^T not yet moved to the members' gradients (size > 1)

        Group(int n, int m, int size, int capacity) {
            this.n = n;
            this.m = m;
            this.size = size;
            this.capacity = capacity;
            zt = new double[capacity * m * size];
            zmt = new double[capacity * m * size];
            w = size > 1 ? new double[n * m * size] : null;
            wOf = new double[size][];
            g = size > 1 ? new double[n * m * size] : null;
        }

        boolean fits(int n, int m, int size, int count) {
            return this.n == n && this.m == m && this.size == size && count <= capacity;
        }
    }

    /** One member's buffers of a panel, reused across the blocks of a partition, so the hot loop allocates nothing per block. */
    static final class Workspace implements PassSums.Workspace {
        final Group group;
        final int index;    // the member's place in its group: its columns are index*m .. (index+1)*m - 1
        final int n;
        final int m;
        final double[] xt;  // B x m: the codes X^T = sigma(Z)^T
        final double[] x;   // m x B: the codes X, a column per sample (for R = Y - W X in the NN form)
        final double[] r;   // n x B: residuals
        final double[] k;   // m x m: K = W^T W of {@link #kOf} (Gram form)
        final double[] s;   // m x m: S = sum of X (M o Z)^T over the blocks since the last flush (Gram form)
        double[] kOf;       // the W that k was computed from
        double[] sOf;       // the W that the pending S is to be multiplied by, null when nothing is pending

        Workspace(Group group, int index) {
            this.group = group;
            this.index = index;
            n = group.n;
            m = group.m;
            int capacity = group.capacity;
            xt = new double[capacity * m];
            x = new double[m * capacity];
            r = new double[n * capacity];
            k = new double[m * m];
            s = new double[m * m];
        }

        @Override
        public void flush(PassSums sums) {
            BlockKernel.flush(sums);
        }
    }

    /**
     * Samples per panel: the kernel walks a stored block in panels whose working set (Y and R panels, n x p;
     * three m x p buffers) fits in about half of a core's L2 cache, because with few hidden units the pass is
     * bound by memory traffic, not flops. With many hidden units that would be a handful of samples, so the panel
     * grows to at least 4n (at most 256): the products that add into the n x m gradient read and write it once per
     * panel, and p >= 4n keeps that traffic below the panel's own. A fixed 256 at small n (ntk-width: n = 32,
     * m = 2048) spilled the m x p buffers out of L2: one cohort pass of its eight members took 17.2-20.1 ms,
     * against 16.2-17.3 at p = 128 = 4n (README, "Small data and small batches").
     */
    public static int panelFor(int n, int m) {
        long bytesPerSample = 8L * (2L * n + 3L * m);
        long p = PANEL_CACHE_BYTES / bytesPerSample;
        if (m >= 64) p = Math.max(p, Math.min(256, 4L * n));
        return (int) Math.max(16, Math.min(4096, p));
    }

    private static final long PANEL_CACHE_BYTES = Long.getLong("aedyn.panel.bytes", 512L << 10);

    /**
     * Whether the Gram form takes fewer flops per sample than the direct one: 4nm + 4m^2 < 10nm. Its two
     * n x m x m products, K = W^T W and the final G += W S, are made once per partition and pass.
     */
    static boolean gramForm(int n, int m) {
        return 2L * m < 3L * n;
    }

    /**
     * Flops of the kernel's products in one pass over {@code samples} samples in {@code partitions} partitions,
     * in the form it takes (not counting the R of a guarded panel).
     */
    public static double flops(int n, int m, long samples, int partitions) {
        double nm = (double) n * m;
        return gramForm(n, m) ? (4 * nm + 4.0 * m * m) * samples + 4 * nm * m * partitions : 10 * nm * samples;
    }

    /**
     * Adds the gradient, loss and code statistics of the block's samples [from, to) into {@code sums}. The panels
     * start at 0 and step by {@link #panelFor}, so that a block handed over in whole panels adds up exactly as it
     * does in one call: {@code from} must be a multiple of the panel, and {@code to} too unless it is the end.
     */
    public static void accumulate(TiedWeights model, SampleBlock block, int from, int to, PassSums sums) {
        accumulate(new TiedWeights[]{model}, block, from, to, new PassSums[]{sums});
    }

    /**
     * Whether models can be summed as one group ({@link #accumulate(TiedWeights[], SampleBlock, int, int, PassSums[])}):
     * the Gram form at the same n and m, so that they share the panel and Y's products with all of them are one GEMM.
     */
    static boolean groups(int n, int m) {
        return gramForm(n, m);
    }

    /**
     * The same for a group of models of one shape at once (members of a cohort): each panel of Y is multiplied by
     * all of their W in one product and by all of their (Zm + Qm) in another, which with few hidden units each does
     * k times the work for about the memory traffic of one. Every member's sums are those it gets alone (the products'
     * columns are computed independently of one another). A group of more than one must be in the Gram form.
     */
    static void accumulate(TiedWeights[] models, SampleBlock block, int from, int to, PassSums[] sums) {
        int n = models[0].n();
        int m = models[0].m();
        int size = models.length;
        if (block.n() != n) {
            throw new IllegalArgumentException("sample block has dimension " + block.n() + ", the model expects n = " + n);
        }
        boolean gram = gramForm(n, m);
        if (size > 1 && !gram) throw new IllegalArgumentException("a group of models must take the Gram form, not n = " + n + ", m = " + m);
        int panel = Math.min(panelFor(n, m), Math.max(1, block.count()));
        Group group = groupOf(sums, n, m, panel);
        for (int i = 0; i < size; i++) {
            PassSums own = sums[i];
            Workspace ws = (Workspace) own.workspace;
            own.ensureArrays();
            double[] w = models[i].w();
            if (gram && ws.kOf != w) {
                // K = W^T W, once per pass and partition (the weights are the same for every block of a pass).
                flush(own);
                BLAS_.dgemm("T", "N", m, m, n, 1.0, w, 0, n, w, 0, n, 0.0, ws.k, 0, m);
                ws.kOf = w;
            }
            if (size > 1 && group.wOf[i] != w) {
                System.arraycopy(w, 0, group.w, i * n * m, n * m);
                group.wOf[i] = w;
            }
        }
        for (int first = from; first < to; first += panel) {
            accumulatePanel(models, block, first, Math.min(panel, to - first), group, sums, gram);
        }
        if (gram) {
            for (int i = 0; i < size; i++) ((Workspace) sums[i].workspace).sOf = models[i].w();
        }
    }

    /** The group the sums' workspaces share, made anew (after completing what is pending) when it does not fit. */
    private static Group groupOf(PassSums[] sums, int n, int m, int panel) {
        Group group = sums[0].workspace instanceof Workspace ws ? ws.group : null;
        boolean fits = group != null && group.fits(n, m, sums.length, panel);
        for (int i = 0; fits && i < sums.length; i++) {
            fits = sums[i].workspace instanceof Workspace ws && ws.group == group && ws.index == i;
        }
        if (fits) return group;
        group = new Group(n, m, sums.length, panel);
        for (int i = 0; i < sums.length; i++) {
            sums[i].complete(); // a pending S lives in the workspace being replaced
            sums[i].workspace = new Workspace(group, i);
        }
        return group;
    }

    /**
     * Adds the member's pending products into its gradient sum: its columns of the group's -Y (Zm + Qm)^T, then the
     * Gram form's W S, and starts both again at zero. {@link PassSums} calls it before its gradient is read, merged
     * or shipped, so the products are made once per partition and pass.
     */
    static void flush(PassSums sums) {
        if (!(sums.workspace instanceof Workspace ws)) return;
        Group group = ws.group;
        if (group.g != null) {
            int size = ws.n * ws.m;
            int offset = ws.index * size;
            double[] g = sums.gradient;
            for (int i = 0; i < size; i++) g[i] += group.g[offset + i];
            java.util.Arrays.fill(group.g, offset, offset + size, 0.0);
        }
        if (ws.sOf == null) return;
        BLAS_.dgemm("N", "N", ws.n, ws.m, ws.m, 1.0, ws.sOf, 0, ws.n, ws.s, 0, ws.m, 1.0, sums.gradient, 0, ws.n);
        java.util.Arrays.fill(ws.s, 0.0);
        ws.sOf = null;
    }

    /** Samples [first, first + bSize) of the block, for every member of the group. */
    private static void accumulatePanel(TiedWeights[] models, SampleBlock block, int first, int bSize, Group group,
                                        PassSums[] sums, boolean gram) {
        int n = group.n;
        int m = group.m;
        int size = models.length;
        double[] y = block.y();
        int yOff = first * n;
        double[] zt = group.zt;
        double[] zmt = group.zmt;

        // P^T = Y^T [W_1 .. W_k]: member i's P^T is the B x m block at offset i m B
        BLAS_.dgemm("T", "N", bSize, m * size, n, 1.0, y, yOff, n, size > 1 ? group.w : models[0].w(), 0, n, 0.0, zt, 0, bSize);
        double yy = gram ? BLAS_.ddot(n * bSize, y, yOff, 1, y, yOff, 1) : 0;
        for (int member = 0; member < size; member++) {
            TiedWeights model = models[member];
            PassSums own = sums[member];
            Workspace ws = (Workspace) own.workspace;
            int o = member * m * bSize;
            double[] w = model.w();
            double[] xt = ws.xt;

            // Z = P + b 1^T, X = sigma(Z), Zm = M o Z (zt keeps P^T for the Gram form)
            Activation act = model.activation();
            double[] b = model.b();
            double xp = 0; // <X, P>
            for (int i = 0; i < m; i++) {
                int col = i * bSize;
                double bi = b[i];
                for (int j = 0; j < bSize; j++) {
                    double p = zt[o + col + j];
                    double z = p + bi;
                    double xv = act.apply(z);
                    xt[col + j] = xv;
                    zmt[o + col + j] = xv != 0.0 ? z : 0.0;
                    xp += xv * p;
                }
            }

            if (gram) {
                // S += X Zm^T, before Zm takes Qm in below
                BLAS_.dgemm("T", "N", m, m, bSize, 1.0, xt, 0, bSize, zmt, o, bSize, 1.0, ws.s, 0, m);
                // Q^T = (W^T R)^T = P^T - X^T K
                BLAS_.dgemm("N", "N", bSize, m, m, -1.0, xt, 0, bSize, ws.k, 0, m, 1.0, zt, o, bSize);
            } else {
                residual(model, y, yOff, bSize, ws, own);
                // Q^T = (W^T R)^T = R^T W
                BLAS_.dgemm("T", "N", bSize, m, n, 1.0, ws.r, 0, n, w, 0, n, 0.0, zt, o, bSize);
            }
            // masked by M; the learned-bias gradient is its column sum; in the Gram form Zm + Qm, whose product
            // with Y is made for the whole group below
            double[] gb = own.biasGradient;
            double xq = 0; // <X, Q>
            for (int i = 0; i < m; i++) {
                int col = o + i * bSize;
                int xcol = i * bSize;
                double s = 0;
                for (int j = 0; j < bSize; j++) {
                    double xv = xt[xcol + j];
                    if (xv == 0.0) {
                        zt[col + j] = 0.0;
                    } else {
                        double q = zt[col + j];
                        s += q;
                        xq += xv * q;
                        if (gram) zmt[col + j] += q;
                    }
                }
                gb[i] -= s;
            }
            double[] g = own.gradient;
            if (gram) {
                // ||Y - W X||^2 = ||Y||^2 - <X, P + Q>, since <X, K X> = <X, P - Q>. Summed over the panel it loses
                // about log10(||Y||^2 / ||R||^2) digits to cancellation, so when R is small beside Y (under 1e-6 of
                // it: more than 6 of 16 digits lost) the panel's loss is summed from R itself.
                double rr = yy - (xp + xq);
                if (rr >= EXPANSION_GUARD * yy) {
                    own.loss += 0.5 * rr;
                } else {
                    residual(model, y, yOff, bSize, ws, own);
                }
            } else {
                // G -= R Zm^T + Y Qm^T
                BLAS_.dgemm("N", "N", n, m, bSize, -1.0, ws.r, 0, n, zmt, o, bSize, 1.0, g, 0, n);
                BLAS_.dgemm("N", "N", n, m, bSize, -1.0, y, yOff, n, zt, o, bSize, 1.0, g, 0, n);
            }

            own.count += bSize;
            Optional<SampleBlock.Codes> codes = block.codes();
            if (codes.isPresent() && model.neuronOfAtom() != null) {
                countRecovery(m, model.neuronOfAtom(), model.sign(), codes.get(), first, bSize, xt, own);
            }
        }
        if (gram) {
            // G -= Y (Zm + Qm)^T for every member at once (the W S part is added by flush)
            BLAS_.dgemm("N", "N", n, m * size, bSize, -1.0, y, yOff, n, zmt, 0, bSize, 1.0,
                    size > 1 ? group.g : sums[0].gradient, 0, n);
        }
    }

    /** Below this ratio of ||R||^2 to ||Y||^2 the Gram form sums a panel's loss from R instead of the expansion. */
    static final double EXPANSION_GUARD = 1e-6;

    /** R = Y - W X for the panel into ws.r, and loss += 1/2 ||R||^2. */
    private static void residual(TiedWeights model, double[] y, int yOff, int bSize, Workspace ws, PassSums sums) {
        int n = model.n();
        int m = model.m();
        transpose(ws.xt, bSize, m, ws.x);
        System.arraycopy(y, yOff, ws.r, 0, n * bSize);
        BLAS_.dgemm("N", "N", n, bSize, m, -1.0, model.w(), 0, n, ws.x, 0, m, 1.0, ws.r, 0, n);
        sums.loss += 0.5 * BLAS_.ddot(n * bSize, ws.r, 0, 1, ws.r, 0, 1);
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

    /**
     * Support and sign recovery (SPEC section 4) of each sample's code under the matching neuron -> atom, from the
     * codes X^T (bSize x m) of samples [first, first + bSize) of a block whose true codes are {@code codes}.
     */
    static void countRecovery(int m, int[] neuronOfAtom, double[] sign, SampleBlock.Codes codes, int first, int bSize,
                              double[] xt, PassSums sums) {
        int[] start = codes.start();
        int[] index = codes.index();
        double[] value = codes.value();
        // active units per sample, counted a column of X^T at a time (contiguous, unlike a sample's m codes)
        int[] active = new int[bSize];
        for (int i = 0; i < m; i++) {
            int col = i * bSize;
            for (int p = 0; p < bSize; p++) {
                if (xt[col + p] != 0.0) active[p]++;
            }
        }
        long support = 0;
        long signs = 0;
        for (int p = 0; p < bSize; p++) {
            int j = first + p;
            boolean supportOk = active[p] == start[j + 1] - start[j];
            boolean signOk = supportOk;
            for (int t = start[j]; t < start[j + 1] && supportOk; t++) {
                double code = xt[neuronOfAtom[index[t]] * bSize + p];
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
