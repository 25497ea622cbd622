package aedyn.model;

import aedyn.data.SampleBlock;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Which kernel serves a model is a tested property, not a guess: paper 1's Gram-form kernel only for activations
 * that are the identity on their support, and an activation added later (a leaky ReLU, here in the test tree) gets
 * the general kernel, whose gradient a finite difference confirms while paper 1's kernel would get it wrong.
 */
class KernelChoiceTest {

    /** sigma(z) = z for z > 0, 0.1 z otherwise: piecewise linear, but not zero off its support. */
    record LeakyRelu() implements Activation.Extension {
        @Override
        public double apply(double z) {
            return z > 0 ? z : 0.1 * z;
        }

        @Override
        public double derivative(double z) {
            return z > 0 ? 1.0 : 0.1;
        }
    }

    /** identityOnSupport() holds exactly when sigma(z) is 0 or z and sigma'(z) = 1[sigma(z) != 0] on a grid of z. */
    @ParameterizedTest
    @EnumSource(Activation.Kind.class)
    void theClaimMatchesWhatTheActivationComputes(Activation.Kind kind) {
        Activation act = Activation.named(kind.label(), 0.3);
        boolean holds = true;
        for (double z = -3; z <= 3; z += 0.0137) {
            double h = act.apply(z);
            boolean gate = h == z && z != 0 || h == 0;
            holds &= gate && act.derivative(z) == (h != 0 ? 1.0 : 0.0);
        }
        assertEquals(holds, act.identityOnSupport(), kind.label());
    }

    @Test
    void aNewActivationNeverReachesPaperOnesKernel() {
        ModelSpec tied = ModelSpec.tied(new LeakyRelu(), 6, 4);
        assertInstanceOf(ModelFamily.TwoLayer.class, ModelFamily.of(tied));
        assertInstanceOf(ModelFamily.PaperOne.class, ModelFamily.of(ModelSpec.tied(new Activation.Relu(), 6, 4)));
    }

    @Test
    void theGeneralKernelServesALeakyReluCorrectly() {
        int n = 6;
        int m = 4;
        int count = 9;
        Random r = new Random(3);
        double[] w = gaussian(r, n * m, 0.6);
        double[] b = gaussian(r, m, 0.3);
        double[] y = gaussian(r, n * count, 1.0);
        Activation leaky = new LeakyRelu();
        ModelFamily family = ModelFamily.of(ModelSpec.tied(leaky, n, m));
        double[] g = meanGradient(family.passModel(Parameters.tied(n, m, w, b), null, null), n, count, y);

        double step = 1e-6;
        double worst = 0;
        double scale = 0;
        for (int e = 0; e < n * m; e++) {
            double[] plus = w.clone();
            double[] minus = w.clone();
            plus[e] += step;
            minus[e] -= step;
            double fd = (TwoLayerKernelTest.loss(n, m, count, plus, plus, b, y, leaky, 1.0)
                    - TwoLayerKernelTest.loss(n, m, count, minus, minus, b, y, leaky, 1.0)) / (2 * step);
            worst = Math.max(worst, Math.abs(fd - g[e]));
            scale = Math.max(scale, Math.abs(fd));
        }
        assertTrue(scale > 1e-3, "gradient scale " + scale);
        assertTrue(worst < 1e-7 * scale, "general kernel against finite differences: " + worst);

        // paper 1's kernel, forced onto the same model, is wrong: what the property protects against
        double[] wrong = meanGradient(new TiedWeights(n, m, w, b, leaky, null, null), n, count, y);
        double gap = 0;
        for (int e = 0; e < n * m; e++) gap = Math.max(gap, Math.abs(wrong[e] - g[e]));
        assertTrue(gap > 1e-3 * scale, "paper 1's kernel would have served the leaky ReLU with a gradient off by " + gap);
    }

    private static double[] meanGradient(PassModel model, int n, int count, double[] y) {
        PassSums sums = model.newSums();
        model.accumulate(SampleBlock.uncoded(n, count, y), sums);
        sums.complete();
        return sums.meanGradient(0);
    }

    private static double[] gaussian(Random r, int size, double sd) {
        double[] a = new double[size];
        for (int i = 0; i < size; i++) a[i] = sd * r.nextGaussian();
        return a;
    }
}
