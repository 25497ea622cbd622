package aedyn.train;

import aedyn.data.DistributedSamples;
import aedyn.data.CodeModel;
import aedyn.data.GroundTruth;
import aedyn.data.Matrices;
import aedyn.data.SampleGenerator;
import aedyn.data.SampleSource;
import aedyn.model.Activation;
import aedyn.model.ModelFamily;
import aedyn.model.ModelSpec;
import aedyn.model.Parameters;
import aedyn.model.Scale;
import aedyn.study.SparkTestContext;
import org.apache.spark.api.java.JavaSparkContext;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A cohort trains each member exactly as it would train alone: paper 1's tied model under its normalized update,
 * untied joint and encoder-only models under gd, a tied general model on mini-batches, one member that diverges and
 * leaves early, members of other lengths, and (on a fixed data set) one resumed from a checkpoint mid-way. Two
 * partitions, whose sums the pass adds in partition order, so every row, checkpoint and final weight is compared
 * bit for bit.
 */
class CohortTest {
    private static final int N_DIM = 24;
    private static final int M = 4;

    @ParameterizedTest
    @ValueSource(booleans = {false, true})
    void everyMemberTrainsAsItWouldAlone(boolean fresh) {
        JavaSparkContext sc = SparkTestContext.get();
        GroundTruth truth = GroundTruth.draw(N_DIM, M, 3);
        SampleGenerator g = new SampleGenerator(CodeModel.Mixture.uniform(M), truth.a(), N_DIM, 0.02, 5);
        SampleSource source = fresh ? SampleSource.fresh(g, 1500) : SampleSource.generated(g, 1500);
        try (DistributedSamples samples = new DistributedSamples(sc, source, 2, true)) {
            List<TrainingProblem> problems = problems(truth, fresh);
            List<Trainer.Result> alone = new ArrayList<>();
            List<List<TrainingState>> aloneSaved = new ArrayList<>();
            for (TrainingProblem p : problems) {
                Saving saving = new Saving();
                alone.add(Trainer.train(samples, List.of(member(p, TrainingState.initial(p.initial()), saving, new ArrayList<>()))).get(0));
                aloneSaved.add(saving.states);
            }
            assertTrue(alone.get(problems.size() - 1).diverged(), "the last member is made to diverge");
            assertTrue(alone.get(0).rows().size() != alone.get(1).rows().size(), "members of different lengths");

            List<Trainer.Member> members = new ArrayList<>();
            List<Saving> savings = new ArrayList<>();
            List<List<Trainer.Result>> left = new ArrayList<>();
            for (TrainingProblem p : problems) {
                Saving saving = new Saving();
                savings.add(saving);
                List<Trainer.Result> leaving = new ArrayList<>();
                left.add(leaving);
                members.add(member(p, TrainingState.initial(p.initial()), saving, leaving));
            }
            if (!fresh) {
                // on a fixed data set a member may stand at another iteration: the first resumes from its checkpoint
                TrainingState resumed = aloneSaved.get(0).get(0);
                assertEquals(3, resumed.iteration());
                members.set(0, member(problems.get(0), resumed, savings.get(0), left.get(0)));
            }
            List<Trainer.Result> together = Trainer.train(samples, members);

            for (int i = 0; i < problems.size(); i++) {
                String what = problems.get(i).runName();
                Trainer.Result a = alone.get(i);
                Trainer.Result b = together.get(i);
                assertEquals(1, left.get(i).size(), what + " left the cohort once");
                assertEquals(b, left.get(i).get(0), what + " was handed its result as it left");
                assertEquals(a.diverged(), b.diverged(), what);
                List<LearningCurveRow> ra = a.diverged() ? a.divergence().rows() : a.rows();
                List<LearningCurveRow> rb = b.diverged() ? b.divergence().rows() : b.rows();
                assertEquals(ra.size(), rb.size(), what);
                for (int s = 0; s < ra.size(); s++) {
                    assertEquals(ra.get(s).with("seconds", 0), rb.get(s).with("seconds", 0), what + " row " + s);
                }
                if (a.diverged()) {
                    assertNull(b.theta());
                    assertEquals(a.divergence().getMessage(), b.divergence().getMessage());
                } else {
                    assertNotNull(b.theta());
                    assertArrayEquals(a.theta().v(), b.theta().v(), 0.0, what + " V");
                    if (a.theta().u() != null) assertArrayEquals(a.theta().u(), b.theta().u(), 0.0, what + " U");
                    assertArrayEquals(a.theta().b(), b.theta().b(), 0.0, what + " b");
                }
                List<TrainingState> sa = aloneSaved.get(i);
                List<TrainingState> sb = savings.get(i).states;
                List<TrainingState> expected = !fresh && i == 0 ? sa.subList(1, sa.size()) : sa;
                assertEquals(expected.stream().map(TrainingState::iteration).toList(),
                        sb.stream().map(TrainingState::iteration).toList(), what + " checkpoints");
                for (int k = 0; k < expected.size(); k++) {
                    assertArrayEquals(expected.get(k).current().v(), sb.get(k).current().v(), 0.0, what + " checkpoint " + k);
                }
            }
        }
    }

