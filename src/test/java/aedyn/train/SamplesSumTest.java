package aedyn.train;

import aedyn.data.CodeModel;
import aedyn.data.DistributedSamples;
import aedyn.data.GroundTruth;
import aedyn.data.LocalSamples;
import aedyn.data.SampleSpace;
import aedyn.data.Samples;
import aedyn.data.Matrices;
import aedyn.data.SampleGenerator;
import aedyn.data.SampleSource;
import aedyn.model.Activation;
import aedyn.model.Parameters;
import aedyn.model.PassSums;
import aedyn.model.TiedWeights;
import aedyn.model.TwoLayerWeights;
import aedyn.study.SparkTestContext;
import org.apache.spark.SparkConf;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.scheduler.SparkListener;
import org.apache.spark.scheduler.SparkListenerJobStart;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.atomic.AtomicInteger;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;

/**
 * One sum, two places: samples held in this JVM ({@link LocalSamples}: local mode's driver threads, or one thread in
 * a run-parallel task) give the sums of Spark jobs over the same partitions ({@link DistributedSamples}) bit for
 * bit, cached or fresh, and start no Spark job; {@link SampleSpace#of} picks between them by one rule.
 */
class SamplesSumTest {
    private static final int N = 24;
    private static final int M = 4;

    private static SampleSource source(GroundTruth truth) {
        SampleGenerator g = new SampleGenerator(CodeModel.Mixture.uniform(truth.m()), truth.a(), truth.n(), 0.05, 5);
        return new SampleSource.Generated(g, 30 * 256 - 100, 256);
    }

    /** A cohort of every kind a pass meets: a group of paper 1's kernel, a member alone, a member on a mini-batch. */
    private static List<Pass.Request> cohort(int iteration) {
        SplittableRandom rng = new SplittableRandom(7);
        List<Pass.Request> members = new ArrayList<>();
        for (int k = 0; k < 2; k++) {
            members.add(new Pass.Request(new TiedWeights(N, M, Matrices.gaussian(N, M, rng), new double[M],
                    new Activation.Relu(), null, null), Batch.FULL, iteration));
        }
        members.add(new Pass.Request(new TwoLayerWeights(
                Parameters.untied(N, 6, Matrices.gaussian(N, 6, rng), Matrices.gaussian(N, 6, rng), new double[6]),
                new Activation.Relu(), 0.5, true, null, null), Batch.FULL, iteration));
        members.add(new Pass.Request(new TiedWeights(N, M, Matrices.gaussian(N, M, rng), new double[M],
                new Activation.Relu(), null, null), new MiniBatch(11, 0.3), iteration));
        return members;
    }

    @ParameterizedTest(name = "{0} partitions, {1} threads, fresh = {2}")
    @CsvSource({"1, 2, false", "3, 2, false", "5, 1, false", "3, 2, true", "5, 1, true"})
    void localSumsGiveTheBitsOfASparkJobWithoutOne(int partitions, int threads, boolean fresh) throws Exception {
        JavaSparkContext sc = SparkTestContext.get();
        GroundTruth truth = GroundTruth.draw(N, M, 3);
        SampleSource source = fresh ? new SampleSource.Fresh(new SampleGenerator(CodeModel.Mixture.uniform(M), truth.a(), N, 0.05, 5),
                30 * 256 - 100, 256) : source(truth);
        try (DistributedSamples spark = new DistributedSamples(sc, source, partitions, true)) {
            AtomicInteger jobs = new AtomicInteger();
            SparkListener listener = new SparkListener() {
                @Override
                public void onJobStart(SparkListenerJobStart start) {
                    jobs.incrementAndGet();
                }
            };
            for (int s = 0; s < 2; s++) {
                List<Pass.Request> members = cohort(s);
                PassSums[] job = Pass.sums(spark, s, members, 2, "test");
                sc.sc().listenerBus().waitUntilEmpty();
                sc.sc().addSparkListener(listener);
                PassSums[] local;
                try (Samples here = new LocalSamples(source, partitions, threads, true)) {
                    local = Pass.sums(here, s, members, 2, "test");
                    sc.sc().listenerBus().waitUntilEmpty();
                } finally {
                    sc.sc().removeSparkListener(listener);
                }
                assertEquals(0, jobs.get(), "a local sum starts no Spark job");
                for (int k = 0; k < members.size(); k++) {
                    assertEquals(job[k].count(), local[k].count(), "member " + k);
                    assertEquals(job[k].meanLoss(), local[k].meanLoss(), 0.0, "member " + k);
                    for (int i = 0; i < job[k].matrices(); i++) {
                        assertArrayEquals(job[k].meanGradient(i), local[k].meanGradient(i), 0.0, "member " + k);
                    }
                    assertArrayEquals(job[k].meanBiasGradient(), local[k].meanBiasGradient(), 0.0, "member " + k);
                }
                assertEquals(source.size(), local[0].count());
            }
            // the first blocks, as the spectral start's pool takes them, are the same samples in the same order
            try (Samples here = new LocalSamples(source, partitions, threads, true)) {
                if (!fresh) {
                    List<aedyn.data.SampleBlock> a = spark.firstBlocks(4);
                    List<aedyn.data.SampleBlock> b = here.firstBlocks(4);
                    assertEquals(a.size(), b.size());
                    for (int i = 0; i < a.size(); i++) assertArrayEquals(a.get(i).y(), b.get(i).y(), 0.0, "block " + i);
                }
            }
        }
    }

