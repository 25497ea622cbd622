package aedyn.init;

import aedyn.data.SampleBlock;
import aedyn.study.SparkTestContext;
import org.apache.spark.api.java.JavaRDD;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.SplittableRandom;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The spectral initialization's pieces: the pair statistic against the n x n matrix M_{u,v} formed explicitly, the
 * distributed pass against the same, the isolation test on matrices with known spectra, and the merging of
 * duplicate estimates up to sign.
 */
class SpectralInitTest {

    /** M_{u,v} = (1/N) Σ ⟨y,u⟩⟨y,v⟩ y yᵀ formed as an n x n matrix (row-major), straight from SPEC section 3. */
    private static double[][] explicitM(double[] y, int n, int count, double[] u, double[] v) {
        double[][] mat = new double[n][n];
        for (int j = 0; j < count; j++) {
            double yu = 0;
            double yv = 0;
            for (int i = 0; i < n; i++) {
                yu += y[j * n + i] * u[i];
                yv += y[j * n + i] * v[i];
            }
            for (int a = 0; a < n; a++) {
                for (int b = 0; b < n; b++) mat[a][b] += yu * yv * y[j * n + a] * y[j * n + b] / count;
            }
        }
        return mat;
    }

    private static double[] times(double[][] mat, double[] x) {
        double[] out = new double[x.length];
        for (int a = 0; a < x.length; a++) {
            for (int b = 0; b < x.length; b++) out[a] += mat[a][b] * x[b];
        }
        return out;
    }

    private static double[] gaussian(int len, SplittableRandom r) {
        double[] a = new double[len];
        for (int i = 0; i < len; i++) a[i] = r.nextGaussian();
        return a;
    }

    /** Q = [U V X] of P pairs with r vectors each, and for every (pair, vector) M_{u,v} x computed explicitly. */
    private record Case(int n, int pairs, int r, double[] q, double[] y, int count, double[] expected) {
        static Case draw(int n, int pairs, int r, int count, long seed) {
            SplittableRandom rng = new SplittableRandom(seed);
            double[] y = gaussian(n * count, rng);
            double[] q = gaussian(n * (2 + r) * pairs, rng);
            double[] expected = new double[n * r * pairs];
            for (int p = 0; p < pairs; p++) {
                double[] u = java.util.Arrays.copyOfRange(q, p * n, (p + 1) * n);
                double[] v = java.util.Arrays.copyOfRange(q, (pairs + p) * n, (pairs + p + 1) * n);
                double[][] mat = explicitM(y, n, count, u, v);
                for (int c = 0; c < r; c++) {
                    int off = (2 * pairs + p * r + c) * n;
                    double[] mx = times(mat, java.util.Arrays.copyOfRange(q, off, off + n));
                    System.arraycopy(mx, 0, expected, (p * r + c) * n, n);
                }
            }
            return new Case(n, pairs, r, q, y, count, expected);
        }
    }

    @Test
    void kernelSumsThePairStatisticTimesEachVector() {
        // 700 samples: two full panels and a partial one.
        Case c = Case.draw(9, 3, 2, 700, 3);
        double[] out = new double[c.n() * c.r() * c.pairs()];
        new SpectralKernel(c.n(), c.pairs(), c.r()).accumulate(c.q(), c.y(), c.count(), out);
        for (int i = 0; i < out.length; i++) out[i] /= c.count();
        assertArrayEquals(c.expected(), out, 1e-10 * max(c.expected()));
    }

    @Test
    void distributedPassEqualsTheExplicitMatrixProduct() {
        Case c = Case.draw(6, 4, 2, 1000, 5);
        List<SampleBlock> blocks = new ArrayList<>();
        for (int start = 0; start < c.count(); start += 300) {
            int k = Math.min(300, c.count() - start);
            blocks.add(SampleBlock.uncoded(c.n(), k, java.util.Arrays.copyOfRange(c.y(), start * c.n(), (start + k) * c.n())));
        }
        double[] z = SpectralInit.pass(aedyn.data.BlockList.over(SparkTestContext.get(), blocks, 3), c.q(), c.n(), c.pairs(), c.r(), "test");
        assertArrayEquals(c.expected(), z, 1e-10 * max(c.expected()));
    }

