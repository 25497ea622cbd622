package aedyn.model;

import aedyn.data.SampleBlock;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The block kernel against a per-sample loop written from SPEC section 2 and against finite differences, in both
 * of its forms (Gram when m is well below n, direct otherwise) and with blocks longer than one panel.
 */
class BlockKernelTest {
    /** n, m and the number of samples B of a test block. */
    record Shape(int n, int m, int b) {
        @Override
        public String toString() {
            return "n=" + n + " m=" + m + " B=" + b + (BlockKernel.gramForm(n, m) ? " (Gram)" : " (direct)");
        }
    }

    private static final Shape SMALL = new Shape(7, 5, 13);

    static Stream<Arguments> smallShapesAndActivations() {
        return shapesAndActivations().filter(a -> ((Shape) a.get()[0]).b() < 100);
    }

    static Stream<Arguments> shapesAndActivations() {
        List<Arguments> out = new ArrayList<>();
        for (Shape shape : List.of(SMALL, new Shape(5, 9, 13), new Shape(7, 5, 2500), new Shape(5, 9, 2500))) {
            for (String kind : List.of("relu", "threshold")) out.add(Arguments.of(shape, kind));
        }
        return out.stream();
    }

    @Test
    void theTestShapesCoverBothFormsAndSeveralPanels() {
        assertTrue(BlockKernel.gramForm(7, 5));
        assertFalse(BlockKernel.gramForm(5, 9));
        assertTrue(BlockKernel.panelFor(7, 5) < 2500 && BlockKernel.panelFor(5, 9) < 2500);
    }

    private static double[] gaussian(Random r, int size, double sd) {
        double[] a = new double[size];
        for (int i = 0; i < size; i++) a[i] = sd * r.nextGaussian();
        return a;
    }

    private static Activation activation(String kind) {
        return "relu".equals(kind) ? new Activation.Relu() : new Activation.Threshold(0.3);
    }

    /** Mean loss (1/N) sum 1/2 ||y - W sigma(W^T y + b)||^2 by a plain loop. */
    private static double loss(Shape sh, double[] w, double[] b, double[] y, Activation act) {
        int n = sh.n();
        int m = sh.m();
        int count = sh.b();
        double total = 0;
        for (int j = 0; j < count; j++) {
            double[] x = new double[m];
            for (int i = 0; i < m; i++) {
                double z = b[i];
                for (int t = 0; t < n; t++) z += w[t + i * n] * y[t + j * n];
                x[i] = act.apply(z);
            }
            for (int t = 0; t < n; t++) {
                double yhat = 0;
                for (int i = 0; i < m; i++) yhat += w[t + i * n] * x[i];
                double r = y[t + j * n] - yhat;
                total += 0.5 * r * r;
            }
        }
        return total / count;
    }

    /** g_i = -(1/N) sum 1[x_i != 0] (z_i r + y (W_i^T r)), one sample at a time. */
    private static double[][] perSampleGradient(Shape sh, double[] w, double[] b, double[] y, Activation act) {
        int n = sh.n();
        int m = sh.m();
        int count = sh.b();
        double[] g = new double[n * m];
        double[] gb = new double[m];
        for (int j = 0; j < count; j++) {
            double[] z = new double[m];
            double[] x = new double[m];
            for (int i = 0; i < m; i++) {
                z[i] = b[i];
                for (int t = 0; t < n; t++) z[i] += w[t + i * n] * y[t + j * n];
                x[i] = act.apply(z[i]);
            }
            double[] r = new double[n];
            for (int t = 0; t < n; t++) {
                r[t] = y[t + j * n];
                for (int i = 0; i < m; i++) r[t] -= w[t + i * n] * x[i];
            }
            for (int i = 0; i < m; i++) {
                if (x[i] == 0) continue;
                double wr = 0;
                for (int t = 0; t < n; t++) wr += w[t + i * n] * r[t];
                for (int t = 0; t < n; t++) g[t + i * n] -= (z[i] * r[t] + y[t + j * n] * wr) / count;
                gb[i] -= wr / count;
            }
        }
        return new double[][]{g, gb};
    }

    /** A random problem whose pre-activations all stay at least {@code margin} away from the activation's kinks. */
    private static double[][] problem(Shape sh, long seed, Activation act, double margin) {
        int n = sh.n();
        int m = sh.m();
        int count = sh.b();
        for (long s = seed; ; s++) {
            Random r = new Random(s);
            double[] w = gaussian(r, n * m, 0.5);
            double[] b = gaussian(r, m, 0.2);
            double[] y = gaussian(r, n * count, 1.0);
            boolean ok = true;
            for (int j = 0; j < count && ok; j++) {
                for (int i = 0; i < m; i++) {
                    double z = b[i];
                    for (int t = 0; t < n; t++) z += w[t + i * n] * y[t + j * n];
                    double kink = act instanceof Activation.Threshold th ? Math.abs(Math.abs(z) - th.lambda()) : Math.abs(z);
                    if (kink < margin) ok = false;
                }
            }
            if (ok) return new double[][]{w, b, y};
        }
    }