    @Test
    void aFailedPartitionFailsTheSumWithItsOwnExceptionAndTheNextSumRuns() {
        GroundTruth truth = GroundTruth.draw(N, M, 3);
        SplittableRandom rng = new SplittableRandom(5);
        try (Samples samples = new LocalSamples(source(truth), 3, 2, true)) {
            // a model of another dimension than the samples: the kernel's own check fails every partition
            List<Pass.Request> wrong = List.of(new Pass.Request(new TiedWeights(N + 1, M, Matrices.gaussian(N + 1, M, rng),
                    new double[M], new Activation.Relu(), null, null), Batch.FULL, 0));
            RuntimeException e = assertThrows(RuntimeException.class, () -> Pass.sums(samples, 0, wrong, 2, "test"));
            assertEquals(IllegalArgumentException.class, e.getClass(), "the partition's exception, unwrapped: " + e);
            assertEquals(7580, Pass.sums(samples, 0, cohort(0), 2, "test")[0].count(), "the next sum over the same blocks");
        }
    }

    @Test
    void theSpaceIsLocalInLocalModeUnlessThePropertyTurnsItOff() {
        JavaSparkContext sc = SparkTestContext.get();
        assertInstanceOf(SampleSpace.Local.class, SampleSpace.of(sc), "local mode");
        assertEquals(SampleSpace.localThreads(sc.master(), Runtime.getRuntime().availableProcessors()),
                ((SampleSpace.Local) SampleSpace.of(sc)).threads());
        sc.setLocalProperty(SampleSpace.LOCAL_PASSES, "false");
        try {
            assertInstanceOf(SampleSpace.Spark.class, SampleSpace.of(sc), "turned off on this thread");
        } finally {
            sc.setLocalProperty(SampleSpace.LOCAL_PASSES, null);
        }
        assertEquals(false, SampleSpace.localPasses(new SparkConf().set(SampleSpace.LOCAL_PASSES, "False")));
        assertEquals(true, SampleSpace.localPasses(new SparkConf()));
        assertThrows(IllegalArgumentException.class, () -> SampleSpace.localPasses(new SparkConf().set(SampleSpace.LOCAL_PASSES, "yes")));
    }

    @Test
    void partitionsSliceTheBlocksAsSparksParallelizeDoes() {
        JavaSparkContext sc = SparkTestContext.get();
        List<Integer> indices = new ArrayList<>();
        for (int i = 0; i < 29; i++) indices.add(i);
        for (int p : new int[]{1, 2, 3, 7, 29}) {
            List<List<Integer>> spark = sc.parallelize(indices, p).glom().collect();
            for (int q = 0; q < p; q++) {
                int[] range = Samples.slice(29, p, q);
                assertEquals(spark.get(q).isEmpty() ? -1 : spark.get(q).get(0), range[0] == range[1] ? -1 : range[0], p + " partitions, " + q);
                assertEquals(spark.get(q).size(), range[1] - range[0], p + " partitions, " + q);
            }
        }
    }
}
