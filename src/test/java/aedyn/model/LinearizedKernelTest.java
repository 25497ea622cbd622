package aedyn.model;

import aedyn.data.SampleBlock;
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
 * The linearized twin's kernel (SPEC section 8.4): its loss against f(theta0) + J(theta0)(theta - theta0) written
 * sample by sample, its gradient against central finite differences of that loss, and at theta = theta0 against the
 * network's own kernel.
 */
class LinearizedKernelTest {
    enum Arch { TIED, JOINT, ENCODER_ONLY }

    static Stream<Arguments> cases() {
        List<Arguments> out = new ArrayList<>();
        for (Arch arch : Arch.values()) {
            for (String act : List.of("relu", "tanh")) {
                for (boolean learned : new boolean[]{true, false}) out.add(Arguments.of(arch, act, learned));
            }
        }
        return out.stream();
    }

    private static double[] gaussian(Random r, int size, double sd) {
        double[] a = new double[size];
        for (int i = 0; i < size; i++) a[i] = sd * r.nextGaussian();
        return a;
    }

    private static double[] plus(double[] a, double[] d) {
        double[] out = a.clone();
        for (int i = 0; i < a.length; i++) out[i] += d[i];
        return out;
    }

    /**
     * Mean of 1/2 ||y - f_lin(y)||^2, f_lin = f(theta0) + c (U - U0) h0 + c U0 (s0 o ((V - V0)^T y + b - b0)), one
     * sample and one entry at a time (tied: U = V = W, U0 = V0 = W0).
     */
    static double twinLoss(int n, int m, int count, double[] v0, double[] u0, double[] b0, double[] v, double[] u,
                           double[] b, double[] y, Activation act, double c) {
        double total = 0;
        for (int j = 0; j < count; j++) {
            double[] h0 = new double[m];
            double[] e = new double[m];
            for (int i = 0; i < m; i++) {
                double z0 = b0[i];
                double dz = b[i] - b0[i];
                for (int t = 0; t < n; t++) {
                    z0 += v0[t + i * n] * y[t + j * n];
                    dz += (v[t + i * n] - v0[t + i * n]) * y[t + j * n];
                }
                h0[i] = act.apply(z0);
                e[i] = act.derivative(z0) * dz;
            }
            for (int t = 0; t < n; t++) {
                double f = 0;
                for (int i = 0; i < m; i++) {
                    f += u0[t + i * n] * h0[i] + (u[t + i * n] - u0[t + i * n]) * h0[i] + u0[t + i * n] * e[i];
                }
                double r = y[t + j * n] - c * f;
                total += 0.5 * r * r;
            }
        }
        return total / count;
    }

    @ParameterizedTest(name = "{0} {1}, learned bias {2}")
    @MethodSource("cases")
    void gradientIsTheDerivativeOfTheTwinsLoss(Arch arch, String actName, boolean learned) {
        int n = 6;
        int m = 5;
        int count = 11;
        Activation act = Activation.named(actName, 0);
        double c = 1 / Math.sqrt(m);
        Random r = new Random(arch.ordinal() * 7 + actName.length() + (learned ? 100 : 0));
        boolean tied = arch == Arch.TIED;
        double[] v0 = gaussian(r, n * m, 0.8);
        double[] u0 = tied ? null : gaussian(r, n * m, 0.8);
        double[] b0 = gaussian(r, m, 0.3);
        double[] y = gaussian(r, n * count, 1.0);
        double[] v = plus(v0, gaussian(r, n * m, 0.3));
        double[] u = arch == Arch.JOINT ? plus(u0, gaussian(r, n * m, 0.3)) : u0; // encoder-only: U stays U0
        double[] b = learned ? plus(b0, gaussian(r, m, 0.2)) : b0;
        LinearizedWeights twin = new LinearizedWeights(new Parameters(n, m, v0, u0, b0), new Parameters(n, m, v, u, b), act, c,
                arch == Arch.JOINT);
        PassSums sums = twin.newSums();
        twin.accumulate(SampleBlock.uncoded(n, count, y), sums);
        sums.complete();

        double[] uu0 = tied ? v0 : u0;
        double[] uu = tied ? v : u;
        double expected = twinLoss(n, m, count, v0, uu0, b0, v, uu, b, y, act, c);
        assertEquals(expected, sums.meanLoss(), 1e-12 * expected);

        // the loss is quadratic in theta, so central differences are exact up to rounding
        double h = 1e-4;
        double worst = 0;
        double scale = 0;
        double[] gv = sums.meanGradient(0);
        for (int k = 0; k < n * m; k++) {
            double[] p = v.clone();
            double[] q = v.clone();
            p[k] += h;
            q[k] -= h;
            double fd = (twinLoss(n, m, count, v0, uu0, b0, p, tied ? p : uu, b, y, act, c)
                    - twinLoss(n, m, count, v0, uu0, b0, q, tied ? q : uu, b, y, act, c)) / (2 * h);
            worst = Math.max(worst, Math.abs(fd - gv[k]));
            scale = Math.max(scale, Math.abs(fd));
        }
        if (arch == Arch.JOINT) {
            double[] gu = sums.meanGradient(1);
            for (int k = 0; k < n * m; k++) {
                double[] p = u.clone();
                double[] q = u.clone();
                p[k] += h;
                q[k] -= h;
                double fd = (twinLoss(n, m, count, v0, uu0, b0, v, p, b, y, act, c)
                        - twinLoss(n, m, count, v0, uu0, b0, v, q, b, y, act, c)) / (2 * h);
                worst = Math.max(worst, Math.abs(fd - gu[k]));
            }
        } else {
            assertEquals(1, sums.matrices());
        }
        double[] gb = sums.meanBiasGradient();
        for (int i = 0; i < m; i++) {
            double[] p = b.clone();
            double[] q = b.clone();
            p[i] += h;
            q[i] -= h;
            double fd = (twinLoss(n, m, count, v0, uu0, b0, v, uu, p, y, act, c)
                    - twinLoss(n, m, count, v0, uu0, b0, v, uu, q, y, act, c)) / (2 * h);
            worst = Math.max(worst, Math.abs(fd - gb[i]));
        }
        assertTrue(scale > 1e-3, "gradient scale " + scale);
        assertTrue(worst < 1e-9 * Math.max(1, scale), arch + " " + actName + ": largest |fd - kernel| " + worst);
    }

