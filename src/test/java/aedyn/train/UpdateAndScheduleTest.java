package aedyn.train;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The normalized update and the bias schedules on small hand-worked cases. */
class UpdateAndScheduleTest {

    @Test
    void normalizedUpdateStepsThenScalesEachColumnToUnitNorm() {
        // W = [e1, e2] in R^2, g = [[-3, 0], [0, 4]] column-wise, zeta = 1: W - g = [(4, 0), (0, -3)] -> [(1, 0), (0, -1)].
        double[] w = {1, 0, 0, 1};
        double[] g = {-3, 0, 0, 4};
        double[] next = new NormalizedUpdate(1.0).apply(w, g, 2, 2, 0);
        assertArrayEquals(new double[]{1, 0, 0, -1}, next, 1e-15);
        // A 3-4-5 column: (1, 0) - 0.5 * (-4, -8) = (3, 4) -> (0.6, 0.8).
        double[] one = new NormalizedUpdate(0.5).apply(new double[]{1, 0}, new double[]{-4, -8}, 2, 1, 0);
        assertArrayEquals(new double[]{0.6, 0.8}, one, 1e-15);
    }

    @Test
    void aColumnThatVanishesIsAnErrorNamingColumnAndIteration() {
        double[] w = {1, 0, 0, 1};
        double[] g = {0, 0, 0, 1}; // column 1 becomes (0, 0) with zeta = 1
        DivergenceException e = assertThrows(DivergenceException.class, () -> new NormalizedUpdate(1.0).apply(w, g, 2, 2, 7));
        assertTrue(e.getMessage().contains("column 1"), e.getMessage());
        assertTrue(e.getMessage().contains("iteration 7"), e.getMessage());
        assertEquals(7, e.iteration());
        double[] nan = {Double.NaN, 0, 0, 0};
        assertThrows(DivergenceException.class, () -> new NormalizedUpdate(1.0).apply(w, nan, 2, 2, 0));
    }

    @Test
    void schedulesFollowTheirRecurrences() {
        double[] b = {-1.25, 0.5};
        double[] gb = {0.1, -0.2};
        assertArrayEquals(b, new BiasSchedule.Constant().next(b, gb), 0.0);
        assertArrayEquals(new double[]{-0.625, 0.25}, new BiasSchedule.Geometric(2).next(b, gb), 0.0);
        assertArrayEquals(new double[]{-1.25 * 0.8, 0.5 * 0.8}, new BiasSchedule.Contraction(0.36).next(b, gb), 1e-15);
        assertArrayEquals(new double[]{-1.25 - 0.3, 0.5 + 0.6}, new BiasSchedule.Learned(3).next(b, gb), 1e-15);
        // Paper 1's experiment: b^0 = -2.5 * 0.5 halved fifty times.
        double[] s = {-1.25};
        for (int i = 0; i < 50; i++) s = new BiasSchedule.Geometric(2).next(s, null);
        assertEquals(-1.25 / Math.pow(2, 50), s[0], 0.0);
    }

    @Test
    void scheduleParametersOutsideTheirRangeAreRejected() {
        assertThrows(IllegalArgumentException.class, () -> new BiasSchedule.Geometric(1.0));
        assertThrows(IllegalArgumentException.class, () -> new BiasSchedule.Contraction(1.0));
        assertThrows(IllegalArgumentException.class, () -> new BiasSchedule.Contraction(0.0));
        assertThrows(IllegalArgumentException.class, () -> new NormalizedUpdate(0));
    }
}
