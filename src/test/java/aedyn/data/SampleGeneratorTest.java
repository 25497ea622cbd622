package aedyn.data;

import org.junit.jupiter.api.Test;

import java.util.SplittableRandom;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The generative models' statistics (paper 1, assumptions A1-A2: p_i, p_ij, kappa_1, kappa_2, support sizes)
 * against their closed forms, within five standard errors.
 */
class SampleGeneratorTest {
    private static final int DRAWS = 200_000;

    /** Checks |estimate - expected| <= 5 standard errors of a mean of DRAWS draws with variance {@code variance}. */
    private static void near(double expected, double estimate, double variance, String what) {
        double tolerance = 5 * Math.sqrt(variance / DRAWS) + 1e-12;
        assertEquals(expected, estimate, tolerance, what);
    }

    private record Stats(double[] p, double pPair, double kappa1, double kappa2, int minSupport, int maxSupport) {
    }

    private static Stats stats(CodeModel model) {
        int m = model.m();
        int[] idx = new int[model.maxSupport()];
        double[] val = new double[model.maxSupport()];
        SplittableRandom rng = new SplittableRandom(42);
        long[] hits = new long[m];
        long pair01 = 0;
        double sum = 0;
        double sumSq = 0;
        long nonzeros = 0;
        int minK = Integer.MAX_VALUE;
        int maxK = 0;
        for (int d = 0; d < DRAWS; d++) {
            int k = model.draw(rng, idx, val);
            minK = Math.min(minK, k);
            maxK = Math.max(maxK, k);
            boolean has0 = false;
            boolean has1 = false;
            for (int t = 0; t < k; t++) {
                hits[idx[t]]++;
                has0 |= idx[t] == 0;
                has1 |= idx[t] == 1;
                sum += val[t];
                sumSq += val[t] * val[t];
                nonzeros++;
                for (int u = 0; u < t; u++) assertTrue(idx[u] != idx[t], "support indices are distinct");
            }
            if (has0 && has1) pair01++;
        }
        double[] p = new double[m];
        for (int i = 0; i < m; i++) p[i] = (double) hits[i] / DRAWS;
        return new Stats(p, (double) pair01 / DRAWS, sum / nonzeros, sumSq / nonzeros, minK, maxK);
    }

    @Test
    void mixtureIsOneBasisVectorWithUniformWeights() {
        int m = 10;
        Stats s = stats(CodeModel.Mixture.uniform(m));
        assertEquals(1, s.minSupport());
        assertEquals(1, s.maxSupport());
        for (int i = 0; i < m; i++) near(1.0 / m, s.p()[i], (1.0 / m) * (1 - 1.0 / m), "p_" + i);
        assertEquals(1.0, s.kappa1(), 0.0);
        assertEquals(1.0, s.kappa2(), 0.0);
    }

    @Test
    void mixtureFollowsConfiguredWeights() {
        double[] w = {1, 3, 6};
        Stats s = stats(CodeModel.Mixture.weighted(w));
        for (int i = 0; i < 3; i++) near(w[i] / 10, s.p()[i], (w[i] / 10) * (1 - w[i] / 10), "p_" + i);
    }

    @Test
    void sparseCodeHasUniformSupportAndStandardizedRademacherValues() {
        int m = 20;
        int k = 4;
        Stats s = stats(new CodeModel.Sparse(m, k));
        assertEquals(k, s.minSupport());
        assertEquals(k, s.maxSupport());
        double p = (double) k / m;
        for (int i = 0; i < m; i++) near(p, s.p()[i], p * (1 - p), "p_" + i);
        double pPair = (double) k * (k - 1) / (m * (m - 1.0));
        near(pPair, s.pPair(), pPair * (1 - pPair), "p_01");
        near(0.0, s.kappa1(), 1.0 / k, "kappa_1");    // values are +-1: variance 1 over k DRAWS-sized groups at least
        assertEquals(1.0, s.kappa2(), 0.0);            // x^2 = 1 exactly
    }

