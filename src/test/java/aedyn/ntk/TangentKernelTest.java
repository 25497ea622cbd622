package aedyn.ntk;

import aedyn.model.Activation;
import aedyn.model.ModelSpec;
import aedyn.model.Parameters;
import aedyn.model.Scale;
import org.apache.commons.math3.linear.Array2DRowRealMatrix;
import org.apache.commons.math3.linear.EigenDecomposition;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The empirical kernel (SPEC 8.1) against (1/n) tr J(y_a) J(y_b)^T with J built column by column from central finite
 * differences of f(y; theta) = c U sigma(V^T y + b), and its extremes against commons-math3's eigendecomposition.
 */
class TangentKernelTest {

    static double[] gaussian(Random r, int size, double sd) {
        double[] a = new double[size];
        for (int i = 0; i < size; i++) a[i] = sd * r.nextGaussian();
        return a;
    }

    /** f(y; V, U, b) for one sample (tied: U = V). */
    private static double[] f(int n, int m, double[] v, double[] u, double[] b, double[] y, int yOff, Activation act, double c) {
        double[] out = new double[n];
        for (int i = 0; i < m; i++) {
            double z = b[i];
            for (int t = 0; t < n; t++) z += v[t + i * n] * y[yOff + t];
            double h = act.apply(z);
            for (int t = 0; t < n; t++) out[t] += c * u[t + i * n] * h;
        }
        return out;
    }

    /** J(y_a) J(y_b)^T traced over 1/n, each J by central differences over every trained entry. */
    private static double[] finiteDifferenceKernel(ModelSpec spec, boolean learnedBias, Parameters theta, double[] y, int p) {
        int n = spec.n();
        int m = spec.m();
        double c = spec.outputScale();
        Activation act = spec.activation();
        double h = 1e-6;
        // parameter blocks: 0 = V (tied W), 1 = U, 2 = b
        java.util.List<double[][]> columns = new java.util.ArrayList<>(); // each: p x n derivative of f
        for (int block = 0; block < 3; block++) {
            if (block == 1 && !spec.trainsDecoder()) continue;
            if (block == 2 && !learnedBias) continue;
            int size = block == 2 ? m : n * m;
            for (int e = 0; e < size; e++) {
                double[][] col = new double[p][];
                for (int a = 0; a < p; a++) {
                    double[][] sides = new double[2][];
                    for (int side = 0; side < 2; side++) {
                        double step = side == 0 ? h : -h;
                        double[] v = theta.v().clone();
                        double[] u = spec.tied() ? v : theta.u().clone();
                        double[] b = theta.b().clone();
                        if (block == 0) v[e] += step;
                        if (block == 1) u[e] += step;
                        if (block == 2) b[e] += step;
                        sides[side] = f(n, m, v, u, b, y, a * n, act, c);
                    }
                    col[a] = new double[n];
                    for (int t = 0; t < n; t++) col[a][t] = (sides[0][t] - sides[1][t]) / (2 * h);
                }
                columns.add(col);
            }
        }
        double[] k = new double[p * p];
        for (double[][] col : columns) {
            for (int a = 0; a < p; a++) {
                for (int b = 0; b < p; b++) {
                    double s = 0;
                    for (int t = 0; t < n; t++) s += col[a][t] * col[b][t];
                    k[a + b * p] += s / n;
                }
            }
        }
        return k;
    }

    @ParameterizedTest(name = "{0} {1} {2}, learned bias {3}")
    @CsvSource({
            "UNTIED, JOINT, tanh, true", "UNTIED, JOINT, relu, false", "UNTIED, ENCODER_ONLY, tanh, false",
            "UNTIED, ENCODER_ONLY, relu, true", "TIED, JOINT, tanh, true", "TIED, JOINT, relu, false",
            "TIED, JOINT, softplus, false", "UNTIED, JOINT, sigmoid, true"})
    void kernelIsTheTracedProductOfJacobians(ModelSpec.Architecture arch, ModelSpec.Regime regime, String actName,
                                             boolean learnedBias) {
        int n = 5;
        int m = 7;
        int p = 6;
        ModelSpec spec = new ModelSpec(arch, Scale.NTK, Activation.named(actName, 0), regime, n, m);
        Random r = new Random(arch.ordinal() * 13 + regime.ordinal() * 5 + actName.length());
        Parameters theta = spec.tied() ? Parameters.tied(n, m, gaussian(r, n * m, 1.0), gaussian(r, m, 0.3))
                : Parameters.untied(n, m, gaussian(r, n * m, 1.0), gaussian(r, n * m, 1.0), gaussian(r, m, 0.3));
        double[] y = gaussian(r, n * p, 1.0 / Math.sqrt(n));
        double[] k = TangentKernel.of(spec, learnedBias, theta, y, p).k();
        double[] fd = finiteDifferenceKernel(spec, learnedBias, theta, y, p);
        double scale = 0;
        double worst = 0;
        for (int i = 0; i < k.length; i++) {
            scale = Math.max(scale, Math.abs(fd[i]));
            worst = Math.max(worst, Math.abs(fd[i] - k[i]));
        }
        assertTrue(scale > 1e-2, "kernel scale " + scale);
        assertTrue(worst < 1e-7 * scale, "largest |finite-difference kernel - K| = " + worst + " against " + scale);
    }

    @Test
    void extremesAreThoseOfTheSpectrumAndDriftIsRelative() {
        int n = 9;
        int m = 300;
        int p = 40;
        ModelSpec spec = new ModelSpec(ModelSpec.Architecture.UNTIED, Scale.NTK, new Activation.Relu(), ModelSpec.Regime.JOINT, n, m);
        Random r = new Random(4);
        Parameters theta = new Parameters(n, m, gaussian(r, n * m, 1.0), gaussian(r, n * m, 1.0), new double[m]);
        double[] y = gaussian(r, n * p, 1.0 / Math.sqrt(n));
        TangentKernel k = TangentKernel.of(spec, false, theta, y, p);
        double[][] rows = new double[p][p];
        for (int a = 0; a < p; a++) {
            for (int b = 0; b < p; b++) rows[a][b] = k.k()[a + b * p];
        }
        double[] values = new EigenDecomposition(new Array2DRowRealMatrix(rows)).getRealEigenvalues();
        double min = Double.MAX_VALUE;
        double max = -Double.MAX_VALUE;
        for (double v : values) {
            min = Math.min(min, v);
            max = Math.max(max, v);
        }
        TangentKernel.Extremes e = k.extremes();
        assertTrue(min > 0, "K is positive definite here: lambda_min " + min);
        assertEquals(min, e.lambdaMin(), 1e-12 * max);
        assertEquals(max, e.lambdaMax(), 1e-12 * max);
        assertEquals(0.0, k.drift(k), 0.0);
        double[] twice = k.k().clone();
        for (int i = 0; i < twice.length; i++) twice[i] *= 3;
        assertEquals(2.0, new TangentKernel(twice, p).drift(k), 1e-14);
    }
}
