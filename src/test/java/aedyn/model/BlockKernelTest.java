package aedyn.model;

import aedyn.data.SampleBlock;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The block kernel against a per-sample loop written from SPEC section 2 and against finite differences. */
class BlockKernelTest {
    private static final int N_DIM = 7;
    private static final int M = 5;
    private static final int B = 13;

    private static double[] gaussian(Random r, int size, double sd) {
        double[] a = new double[size];
        for (int i = 0; i < size; i++) a[i] = sd * r.nextGaussian();
        return a;
    }

    private static Activation activation(String kind) {
        return "relu".equals(kind) ? new Activation.Relu() : new Activation.Threshold(0.3);
    }

    /** Mean loss (1/N) sum 1/2 ||y - W sigma(W^T y + b)||^2 by a plain loop. */
    private static double loss(double[] w, double[] b, double[] y, Activation act) {
        double total = 0;
        for (int j = 0; j < B; j++) {
            double[] x = new double[M];
            for (int i = 0; i < M; i++) {
                double z = b[i];
                for (int t = 0; t < N_DIM; t++) z += w[t + i * N_DIM] * y[t + j * N_DIM];
                x[i] = act.apply(z);
            }
            for (int t = 0; t < N_DIM; t++) {
                double yhat = 0;
                for (int i = 0; i < M; i++) yhat += w[t + i * N_DIM] * x[i];
                double r = y[t + j * N_DIM] - yhat;
                total += 0.5 * r * r;
            }
        }
        return total / B;
    }

    /** g_i = -(1/N) sum 1[x_i != 0] (z_i r + y (W_i^T r)), one sample at a time. */
    private static double[][] perSampleGradient(double[] w, double[] b, double[] y, Activation act) {
        double[] g = new double[N_DIM * M];
        double[] gb = new double[M];
        for (int j = 0; j < B; j++) {
            double[] z = new double[M];
            double[] x = new double[M];
            for (int i = 0; i < M; i++) {
                z[i] = b[i];
                for (int t = 0; t < N_DIM; t++) z[i] += w[t + i * N_DIM] * y[t + j * N_DIM];
                x[i] = act.apply(z[i]);
            }
            double[] r = new double[N_DIM];
            for (int t = 0; t < N_DIM; t++) {
                r[t] = y[t + j * N_DIM];
                for (int i = 0; i < M; i++) r[t] -= w[t + i * N_DIM] * x[i];
            }
            for (int i = 0; i < M; i++) {
                if (x[i] == 0) continue;
                double wr = 0;
                for (int t = 0; t < N_DIM; t++) wr += w[t + i * N_DIM] * r[t];
                for (int t = 0; t < N_DIM; t++) g[t + i * N_DIM] -= (z[i] * r[t] + y[t + j * N_DIM] * wr) / B;
                gb[i] -= wr / B;
            }
        }
        return new double[][]{g, gb};
    }

    /** A random problem whose pre-activations all stay at least {@code margin} away from the activation's kinks. */
    private static double[][] problem(long seed, Activation act, double margin) {
        for (long s = seed; ; s++) {
            Random r = new Random(s);
            double[] w = gaussian(r, N_DIM * M, 0.5);
            double[] b = gaussian(r, M, 0.2);
            double[] y = gaussian(r, N_DIM * B, 1.0);
            boolean ok = true;
            for (int j = 0; j < B && ok; j++) {
                for (int i = 0; i < M; i++) {
                    double z = b[i];
                    for (int t = 0; t < N_DIM; t++) z += w[t + i * N_DIM] * y[t + j * N_DIM];
                    double kink = act instanceof Activation.Threshold th ? Math.abs(Math.abs(z) - th.lambda()) : Math.abs(z);
                    if (kink < margin) ok = false;
                }
            }
            if (ok) return new double[][]{w, b, y};
        }
    }

    private static PassSums kernel(double[] w, double[] b, double[] y, Activation act) {
        PassSums sums = new PassSums(N_DIM, M);
        BlockKernel.accumulate(new TiedWeights(N_DIM, M, w, b, act, null, null),
                new SampleBlock(N_DIM, B, y, null, null, null), sums);
        return sums;
    }

    @ParameterizedTest
    @ValueSource(strings = {"relu", "threshold"})
    void matchesPerSampleLoop(String kind) {
        Activation act = activation(kind);
        double[][] p = problem(11, act, 0.0);
        PassSums sums = kernel(p[0], p[1], p[2], act);
        double[][] expected = perSampleGradient(p[0], p[1], p[2], act);
        double[] g = sums.meanGradient();
        for (int i = 0; i < g.length; i++) assertEquals(expected[0][i], g[i], 1e-12, "gradient entry " + i);
        double[] gb = sums.meanBiasGradient();
        for (int i = 0; i < M; i++) assertEquals(expected[1][i], gb[i], 1e-12, "bias gradient " + i);
        assertEquals(loss(p[0], p[1], p[2], act), sums.meanLoss(), 1e-12);
        assertEquals(B, sums.count());
    }

