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
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The general kernel (SPEC section 5) against central finite differences of a per-sample loss written from the
 * SPEC, for every architecture x regime x scale x activation, and against paper 1's kernel where they overlap.
 */
class TwoLayerKernelTest {
    private static final List<String> ACTIVATIONS = List.of("relu", "threshold", "softplus", "tanh", "sigmoid", "linear");

    /** Tied, untied joint, untied encoder-only. */
    enum Arch { TIED, JOINT, ENCODER_ONLY }

    static Stream<Arguments> everyCombination() {
        List<Arguments> out = new ArrayList<>();
        for (Arch arch : Arch.values()) {
            for (Scale scale : Scale.values()) {
                for (String act : ACTIVATIONS) out.add(Arguments.of(arch, scale, act));
            }
        }
        return out.stream();
    }

    private static Activation activation(String name) {
        return Activation.named(name, 0.3);
    }

    private static double[] gaussian(Random r, int size, double sd) {
        double[] a = new double[size];
        for (int i = 0; i < size; i++) a[i] = sd * r.nextGaussian();
        return a;
    }

    /** Mean over samples of 1/2 ||y - c U sigma(V^T y + b)||^2, one sample and one entry at a time. */
    static double loss(int n, int m, int count, double[] v, double[] u, double[] b, double[] y, Activation act, double c) {
        double total = 0;
        for (int j = 0; j < count; j++) {
            double[] h = new double[m];
            for (int i = 0; i < m; i++) {
                double z = b[i];
                for (int t = 0; t < n; t++) z += v[t + i * n] * y[t + j * n];
                h[i] = act.apply(z);
            }
            for (int t = 0; t < n; t++) {
                double yhat = 0;
                for (int i = 0; i < m; i++) yhat += u[t + i * n] * h[i];
                double r = y[t + j * n] - c * yhat;
                total += 0.5 * r * r;
            }
        }
        return total / count;
    }

    /** Pre-activations at least {@code margin} from the kinks, so a finite difference does not cross one. */
    private static boolean clearOfKinks(int n, int m, int count, double[] v, double[] b, double[] y, Activation act,
                                        double margin) {
        if (!act.piecewiseLinear()) return true;
        for (int j = 0; j < count; j++) {
            for (int i = 0; i < m; i++) {
                double z = b[i];
                for (int t = 0; t < n; t++) z += v[t + i * n] * y[t + j * n];
                double kink = act instanceof Activation.Threshold th ? Math.abs(Math.abs(z) - th.lambda()) : Math.abs(z);
                if (kink < margin) return false;
            }
        }
        return true;
    }

    @ParameterizedTest(name = "{0} {1} {2}")
    @MethodSource("everyCombination")
    void gradientMatchesFiniteDifferences(Arch arch, Scale scale, String actName) {
        int n = 6;
        int m = 4;
        int count = 9;
        Activation act = activation(actName);
        double c = scale.outputScale(m);
        double[] v = null;
        double[] u = null;
        double[] b = null;
        double[] y = null;
        for (long seed = 11; ; seed++) {
            Random r = new Random(seed);
            v = gaussian(r, n * m, 0.6);
            u = arch == Arch.TIED ? v : gaussian(r, n * m, 0.6);
            b = gaussian(r, m, 0.3);
            y = gaussian(r, n * count, 1.0);
            if (clearOfKinks(n, m, count, v, b, y, act, 1e-3)) break;
        }
        boolean decoder = arch == Arch.JOINT;
        TwoLayerWeights model = new TwoLayerWeights(
                arch == Arch.TIED ? Parameters.tied(n, m, v, b) : Parameters.untied(n, m, v, u, b), act, c, decoder, null, null);
        PassSums sums = model.newSums();
        model.accumulate(SampleBlock.uncoded(n, count, y), sums);
        sums.complete();
        assertEquals(count, sums.count);
        double[] fu = u;
        double[] fv = v;
        double[] fb = b;
        double[] fy = y;
        assertEquals(loss(n, m, count, v, u, b, y, act, c), sums.meanLoss(), 1e-12 * Math.max(1, sums.meanLoss()));
        // the output's scale, y_hat = c U sigma(V^T y + b) one sample at a time
        double outputSquares = 0;
        for (int j = 0; j < count; j++) {
            double[] one = java.util.Arrays.copyOfRange(y, j * n, (j + 1) * n);
            double[] h = new double[m];
            for (int i = 0; i < m; i++) {
                double z = b[i];
                for (int t = 0; t < n; t++) z += v[t + i * n] * one[t];
                h[i] = act.apply(z);
            }
            for (int t = 0; t < n; t++) {
                double yhat = 0;
                for (int i = 0; i < m; i++) yhat += u[t + i * n] * h[i];
                outputSquares += c * yhat * c * yhat;
            }
        }
        assertEquals(Math.sqrt(outputSquares / count), sums.outputNorm(), 1e-10 * Math.max(1, sums.outputNorm()));

        double h = 1e-6;
        double worst = 0;
        double scaleOfGradient = 0;
        // V (tied: W, moving both layers at once)
        double[] gv = sums.meanGradient(0);
        for (int e = 0; e < n * m; e++) {
            double[] plus = fv.clone();
            double[] minus = fv.clone();
            plus[e] += h;
            minus[e] -= h;
            double fd = (loss(n, m, count, plus, arch == Arch.TIED ? plus : fu, fb, fy, act, c)
                    - loss(n, m, count, minus, arch == Arch.TIED ? minus : fu, fb, fy, act, c)) / (2 * h);
            worst = Math.max(worst, Math.abs(fd - gv[e]));
            scaleOfGradient = Math.max(scaleOfGradient, Math.abs(fd));
        }
        if (decoder) {
            double[] gu = sums.meanGradient(1);
            for (int e = 0; e < n * m; e++) {
                double[] plus = fu.clone();
                double[] minus = fu.clone();
                plus[e] += h;
                minus[e] -= h;
                double fd = (loss(n, m, count, fv, plus, fb, fy, act, c) - loss(n, m, count, fv, minus, fb, fy, act, c)) / (2 * h);
                worst = Math.max(worst, Math.abs(fd - gu[e]));
                scaleOfGradient = Math.max(scaleOfGradient, Math.abs(fd));
            }
        } else {
            assertEquals(1, sums.matrices(), "no decoder gradient is summed unless the decoder is trained");
        }
        double[] gb = sums.meanBiasGradient();
        for (int i = 0; i < m; i++) {
            double[] plus = fb.clone();
            double[] minus = fb.clone();
            plus[i] += h;
            minus[i] -= h;
            double fd = (loss(n, m, count, fv, fu, plus, fy, act, c) - loss(n, m, count, fv, fu, minus, fy, act, c)) / (2 * h);
            worst = Math.max(worst, Math.abs(fd - gb[i]));
        }
        assertTrue(scaleOfGradient > 1e-3, "a gradient this small would make the comparison vacuous: " + scaleOfGradient);
        assertTrue(worst < 1e-7 * Math.max(1, scaleOfGradient), arch + " " + scale + " " + actName
                + ": largest |finite difference - kernel| = " + worst + " (gradient scale " + scaleOfGradient + ")");
    }

