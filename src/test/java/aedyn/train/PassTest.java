package aedyn.train;

import aedyn.data.DistributedSamples;
import aedyn.data.Matrices;
import aedyn.data.CodeModel;
import aedyn.data.GroundTruth;
import aedyn.data.SampleGenerator;
import aedyn.data.SampleSource;
import aedyn.metrics.Matching;
import aedyn.model.Activation;
import aedyn.model.BlockKernel;
import aedyn.model.PassSums;
import aedyn.model.TiedWeights;
import aedyn.model.TwoLayerWeights;
import aedyn.study.SparkTestContext;
import org.apache.spark.SparkContext;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.scheduler.SparkListener;
import org.apache.spark.scheduler.SparkListenerJobStart;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.SplittableRandom;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * One pass over partitioned blocks adds up to the kernel's sums over all blocks taken one after the other, whether
 * the partial sums reach the driver directly (one stage) or through a tree of merges on executors (more stages).
 */
class PassTest {
    private static SampleGenerator mixture(GroundTruth truth) {
        return new SampleGenerator(CodeModel.Mixture.uniform(truth.m()), truth.a(), truth.n(), 0.05, 5);
    }

    @ParameterizedTest(name = "{0} partitions, depth {1}")
    @CsvSource({"1, 2, 1", "2, 2, 1", "4, 2, 1", "12, 2, 2", "12, 3, 2", "27, 3, 3"})
    void aPassSumsEveryBlockOnceWithTheStagesOfItsTree(int partitions, int depth, int stages) throws Exception {
        JavaSparkContext sc = SparkTestContext.get();
        int n = 24;
        int m = 4;
        GroundTruth truth = GroundTruth.draw(n, m, 3);
        SampleSource source = new SampleSource.Generated(mixture(truth), 30 * 256 - 100, 256);
        double[] w = truth.a().clone();
        double[] e = aedyn.data.Matrices.gaussian(n, m, new SplittableRandom(1));
        for (int i = 0; i < w.length; i++) w[i] += 0.3 * e[i];
        Matching matching = Matching.of(truth.a(), w, n, m, false);
        TiedWeights weights = new TiedWeights(n, m, w, new double[]{-0.1, -0.1, -0.1, -0.1}, new Activation.Relu(),
                matching.neuronOfAtom(), matching.sign());

        PassSums serial = new PassSums(n, m);
        for (int i = 0; i < source.blockCount(); i++) weights.accumulate(source.block(i, 0), serial);

        List<Integer> stagesPerJob = Collections.synchronizedList(new ArrayList<>());
        SparkListener listener = new SparkListener() {
            @Override
            public void onJobStart(SparkListenerJobStart start) {
                stagesPerJob.add(start.stageInfos().size());
            }
        };
        SparkContext spark = sc.sc();
        PassSums distributed;
        try (DistributedSamples samples = new DistributedSamples(sc, source, partitions, true)) {
            samples.forIteration(0).count();
            spark.addSparkListener(listener);
            stagesPerJob.clear();
            distributed = Pass.sums(samples, weights, depth, Batch.FULL, 0);
            assertEquals(partitions, samples.forIteration(0).getNumPartitions());
        } finally {
            spark.listenerBus().waitUntilEmpty();
            spark.removeSparkListener(listener);
        }

        assertEquals(List.of(stages), stagesPerJob, "one job, with a stage per level of the tree");
        assertEquals(stages > 1, DistributedSamples.treeAddsLevel(partitions, depth), "the direct path is taken exactly when Spark's tree has one stage");
        assertEquals(serial.count(), distributed.count());
        assertEquals(source.size(), distributed.count());
        assertEquals(serial.meanLoss(), distributed.meanLoss(), 1e-12 * serial.meanLoss());
        assertEquals(serial.supportRecovery(), distributed.supportRecovery());
        double[] a = serial.meanGradient();
        double[] b = distributed.meanGradient();
        double scale = 0;
        for (double v : a) scale = Math.max(scale, Math.abs(v));
        assertTrue(scale > 0);
        for (int i = 0; i < a.length; i++) assertEquals(a[i], b[i], 1e-12 * scale, "gradient entry " + i);
        double[] ga = serial.meanBiasGradient();
        double[] gb = distributed.meanBiasGradient();
        for (int i = 0; i < m; i++) assertEquals(ga[i], gb[i], 1e-12 * scale, "bias gradient entry " + i);
    }

    @ParameterizedTest(name = "fresh = {0}")
    @CsvSource({"false", "true"})
    void aPassShipsTheDictionaryOncePerRunNotInEveryTask(boolean fresh) {
        JavaSparkContext sc = SparkTestContext.get();
        int n = 400;
        int m = 200;
        SampleGenerator g = mixture(GroundTruth.draw(n, m, 3));
        SampleSource source = fresh ? new SampleSource.Fresh(g, 512, 128) : new SampleSource.Generated(g, 512, 128);
        try (DistributedSamples samples = new DistributedSamples(sc, source, 2, true)) {
            // What a pass's task binary holds of the samples: the RDD and its lineage, as Spark serializes them.
            java.nio.ByteBuffer rdd = org.apache.spark.SparkEnv.get().closureSerializer().newInstance()
                    .serialize(samples.forIteration(1).rdd(), scala.reflect.ClassTag$.MODULE$.apply(Object.class));
            long dictionary = 8L * n * m;
            assertTrue(rdd.remaining() < dictionary / 10, "the samples' RDD serializes to " + rdd.remaining()
                    + " bytes, A alone is " + dictionary);
        }
    }
}
