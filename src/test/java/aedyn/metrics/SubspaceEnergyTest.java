package aedyn.metrics;

import aedyn.data.EigenBlocks;
import aedyn.data.GaussianSpectrum;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.SplittableRandom;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

/** energy_j = ‖P_j W‖²_F / m (SPEC section 7) on hand-worked and closed-form cases. */
class SubspaceEnergyTest {

    /**
     * n = 3, blocks span(e1) and span(e2), W = [(1, 2, 2)/3, (0, 0, 1)]: ‖P_1 W‖² = 1/9, ‖P_2 W‖² = 4/9 and the
     * rest 4/9 + 1, each over m = 2.
     */
    @Test
    void handWorkedAxisBlocks() {
        EigenBlocks blocks = new EigenBlocks(3, List.of(new double[]{1, 0, 0}, new double[]{0, 1, 0}),
                new double[]{5, 2}, 8);
        double[] w = {1.0 / 3, 2.0 / 3, 2.0 / 3, 0, 0, 1};
        assertArrayEquals(new double[]{1.0 / 18, 4.0 / 18, 13.0 / 18}, SubspaceEnergy.energies(w, 3, 2, blocks), 1e-15);
        assertEquals(List.of("energy_1", "energy_2", "energy_rest"), SubspaceEnergy.columns(2));
        // tr = 8: levels 4, (8 − 5)/2, (8 − 7)/2.
        assertArrayEquals(new double[]{4, 1.5, 0.5}, blocks.pcaLevels(), 1e-15);
    }

    /**
     * A rotated basis: neurons W = B_1 a + B_2 b + B_rest c with known coefficients have energies Σ‖a_i‖²/m etc., and
     * the block basis vectors themselves put all their energy in their own block.
     */
    @Test
    void closedFormInARotatedBasis() {
        int n = 9;
        int m = 5;
        GaussianSpectrum model = GaussianSpectrum.of(n, List.of(new GaussianSpectrum.Block(1, 9),
                new GaussianSpectrum.Block(3, 2)), 1, true, 21, 22);
        double[] q = model.q();
        EigenBlocks blocks = model.eigenBlocks();
        SplittableRandom r = new SplittableRandom(3);
        double[] coef = new double[n * m]; // coordinates of W in Q's basis
        for (int i = 0; i < coef.length; i++) coef[i] = r.nextGaussian();
        double[] w = new double[n * m];
        for (int c = 0; c < m; c++) {
            for (int i = 0; i < n; i++) {
                double v = 0;
                for (int k = 0; k < n; k++) v += q[k * n + i] * coef[c * n + k];
                w[c * n + i] = v;
            }
        }
        double[] expected = new double[3];
        for (int c = 0; c < m; c++) {
            for (int k = 0; k < n; k++) {
                double sq = coef[c * n + k] * coef[c * n + k] / m;
                expected[k == 0 ? 0 : k <= 3 ? 1 : 2] += sq;
            }
        }
        assertArrayEquals(expected, SubspaceEnergy.energies(w, n, m, blocks), 1e-12);
        double[] second = new double[n]; // Q's second column: all in block 2
        System.arraycopy(q, n, second, 0, n);
        assertArrayEquals(new double[]{0, 1, 0}, SubspaceEnergy.energies(second, n, 1, blocks), 1e-14);
    }
}