    @ParameterizedTest
    @ValueSource(strings = {"relu", "threshold"})
    void gradientMatchesCentralFiniteDifferences(String kind) {
        Activation act = activation(kind);
        double h = 1e-6;
        double[][] p = problem(5, act, 1e-3); // pre-activations far from the kinks: the loss is smooth there
        PassSums sums = kernel(p[0], p[1], p[2], act);
        double[] g = sums.meanGradient();
        double[] w = p[0];
        for (int i = 0; i < w.length; i++) {
            double keep = w[i];
            w[i] = keep + h;
            double up = loss(w, p[1], p[2], act);
            w[i] = keep - h;
            double down = loss(w, p[1], p[2], act);
            w[i] = keep;
            assertEquals((up - down) / (2 * h), g[i], 1e-6, "dL/dW entry " + i);
        }
        double[] gb = sums.meanBiasGradient();
        double[] b = p[1];
        for (int i = 0; i < M; i++) {
            double keep = b[i];
            b[i] = keep + h;
            double up = loss(w, b, p[2], act);
            b[i] = keep - h;
            double down = loss(w, b, p[2], act);
            b[i] = keep;
            assertEquals((up - down) / (2 * h), gb[i], 1e-6, "dL/db entry " + i);
        }
    }

    @Test
    void blocksAddUpToOnePass() {
        Activation act = new Activation.Relu();
        double[][] p = problem(3, act, 0.0);
        PassSums whole = kernel(p[0], p[1], p[2], act);
        // The same samples as two blocks of 6 and 7, summed like a treeAggregate does.
        double[] y = p[2];
        double[] first = java.util.Arrays.copyOfRange(y, 0, 6 * N_DIM);
        double[] second = java.util.Arrays.copyOfRange(y, 6 * N_DIM, B * N_DIM);
        TiedWeights model = new TiedWeights(N_DIM, M, p[0], p[1], act, null, null);
        PassSums a = new PassSums(N_DIM, M);
        BlockKernel.accumulate(model, new SampleBlock(N_DIM, 6, first, null, null, null), a);
        PassSums c = new PassSums(N_DIM, M);
        BlockKernel.accumulate(model, new SampleBlock(N_DIM, 7, second, null, null, null), c);
        PassSums merged = new PassSums(N_DIM, M).merge(a).merge(c);
        double[] gw = whole.meanGradient();
        double[] gm = merged.meanGradient();
        for (int i = 0; i < gw.length; i++) assertEquals(gw[i], gm[i], 1e-12);
        assertEquals(whole.meanLoss(), merged.meanLoss(), 1e-12);
    }

    @Test
    void supportAndSignRecoveryCountPerSample() {
        // Identity weights with a threshold: x = y where |y| > 0.5, so each sample's support is readable by eye.
        int n = 3;
        int m = 3;
        double[] w = {1, 0, 0, 0, 1, 0, 0, 0, 1};
        double[] b = {0, 0, 0};
        double[] y = {
                1, 0, 0,     // support {0}, sign +
                0, -1, 0,    // support {1}, sign -
                0, 0, 1,     // support {2}
                1, 1, 0};    // support {0, 1}
        // True codes: sample 0 {0:+1}, sample 1 {1:+1} (sign wrong), sample 2 {1:+1} (support wrong), sample 3 {0:+1, 1:+1}.
        int[] start = {0, 1, 2, 3, 5};
        int[] index = {0, 1, 1, 0, 1};
        double[] value = {1, 1, 1, 1, 1};
        PassSums sums = new PassSums(n, m);
        BlockKernel.accumulate(new TiedWeights(n, m, w, b, new Activation.Threshold(0.5), new int[]{0, 1, 2},
                new double[]{1, 1, 1}), new SampleBlock(n, 4, y, start, index, value), sums);
        assertEquals(3.0 / 4, sums.supportRecovery(), 0.0);
        assertEquals(2.0 / 4, sums.signRecovery(), 0.0);

        // Relabel neurons: atom 0 <-> neuron 1 and atom 1 <-> neuron 0, with neuron 0's sign flipped.
        PassSums permuted = new PassSums(n, m);
        double[] wSwapped = {0, 1, 0, 1, 0, 0, 0, 0, 1};
        BlockKernel.accumulate(new TiedWeights(n, m, wSwapped, b, new Activation.Threshold(0.5), new int[]{1, 0, 2},
                new double[]{1, -1, 1}), new SampleBlock(n, 4, y, start, index, value), permuted);
        assertEquals(3.0 / 4, permuted.supportRecovery(), 0.0);
        // Atom 1 is now read through sign -1: sample 1's code -1 agrees with its +1, sample 3's +1 no longer does.
        assertEquals(2.0 / 4, permuted.signRecovery(), 0.0);
        assertTrue(Double.isNaN(new PassSums(n, m).supportRecovery()));
    }
}
