package aedyn.data;

import aedyn.study.SparkTestContext;
import org.apache.commons.math3.linear.Array2DRowRealMatrix;
import org.apache.commons.math3.linear.EigenDecomposition;
import org.apache.hadoop.conf.Configuration;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.mllib.linalg.Vector;
import org.apache.spark.mllib.linalg.Vectors;
import org.apache.spark.mllib.linalg.distributed.RowMatrix;
import org.apache.spark.storage.StorageLevel;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

/** The mean and eigen-block passes over real data, against independent eigensolvers and NumPy. */
class DataSpectrumTest {
    private static final String FASHION = "/usr/share/datasets/fashion-mnist/train-images-idx3-ubyte.gz";
    private static JavaSparkContext sc;

    @BeforeAll
    static void startSpark() {
        sc = SparkTestContext.get();
    }

    private static DistributedSamples rdd(SampleSource source, int partitions) {
        return new DistributedSamples(sc, source, partitions, true);
    }

    /**
     * Blocks [2, 3] of S = (1/N) Σ y yᵀ against commons-math's EigenDecomposition of S formed in plain loops: the
     * projectors B_j B_jᵀ (basis-free) and the eigenvalue sums, and tr S.
     */
    @Test
    void eigenBlocksMatchAnIndependentEigensolver() {
        int n = 12;
        GaussianSpectrum model = GaussianSpectrum.of(n, List.of(new GaussianSpectrum.Block(2, 9),
                new GaussianSpectrum.Block(3, 4)), 1, true, 5, 6);
        SampleSource source = new GaussianSamples(model, 3000, 512, false);
        EigenBlocks blocks = DataSpectrum.eigenBlocks(rdd(source, 3), n, List.of(2, 3), 2);
        double[][] s = new double[n][n];
        for (int b = 0; b < source.blockCount(); b++) {
            SampleBlock block = source.block(b, 0);
            for (int t = 0; t < block.count(); t++) {
                for (int i = 0; i < n; i++) {
                    for (int j = 0; j < n; j++) s[i][j] += block.y()[t * n + i] * block.y()[t * n + j] / source.size();
                }
            }
        }
        EigenDecomposition eig = new EigenDecomposition(new Array2DRowRealMatrix(s));
        double[] values = eig.getRealEigenvalues(); // descending
        double trace = Arrays.stream(values).sum();
        assertEquals(trace, blocks.trace(), 1e-10);
        assertEquals(values[0] + values[1], blocks.eigenvalueSums()[0], 1e-10);
        assertEquals(values[2] + values[3] + values[4], blocks.eigenvalueSums()[1], 1e-10);
        int[][] ranges = {{0, 2}, {2, 5}};
        for (int j = 0; j < 2; j++) {
            double[] basis = blocks.bases().get(j);
            int d = blocks.dim(j);
            for (int a = 0; a < n; a++) {
                for (int c = 0; c < n; c++) {
                    double ours = 0;
                    for (int t = 0; t < d; t++) ours += basis[t * n + a] * basis[t * n + c];
                    double theirs = 0;
                    for (int t = ranges[j][0]; t < ranges[j][1]; t++) {
                        theirs += eig.getEigenvector(t).getEntry(a) * eig.getEigenvector(t).getEntry(c);
                    }
                    assertEquals(theirs, ours, 1e-9, "projector " + j + " (" + a + ", " + c + ")");
                }
            }
        }
        double[] levels = blocks.pcaLevels();
        assertEquals(0.5 * (trace - values[0] - values[1] - values[2] - values[3] - values[4]), levels[2], 1e-10);
    }