    static Stream<Arguments> networks() {
        List<Arguments> out = new ArrayList<>();
        for (Arch arch : Arch.values()) {
            for (String act : List.of("relu", "softplus")) {
                for (boolean shared : new boolean[]{true, false}) out.add(Arguments.of(arch, act, shared));
            }
        }
        return out.stream();
    }

    /**
     * At theta = theta0 the twin is the network: same loss, output and gradient as {@link TwoLayerKernel}, whether
     * theta shares theta0's arrays (one product for the output) or holds copies (two). 700 samples at m = 70 span
     * three panels.
     */
    @ParameterizedTest(name = "{0} {1}, theta shares theta0's arrays {2}")
    @MethodSource("networks")
    void atTheInitializationTheTwinIsTheNetwork(Arch arch, String actName, boolean shared) {
        int n = 8;
        int m = 70;
        int count = 700;
        Activation act = Activation.named(actName, 0);
        double c = 1 / Math.sqrt(m);
        Random r = new Random(17 + arch.ordinal());
        boolean tied = arch == Arch.TIED;
        boolean joint = arch == Arch.JOINT;
        double[] v0 = gaussian(r, n * m, 1.0);
        double[] u0 = tied ? null : gaussian(r, n * m, 1.0);
        double[] b0 = gaussian(r, m, 0.3);
        double[] y = gaussian(r, n * count, 1.0);
        SampleBlock block = SampleBlock.uncoded(n, count, y);
        LinearizedWeights twin = shared
                ? new LinearizedWeights(new Parameters(n, m, v0, u0, b0), new Parameters(n, m, v0, u0, b0), act, c, joint)
                : new LinearizedWeights(new Parameters(n, m, v0, u0, b0), new Parameters(n, m, v0, u0, b0).copy(), act, c, joint);
        PassSums ours = twin.newSums();
        twin.accumulate(block, ours);
        TwoLayerWeights network = new TwoLayerWeights(new Parameters(n, m, v0, u0, b0), act, c, joint, null, null);
        PassSums theirs = network.newSums();
        network.accumulate(block, theirs);
        ours.complete();
        theirs.complete();
        assertEquals(theirs.count(), ours.count());
        assertEquals(theirs.matrices(), ours.matrices());
        assertEquals(theirs.meanLoss(), ours.meanLoss(), 1e-12 * theirs.meanLoss());
        assertEquals(theirs.outputNorm(), ours.outputNorm(), 1e-12 * theirs.outputNorm());
        for (int k = 0; k < theirs.matrices(); k++) assertClose(theirs.meanGradient(k), ours.meanGradient(k));
        assertClose(theirs.meanBiasGradient(), ours.meanBiasGradient());
    }

    private static void assertClose(double[] expected, double[] actual) {
        double norm = 0;
        double diff = 0;
        for (int i = 0; i < expected.length; i++) {
            norm = Math.max(norm, Math.abs(expected[i]));
            diff = Math.max(diff, Math.abs(expected[i] - actual[i]));
        }
        assertTrue(norm > 1e-4, "gradient scale " + norm);
        assertTrue(diff <= 1e-12 * norm, "largest difference " + diff + " against " + norm);
    }
}
