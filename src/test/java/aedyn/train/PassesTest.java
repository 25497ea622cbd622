package aedyn.train;

import aedyn.data.CodeModel;
import aedyn.data.DistributedSamples;
import aedyn.data.GroundTruth;
import aedyn.data.Matrices;
import aedyn.data.SampleGenerator;
import aedyn.data.SampleSource;
import aedyn.model.Activation;
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
import org.junit.jupiter.params.provider.ValueSource;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.atomic.AtomicInteger;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;

/**
 * The passes of local mode run the tasks' body on the driver's threads over the blocks Spark cached: the sums are
 * those of a Spark job over the same partitions bit for bit, and the scheduler sees no job per pass.
 */
class PassesTest {
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
                    new Activation.Relu(), null, null), null, iteration));
        }
        members.add(new Pass.Request(new TwoLayerWeights(N, 6, Matrices.gaussian(N, 6, rng), Matrices.gaussian(N, 6, rng),
                new double[6], new Activation.Relu(), 0.5, true, null, null), null, iteration));
        members.add(new Pass.Request(new TiedWeights(N, M, Matrices.gaussian(N, M, rng), new double[M],
                new Activation.Relu(), null, null), new MiniBatch(11, 0.3), iteration));
        return members;
    }

    @ParameterizedTest(name = "{0} partitions")
    @ValueSource(ints = {1, 3, 5})
    void theLocalPassesGiveTheBitsOfASparkJobWithoutOne(int partitions) throws Exception {
        JavaSparkContext sc = SparkTestContext.get();
        GroundTruth truth = GroundTruth.draw(N, M, 3);
        SampleSource source = source(truth);
        try (DistributedSamples samples = new DistributedSamples(sc, source, partitions);
             Passes passes = Passes.of(sc, samples, 2)) {
            assertInstanceOf(Passes.Local.class, passes, "cached samples in local mode");
            AtomicInteger jobs = new AtomicInteger();
            SparkListener listener = new SparkListener() {
                @Override
                public void onJobStart(SparkListenerJobStart start) {
                    jobs.incrementAndGet();
                }
            };
            for (int s = 0; s < 2; s++) {
                List<Pass.Request> members = cohort(s);
                PassSums[] job = Pass.sums(sc, samples.forIteration(s), members, 2, false);
                sc.sc().addSparkListener(listener);
                PassSums[] local;
                try {
                    local = passes.sums(s, members);
                    sc.sc().listenerBus().waitUntilEmpty();
                } finally {
                    sc.sc().removeSparkListener(listener);
                }
                assertEquals(0, jobs.get(), "a local pass starts no Spark job");
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
        }
    }

    @Test
    void aFailedTaskFailsThePassWithItsOwnExceptionAndTheNextPassRuns() throws Exception {
        JavaSparkContext sc = SparkTestContext.get();
        GroundTruth truth = GroundTruth.draw(N, M, 3);
        SplittableRandom rng = new SplittableRandom(5);
        try (DistributedSamples samples = new DistributedSamples(sc, source(truth), 3);
             Passes passes = Passes.of(sc, samples, 2)) {
            // a model of another dimension than the samples: the kernel's own check fails every task
            List<Pass.Request> wrong = List.of(new Pass.Request(new TiedWeights(N + 1, M, Matrices.gaussian(N + 1, M, rng),
                    new double[M], new Activation.Relu(), null, null), null, 0));
            RuntimeException e = assertThrows(RuntimeException.class, () -> passes.sums(0, wrong));
            assertEquals(IllegalArgumentException.class, e.getClass(), "the task's exception, unwrapped: " + e);
            assertEquals(7580, passes.sums(0, cohort(0))[0].count(), "the next pass over the same blocks");
        }
    }

    @Test
    void freshSamplesAndTreesStaySparkJobsAndThePropertyTurnsTheLocalPassesOff() {
        // no Spark job runs here: the cached samples are not handed over unless the passes are local
        JavaSparkContext sc = SparkTestContext.get();
        GroundTruth truth = GroundTruth.draw(N, M, 3);
        SampleGenerator g = new SampleGenerator(CodeModel.Mixture.uniform(truth.m()), truth.a(), truth.n(), 0.05, 5);
        try (DistributedSamples fresh = new DistributedSamples(sc, SampleSource.fresh(g, 2000), 2);
             DistributedSamples deep = new DistributedSamples(sc, source(truth), 12)) {
            assertEquals(false, Passes.of(sc, fresh, 2) instanceof Passes.Local, "fresh samples");
            assertEquals(false, Passes.of(sc, deep, 2) instanceof Passes.Local, "12 partitions at depth 2 add a level");
        }
        try (DistributedSamples cached = new DistributedSamples(sc, source(truth), 2)) {
            sc.setLocalProperty(Passes.LOCAL_PASSES, "false");
            try {
                assertEquals(false, Passes.of(sc, cached, 2) instanceof Passes.Local, "turned off on this thread");
            } finally {
                sc.setLocalProperty(Passes.LOCAL_PASSES, null);
            }
        }
        assertEquals(false, Passes.localPasses(new SparkConf().set(Passes.LOCAL_PASSES, "False")));
        assertEquals(true, Passes.localPasses(new SparkConf()));
        assertThrows(IllegalArgumentException.class, () -> Passes.localPasses(new SparkConf().set(Passes.LOCAL_PASSES, "yes")));
    }
}
