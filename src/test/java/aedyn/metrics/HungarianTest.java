package aedyn.metrics;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

class HungarianTest {

    @Test
    void matchesBruteForceOnRandomRealMatrices() {
        for (int m = 1; m <= 7; m++) {
            for (long seed = 0; seed < 40; seed++) {
                SplittableRandom rng = new SplittableRandom(1000 * m + seed);
                double[] w = new double[m * m];
                for (int k = 0; k < w.length; k++) w[k] = 10 * rng.nextGaussian();
                int[] got = Hungarian.maximize(w, m);
                assertPermutation(got, m);
                assertEquals(bruteForceBest(w, m), total(w, m, got), 1e-9, "m=" + m + " seed=" + seed);
            }
        }
    }

    @Test
    void matchesBruteForceOnIntegerMatricesWithTiesAndNegatives() {
        for (int m = 1; m <= 7; m++) {
            for (long seed = 0; seed < 60; seed++) {
                SplittableRandom rng = new SplittableRandom(7919 * m + seed);
                // Values in -3..3 give many ties; all-negative rows test that no zero baseline is assumed.
                double[] w = new double[m * m];
                for (int k = 0; k < w.length; k++) w[k] = rng.nextInt(7) - 3 - (seed % 3 == 0 ? 10 : 0);
                int[] got = Hungarian.maximize(w, m);
                assertPermutation(got, m);
                assertEquals(bruteForceBest(w, m), total(w, m, got), 0.0, "m=" + m + " seed=" + seed);
            }
        }
    }

    @Test
    void constantMatrixAndSingleEntry() {
        assertArrayEquals(new int[] {0}, Hungarian.maximize(new double[] {-5.0}, 1));
        double[] flat = new double[25];
        java.util.Arrays.fill(flat, 2.5);
        assertPermutation(Hungarian.maximize(flat, 5), 5);
    }

    @Test
    void handWorkedThreeByThree() {
        // Rows x columns [[1,2,3],[2,4,6],[3,6,9]] = u u^T: by the rearrangement inequality only the identity
        // reaches the maximum 1+4+9 = 14.
        double[] rowMajor = {1, 2, 3, 2, 4, 6, 3, 6, 9};
        double[] w = transpose(rowMajor, 3);
        assertArrayEquals(new int[] {0, 1, 2}, Hungarian.maximize(w, 3));
        // Rows x columns [[0,1,9],[8,0,1],[1,7,0]]: 9+8+7 = 24 beats every other permutation (at most 10).
        double[] rowMajor2 = {0, 1, 9, 8, 0, 1, 1, 7, 0};
        assertArrayEquals(new int[] {2, 0, 1}, Hungarian.maximize(transpose(rowMajor2, 3), 3));
    }

    @Test
    void recoversPlantedPermutationAtLargeSize() {
        int m = 300;
        SplittableRandom rng = new SplittableRandom(42);
        int[] planted = randomPermutation(m, rng);
        double[] w = new double[m * m];
        for (int k = 0; k < w.length; k++) w[k] = rng.nextDouble();
        // Margin 2 > the most any other assignment could gain from the noise in [0, 1).
        for (int i = 0; i < m; i++) w[i + planted[i] * m] += 2.0;
        assertArrayEquals(planted, Hungarian.maximize(w, m));
    }

    @Test
    void largeIntegerCaseIsOptimalByNoImprovingCycleAndBeatsGreedy() {
        int m = 300;
        SplittableRandom rng = new SplittableRandom(3);
        double[] w = new double[m * m];
        for (int k = 0; k < w.length; k++) w[k] = rng.nextInt(2001) - 1000;
        int[] got = Hungarian.maximize(w, m);
        assertPermutation(got, m);
        assertFalse(hasImprovingCycle(w, m, got), "some cyclic reassignment improves the total");
        assertTrue(total(w, m, got) >= total(w, m, greedy(w, m)));
        // The certificate must itself be able to fail: greedy is not optimal here.
        assertTrue(hasImprovingCycle(w, m, greedy(w, m)));
    }

