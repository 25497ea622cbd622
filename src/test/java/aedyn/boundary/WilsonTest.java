package aedyn.boundary;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

/** SPEC 9.2's Wilson interval against hand values and its defining equation. */
class WilsonTest {
    private static final double Z2 = 1.959963984540054 * 1.959963984540054;

    @Test
    void endsHaveClosedForms() {
        // s = 0: [0, z^2 / (t + z^2)]; s = t: [t / (t + z^2), 1]
        assertEquals(0.0, Wilson.of(0, 20).low());
        assertEquals(Z2 / (20 + Z2), Wilson.of(0, 20).high(), 1e-15);
        assertEquals(0.16113, Wilson.of(0, 20).high(), 5e-6); // Newcombe (1998), 0/20
        assertEquals(8 / (8 + Z2), Wilson.of(8, 8).low(), 1e-15);
        assertEquals(1.0, Wilson.of(8, 8).high());
    }

    @Test
    void newcombesExampleAndTheSymmetricCase() {
        // Newcombe (1998) Table I, 81/263: 0.2553 to 0.3662
        Wilson w = Wilson.of(81, 263);
        assertEquals(0.2553, w.low(), 5e-5);
        assertEquals(0.3662, w.high(), 5e-5);
        // 5/10 by hand: centre 1/2, half-width z / (1 + z^2/10) sqrt(1/40 + z^2/400)
        double half = Math.sqrt(Z2) / (1 + Z2 / 10) * Math.sqrt(0.025 + Z2 / 400);
        assertEquals(0.5 - half, Wilson.of(5, 10).low(), 1e-15);
        assertEquals(0.5 + half, Wilson.of(5, 10).high(), 1e-15);
        assertEquals(0.23659, Wilson.of(5, 10).low(), 5e-6);
    }

    @Test
    void boundsSolveTheScoreEquation() {
        // the Wilson bounds are the p with (p̂ - p)^2 = z^2 p (1 - p) / t
        for (int[] st : new int[][]{{1, 8}, {3, 8}, {7, 8}, {13, 40}}) {
            double ph = st[0] / (double) st[1];
            Wilson w = Wilson.of(st[0], st[1]);
            for (double p : new double[]{w.low(), w.high()}) {
                assertEquals(Z2 * p * (1 - p) / st[1], (ph - p) * (ph - p), 1e-14);
            }
        }
    }

    @Test
    void rejectsImpossibleCounts() {
        assertThrows(IllegalArgumentException.class, () -> Wilson.of(3, 2));
        assertThrows(IllegalArgumentException.class, () -> Wilson.of(0, 0));
    }
}
