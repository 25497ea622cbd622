package aedyn.train;

import aedyn.data.GroundTruth;
import aedyn.data.Matrices;
import aedyn.metrics.Matching;
import aedyn.metrics.PopulationGradient;
import aedyn.metrics.Recovery;
import aedyn.metrics.SubspaceEnergy;
import aedyn.model.Parameters;
import aedyn.model.PassModel;
import aedyn.model.PassSums;
import aedyn.data.SampleBlock;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.broadcast.Broadcast;
import scala.reflect.ClassTag$;
import scala.runtime.BoxedUnit;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The distributed loop (SPEC sections 2 and 5), one for every model family. One iteration is one Spark round trip:
 * broadcast the family's {@link PassModel} at theta^s -> every partition sums the block gradients of its samples
 * (or of its share of the mini-batch) -> the partitions' sums are added up ({@link #pass}) -> the driver computes
 * row s, adds the l2 term, applies the optimizer and the bias schedule -> the broadcast is destroyed.
 * Rows run s = 0..T, so there are T + 1 passes; the last one only measures. A run can start from a saved
 * {@link TrainingState} and continue exactly as it would have.
 */
public final class Trainer {
    private Trainer() {
    }

    /** The end of a run: the final parameters and every learning-curve row computed. */
    public record Result(Parameters theta, List<LearningCurveRow> rows) {
    }

    public static Result train(JavaSparkContext sc, DistributedSamples samples, TrainingProblem p,
                               IterationListener listener) {
        return train(sc, samples, p, TrainingState.initial(p.initial()), listener, Checkpointer.NONE);
    }

    /**
     * Trains from {@code start} (s = 0 for a new run, a checkpoint's state for a resumed one) to s = T, handing
     * the state at the start of every {@code checkpointer.every()}-th iteration to the checkpointer.
     */
    public static Result train(JavaSparkContext sc, DistributedSamples samples, TrainingProblem p, TrainingState start,
                               IterationListener listener, Checkpointer checkpointer) {
        int iterations = p.iterations();
        Parameters theta = start.current();
        Parameters initial = start.initial();
        List<LearningCurveRow> rows = new ArrayList<>(iterations + 1);
        rows.addAll(start.rows());
        try {
            for (int s = start.iteration(); s <= iterations; s++) {
                long begin = System.nanoTime();
                // The matching of W^s is needed by the pass itself (support recovery), so it is computed first.
                Matching matching = p.matchesAtoms()
                        ? Matching.of(p.truth().a(), theta.encoder(), p.n(), p.m(), p.signInvariant()) : null;
                PassModel model = p.family().passModel(theta,
                        matching == null ? null : matching.neuronOfAtom(), matching == null ? null : matching.sign());
                sc.setJobDescription("iteration " + s + "/" + iterations + " · run " + p.runName());
                PassSums sums = pass(sc, samples.forIteration(s), model, p.treeDepth(), p.batch(), s);
                if (sums.count() == 0) {
                    throw new DivergenceException(s, "the mini-batch of this iteration is empty (train.batch-fraction is too small for the data set)");
                }
                Parameters gradient = withL2(p.family().meanGradient(sums), theta, p.l2());
                LearningCurveRow row = measure(s, p, sums, theta, initial, gradient, matching, begin);
                if (!rows.isEmpty() && matching != null) {
                    LearningCurveRow prev = rows.remove(rows.size() - 1);
                    double ratio = (row.froError() * row.froError()) / (prev.froError() * prev.froError());
                    rows.add(prev.with("contraction", ratio));
                }
                rows.add(row);
                listener.onIteration(row, theta);
                if (!Double.isFinite(row.loss())) {
                    throw new DivergenceException(s, "the loss is " + row.loss());
                }
                if (row.loss() > BLOW_UP * rows.get(0).loss()) {
                    // finite but meaningless: the step is beyond the stable range, and the numbers only grow
                    throw new DivergenceException(s, "the loss grew from " + rows.get(0).loss() + " to " + row.loss()
                            + ", more than " + BLOW_UP + " times its initial value");
                }
                if (s < iterations) {
                    double[] b = p.biasSchedule().next(theta.b(), gradient.b());
                    for (int i = 0; i < b.length; i++) {
                        if (!Double.isFinite(b[i])) throw new DivergenceException(s, "bias entry " + i + " is " + b[i]);
                    }
                    theta = p.optimizer().step(theta, gradient, s).withBias(b);
                    if (checkpointer.isDue(s + 1)) checkpointer.save(new TrainingState(s + 1, theta, initial, rows));
                }
            }
        } catch (DivergenceException e) {
            throw e.withRows(rows);
        }
        sc.setJobDescription(null);
        return new Result(theta, rows);
    }

    /**
     * ||G||_F over every trained parameter (SPEC section 7): the weight matrices the gradient holds, and b only when
     * its schedule learns it (a geometric or constant bias is not trained, and paper 1's grad_norm never held it).
     */
    static double gradNorm(Parameters gradient, BiasSchedule schedule) {
        return (schedule instanceof BiasSchedule.Learned ? gradient : gradient.withBias(null)).norm();
    }