    private static PassSums kernel(Shape sh, double[] w, double[] b, double[] y, Activation act) {
        int n = sh.n();
        int m = sh.m();
        int count = sh.b();
        PassSums sums = new PassSums(n, m);
        (new TiedWeights(n, m, w, b, act, null, null)).accumulate(SampleBlock.uncoded(n, count, y), sums);
        return sums;
    }

    @ParameterizedTest(name = "{0} {1}")
    @MethodSource("shapesAndActivations")
    void matchesPerSampleLoop(Shape sh, String kind) {
        Activation act = activation(kind);
        double[][] p = problem(sh, 11, act, 0.0);
        PassSums sums = kernel(sh, p[0], p[1], p[2], act);
        double[][] expected = perSampleGradient(sh, p[0], p[1], p[2], act);
        double[] g = sums.meanGradient();
        for (int i = 0; i < g.length; i++) assertEquals(expected[0][i], g[i], 1e-12, "gradient entry " + i);
        double[] gb = sums.meanBiasGradient();
        for (int i = 0; i < sh.m(); i++) assertEquals(expected[1][i], gb[i], 1e-12, "bias gradient " + i);
        assertEquals(loss(sh, p[0], p[1], p[2], act), sums.meanLoss(), 1e-12);
        assertEquals(sh.b(), sums.count());
    }

    @ParameterizedTest(name = "{0} {1}")
    @MethodSource("smallShapesAndActivations")
    void gradientMatchesCentralFiniteDifferences(Shape sh, String kind) {
        Activation act = activation(kind);
        int m = sh.m();
        double h = 1e-6;
        double[][] p = problem(sh, 5, act, 1e-3); // pre-activations far from the kinks: the loss is smooth there
        PassSums sums = kernel(sh, p[0], p[1], p[2], act);
        double[] g = sums.meanGradient();
        double[] w = p[0];
        for (int i = 0; i < w.length; i++) {
            double keep = w[i];
            w[i] = keep + h;
            double up = loss(sh, w, p[1], p[2], act);
            w[i] = keep - h;
            double down = loss(sh, w, p[1], p[2], act);
            w[i] = keep;
            assertEquals((up - down) / (2 * h), g[i], 1e-6, "dL/dW entry " + i);
        }
        double[] gb = sums.meanBiasGradient();
        double[] b = p[1];
        for (int i = 0; i < m; i++) {
            double keep = b[i];
            b[i] = keep + h;
            double up = loss(sh, w, b, p[2], act);
            b[i] = keep - h;
            double down = loss(sh, w, b, p[2], act);
            b[i] = keep;
            assertEquals((up - down) / (2 * h), gb[i], 1e-6, "dL/db entry " + i);
        }
    }

    @ParameterizedTest(name = "{0} {1}")
    @MethodSource("shapesAndActivations")
    void blocksAddUpToOnePass(Shape sh, String kind) {
        int nDim = sh.n();
        int m = sh.m();
        int half = sh.b() / 2;
        Activation act = activation(kind);
        double[][] p = problem(sh, 3, act, 0.0);
        PassSums whole = kernel(sh, p[0], p[1], p[2], act);
        // The same samples as two blocks, summed like a treeAggregate does, and into one PassSums as one task does.
        double[] y = p[2];
        SampleBlock first = SampleBlock.uncoded(nDim, half, java.util.Arrays.copyOfRange(y, 0, half * nDim));
        SampleBlock second = SampleBlock.uncoded(nDim, sh.b() - half, java.util.Arrays.copyOfRange(y, half * nDim, sh.b() * nDim));
        TiedWeights model = new TiedWeights(nDim, m, p[0], p[1], act, null, null);
        PassSums a = new PassSums(nDim, m);
        model.accumulate(first, a);
        PassSums c = new PassSums(nDim, m);
        model.accumulate(second, c);
        PassSums merged = new PassSums(nDim, m).merge(a).merge(c);
        PassSums oneTask = new PassSums(nDim, m);
        model.accumulate(first, oneTask);
        model.accumulate(second, oneTask);
        double[] gw = whole.meanGradient();
        for (PassSums parts : List.of(merged, oneTask)) {
            double[] gm = parts.meanGradient();
            for (int i = 0; i < gw.length; i++) assertEquals(gw[i], gm[i], 1e-12);
            assertEquals(whole.meanLoss(), parts.meanLoss(), 1e-12);
        }
    }