    @Test
    @Timeout(value = 60, unit = TimeUnit.SECONDS)
    void twoThousandFinishes() {
        int m = 2000;
        SplittableRandom rng = new SplittableRandom(11);
        double[] w = new double[m * m];
        for (int k = 0; k < w.length; k++) w[k] = rng.nextGaussian();
        int[] got = Hungarian.maximize(w, m);
        assertPermutation(got, m);
        assertTrue(total(w, m, got) >= total(w, m, greedy(w, m)));
    }

    @Test
    void rejectsBadInput() {
        IllegalArgumentException nan = assertThrows(IllegalArgumentException.class,
                () -> Hungarian.maximize(new double[] {1, 2, Double.NaN, 4}, 2));
        assertTrue(nan.getMessage().contains("finite"), nan.getMessage());
        assertThrows(IllegalArgumentException.class,
                () -> Hungarian.maximize(new double[] {1, Double.POSITIVE_INFINITY, 3, 4}, 2));
        assertThrows(IllegalArgumentException.class, () -> Hungarian.maximize(new double[3], 2));
        assertThrows(IllegalArgumentException.class, () -> Hungarian.maximize(new double[0], 0));
    }

    // ---- independent references ----

    static double total(double[] w, int m, int[] assignment) {
        double s = 0;
        for (int i = 0; i < m; i++) s += w[i + assignment[i] * m];
        return s;
    }

    static void assertPermutation(int[] a, int m) {
        assertEquals(m, a.length);
        boolean[] seen = new boolean[m];
        for (int x : a) {
            assertTrue(x >= 0 && x < m, "out of range: " + x);
            assertFalse(seen[x], "repeated column " + x);
            seen[x] = true;
        }
    }

    private static double bruteForceBest(double[] w, int m) {
        int[] perm = new int[m];
        for (int i = 0; i < m; i++) perm[i] = i;
        double[] best = {Double.NEGATIVE_INFINITY};
        permute(perm, 0, w, m, best);
        return best[0];
    }

    private static void permute(int[] p, int k, double[] w, int m, double[] best) {
        if (k == m) {
            best[0] = Math.max(best[0], total(w, m, p));
            return;
        }
        for (int i = k; i < m; i++) {
            swap(p, k, i);
            permute(p, k + 1, w, m, best);
            swap(p, k, i);
        }
    }

    private static void swap(int[] p, int a, int b) {
        int t = p[a];
        p[a] = p[b];
        p[b] = t;
    }

    private static int[] greedy(double[] w, int m) {
        int[] a = new int[m];
        boolean[] taken = new boolean[m];
        for (int i = 0; i < m; i++) {
            int best = -1;
            for (int j = 0; j < m; j++) {
                if (!taken[j] && (best < 0 || w[i + j * m] > w[i + best * m])) best = j;
            }
            a[i] = best;
            taken[best] = true;
        }
        return a;
    }

    /**
     * An assignment is optimal iff no cyclic reassignment (row i takes the column of row k, ...) gains.
     * Edge i -> k costs -(w[i, a(k)] - w[i, a(i)]); Bellman-Ford from a virtual source finds a negative
     * cycle. Integer weights keep the arithmetic exact.
     */
    private static boolean hasImprovingCycle(double[] w, int m, int[] a) {
        long[] dist = new long[m];
        for (int round = 0; round < m; round++) {
            boolean changed = false;
            for (int i = 0; i < m; i++) {
                long own = (long) w[i + a[i] * m];
                for (int k = 0; k < m; k++) {
                    if (k == i) continue;
                    long c = own - (long) w[i + a[k] * m];
                    if (dist[i] + c < dist[k]) {
                        dist[k] = dist[i] + c;
                        changed = true;
                    }
                }
            }
            if (!changed) return false;
        }
        return true;
    }

    private static int[] randomPermutation(int m, SplittableRandom rng) {
        int[] p = new int[m];
        for (int i = 0; i < m; i++) p[i] = i;
        for (int i = m - 1; i > 0; i--) swap(p, i, rng.nextInt(i + 1));
        return p;
    }

    private static double[] transpose(double[] rowMajor, int m) {
        double[] colMajor = new double[m * m];
        for (int i = 0; i < m; i++) {
            for (int j = 0; j < m; j++) colMajor[i + j * m] = rowMajor[i * m + j];
        }
        return colMajor;
    }
}
