package aedyn.model;

import aedyn.data.SampleBlock;
import dev.ludovic.netlib.blas.BLAS;

/**
 * The loss and gradient of the linearized twin over one block of samples (SPEC section 8.4, matrix form). It knows
 * nothing of Spark and holds nothing per sample between passes: H0 and S0 depend on theta0 only, but samples are not
 * kept per run, so each panel recomputes Z0 = V0^T Y + b0 from the broadcast theta0.
 *
 * <p>As in {@link TwoLayerKernel}, every m x B matrix is held transposed (B x m, column-major). With
 * Z0^T = Y^T V0 + 1 b0^T, H0 = sigma(Z0), S0 = sigma'(Z0), A = Z - Z0 = DeltaV^T Y + Delta b 1^T (formed as the
 * difference of the two pre-activations, so the pass needs no Delta V), E = S0 o A, R = Y - c (U H0 + U0 E),
 * D = S0 o (c U0^T R):
 * <pre>
 *   Z0^T = Y^T V0, Z^T = Y^T V          4 n m B
 *   R = Y - c U H0 - c U0 E             4 n m B   (2 n m B when U = U0: encoder-only, or theta = theta0)
 *   Q^T = R^T U0, D^T = c S0^T o Q^T    2 n m B
 *   G_V -= Y D^T                        2 n m B   (tied: into G_W)
 *   G_U -= c R H0^T (joint)             2 n m B   (tied: into G_W)
 * </pre>
 * 14 n m B flops per pass for joint and tied twins, 10 n m B encoder-only: 1.4 and 1.25 times the network's
 * 10 and 8 ({@link TwoLayerKernel#flops}). Sums are not divided by N and carry no l2 term; the code statistics of
 * paper 1 are not counted (the twin has no code).
 */
public final class LinearizedKernel {
    private static final BLAS BLAS_ = BLAS.getInstance();

    private LinearizedKernel() {
    }

    /** Buffers of one panel: each executor thread's own, kept across passes and members (as TwoLayerKernel's). */
    static final class Workspace {
        final int n;
        final int m;
        final int capacity;
        final double[] z0t; // B x m: Z0^T, then Q^T = R^T U0
        final double[] at;  // B x m: Z^T - Z0^T, then E^T
        final double[] h0t; // B x m: H0^T
        final double[] s0t; // B x m: S0^T, then D^T
        final double[] h0;  // m x B: H0 (plus E when U = U0)
        final double[] e;   // m x B: E
        final double[] r;   // n x B: residuals

        Workspace(int n, int m, int capacity) {
            this.n = n;
            this.m = m;
            this.capacity = capacity;
            z0t = new double[capacity * m];
            at = new double[capacity * m];
            h0t = new double[capacity * m];
            s0t = new double[capacity * m];
            h0 = new double[m * capacity];
            e = new double[m * capacity];
            r = new double[n * capacity];
        }

        boolean fits(int n, int m, int count) {
            return this.n == n && this.m == m && count <= capacity;
        }

        private static final ThreadLocal<Workspace> OWN = new ThreadLocal<>();

        /** This thread's buffers, large enough for a panel of {@code count} samples at (n, m). */
        static Workspace forPanel(int n, int m, int count) {
            Workspace ws = OWN.get();
            if (ws == null || !ws.fits(n, m, count)) {
                ws = new Workspace(n, m, count);
                OWN.set(ws);
            }
            return ws;
        }
    }

    /** Flops of one pass over {@code samples} samples. */
    public static double flops(int n, int m, long samples, boolean tied, boolean decoderGradient) {
        return (tied || decoderGradient ? 14.0 : 10.0) * n * m * samples;
    }

    /** Adds the twin's gradient sums, bias-gradient sum and loss of the block's samples [from, to) into {@code sums}. */
    public static void accumulate(LinearizedWeights model, SampleBlock block, int from, int to, PassSums sums) {
        TwoLayerKernel.inPanels(model.n(), model.m(), block, from, to, sums,
                panel -> Workspace.forPanel(model.n(), model.m(), panel),
                (first, count, ws) -> accumulatePanel(model, block, first, count, ws, sums));
    }

    private static void accumulatePanel(LinearizedWeights model, SampleBlock block, int first, int bSize, Workspace ws,
                                        PassSums sums) {
        int n = model.n();
        int m = model.m();
        double c = model.c();
        double[] y = block.y();
        int yOff = first * n;
        double[] z0t = ws.z0t;
        double[] at = ws.at;
        double[] h0t = ws.h0t;
        double[] s0t = ws.s0t;
        int len = bSize * m;

        // Z0^T = Y^T V0 + 1 b0^T; H0^T, S0^T
        BLAS_.dgemm("T", "N", bSize, m, n, 1.0, y, yOff, n, model.v0(), 0, n, 0.0, z0t, 0, bSize);
        addBias(z0t, model.b0(), bSize, m);
        model.activation().evaluate(z0t, h0t, s0t, len);
        // A^T = Z^T - Z0^T, E^T = S0^T o A^T
        BLAS_.dgemm("T", "N", bSize, m, n, 1.0, y, yOff, n, model.v(), 0, n, 0.0, at, 0, bSize);
        addBias(at, model.b(), bSize, m);
        for (int i = 0; i < len; i++) at[i] = s0t[i] * (at[i] - z0t[i]);

        // R = Y - c U H0 - c U0 E, loss += 1/2 ||R||^2
        double[] u = model.decoder();
        double[] u0 = model.decoder0();
        BlockKernel.transpose(h0t, bSize, m, ws.h0);
        BlockKernel.transpose(at, bSize, m, ws.e);
        double[] r = ws.r;
        System.arraycopy(y, yOff, r, 0, n * bSize);
        if (u == u0) {
            double[] h0 = ws.h0;
            double[] e = ws.e;
            for (int i = 0; i < len; i++) h0[i] += e[i];
            BLAS_.dgemm("N", "N", n, bSize, m, -c, u, 0, n, h0, 0, m, 1.0, r, 0, n);
        } else {
            BLAS_.dgemm("N", "N", n, bSize, m, -c, u, 0, n, ws.h0, 0, m, 1.0, r, 0, n);
            BLAS_.dgemm("N", "N", n, bSize, m, -c, u0, 0, n, ws.e, 0, m, 1.0, r, 0, n);
        }
        // Q^T = R^T U0 (into z0t), D^T = c S0^T o Q^T (into s0t), then g_b, G_V, G_U (G_W) as the network's
        TwoLayerKernel.Decoder decoder = new TwoLayerKernel.Decoder(n, m, c, u0, model.tied(), model.decoderGradient());
        TwoLayerKernel.residualSums(decoder, new TwoLayerKernel.Panel(y, yOff, bSize), r, h0t, z0t, s0t, sums);
    }

    /** zt[:, i] += b[i] for the B x m matrix zt. */
    private static void addBias(double[] zt, double[] b, int bSize, int m) {
        for (int i = 0; i < m; i++) {
            double bi = b[i];
            int col = i * bSize;
            for (int j = 0; j < bSize; j++) zt[col + j] += bi;
        }
    }
}