    private static double max(double[] a) {
        double m = 0;
        for (double x : a) m = Math.max(m, Math.abs(x));
        return m;
    }

    /** X = the first two unit vectors, Z = M X for M = diag(d) rotated: Ritz values are d[0], d[1]. */
    private static SpectralInit.Estimate ritzOfDiagonal(double d0, double d1, double maxRatio) {
        int n = 4;
        double[] q = new double[2 * n];
        q[0] = 1;
        q[n + 1] = 1;
        double[] z = new double[2 * n];
        z[0] = d0;
        z[n + 1] = d1;
        return SpectralInit.ritz(q, 0, z, 0, n, maxRatio);
    }

    @Test
    void ritzKeepsOnlyAnIsolatedPositiveTopEigenvalue() {
        SpectralInit.Estimate e = ritzOfDiagonal(1.0, 0.2, 0.5);
        assertNotNull(e);
        assertEquals(0.2, e.eigenRatio(), 1e-12);
        assertEquals(1.0, Math.abs(e.x()[0]), 1e-12);
        assertEquals(0.0, e.residualBound(), 1e-12);
        // the second Ritz value larger: the estimate is its eigenvector
        SpectralInit.Estimate swapped = ritzOfDiagonal(0.2, 1.0, 0.5);
        assertNotNull(swapped);
        assertEquals(1.0, Math.abs(swapped.x()[1]), 1e-12);
        assertNull(ritzOfDiagonal(1.0, 0.8, 0.5), "not isolated");
        assertNull(ritzOfDiagonal(1.0, -0.9, 0.5), "a negative eigenvalue of nearly the same size");
        assertNull(ritzOfDiagonal(-1.0, -0.1, 0.5), "no positive top eigenvalue");
    }

    @Test
    void ritzOnARotatedBasisFindsTheTopEigenvectorAndItsResidual() {
        // M = diag(3, 1, 0.5) in R^3; X spans e1, e2, rotated by 30 degrees.
        int n = 3;
        double c = Math.cos(Math.PI / 6);
        double s = Math.sin(Math.PI / 6);
        double[] x = {c, s, 0, -s, c, 0};
        double[] z = {3 * c, s, 0, -3 * s, c, 0};
        SpectralInit.Estimate e = SpectralInit.ritz(x, 0, z, 0, n, 0.5);
        assertNotNull(e);
        assertEquals(1.0, Math.abs(e.x()[0]), 1e-12);
        assertEquals(1.0 / 3, e.eigenRatio(), 1e-12);
    }

