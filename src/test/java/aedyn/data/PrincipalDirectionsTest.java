package aedyn.data;

import aedyn.init.Init;
import aedyn.init.Initializers;
import aedyn.study.SparkTestContext;
import dev.ludovic.netlib.lapack.JavaLAPACK;
import dev.ludovic.netlib.lapack.LAPACK;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.mllib.linalg.Vector;
import org.apache.spark.mllib.linalg.Vectors;
import org.apache.spark.mllib.linalg.distributed.RowMatrix;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.ObjectOutputStream;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The pca initialization against MLlib's PCA, against a covariance with known eigenvectors, and its sign convention. */
class PrincipalDirectionsTest {
    private static JavaSparkContext sc;

    @BeforeAll
    static void startSpark() {
        sc = SparkTestContext.get();
    }

    /**
     * y = μ + B z with z ~ N(0, I) and B = G diag(0.8^j): a full covariance whose top eigenvalues are distinct. Eight
     * blocks of 250 samples.
     */
    private static List<SampleBlock> correlatedSamples(int n) {
        SplittableRandom r = new SplittableRandom(11);
        double[] mean = new double[n];
        for (int i = 0; i < n; i++) mean[i] = 2 * r.nextGaussian();
        double[] b = new double[n * n];
        for (int j = 0; j < n; j++) {
            for (int i = 0; i < n; i++) b[j * n + i] = Math.pow(0.8, j) * r.nextGaussian();
        }
        List<SampleBlock> blocks = new ArrayList<>();
        for (int blk = 0; blk < 8; blk++) {
            int count = 250;
            double[] y = new double[n * count];
            double[] z = new double[n];
            for (int s = 0; s < count; s++) {
                for (int j = 0; j < n; j++) z[j] = r.nextGaussian();
                for (int i = 0; i < n; i++) {
                    double v = mean[i];
                    for (int j = 0; j < n; j++) v += b[j * n + i] * z[j];
                    y[s * n + i] = v;
                }
            }
            blocks.add(SampleBlock.uncoded(n, count, y));
        }
        return blocks;
    }

    private static double[] mllibPrincipalComponents(JavaRDD<SampleBlock> blocks, int m) {
        JavaRDD<Vector> rows = blocks.flatMap(block -> {
            List<Vector> out = new ArrayList<>(block.count());
            for (int j = 0; j < block.count(); j++) {
                double[] v = new double[block.n()];
                System.arraycopy(block.y(), j * block.n(), v, 0, block.n());
                out.add(Vectors.dense(v));
            }
            return out.iterator();
        });
        return new RowMatrix(rows.rdd()).computePrincipalComponents(m).toArray();
    }

    private static void assertSignConvention(double[] w, int n, int m) {
        for (int k = 0; k < m; k++) {
            int largest = k * n;
            for (int i = k * n + 1; i < (k + 1) * n; i++) {
                if (Math.abs(w[i]) > Math.abs(w[largest])) largest = i;
            }
            assertTrue(w[largest] > 0, "column " + k + ": its entry of largest magnitude is " + w[largest]);
        }
    }

    @Test
    void equalsMllibPrincipalComponentsUpToSign() {
        int n = 30;
        int m = 4;
        DistributedSamples samples = BlockList.over(sc, correlatedSamples(n), 2);
        double[] ours = PrincipalDirections.of(samples, n, m, 2);
        double[] mllib = mllibPrincipalComponents(samples.forIteration(0), m);
        assertEquals(n * m, ours.length);
        for (int k = 0; k < m; k++) {
            double dot = 0;
            for (int i = 0; i < n; i++) dot += ours[k * n + i] * mllib[k * n + i];
            double sign = Math.signum(dot);
            for (int i = 0; i < n; i++) {
                assertEquals(sign * mllib[k * n + i], ours[k * n + i], 1e-8, "column " + k + ", entry " + i);
            }
        }
        assertSignConvention(ours, n, m);
    }

    /**
     * Coordinate π(k) is μ_π(k) + σ_k h_(k+1)(j), h_r(j) = (−1)^popcount(r & j) the rows of a 64 x 64 Sylvester
     * Hadamard matrix: over the 64 samples every h_r (r ≥ 1) sums to zero and any two are orthogonal, so the sample
     * covariance is exactly diag(σ_k² · 64/63) on the permuted axes and the principal directions are e_π(k) by
     * decreasing σ_k.
     */
    private static final int[] PERMUTATION = {7, 2, 11, 0, 5, 9, 1, 10, 3, 8, 6, 4};

    private static List<SampleBlock> axisSamples(int n) {
        List<SampleBlock> blocks = new ArrayList<>();
        for (int blk = 0; blk < 4; blk++) {
            double[] y = new double[n * 16];
            for (int s = 0; s < 16; s++) {
                int j = blk * 16 + s;
                for (int k = 0; k < n; k++) {
                    double sigma = 1 + 0.5 * k;
                    double h = Integer.bitCount((k + 1) & j) % 2 == 0 ? 1 : -1;
                    int axis = PERMUTATION[k];
                    y[s * n + axis] = (3 - 0.7 * axis) + sigma * h;
                }
            }
            blocks.add(SampleBlock.uncoded(n, 16, y));
        }
        return blocks;
    }