    /** Paper 1's tied model, untied joint and encoder-only, a tied general model on mini-batches, one diverging. */
    private static List<TrainingProblem> problems(GroundTruth truth, boolean fresh) {
        int n = N_DIM;
        int m = M;
        SplittableRandom random = new SplittableRandom(11);
        double[] w0 = truth.a().clone();
        double[] noise = Matrices.gaussian(n, m, random);
        for (int i = 0; i < w0.length; i++) w0[i] += 0.3 * noise[i];
        double[] u0 = Matrices.gaussian(n, m, random);
        for (int i = 0; i < u0.length; i++) u0[i] *= 0.2;
        double[] b0 = {-0.1, -0.1, -0.1, -0.1};
        Activation relu = new Activation.Relu();
        ModelSpec untied = new ModelSpec(ModelSpec.Architecture.UNTIED, Scale.STANDARD, relu, ModelSpec.Regime.JOINT, n, m);
        ModelSpec encoderOnly = new ModelSpec(ModelSpec.Architecture.UNTIED, Scale.NTK, new Activation.Tanh(),
                ModelSpec.Regime.ENCODER_ONLY, n, m);
        ModelSpec general = new ModelSpec(ModelSpec.Architecture.TIED, Scale.MEAN_FIELD, new Activation.Softplus(),
                ModelSpec.Regime.JOINT, n, m);
        List<TrainingProblem> out = new ArrayList<>();
        out.add(problem("paper-one", ModelFamily.of(ModelSpec.tied(new Activation.Threshold(0.3), n, m)),
                Parameters.tied(n, m, w0, b0), new Optimizer.Normalized(2), new BiasSchedule.Geometric(2), 0, null, 8, truth));
        out.add(problem("untied", ModelFamily.of(untied), new Parameters(n, m, w0, u0, b0),
                new Optimizer.GradientDescent(0.05), new BiasSchedule.Learned(0.05), 0.01, null, 5, truth));
        out.add(problem("encoder-only", ModelFamily.of(encoderOnly), new Parameters(n, m, w0, u0, b0),
                new Optimizer.GradientDescent(0.1), new BiasSchedule.Constant(), 0, null, 6, truth));
        out.add(problem("mini-batch", ModelFamily.of(general), Parameters.tied(n, m, w0, b0),
                new Optimizer.GradientDescent(0.2), new BiasSchedule.Constant(), 0,
                fresh ? null : new MiniBatch(17, 0.4), 7, truth));
        out.add(problem("diverging", ModelFamily.of(untied), new Parameters(n, m, w0, u0, b0),
                new Optimizer.GradientDescent(1e6), new BiasSchedule.Constant(), 0, null, 9, truth));
        return out;
    }

    private static TrainingProblem problem(String name, ModelFamily family, Parameters theta0, Optimizer optimizer,
                                           BiasSchedule schedule, double l2, MiniBatch batch, int iterations,
                                           GroundTruth truth) {
        return new TrainingProblem(name, new TrainingProblem.Descent(family, theta0, optimizer, schedule, l2),
                batch == null ? TrainingProblem.Feed.fullBatch(iterations, 2) : TrainingProblem.Feed.miniBatches(batch, iterations, 2),
                TrainingProblem.Measures.against(truth));
    }

    private static Trainer.Member member(TrainingProblem p, TrainingState start, Saving saving, List<Trainer.Result> left) {
        return new Trainer.Member(p, start, IterationListener.NONE, saving, left::add);
    }

    /** Keeps every checkpoint in memory, every third iteration. */
    private static final class Saving implements Checkpointer {
        final List<TrainingState> states = new ArrayList<>();

        @Override
        public int every() {
            return 3;
        }

        @Override
        public void save(TrainingState state) {
            states.add(state);
        }
    }
}
