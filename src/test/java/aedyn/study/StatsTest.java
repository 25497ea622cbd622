package aedyn.study;

import org.apache.commons.math3.distribution.TDistribution;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The statistics of aggregate.csv and analysis.csv against hand-worked numbers and Commons Math. */
class StatsTest {

    @Test
    void tQuantilesMatchTheTables() {
        // df = 1 is the Cauchy distribution: tan(0.475 pi); df = 2 has the closed form (2p - 1) / sqrt(2 p (1 - p)).
        assertEquals(Math.tan(0.475 * Math.PI), Stats.tQuantile(0.975, 1), 1e-12);
        assertEquals(0.95 / Math.sqrt(2 * 0.975 * 0.025), Stats.tQuantile(0.975, 2), 1e-12);
        assertEquals(12.706204736174707, Stats.tQuantile(0.975, 1), 1e-11);
        assertEquals(4.302652729749464, Stats.tQuantile(0.975, 2), 1e-11);
        assertEquals(2.7764451051977987, Stats.tQuantile(0.975, 4), 1e-11);
        assertEquals(2.262157162798205, Stats.tQuantile(0.975, 9), 1e-11);
        assertEquals(2.045229642132703, Stats.tQuantile(0.975, 29), 1e-11);
        assertEquals(1.9623390808264078, Stats.tQuantile(0.975, 1000), 1e-10);
        assertEquals(-Stats.tQuantile(0.975, 7), Stats.tQuantile(0.025, 7), 0);
        assertEquals(0, Stats.tQuantile(0.5, 3), 0);
    }

    @Test
    void tQuantilesAgreeWithCommonsMath() {
        for (int df : new int[] {1, 2, 3, 5, 8, 13, 30, 99, 5000}) {
            TDistribution t = new TDistribution(df);
            for (double p : new double[] {0.6, 0.9, 0.95, 0.975, 0.995}) {
                double expected = t.inverseCumulativeProbability(p);
                assertEquals(expected, Stats.tQuantile(p, df), 1e-9 * Math.max(1, expected), "df " + df + ", p " + p);
            }
        }
    }

    @Test
    void meanSdAndConfidenceIntervalOfAKnownSample() {
        double[] x = {1, 2, 3, 4, 5};
        assertEquals(3, Stats.mean(x), 0);
        assertEquals(Math.sqrt(2.5), Stats.sd(x), 1e-15);   // divisor n - 1 = 4: sum of squares 10
        double[] ci = Stats.ci95(x);
        // t_{0.975,4} sd / sqrt(5) = 2.7764451051977987 * sqrt(2.5 / 5)
        assertEquals(3 - 1.9632431614775607, ci[0], 1e-10);
        assertEquals(3 + 1.9632431614775607, ci[1], 1e-10);
        assertTrue(Double.isNaN(Stats.sd(new double[] {7})));
        assertTrue(Double.isNaN(Stats.ci95(new double[] {7})[0]));
    }

    @Test
    void logLogSlopeOfExactPowerLaws() {
        double[] n = {1e3, 1e4, 1e5, 1e6, 1e7};
        for (double exponent : new double[] {-0.5, -1, 0.25}) {
            double[] lx = new double[n.length];
            double[] ly = new double[n.length];
            for (int i = 0; i < n.length; i++) {
                lx[i] = Math.log(n[i]);
                ly[i] = Math.log(3.7 * Math.pow(n[i], exponent));
            }
            Stats.Line line = Stats.fit(lx, ly);
            assertEquals(exponent, line.slope(), 1e-12);
            assertEquals(Math.log(3.7), line.intercept(), 1e-10);
            assertEquals(1, line.r2(), 1e-12);
            assertEquals(0, line.slopeSe(), 1e-9);
        }
        // x = 0..3, y = 2, 2, 6, 6: slope sxy = 8, sxx = 5 -> 1.6; residuals 0.4, -1.2, 1.2, -0.4
        Stats.Line noisy = Stats.fit(new double[] {0, 1, 2, 3}, new double[] {2, 2, 6, 6});
        assertEquals(1.6, noisy.slope(), 1e-12);
        assertEquals(Math.sqrt((0.16 + 1.44 + 1.44 + 0.16 + 0.0) / 2 / 5), noisy.slopeSe(), 1e-12);
    }
}
