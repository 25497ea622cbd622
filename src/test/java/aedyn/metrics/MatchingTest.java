package aedyn.metrics;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class MatchingTest {

    @Test
    void recoversPlantedPermutationAndSigns() {
        for (long seed = 0; seed < 10; seed++) {
            int n = 40;
            int m = 25;
            SplittableRandom rng = new SplittableRandom(seed);
            double[] a = unitColumns(n, m, rng);
            int[] perm = randomPermutation(m, rng);
            double[] signs = new double[m];
            double[] w = new double[n * m];
            for (int i = 0; i < m; i++) {
                signs[i] = rng.nextBoolean() ? 1.0 : -1.0;
                // Neuron perm[i] is atom i, flipped by signs[i].
                for (int r = 0; r < n; r++) w[r + perm[i] * n] = signs[i] * a[r + i * n];
            }
            Matching got = Matching.of(a, w, n, m, true);
            assertArrayEquals(perm, got.neuronOfAtom(), "seed " + seed);
            assertArrayEquals(signs, got.sign(), 0.0, "seed " + seed);
            assertArrayEquals(a, got.align(w, n), 1e-12);
        }
    }

    @Test
    void recoversPlantedPermutationUnderSmallNoise() {
        int n = 60;
        int m = 30;
        SplittableRandom rng = new SplittableRandom(77);
        double[] a = unitColumns(n, m, rng);
        int[] perm = randomPermutation(m, rng);
        double[] w = new double[n * m];
        for (int i = 0; i < m; i++) {
            for (int r = 0; r < n; r++) w[r + perm[i] * n] = a[r + i * n] + 0.01 * rng.nextGaussian();
        }
        Matching got = Matching.of(a, w, n, m, false);
        assertArrayEquals(perm, got.neuronOfAtom());
        double[] ones = new double[m];
        java.util.Arrays.fill(ones, 1.0);
        assertArrayEquals(ones, got.sign(), 0.0);
    }

    @Test
    void signInvarianceChangesTheMatchingOnAHandWorkedCase() {
        // A = [e1, e2]; W = [-e1, (0.6, 0.8)]. C = A^T W = [[-1, 0.6], [0, 0.8]].
        double[] a = {1, 0, 0, 1};
        double[] w = {-1, 0, 0.6, 0.8};
        // Signed: identity totals -1 + 0.8 = -0.2, the swap 0.6 + 0 = 0.6, so the swap wins; signs stay +1.
        Matching signed = Matching.of(a, w, 2, 2, false);
        assertArrayEquals(new int[] {1, 0}, signed.neuronOfAtom());
        assertArrayEquals(new double[] {1, 1}, signed.sign(), 0.0);
        // Sign-invariant: identity totals 1 + 0.8 = 1.8 against 0.6; neuron 0 is flipped to agree with e1.
        Matching unsigned = Matching.of(a, w, 2, 2, true);
        assertArrayEquals(new int[] {0, 1}, unsigned.neuronOfAtom());
        assertArrayEquals(new double[] {-1, 1}, unsigned.sign(), 0.0);
        assertArrayEquals(new double[] {1, 0, 0.6, 0.8}, unsigned.align(w, 2), 0.0);
    }

    @Test
    void nonSignInvariantIgnoresSigns() {
        int n = 30;
        int m = 12;
        SplittableRandom rng = new SplittableRandom(5);
        // Orthonormal atoms make C = A^T W exactly +-1 on the planted pairs and 0 elsewhere.
        double[] a = orthonormalColumns(n, m, rng);
        int[] perm = randomPermutation(m, rng);
        double[] w = new double[n * m];
        for (int i = 0; i < m; i++) {
            double s = i % 2 == 0 ? 1.0 : -1.0;
            for (int r = 0; r < n; r++) w[r + perm[i] * n] = s * a[r + i * n];
        }
        Matching got = Matching.of(a, w, n, m, false);
        for (double s : got.sign()) assertEquals(1.0, s, 0.0);
        // The optimum (total 6) keeps every unflipped pair and never pays -1 for a flipped one.
        int[] found = got.neuronOfAtom();
        for (int i = 0; i < m; i++) {
            if (i % 2 == 0) {
                assertEquals(perm[i], found[i], "unflipped atom " + i);
            } else {
                assertNotEquals(perm[i], found[i], "flipped atom " + i + " kept its negative copy");
            }
        }
        double[] aligned = got.align(w, n);
        for (int k = 0; k < aligned.length; k++) {
            assertEquals(w[k % n + found[k / n] * n], aligned[k], 0.0);
        }
        // Sign-invariant matching on the same W finds every pair.
        assertArrayEquals(perm, Matching.of(a, w, n, m, true).neuronOfAtom());
    }

    @Test
    void identityAndAlign() {
        Matching id = Matching.identity(3);
        assertArrayEquals(new int[] {0, 1, 2}, id.neuronOfAtom());
        assertArrayEquals(new double[] {1, 1, 1}, id.sign(), 0.0);
        double[] w = {1, 2, 3, 4, 5, 6};
        double[] copy = id.align(w, 2);
        assertArrayEquals(w, copy, 0.0);
        // align returns a new array, leaving W alone.
        copy[0] = 99;
        assertEquals(1.0, w[0], 0.0);

        Matching m = new Matching(new int[] {2, 0, 1}, new double[] {-1, 1, -1});
        // Column 0 = -W col 2 = (-5, -6); column 1 = W col 0 = (1, 2); column 2 = -W col 1 = (-3, -4).
        assertArrayEquals(new double[] {-5, -6, 1, 2, -3, -4}, m.align(w, 2), 0.0);
    }

    @Test
    void isImmutableAndRejectsBadParts() {
        int[] perm = {1, 0};
        double[] sign = {1, -1};
        Matching m = new Matching(perm, sign);
        perm[0] = 0;
        sign[0] = -1;
        m.neuronOfAtom()[1] = 1;
        assertArrayEquals(new int[] {1, 0}, m.neuronOfAtom());
        assertArrayEquals(new double[] {1, -1}, m.sign(), 0.0);
        assertEquals(new Matching(new int[] {1, 0}, new double[] {1, -1}), m);

        assertThrows(IllegalArgumentException.class, () -> new Matching(new int[] {0, 0}, new double[] {1, 1}));
        assertThrows(IllegalArgumentException.class, () -> new Matching(new int[] {0, 2}, new double[] {1, 1}));
        assertThrows(IllegalArgumentException.class, () -> new Matching(new int[] {0, 1}, new double[] {1, 0.5}));
        assertThrows(IllegalArgumentException.class, () -> new Matching(new int[] {0, 1}, new double[] {1}));
        assertThrows(IllegalArgumentException.class, () -> Matching.identity(0));
        assertThrows(IllegalArgumentException.class, () -> Matching.of(new double[4], new double[3], 2, 2, true));
        assertThrows(IllegalArgumentException.class,
                () -> Matching.of(new double[] {1, 0, 0, 1}, new double[] {Double.NaN, 0, 0, 1}, 2, 2, true));
        assertThrows(IllegalArgumentException.class, () -> m.align(new double[6], 2));
    }

    private static double[] unitColumns(int n, int m, SplittableRandom rng) {
        double[] a = new double[n * m];
        for (int j = 0; j < m; j++) {
            double ss = 0;
            for (int i = 0; i < n; i++) {
                double g = rng.nextGaussian();
                a[i + j * n] = g;
                ss += g * g;
            }
            double inv = 1 / Math.sqrt(ss);
            for (int i = 0; i < n; i++) a[i + j * n] *= inv;
        }
        return a;
    }

    // Gram-Schmidt, twice per column, on Gaussian columns.
    private static double[] orthonormalColumns(int n, int m, SplittableRandom rng) {
        double[] a = new double[n * m];
        for (int j = 0; j < m; j++) {
            for (int i = 0; i < n; i++) a[i + j * n] = rng.nextGaussian();
            for (int pass = 0; pass < 2; pass++) {
                for (int k = 0; k < j; k++) {
                    double dot = 0;
                    for (int i = 0; i < n; i++) dot += a[i + k * n] * a[i + j * n];
                    for (int i = 0; i < n; i++) a[i + j * n] -= dot * a[i + k * n];
                }
            }
            double ss = 0;
            for (int i = 0; i < n; i++) ss += a[i + j * n] * a[i + j * n];
            double inv = 1 / Math.sqrt(ss);
            for (int i = 0; i < n; i++) a[i + j * n] *= inv;
        }
        return a;
    }

    private static int[] randomPermutation(int m, SplittableRandom rng) {
        int[] p = new int[m];
        for (int i = 0; i < m; i++) p[i] = i;
        for (int i = m - 1; i > 0; i--) {
            int k = rng.nextInt(i + 1);
            int t = p[i];
            p[i] = p[k];
            p[k] = t;
        }
        return p;
    }
}