    /**
     * A group of models of one shape (a cohort's members) summed at once over two blocks gives each member the sums
     * it gets alone: gradient, bias gradient, loss (one member's residual is tiny, so its panels take the guarded
     * path), count and code statistics. A model of another shape or in the direct form is refused.
     */
    @Test
    void aGroupSumsEachMemberAsItSumsAlone() {
        int n = 40;
        int m = 3;
        int count = 900; // several panels, the last one partial
        assertTrue(BlockKernel.panelFor(n, m) < count);
        Random r = new Random(5);
        double[] w0 = new double[n * m]; // orthonormal columns e_0, e_1, e_2: W^T y recovers the codes
        for (int k = 0; k < m; k++) w0[k + k * n] = 1;
        double[] y = new double[n * count];
        double[] codes = gaussian(r, m * count, 1.0);
        for (int j = 0; j < count; j++) {
            for (int i = 0; i < n; i++) {
                double v = 1e-9 * r.nextGaussian();
                for (int k = 0; k < m; k++) v += w0[i + k * n] * Math.abs(codes[k + j * m]);
                y[i + j * n] = v;
            }
        }
        int[] start = new int[count + 1];
        int[] index = new int[count];
        double[] value = new double[count];
        for (int j = 0; j < count; j++) {
            start[j + 1] = j + 1;
            index[j] = j % m;
            value[j] = 1.0;
        }
        SampleBlock first = SampleBlock.coded(n, 500, java.util.Arrays.copyOfRange(y, 0, 500 * n), java.util.Arrays.copyOfRange(start, 0, 501),
                index, value);
        int[] secondStart = new int[count - 500 + 1];
        for (int j = 0; j < secondStart.length; j++) secondStart[j] = j;
        SampleBlock second = SampleBlock.coded(n, count - 500, java.util.Arrays.copyOfRange(y, 500 * n, count * n), secondStart,
                java.util.Arrays.copyOfRange(index, 500, count), java.util.Arrays.copyOfRange(value, 500, count));
        // W itself (the guarded loss), a perturbed W under ReLU and under a threshold, a random W
        double[] near = w0.clone();
        double[] e = gaussian(r, n * m, 0.1);
        for (int i = 0; i < near.length; i++) near[i] += e[i];
        TiedWeights[] models = {
                new TiedWeights(n, m, w0, new double[m], new Activation.Relu(), new int[]{0, 1, 2}, new double[]{1, 1, 1}),
                new TiedWeights(n, m, near, new double[]{-0.1, 0, 0.1}, new Activation.Relu(), new int[]{2, 0, 1}, new double[]{1, -1, 1}),
                new TiedWeights(n, m, near, new double[]{0.05, 0.05, 0.05}, new Activation.Threshold(0.2), new int[]{0, 1, 2}, new double[]{1, 1, 1}),
                new TiedWeights(n, m, gaussian(r, n * m, 0.5), gaussian(r, m, 0.2), new Activation.Relu(), new int[]{1, 2, 0}, new double[]{1, 1, -1})};
        PassSums[] together = new PassSums[models.length];
        for (int i = 0; i < models.length; i++) together[i] = models[i].newSums();
        PassModel.Together group = PassModel.together(List.of(models));
        assertEquals(BlockKernel.panelFor(n, m), group.panel());
        for (SampleBlock block : List.of(first, second)) {
            // in strides of two panels, as a cohort's task hands them over
            for (int from = 0; from < block.count(); from += 2 * group.panel()) {
                group.accumulate(block, from, Math.min(block.count(), from + 2 * group.panel()), together);
            }
        }
        for (int i = 0; i < models.length; i++) {
            PassSums alone = models[i].newSums();
            models[i].accumulate(first, alone);
            models[i].accumulate(second, alone);
            PassSums t = together[i].complete();
            assertEquals(alone.count(), t.count());
            assertEquals(alone.meanLoss(), t.meanLoss(), 1e-12 * alone.meanLoss(), "member " + i + " loss");
            assertEquals(alone.supportRecovery(), t.supportRecovery(), 0.0, "member " + i + " support");
            assertEquals(alone.signRecovery(), t.signRecovery(), 0.0, "member " + i + " signs");
            double[] ga = alone.meanGradient();
            double[] gt = t.meanGradient();
            // relative to the products the gradient is a difference of (about 1 here: unit codes and columns), since
            // at W = A it cancels to rounding
            double scale = 1;
            for (double v : ga) scale = Math.max(scale, Math.abs(v));
            for (int j = 0; j < ga.length; j++) assertEquals(ga[j], gt[j], 1e-12 * scale, "member " + i + " gradient " + j);
            double[] ba = alone.meanBiasGradient();
            double[] bt = t.meanBiasGradient();
            for (int j = 0; j < m; j++) assertEquals(ba[j], bt[j], 1e-12 * scale, "member " + i + " bias gradient " + j);
        }
        assertTrue(together[0].meanLoss() < 1e-12 * together[3].meanLoss(), "the first member's loss is the tiny, guarded one");
        assertTrue(together[1].supportRecovery() > 0 && together[1].supportRecovery() < 1, "code statistics are exercised");
        org.junit.jupiter.api.Assertions.assertThrows(IllegalArgumentException.class, () -> PassModel.together(List.of(models[0],
                new TiedWeights(n, m + 1, gaussian(r, n * (m + 1), 1), new double[m + 1], new Activation.Relu(), null, null))));
        org.junit.jupiter.api.Assertions.assertThrows(IllegalArgumentException.class, () -> PassModel.together(List.of(
                new TiedWeights(5, 9, new double[45], new double[9], new Activation.Relu(), null, null),
                new TiedWeights(5, 9, new double[45], new double[9], new Activation.Relu(), null, null))));
    }