    /**
     * The first 5000 Fashion-MNIST images scaled by 1/255 and centered by their mean: the mean image's sum, tr S and
     * the eigenvalue sums of ranks 1, 2-5, 6-20, as NumPy's eigvalsh computes them (1e-9 relative).
     */
    @Test
    void fashionMnistCenteredSpectrumAgreesWithNumpy() throws Exception {
        Assumptions.assumeTrue(Files.isReadable(Path.of(FASHION)), "dataset-fashion-mnist is not installed");
        IdxImages.Header h = IdxImages.readHeader(FASHION, new Configuration(false));
        IdxImages raw = new IdxImages(FASHION, true, h.rows(), h.cols(), 5000, 1 / 255.0, null,
                SampleSource.cachedBlockSize(784), Map.of());
        double[] mean = DataSpectrum.mean(new aedyn.data.SampleSpace.Spark(sc), raw, 2);
        assertEquals(224.33881098039296, Arrays.stream(mean).sum(), 1e-9);
        EigenBlocks blocks = DataSpectrum.eigenBlocks(rdd(raw.centered(mean), 2), 784, List.of(1, 4, 15), 2);
        assertEquals(68.67362787312942, blocks.trace(), 1e-9 * 68.7);
        assertArrayEquals(new double[]{19.728994739622493, 22.77760997103096, 11.602346013725272},
                blocks.eigenvalueSums(), 1e-9 * 23);
    }

    /**
     * Not a check but a measurement, run with -Daedyn.measure=true: the eigen-blocks of all 60,000 Fashion-MNIST
     * images by the moments pass against MLlib's RowMatrix.computePrincipalComponentsAndExplainedVariance, on the same
     * cached blocks. The eigenvalue sums must agree (RowMatrix divides by N − 1, the moments pass by N).
     */
    @Test
    void timeMomentsPassAgainstRowMatrix() throws Exception {
        Assumptions.assumeTrue(Boolean.getBoolean("aedyn.measure") && Files.isReadable(Path.of(FASHION)),
                "a measurement: -Daedyn.measure=true with dataset-fashion-mnist installed");
        IdxImages.Header h = IdxImages.readHeader(FASHION, new Configuration(false));
        IdxImages raw = new IdxImages(FASHION, true, h.rows(), h.cols(), h.count(), 1 / 255.0, null,
                SampleSource.cachedBlockSize(784), Map.of());
        long t0 = System.nanoTime();
        double[] mean = DataSpectrum.mean(new aedyn.data.SampleSpace.Spark(sc), raw, 2);
        long t1 = System.nanoTime();
        DistributedSamples samples = rdd(raw.centered(mean), 2);
        JavaRDD<SampleBlock> blocks = samples.forIteration(0);
        blocks.count();
        long t2 = System.nanoTime();
        EigenBlocks ours = DataSpectrum.eigenBlocks(samples, 784, List.of(1, 4, 15), 2);
        long t3 = System.nanoTime();
        JavaRDD<Vector> rows = blocks.flatMap(block -> {
            List<Vector> out = new ArrayList<>(block.count());
            for (int j = 0; j < block.count(); j++) {
                out.add(Vectors.dense(Arrays.copyOfRange(block.y(), j * block.n(), (j + 1) * block.n())));
            }
            return out.iterator();
        }).persist(StorageLevel.MEMORY_ONLY());
        rows.count();
        long t4 = System.nanoTime();
        RowMatrix matrix = new RowMatrix(rows.rdd());
        scala.Tuple2<org.apache.spark.mllib.linalg.Matrix, Vector> pc = matrix.computePrincipalComponentsAndExplainedVariance(20);
        long t5 = System.nanoTime();
        double total = Arrays.stream(matrix.computeColumnSummaryStatistics().variance().toArray()).sum();
        double[] explained = pc._2().toArray();
        double first = explained[0] * total * (h.count() - 1.0) / h.count();
        System.out.printf("Fashion-MNIST 60000 x 784: mean pass %.2f s, caching blocks %.2f s, moments pass + dsyevr %.2f s,"
                        + " caching rows %.2f s, RowMatrix PCA %.2f s; top eigenvalue %.12f vs %.12f%n",
                (t1 - t0) / 1e9, (t2 - t1) / 1e9, (t3 - t2) / 1e9, (t4 - t3) / 1e9, (t5 - t4) / 1e9,
                ours.eigenvalueSums()[0], first);
        assertEquals(first, ours.eigenvalueSums()[0], 1e-8 * first);
        blocks.unpersist(false);
        rows.unpersist(false);
    }
}
