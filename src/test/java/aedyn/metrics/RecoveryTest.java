package aedyn.metrics;

import aedyn.data.Matrices;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class RecoveryTest {

    @Test
    void spectralNormOfDiagonalMatrices() {
        // 3 x 3 diag(3, -5, 2): largest |d| = 5.
        assertEquals(5.0, Matrices.spectralNorm(new double[] {3, 0, 0, 0, -5, 0, 0, 0, 2}, 3, 3), 1e-12);
        // 4 x 2 tall, diag(-7, 4) on top of zero rows.
        assertEquals(7.0, Matrices.spectralNorm(new double[] {-7, 0, 0, 0, 0, 4, 0, 0}, 4, 2), 1e-12);
        // 2 x 4 wide, diag(1, 6) beside zero columns.
        assertEquals(6.0, Matrices.spectralNorm(new double[] {1, 0, 0, 6, 0, 0, 0, 0}, 2, 4), 1e-12);
        // Zero matrix: 0, not NaN from a slightly negative eigenvalue.
        assertEquals(0.0, Matrices.spectralNorm(new double[6], 3, 2), 0.0);
        assertEquals(2.5, Matrices.spectralNorm(new double[] {-2.5}, 1, 1), 1e-15);
    }

    @Test
    void spectralNormOfRankOneIsProductOfNorms() {
        // u = (1, 2, 2), ||u|| = 3; v = (3, 0, 4, 0, 0), ||v|| = 5; so ||u v^T|| = 15 both ways round.
        double[] u = {1, 2, 2};
        double[] v = {3, 0, 4, 0, 0};
        assertEquals(15.0, Matrices.spectralNorm(outer(u, v), 3, 5), 1e-12);
        assertEquals(15.0, Matrices.spectralNorm(outer(v, u), 5, 3), 1e-12);
    }

    @Test
    void spectralNormOfHandWorkedTwoByTwo() {
        // [[1, 1], [0, 1]]: D^T D = [[1, 1], [1, 2]], eigenvalues (3 +- sqrt 5)/2, so sigma_1 = (1 + sqrt 5)/2.
        double golden = (1 + Math.sqrt(5)) / 2;
        assertEquals(golden, Matrices.spectralNorm(new double[] {1, 0, 1, 1}, 2, 2), 1e-12);
        // [[2, 0], [0, -3]] rotated by 45 degrees keeps singular values {2, 3}.
        double c = Math.sqrt(0.5);
        double[] rotated = {2 * c, 2 * c, 3 * c, -3 * c}; // columns (2c, 2c) and (3c, -3c)
        assertEquals(3.0, Matrices.spectralNorm(rotated, 2, 2), 1e-12);
    }

    @Test
    void spectralNormMatchesPowerIterationForTallAndWide() {
        int[][] shapes = {{30, 7}, {7, 30}, {50, 50}, {1, 9}, {9, 1}, {64, 3}};
        for (int[] shape : shapes) {
            for (long seed = 0; seed < 3; seed++) {
                int rows = shape[0];
                int cols = shape[1];
                SplittableRandom rng = new SplittableRandom(seed * 31 + rows * 7 + cols);
                double[] d = new double[rows * cols];
                for (int k = 0; k < d.length; k++) d[k] = rng.nextGaussian();
                double expected = powerIteration(d, rows, cols, rng);
                assertEquals(expected, Matrices.spectralNorm(d, rows, cols), 1e-9 * expected,
                        rows + "x" + cols + " seed " + seed);
            }
        }
    }

    @Test
    void spectralNormIsNaNForNonFiniteInput() {
        assertTrue(Double.isNaN(Matrices.spectralNorm(new double[] {1, Double.NaN, 0, 1}, 2, 2)));
        assertThrows(IllegalArgumentException.class, () -> Matrices.spectralNorm(new double[5], 2, 3));
    }

    @Test
    void froAndMaxColumnErrorOnHandWorkedCase() {
        // A = I_2; aligned W columns (1, 2) and (3, 5): differences (0, 2) and (3, 4), norms 2 and 5.
        double[] a = {1, 0, 0, 1};
        double[] w = {1, 2, 3, 5};
        assertEquals(Math.sqrt(29), Recovery.froError(w, a), 1e-15);
        assertEquals(5.0, Recovery.maxColumnError(w, a, 2, 2), 1e-15);
        assertEquals(0.0, Recovery.froError(a, a), 0.0);
        assertThrows(IllegalArgumentException.class, () -> Recovery.froError(new double[3], a));
        assertThrows(IllegalArgumentException.class, () -> Recovery.maxColumnError(w, a, 2, 3));
    }

    @Test
    void incoherenceOnHandWorkedCases() {
        // Columns (1, 0) and (-0.6, 0.8): |<A_0, A_1>| = 0.6, times sqrt 2.
        assertEquals(Math.sqrt(2) * 0.6, Matrices.incoherence(new double[] {1, 0, -0.6, 0.8}, 2, 2), 1e-15);
        // Three columns in R^3: e1, (0.6, 0.8, 0), (0, 0, 1): products 0.6, 0, 0; largest 0.6, times sqrt 3.
        double[] three = {1, 0, 0, 0.6, 0.8, 0, 0, 0, 1};
        assertEquals(Math.sqrt(3) * 0.6, Matrices.incoherence(three, 3, 3), 1e-15);
        // The diagonal (|A_i|^2 = 4) must not count: columns (2, 0) and (0, 2) are orthogonal.
        assertEquals(0.0, Matrices.incoherence(new double[] {2, 0, 0, 2}, 2, 2), 0.0);
        assertEquals(0.0, Matrices.incoherence(new double[] {0.3, 0.4}, 2, 1), 0.0);
    }

    @Test
    void reportOnHandWorkedCase() {
        // A = I_2. W col 0 = (0.1, 1) stands for atom 1; W col 1 = (-1, -0.3) is atom 0 flipped.
        double[] a = {1, 0, 0, 1};
        double[] w = {0.1, 1, -1, -0.3};
        Matching matching = new Matching(new int[] {1, 0}, new double[] {-1, 1});
        assertEquals(matching, Matching.of(a, w, 2, 2, true));
        // pi(W) = [(1, 0.3), (0.1, 1)]; pi(W) - A = [[0, 0.1], [0.3, 0]], singular values 0.3 and 0.1.
        Recovery.Report r = Recovery.Report.of(a, w, 2, 2, matching, 1.0);
        assertEquals(Math.sqrt(0.1), r.froError(), 1e-15);
        assertEquals(0.3, r.maxColumnError(), 1e-15);
        assertEquals(0.3, r.spectralRatio(), 1e-15);
        assertEquals(0.15, Recovery.Report.of(a, w, 2, 2, matching, 2.0).spectralRatio(), 1e-15);

        assertThrows(IllegalArgumentException.class, () -> Recovery.Report.of(a, w, 2, 2, matching, 0.0));
        assertThrows(IllegalArgumentException.class,
                () -> Recovery.Report.of(a, w, 2, 2, Matching.identity(3), 1.0));
    }

    // ---- independent references ----

    private static double[] outer(double[] u, double[] v) {
        double[] d = new double[u.length * v.length];
        for (int j = 0; j < v.length; j++) {
            for (int i = 0; i < u.length; i++) d[i + j * u.length] = u[i] * v[j];
        }
        return d;
    }

    /** sigma_1 by power iteration on D^T D with plain loops; stops when the estimate no longer moves. */
    private static double powerIteration(double[] d, int rows, int cols, SplittableRandom rng) {
        double[] x = new double[cols];
        for (int j = 0; j < cols; j++) x[j] = rng.nextGaussian();
        double sigma = 0;
        double[] y = new double[rows];
        for (int it = 0; it < 100_000; it++) {
            double nx = 0;
            for (double xi : x) nx += xi * xi;
            nx = Math.sqrt(nx);
            for (int j = 0; j < cols; j++) x[j] /= nx;
            java.util.Arrays.fill(y, 0);
            for (int j = 0; j < cols; j++) {
                for (int i = 0; i < rows; i++) y[i] += d[i + j * rows] * x[j];
            }
            double ny = 0;
            for (double yi : y) ny += yi * yi;
            double next = Math.sqrt(ny);
            for (int j = 0; j < cols; j++) {
                double s = 0;
                for (int i = 0; i < rows; i++) s += d[i + j * rows] * y[i];
                x[j] = s;
            }
            if (it > 50 && Math.abs(next - sigma) <= 1e-15 * next) return next;
            sigma = next;
        }
        return sigma;
    }
}