    @Test
    void duplicatesAreMergedUpToSignAndDistinctAtomsKeptApart() {
        int n = 50;
        SplittableRandom rng = new SplittableRandom(9);
        double[][] atoms = new double[3][];
        for (int a = 0; a < 3; a++) atoms[a] = unit(gaussian(n, rng));
        List<SpectralInit.Estimate> estimates = new ArrayList<>();
        int[] copies = {4, 1, 3};
        for (int a = 0; a < 3; a++) {
            for (int j = 0; j < copies[a]; j++) {
                double sign = rng.nextBoolean() ? 1 : -1;
                double[] noise = gaussian(n, rng);
                double[] x = new double[n];
                for (int i = 0; i < n; i++) x[i] = sign * (atoms[a][i] + 0.01 * noise[i]);
                estimates.add(new SpectralInit.Estimate(unit(x), 0.1 + 0.01 * j, 0.01));
            }
        }
        List<SpectralInit.Cluster> clusters = new ArrayList<>();
        SpectralInit.merge(clusters, estimates.subList(0, 5), 0.8);
        SpectralInit.merge(clusters, estimates.subList(5, 8), 0.8); // a second round joins the existing clusters
        assertEquals(3, clusters.size());
        for (int a = 0; a < 3; a++) {
            SpectralInit.Cluster found = null;
            for (SpectralInit.Cluster cl : clusters) {
                if (Math.abs(SpectralInit.dot(cl.atom, 0, atoms[a], 0, n)) > 0.99) found = cl;
            }
            assertNotNull(found, "atom " + a);
            assertEquals(copies[a], found.members.size(), "copies of atom " + a);
            // The merged atom is the normalized mean of the sign-aligned copies.
            double[] mean = new double[n];
            for (double[] member : found.members) for (int i = 0; i < n; i++) mean[i] += member[i];
            assertArrayEquals(unit(mean), found.atom, 1e-12);
            assertTrue(SpectralInit.dot(found.atom, 0, atoms[a], 0, n) * SpectralInit.dot(found.members.get(0), 0, atoms[a], 0, n) > 0);
        }
        // Two atoms with |cos| = 0.6 stay apart at the 0.8 threshold.
        double[] a = new double[n];
        double[] b = new double[n];
        a[0] = 1;
        b[0] = 0.6;
        b[1] = 0.8;
        List<SpectralInit.Cluster> two = new ArrayList<>();
        SpectralInit.merge(two, List.of(new SpectralInit.Estimate(a, 0.1, 0), new SpectralInit.Estimate(b, 0.2, 0)), 0.8);
        assertEquals(2, two.size());
    }

    @Test
    void pairsAreSkippedWhenAFoundAtomIsInBothSamples() {
        // pool samples 0..3; atom 7 present in 0 and 1, atom 8 in 2 only
        int[][] present = {{7}, {7, 9}, {8}, {}};
        long[] candidates = {pair(0, 1), pair(0, 2), pair(1, 3), pair(2, 3)};
        long[] batch = SpectralInit.selectPairs(candidates, new HashSet<>(), present, 4, 10);
        // (0,1) share atom 7: skipped; (0,2) taken; (1,3) taken; (2,3) would reuse samples of this round.
        assertArrayEquals(new long[]{pair(0, 2), pair(1, 3)}, batch);
        var tried = new HashSet<Long>(List.of(pair(0, 2)));
        assertArrayEquals(new long[]{pair(1, 3)}, SpectralInit.selectPairs(candidates, tried, present, 4, 1));
    }

    private static long pair(int i, int j) {
        return ((long) i << 32) | j;
    }

    @Test
    void candidatePairsAreThoseWithASharedEntrySizedInnerProductNearestOneFirst() {
        int n = 3;
        // ⟨0,1⟩ = 1, ⟨1,3⟩ = 1.4, ⟨0,3⟩ = 0.7 are kept, nearest 1 first; ⟨0,2⟩ = ⟨1,2⟩ = 0.2 and ⟨2,3⟩ = 2.14 are not
        double[] pool = {1, 0, 0, 1, 1, 0, 0.2, 0, 2, 0.7, 0.7, 1};
        long[] c = SpectralInit.candidatePairs(pool, n, 4);
        var expected = new HashSet<Long>();
        for (int i = 0; i < 4; i++) {
            for (int j = i + 1; j < 4; j++) {
                double d = Math.abs(SpectralInit.dot(pool, i * n, pool, j * n, n));
                if (d >= 0.5 && d <= 1.5) expected.add(pair(i, j));
            }
        }
        assertEquals(3, expected.size());
        assertArrayEquals(new long[]{pair(0, 1), pair(0, 3), pair(1, 3)}, c);
    }

    private static double[] unit(double[] x) {
        double s = 0;
        for (double v : x) s += v * v;
        s = Math.sqrt(s);
        double[] out = new double[x.length];
        for (int i = 0; i < x.length; i++) out[i] = x[i] / s;
        return out;
    }
}