    @Test
    void nonnegativeSparseCodeIsUniformOnItsInterval() {
        int m = 12;
        int k = 3;
        double a1 = 0.5;
        double a2 = 1.5;
        Stats s = stats(new CodeModel.NonnegSparse(m, k, a1, a2));
        assertEquals(k, s.maxSupport());
        double p = (double) k / m;
        for (int i = 0; i < m; i++) near(p, s.p()[i], p * (1 - p), "p_" + i);
        // Uniform on [a1, a2]: kappa_1 = (a1 + a2) / 2, kappa_2 = (a1^2 + a1 a2 + a2^2) / 3, variance (a2 - a1)^2 / 12.
        near((a1 + a2) / 2, s.kappa1(), (a2 - a1) * (a2 - a1) / 12 / k, "kappa_1");
        near((a1 * a1 + a1 * a2 + a2 * a2) / 3, s.kappa2(), 1.0 / k, "kappa_2");
    }

    @Test
    void samplesAreAx_plusNoiseOfTheConfiguredVariance() {
        int n = 50;
        int m = 6;
        double sigma = 0.3;
        GroundTruth truth = GroundTruth.draw(n, m, 7);
        SampleGenerator g = new SampleGenerator(new CodeModel.NonnegSparse(m, 2, 0.5, 1.5), truth.a(), n, sigma, 99);
        int count = 4 * SampleGenerator.CHUNK;
        SampleBlock block = g.block(g.seed(), 0, count);
        double sumSq = 0;
        for (int j = 0; j < count; j++) {
            double[] residual = new double[n];
            System.arraycopy(block.y(), j * n, residual, 0, n);
            for (int t = block.codeStart()[j]; t < block.codeStart()[j + 1]; t++) {
                int atom = block.codeIndex()[t];
                for (int i = 0; i < n; i++) residual[i] -= block.codeValue()[t] * truth.a()[atom * n + i];
            }
            for (double r : residual) sumSq += r * r;
        }
        long entries = (long) count * n;
        double variance = sumSq / entries;
        // The sample variance of N(0, sigma^2) entries has standard error sigma^2 sqrt(2 / entries).
        assertEquals(sigma * sigma, variance, 5 * sigma * sigma * Math.sqrt(2.0 / entries));
    }

    @Test
    void groundTruthHasUnitColumnsAndReportsItsIncoherence() {
        int n = 30;
        int m = 4;
        GroundTruth a = GroundTruth.draw(n, m, 3);
        double maxInner = 0;
        for (int i = 0; i < m; i++) {
            double norm = 0;
            for (int t = 0; t < n; t++) norm += a.a()[i * n + t] * a.a()[i * n + t];
            assertEquals(1.0, norm, 1e-12);
            for (int j = 0; j < i; j++) {
                double inner = 0;
                for (int t = 0; t < n; t++) inner += a.a()[i * n + t] * a.a()[j * n + t];
                maxInner = Math.max(maxInner, Math.abs(inner));
            }
        }
        assertEquals(Math.sqrt(n) * maxInner, a.incoherence(), 1e-12);
    }

    @Test
    void samplesDoNotDependOnHowTheyAreBlocked() {
        int n = 16;
        GroundTruth truth = GroundTruth.draw(n, 5, 1);
        SampleGenerator g = new SampleGenerator(new CodeModel.Sparse(5, 2), truth.a(), n, 0.1, 5);
        int chunk = SampleGenerator.CHUNK;
        SampleBlock whole = g.block(g.seed(), 0, 3 * chunk);
        SampleBlock tail = g.block(g.seed(), chunk, 2 * chunk);
        double[] expected = java.util.Arrays.copyOfRange(whole.y(), chunk * n, 3 * chunk * n);
        assertArrayEquals(expected, tail.y(), 0.0);
        SampleBlock again = g.block(g.seed(), 0, 3 * chunk);
        assertArrayEquals(whole.y(), again.y(), 0.0);
    }
}
