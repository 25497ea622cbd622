package aedyn.ntk;

import aedyn.model.Activation;
import aedyn.model.ModelSpec;
import aedyn.model.Parameters;
import aedyn.model.Scale;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The infinite-width kernel (SPEC 8.2): the empirical kernel of a very wide network at a gaussian initialization
 * tends to it (Monte Carlo over m neurons), the quadrature reproduces the closed forms of linear (exactly: the rule
 * integrates polynomials) and relu (slowly: a kink), and the order used is within its stated accuracy of order 128.
 */
class InfiniteWidthKernelTest {

    /** p unit-norm samples in n dimensions, n x p column-major. */
    static double[] sphere(Random r, int n, int p) {
        double[] y = TangentKernelTest.gaussian(r, n * p, 1.0);
        for (int a = 0; a < p; a++) {
            double s = 0;
            for (int t = 0; t < n; t++) s += y[a * n + t] * y[a * n + t];
            for (int t = 0; t < n; t++) y[a * n + t] /= Math.sqrt(s);
        }
        return y;
    }

    static double relativeFrobenius(double[] a, double[] reference) {
        double d = 0;
        double s = 0;
        for (int i = 0; i < a.length; i++) {
            d += (a[i] - reference[i]) * (a[i] - reference[i]);
            s += reference[i] * reference[i];
        }
        return Math.sqrt(d / s);
    }

    @ParameterizedTest(name = "{0} {1}, learned bias {2}")
    @CsvSource({"relu, JOINT, false", "relu, ENCODER_ONLY, true", "tanh, JOINT, true", "softplus, ENCODER_ONLY, false",
            "linear, JOINT, false"})
    void aWideNetworksKernelTendsToIt(String actName, ModelSpec.Regime regime, boolean learnedBias) {
        int n = 6;
        int m = 60_000;
        int p = 7;
        double s = 1.3;
        ModelSpec spec = new ModelSpec(ModelSpec.Architecture.UNTIED, Scale.NTK, Activation.named(actName, 0), regime, n, m);
        Random r = new Random(21);
        double[] y = TangentKernelTest.gaussian(r, n * p, 0.5);
        Parameters theta = new Parameters(n, m, TangentKernelTest.gaussian(r, n * m, s), TangentKernelTest.gaussian(r, n * m, s), new double[m]);
        double[] empirical = TangentKernel.of(spec, learnedBias, theta, y, p).k();
        double[] limit = InfiniteWidthKernel.of(spec, s, learnedBias, y, p);
        double dev = relativeFrobenius(empirical, limit);
        // Monte Carlo over m neurons (and n m decoder entries): deviations of order 1/sqrt(m) = 0.004
        assertTrue(dev < 0.02, actName + " " + regime + ": ||K_m - K_inf||_F / ||K_inf||_F = " + dev);
    }

    @Test
    void quadratureIsExactForLinearAndConvergesToRelusClosedForm() {
        int n = 5;
        int p = 6;
        Random r = new Random(8);
        double[] y = TangentKernelTest.gaussian(r, n * p, 0.7);
        double[] linear = InfiniteWidthKernel.of(new Activation.Linear(), n, 0.9, true, true, y, p, 64);
        double[] linearQ = InfiniteWidthKernel.byQuadrature(new Activation.Linear(), n, 0.9, true, true, y, p, 16);
        assertTrue(relativeFrobenius(linearQ, linear) < 1e-13, "linear by quadrature: " + relativeFrobenius(linearQ, linear));
        double[] relu = InfiniteWidthKernel.of(new Activation.Relu(), n, 0.9, true, true, y, p, 64);
        double[] reluQ = InfiniteWidthKernel.byQuadrature(new Activation.Relu(), n, 0.9, true, true, y, p, 128);
        double dev = relativeFrobenius(reluQ, relu);
        // sigma' = 1[z > 0] is discontinuous, so the rule converges slowly; a wrong Cholesky factor would be off by O(1)
        assertTrue(dev < 0.05, "relu by quadrature of order 128: " + dev);
        System.out.printf("relu by Gauss-Hermite quadrature of order 128 against the arc-cosine closed form: %.2e%n", dev);
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource({"tanh", "sigmoid", "softplus"})
    void theOrderUsedIsWithinItsStatedAccuracy(String actName) {
        int n = 8;
        int p = 12;
        Activation act = Activation.named(actName, 0);
        double[] y = sphere(new Random(2), n, p);
        int order = InfiniteWidthKernel.order(act);
        double[] used = InfiniteWidthKernel.of(act, n, 1.0, true, true, y, p, order);
        double[] reference = InfiniteWidthKernel.of(act, n, 1.0, true, true, y, p, 160);
        double worst = 0;
        double scale = 0;
        for (int i = 0; i < used.length; i++) {
            worst = Math.max(worst, Math.abs(used[i] - reference[i]));
            scale = Math.max(scale, Math.abs(reference[i]));
        }
        worst /= scale;
        System.out.printf("Gauss-Hermite order %d against 160, %s, unit-norm samples, init.scale 1: largest deviation %.2e of max |K_inf|%n",
                order, actName, worst);
        assertTrue(worst < (act instanceof Activation.Tanh ? 3e-9 : 1e-13), actName + ": " + worst);
    }

    @Test
    void modelsWithoutAnInfiniteWidthKernelAreNamed() {
        Activation relu = new Activation.Relu();
        assertNull(InfiniteWidthKernel.unsupported(new ModelSpec(ModelSpec.Architecture.UNTIED, Scale.NTK, relu, ModelSpec.Regime.JOINT, 3, 4)));
        String tied = InfiniteWidthKernel.unsupported(new ModelSpec(ModelSpec.Architecture.TIED, Scale.NTK, relu, ModelSpec.Regime.JOINT, 3, 4));
        assertNotNull(tied);
        assertTrue(tied.contains("model.architecture = tied"), tied);
        String scale = InfiniteWidthKernel.unsupported(new ModelSpec(ModelSpec.Architecture.UNTIED, Scale.MEAN_FIELD, relu, ModelSpec.Regime.JOINT, 3, 4));
        assertTrue(scale.contains("model.scale = mean-field"), scale);
        ModelSpec threshold = new ModelSpec(ModelSpec.Architecture.UNTIED, Scale.NTK, new Activation.Threshold(0.2), ModelSpec.Regime.JOINT, 3, 4);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> InfiniteWidthKernel.of(threshold, 1.0, false, new double[3], 1));
        assertTrue(e.getMessage().contains("model.activation = threshold"), e.getMessage());
    }
}