    @Test
    void aLossFarBelowTheSamplesEnergyKeepsItsRelativePrecision() {
        // W's columns are orthonormal (e_0..e_3) and y = W c + 1e-7 noise with c in [1, 2]: the ReLU codes are
        // c + W^T noise, the residual is the noise off W's span, and ||R||^2 / ||Y||^2 is about 1e-14, where
        // ||Y||^2 - <X, P + Q> would keep about two digits.
        Shape sh = new Shape(20, 4, 50);
        assertTrue(BlockKernel.gramForm(sh.n(), sh.m()));
        Random r = new Random(17);
        double[] w = new double[sh.n() * sh.m()];
        for (int i = 0; i < sh.m(); i++) w[i + i * sh.n()] = 1;
        double[] y = gaussian(r, sh.n() * sh.b(), 1e-7);
        for (int j = 0; j < sh.b(); j++) {
            for (int i = 0; i < sh.m(); i++) y[i + j * sh.n()] += 1 + r.nextDouble();
        }
        double[] b = new double[sh.m()];
        Activation relu = new Activation.Relu();
        double expected = loss(sh, w, b, y, relu);
        assertTrue(expected > 0 && expected < 1e-12, "the test's loss is " + expected);
        assertEquals(expected, kernel(sh, w, b, y, relu).meanLoss(), 1e-9 * expected);
    }

    @ParameterizedTest(name = "{0} {1}")
    @MethodSource("smallShapesAndActivations")
    void sumsShippedBetweenJvmsCarryTheWholeGradient(Shape sh, String kind) throws Exception {
        Activation act = activation(kind);
        double[][] p = problem(sh, 7, act, 0.0);
        PassSums sums = kernel(sh, p[0], p[1], p[2], act);
        java.io.ByteArrayOutputStream bytes = new java.io.ByteArrayOutputStream();
        try (java.io.ObjectOutputStream out = new java.io.ObjectOutputStream(bytes)) {
            out.writeObject(sums); // as a task result travels, without the kernel's workspace
        }
        PassSums shipped;
        try (java.io.ObjectInputStream in = new java.io.ObjectInputStream(new java.io.ByteArrayInputStream(bytes.toByteArray()))) {
            shipped = (PassSums) in.readObject();
        }
        double[] expected = perSampleGradient(sh, p[0], p[1], p[2], act)[0];
        double[] g = shipped.meanGradient();
        for (int i = 0; i < g.length; i++) assertEquals(expected[i], g[i], 1e-12, "gradient entry " + i);
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
        (new TiedWeights(n, m, w, b, new Activation.Threshold(0.5), new int[]{0, 1, 2},
                new double[]{1, 1, 1})).accumulate(SampleBlock.coded(n, 4, y, start, index, value), sums);
        assertEquals(3.0 / 4, sums.supportRecovery(), 0.0);
        assertEquals(2.0 / 4, sums.signRecovery(), 0.0);

        // Relabel neurons: atom 0 <-> neuron 1 and atom 1 <-> neuron 0, with neuron 0's sign flipped.
        PassSums permuted = new PassSums(n, m);
        double[] wSwapped = {0, 1, 0, 1, 0, 0, 0, 0, 1};
        (new TiedWeights(n, m, wSwapped, b, new Activation.Threshold(0.5), new int[]{1, 0, 2},
                new double[]{1, -1, 1})).accumulate(SampleBlock.coded(n, 4, y, start, index, value), permuted);
        assertEquals(3.0 / 4, permuted.supportRecovery(), 0.0);
        // Atom 1 is now read through sign -1: sample 1's code -1 agrees with its +1, sample 3's +1 no longer does.
        assertEquals(2.0 / 4, permuted.signRecovery(), 0.0);
        assertTrue(Double.isNaN(new PassSums(n, m).supportRecovery()));
    }
}
