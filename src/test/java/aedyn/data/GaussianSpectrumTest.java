package aedyn.data;

import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Correlated Gaussian data (SPEC section 6): its basis, its covariance, its seeding and its known eigen-blocks. */
class GaussianSpectrumTest {
    private static final List<GaussianSpectrum.Block> SPIKES =
            List.of(new GaussianSpectrum.Block(2, 8), new GaussianSpectrum.Block(2, 4));

    @Test
    void randomBasisIsOrthogonalAndDependsOnlyOnItsSeed() {
        int n = 37;
        double[] q = GaussianSpectrum.randomOrthogonal(n, 5);
        for (int a = 0; a < n; a++) {
            for (int b = 0; b < n; b++) {
                double dot = 0;
                for (int i = 0; i < n; i++) dot += q[a * n + i] * q[b * n + i];
                assertEquals(a == b ? 1.0 : 0.0, dot, 1e-13, "column " + a + " . column " + b);
            }
        }
        assertArrayEquals(q, GaussianSpectrum.randomOrthogonal(n, 5));
        assertNotEquals(q[0], GaussianSpectrum.randomOrthogonal(n, 6)[0]);
    }

    /**
     * A Haar orthogonal matrix has entries symmetric about 0 with E q_11² = 1/n. Householder QR without the sign
     * correction of R's diagonal would give q_11 = −|x_1|/‖x‖, always negative.
     */
    @Test
    void randomBasisIsHaarDistributedInItsFirstEntry() {
        int n = 4;
        int draws = 4000;
        double sum = 0;
        double sumSq = 0;
        for (int s = 0; s < draws; s++) {
            double q11 = GaussianSpectrum.randomOrthogonal(n, 1000 + s)[0];
            sum += q11;
            sumSq += q11 * q11;
        }
        // sd of q_11 is 1/2, of q_11² about 0.19: bounds at about 5 standard errors.
        assertEquals(0.0, sum / draws, 5 * 0.5 / Math.sqrt(draws));
        assertEquals(1.0 / n, sumSq / draws, 5 * 0.2 / Math.sqrt(draws));
    }

    @Test
    void sampleCovarianceApproachesSigma() {
        int n = 6;
        GaussianSpectrum model = GaussianSpectrum.of(n, SPIKES, 1.0, true, 3, 4);
        double[] lambda = model.eigenvalues();
        assertArrayEquals(new double[]{8, 8, 4, 4, 1, 1}, lambda);
        double[] q = model.q();
        // Σ = Q diag(λ) Qᵀ, computed entry by entry.
        double[] sigma = new double[n * n];
        for (int i = 0; i < n; i++) {
            for (int j = 0; j < n; j++) {
                double v = 0;
                for (int k = 0; k < n; k++) v += q[k * n + i] * lambda[k] * q[k * n + j];
                sigma[j * n + i] = v;
            }
        }
        int samples = 200 * SampleGenerator.CHUNK;
        GaussianSamples source = GaussianSamples.fixed(model, samples);
        double[] s = new double[n * n];
        for (int b = 0; b < source.blockCount(); b++) {
            SampleBlock block = source.block(b, 0);
            for (int t = 0; t < block.count(); t++) {
                for (int i = 0; i < n; i++) {
                    for (int j = 0; j < n; j++) s[j * n + i] += block.y()[t * n + i] * block.y()[t * n + j];
                }
            }
        }
        for (int i = 0; i < n; i++) {
            for (int j = 0; j < n; j++) {
                // Var(y_i y_j) = Σ_ii Σ_jj + Σ_ij²; five standard errors.
                double se = Math.sqrt((sigma[i * n + i] * sigma[j * n + j] + sigma[j * n + i] * sigma[j * n + i]) / samples);
                assertEquals(sigma[j * n + i], s[j * n + i] / samples, 5 * se, "Σ(" + i + ", " + j + ")");
            }
        }
    }