    /** A loss this many times the initial one ends a run as diverged. */
    static final double BLOW_UP = 1e12;

    /** The gradient of the objective: the data gradient plus l2 times every trained weight matrix (SPEC section 5). */
    static Parameters withL2(Parameters g, Parameters theta, double l2) {
        if (l2 == 0) return g;
        return new Parameters(g.n(), g.m(), plusScaled(g.v(), theta.v(), l2), plusScaled(g.u(), theta.u(), l2), g.b());
    }

    private static double[] plusScaled(double[] g, double[] x, double l2) {
        if (g == null) return null;
        double[] out = g.clone();
        for (int i = 0; i < out.length; i++) out[i] += l2 * x[i];
        return out;
    }

    /**
     * One Spark round trip: broadcast the weights, sum every block's gradient, loss and code statistics in each
     * partition, add the partitions' sums up, destroy the broadcast.
     *
     * <p>With few partitions a treeAggregate of depth d adds no level: it is one stage whose task results the
     * driver folds as they arrive. That plan is run directly here, through runJob with a named function, because
     * treeAggregate's own closures cost the driver several milliseconds per call in Spark's closure cleaner (it
     * parses RDD's bytecode), which is as much as a whole pass over 10^4 samples. With more partitions the sums
     * go through treeReduce, whose levels keep the driver's memory at O(n m) per level however many partitions
     * there are. Either way every partition's sum comes from {@link PartitionSums}.
     */
    public static PassSums pass(JavaSparkContext sc, JavaRDD<SampleBlock> blocks, PassModel model, int treeDepth,
                                MiniBatch batch, int iteration) {
        Broadcast<PassModel> current = sc.broadcast(model);
        try {
            PartitionSums partitionSums = new PartitionSums(current, batch, iteration);
            if (treeAddsLevel(blocks.getNumPartitions(), treeDepth)) {
                return blocks.mapPartitions(it -> List.of(partitionSums.sum(it)).iterator())
                        .treeReduce(PassSums::merge, treeDepth);
            }
            PassSums total = model.newSums();
            sc.sc().runJob(blocks.rdd(), partitionSums, (Object partition, PassSums part) -> {
                total.merge(part);
                return BoxedUnit.UNIT;
            }, ClassTag$.MODULE$.apply(PassSums.class));
            return total;
        } finally {
            current.destroy();
        }
    }

    /**
     * Whether a tree of depth {@code depth} over {@code partitions} partial sums merges some of them on executors
     * before the driver: Spark's own rule in treeAggregate, which stops adding levels once a level would not
     * reduce the number of sums the driver receives.
     */
    static boolean treeAddsLevel(int partitions, int depth) {
        int scale = Math.max((int) Math.ceil(Math.pow(partitions, 1.0 / depth)), 2);
        return partitions > scale + Math.ceil((double) partitions / scale);
    }

    /**
     * Row s: the pass's loss and objective, paper 1's recovery metrics where A is known and matched, the code
     * statistics, the bias, the gradient's norm, the movement from theta^0 (SPEC section 7) and the row's time.
     */
    private static LearningCurveRow measure(int s, TrainingProblem p, PassSums sums, Parameters theta,
                                            Parameters initial, Parameters gradient, Matching matching, long start) {
        Map<String, Double> v = new LinkedHashMap<>();
        double loss = sums.meanLoss();
        v.put("loss", loss);
        v.put("objective", loss + 0.5 * p.l2() * theta.squaredNorm());
        if (matching != null) {
            GroundTruth truth = p.truth();
            Recovery.Report r = Recovery.Report.of(truth.a(), theta.encoder(), p.n(), p.m(), matching, truth.spectralNorm());
            v.put("fro_error", r.froError());
            v.put("max_col_error", r.maxColumnError());
            v.put("spectral_ratio", r.spectralRatio());
            v.put("support_recovery", sums.supportRecovery());
            v.put("sign_recovery", sums.signRecovery());
        }
        v.put("output_norm", sums.outputNorm());
        v.put("bias_mean", Matrices.mean(theta.b()));
        v.put("grad_norm", gradNorm(gradient, p.biasSchedule()));
        if (p.componentWeights() != null && matching != null) {
            v.put("population_gradient_error", PopulationGradient.relativeError(gradient.v(),
                    PopulationGradient.mixture(p.truth().a(), theta.v(), theta.b(), p.componentWeights(), p.n(), p.m(), matching)));
        }
        if (p.energyBlocks() != null) {
            double[] e = SubspaceEnergy.energies(theta.encoder(), p.n(), p.m(), p.energyBlocks());
            List<String> names = SubspaceEnergy.columns(p.energyBlocks().count());
            for (int j = 0; j < e.length; j++) v.put(names.get(j), e[j]);
        }
        v.put("encoder_movement", Matrices.relativeDistance(theta.v(), initial.v()));
        if (!theta.tied()) v.put("decoder_movement", Matrices.relativeDistance(theta.u(), initial.u()));
        v.put("seconds", (System.nanoTime() - start) / 1e9);
        return new LearningCurveRow(s, v);
    }
}
