package aedyn.train;

import aedyn.data.DistributedSamples;
import aedyn.data.CodeModel;
import aedyn.data.GroundTruth;
import aedyn.data.SampleBlock;
import aedyn.data.SampleGenerator;
import aedyn.data.SampleSource;
import aedyn.model.Activation;
import aedyn.model.Parameters;
import aedyn.model.PassSums;
import aedyn.model.TwoLayerKernel;
import aedyn.model.TwoLayerWeights;
import aedyn.study.SparkTestContext;
import org.apache.spark.api.java.JavaSparkContext;
import org.junit.jupiter.api.Test;

import java.util.SplittableRandom;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** sgd's mini-batches: decided by (seed, iteration, sample) alone, so the same whatever the partitioning. */
class MiniBatchTest {

    @Test
    void aPanelGathersExactlyTheSamplesInTheBatchWithTheirCodes() {
        int n = 3;
        int m = 5;
        SampleGenerator g = new SampleGenerator(new CodeModel.Sparse(5, 2), GroundTruth.draw(n, 5, 1).a(), n, 0.1, 4);
        SampleBlock block = g.block(g.seed(), 0, 300).at(1000);
        MiniBatch batch = new MiniBatch(9, 0.3);
        TwoLayerWeights model = new TwoLayerWeights(Parameters.tied(n, m, new double[n * m], new double[m]), new Activation.Relu(),
                1, true, null, null);
        assertTrue(model.panel() > block.count(), "the whole selection fits one panel: nothing is summed yet");
        BatchPanel panel = new BatchPanel(new Pass.Request(model, batch, 2), batch, model.newSums());
        panel.add(block);
        SampleBlock kept = panel.gathered();
        int t = 0;
        for (int j = 0; j < block.count(); j++) {
            if (!batch.contains(2, 1000 + j)) continue;
            assertArrayEquals(java.util.Arrays.copyOfRange(block.y(), j * n, (j + 1) * n),
                    java.util.Arrays.copyOfRange(kept.y(), t * n, (t + 1) * n));
            assertEquals(block.codeStart()[j + 1] - block.codeStart()[j], kept.codeStart()[t + 1] - kept.codeStart()[t]);
            assertEquals(block.codeIndex()[block.codeStart()[j]], kept.codeIndex()[kept.codeStart()[t]]);
            t++;
        }
        assertEquals(t, kept.count());
        assertTrue(t > 60 && t < 120, "about 30 % of 300 samples: " + t);
        BatchPanel next = new BatchPanel(new Pass.Request(model, batch, 3), batch, model.newSums());
        next.add(block);
        assertNotEquals(kept.count(), next.gathered().count(), "another iteration, another batch");
    }

    /** The samples of the block in the batch of {@code iteration}, copied one by one (codes left out). */
    private static SampleBlock selected(SampleBlock block, MiniBatch batch, int iteration) {
        int n = block.n();
        double[] y = new double[block.y().length];
        int kept = 0;
        for (int j = 0; j < block.count(); j++) {
            if (batch.contains(iteration, block.first() + j)) System.arraycopy(block.y(), j * n, y, n * kept++, n);
        }
        return SampleBlock.uncoded(n, kept, y).at(block.first());
    }

    @Test
    void aBatchPassIsTheSameOnOneOrFivePartitions() {
        JavaSparkContext sc = SparkTestContext.get();
        int n = 12;
        int m = 7;
        int size = 20 * 256 + 17;
        GroundTruth truth = GroundTruth.draw(n, 4, 3);
        SampleSource source = new SampleSource.Generated(
                new SampleGenerator(CodeModel.Mixture.uniform(4), truth.a(), n, 0.05, 5), size, 512);
        SplittableRandom r = new SplittableRandom(2);
        double[] v = new double[n * m];
        double[] u = new double[n * m];
        for (int i = 0; i < v.length; i++) {
            v[i] = r.nextGaussian();
            u[i] = r.nextGaussian();
        }
        TwoLayerWeights model = new TwoLayerWeights(new Parameters(n, m, v, u, new double[m]), new Activation.Softplus(),
                1 / Math.sqrt(m), true, null, null);
        MiniBatch batch = new MiniBatch(77, 0.1);

        // the batch of iteration 4, drawn sample by sample, summed by the kernel in one go
        long members = 0;
        PassSums direct = model.newSums();
        for (int b = 0; b < source.blockCount(); b++) {
            SampleBlock block = source.block(b, 4).at(source.first(b));
            for (int j = 0; j < block.count(); j++) if (batch.contains(4, block.first() + j)) members++;
            model.accumulate(selected(block, batch, 4), direct);
        }
        assertEquals(members, direct.count());

        PassSums[] byPartitions = new PassSums[2];
        int[] partitions = {1, 5};
        for (int k = 0; k < 2; k++) {
            try (DistributedSamples samples = new DistributedSamples(sc, source, partitions[k], true)) {
                byPartitions[k] = Pass.sums(samples, model, 2, batch, 4);
            }
        }
        for (PassSums p : byPartitions) {
            assertEquals(members, p.count());
            assertEquals(direct.meanLoss(), p.meanLoss(), 1e-12 * direct.meanLoss());
            double[] a = direct.meanGradient(1);
            double[] b = p.meanGradient(1);
            for (int i = 0; i < a.length; i++) assertEquals(a[i], b[i], 1e-12 * (1 + Math.abs(a[i])));
        }
        assertTrue(members > 0.08 * size && members < 0.12 * size, "about 10 % of the samples: " + members);
    }
}