    static Stream<Arguments> overlapWithPaperOne() {
        List<Arguments> out = new ArrayList<>();
        // (7, 5) takes paper 1's Gram form, (5, 9) its direct form; 2500 samples span several panels of both kernels.
        for (int[] shape : new int[][]{{7, 5, 13}, {5, 9, 13}, {7, 5, 2500}, {5, 9, 2500}}) {
            for (String act : List.of("relu", "threshold", "linear")) out.add(Arguments.of(shape[0], shape[1], shape[2], act));
        }
        return out.stream();
    }

    @ParameterizedTest(name = "n={0} m={1} B={2} {3}")
    @MethodSource("overlapWithPaperOne")
    void tiedStandardAgreesWithPaperOnesKernel(int n, int m, int count, String actName) {
        Activation act = activation(actName);
        Random r = new Random(5);
        double[] w = gaussian(r, n * m, 0.5);
        double[] b = gaussian(r, m, 0.2);
        double[] y = gaussian(r, n * count, 1.0);
        SampleBlock block = SampleBlock.uncoded(n, count, y);
        PassSums paper1 = new PassSums(n, m);
        (new TiedWeights(n, m, w, b, act, null, null)).accumulate(block, paper1);
        PassSums general = new PassSums(n, m);
        (new TwoLayerWeights(Parameters.tied(n, m, w, b), act, 1.0, true, null, null)).accumulate(block, general);
        paper1.complete();
        general.complete();
        assertEquals(paper1.count, general.count);
        assertEquals(paper1.meanLoss(), general.meanLoss(), 1e-12 * paper1.meanLoss());
        double[] g1 = paper1.meanGradient();
        double[] g2 = general.meanGradient();
        double norm = 0;
        double diff = 0;
        for (int i = 0; i < g1.length; i++) {
            norm = Math.max(norm, Math.abs(g1[i]));
            diff = Math.max(diff, Math.abs(g1[i] - g2[i]));
        }
        assertTrue(norm > 1e-3);
        assertTrue(diff <= 1e-12 * norm, "largest gradient difference " + diff + " against " + norm);
        double[] b1 = paper1.meanBiasGradient();
        double[] b2 = general.meanBiasGradient();
        for (int i = 0; i < m; i++) assertEquals(b1[i], b2[i], 1e-12 * Math.max(1, Math.abs(b1[i])));
    }

    @Test
    void blocksAndPanelsDoNotChangeTheSums() {
        int n = 8;
        int m = 70; // m >= 64: panels of 256 samples, so 700 samples span three
        int count = 700;
        Random r = new Random(3);
        double[] v = gaussian(r, n * m, 0.3);
        double[] u = gaussian(r, n * m, 0.3);
        double[] b = gaussian(r, m, 0.1);
        double[] y = gaussian(r, n * count, 1.0);
        TwoLayerWeights model = new TwoLayerWeights(new Parameters(n, m, v, u, b), new Activation.Tanh(), 1 / Math.sqrt(m), true, null, null);
        PassSums whole = model.newSums();
        model.accumulate(SampleBlock.uncoded(n, count, y), whole);
        PassSums split = model.newSums();
        int[] cuts = {0, 1, 300, 301, 700};
        for (int k = 0; k + 1 < cuts.length; k++) {
            double[] part = java.util.Arrays.copyOfRange(y, cuts[k] * n, cuts[k + 1] * n);
            model.accumulate(SampleBlock.uncoded(n, cuts[k + 1] - cuts[k], part), split);
        }
        assertEquals(whole.meanLoss(), split.meanLoss(), 1e-13 * whole.meanLoss());
        for (int k = 0; k < 2; k++) {
            double[] a = whole.meanGradient(k);
            double[] c = split.meanGradient(k);
            for (int i = 0; i < a.length; i++) assertEquals(a[i], c[i], 1e-13 + 1e-12 * Math.abs(a[i]));
        }
    }
}
