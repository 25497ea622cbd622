package aedyn.train;

import aedyn.model.Parameters;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The optimizers and the bias schedules on small hand-worked cases. */
class UpdateAndScheduleTest {

    /** The normalized step of W (n x m) with gradient g. */
    private static double[] normalized(double rate, double[] w, double[] g, int n, int m, int iteration) {
        return new Optimizer.Normalized(rate).step(Parameters.tied(n, m, w, new double[m]),
                Parameters.tied(n, m, g, new double[m]), iteration).v();
    }

    @Test
    void gradientDescentStepsTheTrainedMatricesOnly() {
        Parameters theta = new Parameters(2, 1, new double[]{1, 2}, new double[]{3, 4}, new double[]{0.5});
        // encoder-only: no decoder gradient, U stays; V - 0.5 (2, -2) = (0, 3)
        Parameters g = Parameters.gradient(2, 1, new double[]{2, -2}, null, new double[]{9}, false, true);
        Parameters next = new Optimizer.GradientDescent(0.5).step(theta, g, 0);
        assertArrayEquals(new double[]{0, 3}, next.v(), 0.0);
        assertArrayEquals(new double[]{3, 4}, next.u(), 0.0);
        assertArrayEquals(new double[]{0.5}, next.b(), 0.0, "the bias moves by its schedule, not here");
        Parameters joint = new Optimizer.GradientDescent(0.5).step(theta, Parameters.gradient(2, 1, new double[]{0, 0},
                new double[]{4, 8}, null, true, false), 0);
        assertArrayEquals(new double[]{1, 0}, joint.u(), 0.0);
        DivergenceException e = assertThrows(DivergenceException.class, () -> new Optimizer.GradientDescent(1e308)
                .step(theta, Parameters.gradient(2, 1, new double[]{1e308, 0}, null, null, false, false), 4));
        assertTrue(e.getMessage().contains("entry 0 of V"), e.getMessage());
    }

    @Test
    void gradNormCountsTheBiasOnlyWhenItIsLearned() {
        Parameters g = Parameters.gradient(2, 1, new double[]{3, 0}, null, new double[]{4}, false, true);
        assertEquals(3.0, Trainer.gradNorm(g, new BiasSchedule.Geometric(2)), 0.0);
        assertEquals(3.0, Trainer.gradNorm(g, new BiasSchedule.Constant()), 0.0);
        assertEquals(5.0, Trainer.gradNorm(g, new BiasSchedule.Learned(1)), 0.0);
        Parameters joint = new Parameters(2, 1, new double[]{3, 0}, new double[]{0, 4}, new double[]{12});
        assertEquals(5.0, Trainer.gradNorm(joint, new BiasSchedule.Constant()), 0.0);
    }

    @Test
    void l2AddsTheWeightsTimesLambdaToEveryTrainedMatrix() {
        Parameters theta = new Parameters(2, 1, new double[]{1, 2}, new double[]{3, 4}, new double[]{0.5});
        Parameters g = Parameters.gradient(2, 1, new double[]{0.5, 0.5}, null, new double[]{1}, false, true);
        Parameters withL2 = Trainer.withL2(g, theta, 0.1);
        assertArrayEquals(new double[]{0.6, 0.7}, withL2.v(), 1e-15);
        assertEquals(null, withL2.u(), "an untrained decoder gets no gradient");
        assertArrayEquals(new double[]{1}, withL2.b(), 0.0, "the bias is not penalized");
    }

    @Test
    void normalizedUpdateStepsThenScalesEachColumnToUnitNorm() {
        // W = [e1, e2] in R^2, g = [[-3, 0], [0, 4]] column-wise, zeta = 1: W - g = [(4, 0), (0, -3)] -> [(1, 0), (0, -1)].
        double[] w = {1, 0, 0, 1};
        double[] g = {-3, 0, 0, 4};
        double[] next = normalized(1.0, w, g, 2, 2, 0);
        assertArrayEquals(new double[]{1, 0, 0, -1}, next, 1e-15);
        // A 3-4-5 column: (1, 0) - 0.5 * (-4, -8) = (3, 4) -> (0.6, 0.8).
        double[] one = normalized(0.5, new double[]{1, 0}, new double[]{-4, -8}, 2, 1, 0);
        assertArrayEquals(new double[]{0.6, 0.8}, one, 1e-15);
    }

    @Test
    void aColumnThatVanishesIsAnErrorNamingColumnAndIteration() {
        double[] w = {1, 0, 0, 1};
        double[] g = {0, 0, 0, 1}; // column 1 becomes (0, 0) with zeta = 1
        DivergenceException e = assertThrows(DivergenceException.class, () -> normalized(1.0, w, g, 2, 2, 7));
        assertTrue(e.getMessage().contains("column 1"), e.getMessage());
        assertTrue(e.getMessage().contains("iteration 7"), e.getMessage());
        assertEquals(7, e.iteration());
        double[] nan = {Double.NaN, 0, 0, 0};
        assertThrows(DivergenceException.class, () -> normalized(1.0, w, nan, 2, 2, 0));
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
        assertThrows(IllegalArgumentException.class, () -> new Optimizer.Normalized(0));
    }
}