    private static void assertAxes(double[] w, int n, int m) {
        for (int c = 0; c < m; c++) {
            double[] expected = new double[n];
            expected[PERMUTATION[n - 1 - c]] = 1; // the largest σ_k is k = n − 1
            double[] column = new double[n];
            System.arraycopy(w, c * n, column, 0, n);
            assertArrayEquals(expected, column, 1e-12, "column " + c);
        }
    }

    @Test
    void recoversKnownAxesOfADiagonalCovariance() {
        int n = PERMUTATION.length;
        DistributedSamples blocks = BlockList.over(sc, axisSamples(n), 2);
        // Through the public entry point (its column normalization leaves unit eigenvectors as they are).
        assertAxes(Initializers.initialW(new Init.Pca(), blocks, null, n, 5, 1), n, 5);
        // All n directions (dsyevr takes another path when the index range is the whole spectrum).
        assertAxes(PrincipalDirections.of(blocks, n, n, 2), n, n);
    }

    @Test
    void covarianceIsTheCenteredSampleCovariance() {
        int n = PERMUTATION.length;
        SampleMoments moments = new SampleMoments(n);
        for (SampleBlock b : axisSamples(n)) moments.add(b);
        double[] c = moments.covarianceUpper();
        for (int j = 0; j < n; j++) {
            for (int i = 0; i < n; i++) {
                double expected = 0;
                if (i == j) {
                    int k = 0;
                    while (PERMUTATION[k] != i) k++;
                    expected = (1 + 0.5 * k) * (1 + 0.5 * k) * 64.0 / 63.0;
                }
                // The strict lower triangle is left at zero.
                assertEquals(expected, c[j * n + i], 1e-12, "entry (" + i + ", " + j + ")");
            }
        }
    }

    @Test
    void largestEntryOfEachColumnIsPositiveTheFirstOnTies() {
        double[] w = {
                0.5, -0.5, 0.1,   // tie: the first one is already positive, kept
                -0.5, 0.5, 0.1,   // tie: the first one is negative, flipped
                0.1, -0.9, 0.3,   // flipped
                0.2, 0.9, -0.3};  // kept
        PrincipalDirections.fixSigns(w, 3, 4);
        assertArrayEquals(new double[]{0.5, -0.5, 0.1, 0.5, -0.5, -0.1, -0.1, 0.9, -0.3, 0.2, 0.9, -0.3}, w, 0);
    }

    @Test
    void nativeAndJavaLapackGiveTheSameDirectionsAndSigns() {
        int n = 30;
        int m = 4;
        SampleMoments moments = new SampleMoments(n);
        for (SampleBlock b : correlatedSamples(n)) moments.add(b);
        double[] c = moments.covarianceUpper();
        double[] fromDefault = PrincipalDirections.top(LAPACK.getInstance(), c, n, m);
        double[] fromJava = PrincipalDirections.top(JavaLAPACK.getInstance(), c, n, m);
        assertArrayEquals(fromJava, fromDefault, 1e-10, "default LAPACK " + LAPACK.getInstance().getClass().getSimpleName());
        assertSignConvention(fromDefault, n, m);
    }

    @Test
    void doesNotDependOnThePartitioning() {
        int n = 30;
        int m = 4;
        List<SampleBlock> samples = correlatedSamples(n);
        double[] one = PrincipalDirections.of(BlockList.over(sc, samples, 1), n, m, 2);
        double[] three = PrincipalDirections.of(BlockList.over(sc, samples, 3), n, m, 2);
        assertArrayEquals(one, three, 1e-12);
    }

    @Test
    void zeroValueShipsNoArrays() throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (ObjectOutputStream out = new ObjectOutputStream(bytes)) {
            out.writeObject(new SampleMoments(784));
        }
        assertTrue(bytes.size() < 500, "the empty accumulator serializes to " + bytes.size() + " bytes");
    }

    @Test
    void badShapesAndTooFewSamplesAreNamed() {
        DistributedSamples blocks = BlockList.over(sc, axisSamples(PERMUTATION.length), 2);
        IllegalArgumentException tooMany = assertThrows(IllegalArgumentException.class,
                () -> PrincipalDirections.of(blocks, PERMUTATION.length, PERMUTATION.length + 1, 2));
        assertTrue(tooMany.getMessage().contains("m = 13"), tooMany.getMessage());
        SampleMoments one = new SampleMoments(2).add(SampleBlock.uncoded(2, 1, new double[]{1, 2}));
        IllegalArgumentException few = assertThrows(IllegalArgumentException.class, one::covarianceUpper);
        assertTrue(few.getMessage().contains("at least 2 samples"), few.getMessage());
    }
}