    @Test
    void samplesDoNotDependOnBlockSizeAndFreshOnesOnIteration() {
        int n = 5;
        GaussianSpectrum model = GaussianSpectrum.of(n, SPIKES, 0.5, true, 7, 8);
        long size = 3 * SampleGenerator.CHUNK + 17;
        SampleSource small = new GaussianSamples(model, size, SampleGenerator.CHUNK, false);
        SampleSource large = new GaussianSamples(model, size, 2 * SampleGenerator.CHUNK, false);
        assertArrayEquals(concat(small), concat(large));
        SampleSource fresh = GaussianSamples.fresh(model, size);
        SampleBlock reused = fresh.block(1, 3, fresh.block(0, 3));
        assertArrayEquals(fresh.block(1, 3).y(), java.util.Arrays.copyOf(reused.y(), n * fresh.count(1)));
        assertNotEquals(fresh.block(0, 3).y()[0], fresh.block(0, 4).y()[0]);
        assertTrue(fresh.fresh());
    }

    private static double[] concat(SampleSource s) {
        double[] all = new double[(int) (s.size() * s.n())];
        for (int b = 0; b < s.blockCount(); b++) {
            SampleBlock block = s.block(b, 0);
            System.arraycopy(block.y(), 0, all, (int) s.first(b) * s.n(), block.count() * s.n());
        }
        return all;
    }

    /** Without rotation, y_i = √λ_i g_i: coordinates 0-1 carry variance 8, 2-3 variance 4, the rest the bulk. */
    @Test
    void unrotatedDataHasTheSpectrumOnTheAxes() {
        int n = 7;
        GaussianSpectrum model = GaussianSpectrum.of(n, SPIKES, 1.0, false, 1, 2);
        GaussianSamples source = GaussianSamples.fixed(model, 100 * SampleGenerator.CHUNK);
        double[] var = new double[n];
        for (int b = 0; b < source.blockCount(); b++) {
            SampleBlock block = source.block(b, 0);
            for (int t = 0; t < block.count(); t++) {
                for (int i = 0; i < n; i++) var[i] += block.y()[t * n + i] * block.y()[t * n + i];
            }
        }
        double[] lambda = {8, 8, 4, 4, 1, 1, 1};
        for (int i = 0; i < n; i++) {
            assertEquals(lambda[i], var[i] / source.size(), 5 * lambda[i] * Math.sqrt(2.0 / source.size()), "coordinate " + i);
        }
        EigenBlocks blocks = model.eigenBlocks();
        assertEquals(1.0, blocks.bases().get(0)[0]);
        assertEquals(1.0, blocks.bases().get(1)[1 * n + 3]);
    }

    /** Σ B_j = λ_j B_j for the exposed bases, with Σ formed independently; the PCA levels of 2 at 8, 2 at 4, 6 at 1. */
    @Test
    void eigenBlocksAreSigmasAndPcaLevelsAreHalfTheEigenvaluesOutside() {
        int n = 10;
        GaussianSpectrum model = GaussianSpectrum.of(n, SPIKES, 1.0, true, 11, 12);
        double[] q = model.q();
        double[] lambda = model.eigenvalues();
        EigenBlocks blocks = model.eigenBlocks();
        assertEquals(2, blocks.count());
        assertEquals(6, blocks.restDim());
        double[] blockEigenvalue = {8, 4};
        for (int j = 0; j < 2; j++) {
            double[] basis = blocks.bases().get(j);
            for (int c = 0; c < 2; c++) {
                for (int i = 0; i < n; i++) {
                    double sb = 0;
                    for (int k = 0; k < n; k++) {
                        double sik = 0;
                        for (int t = 0; t < n; t++) sik += q[t * n + i] * lambda[t] * q[t * n + k];
                        sb += sik * basis[c * n + k];
                    }
                    assertEquals(blockEigenvalue[j] * basis[c * n + i], sb, 1e-12);
                }
            }
        }
        // tr Σ = 16 + 8 + 6 = 30: levels ½·30, ½·(30 − 16), ½·(30 − 16 − 8).
        assertArrayEquals(new double[]{15, 7, 3}, blocks.pcaLevels(), 1e-12);
    }

    @Test
    void rejectsSpectraThatCannotBe() {
        assertThrows(IllegalArgumentException.class, () -> GaussianSpectrum.of(3, SPIKES, 1, true, 1, 1));
        assertThrows(IllegalArgumentException.class, () -> new GaussianSpectrum.Block(1, -1));
        assertThrows(IllegalArgumentException.class, () -> GaussianSpectrum.of(8,
                List.of(new GaussianSpectrum.Block(1, 2), new GaussianSpectrum.Block(1, 3)), 1, false, 1, 1));
    }
}
