package aedyn.train;

import aedyn.data.GroundTruth;
import aedyn.data.Matrices;
import aedyn.metrics.Matching;
import aedyn.metrics.PopulationGradient;
import aedyn.metrics.Recovery;
import aedyn.model.BlockKernel;
import aedyn.model.PassSums;
import aedyn.model.TiedWeights;
import aedyn.data.SampleBlock;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.broadcast.Broadcast;
import scala.reflect.ClassTag$;
import scala.runtime.BoxedUnit;

import java.util.ArrayList;
import java.util.List;

/**
 * The distributed loop of paper 1 (SPEC section 2). One iteration is one Spark round trip:
 * broadcast (W^s, b^s) -> every partition sums the block gradients of its samples -> the partitions' sums are
 * added up ({@link #pass}) -> the driver computes row s and applies the normalized update and the bias schedule
 * -> the broadcast is destroyed.
 * Rows run s = 0..T, so there are T + 1 passes; the last one only measures. A run can start from a saved
 * {@link TrainingState} and continue exactly as it would have.
 */
public final class Trainer {
    private Trainer() {
    }

    /** The end of a run: the final weights, bias and every learning-curve row computed. */
    public record Result(double[] w, double[] b, List<LearningCurveRow> rows) {
    }

    public static Result train(JavaSparkContext sc, DistributedSamples samples, TrainingProblem p,
                               IterationListener listener) {
        return train(sc, samples, p, TrainingState.initial(p), listener, Checkpointer.NONE);
    }

    /**
     * Trains from {@code start} (s = 0 for a new run, a checkpoint's state for a resumed one) to s = T, handing
     * the state at the start of every {@code checkpointer.every()}-th iteration to the checkpointer.
     */
    public static Result train(JavaSparkContext sc, DistributedSamples samples, TrainingProblem p, TrainingState start,
                               IterationListener listener, Checkpointer checkpointer) {
        int n = p.n();
        int m = p.m();
        int iterations = p.iterations();
        GroundTruth truth = p.truth();
        double[] w = start.w();
        double[] b = start.b();
        List<LearningCurveRow> rows = new ArrayList<>(iterations + 1);
        rows.addAll(start.rows());
        try {
            for (int s = start.iteration(); s <= iterations; s++) {
                long begin = System.nanoTime();
                // The matching of W^s is needed by the pass itself (support recovery), so it is computed first.
                Matching matching = truth == null ? null : Matching.of(truth.a(), w, n, m, p.signInvariant());
                TiedWeights weights = new TiedWeights(n, m, w, b, p.activation(),
                        matching == null ? null : matching.neuronOfAtom(), matching == null ? null : matching.sign());
                sc.setJobDescription("iteration " + s + "/" + iterations + " · run " + p.runName());
                PassSums sums = pass(sc, samples.forIteration(s), weights, p.treeDepth());
                double[] gradient = sums.meanGradient();
                double[] biasGradient = sums.meanBiasGradient();
                double population = truth == null || p.componentWeights() == null ? Double.NaN
                        : PopulationGradient.relativeError(gradient,
                        PopulationGradient.mixture(truth.a(), w, b, p.componentWeights(), n, m, matching));
                LearningCurveRow row = measure(s, sums, gradient, w, b, truth, matching, population, begin);
                if (!rows.isEmpty() && truth != null) {
                    LearningCurveRow prev = rows.remove(rows.size() - 1);
                    double ratio = (row.froError() * row.froError()) / (prev.froError() * prev.froError());
                    rows.add(prev.withContraction(ratio));
                }
                rows.add(row);
                listener.onIteration(row, w, b);
                if (!Double.isFinite(row.loss())) {
                    throw new DivergenceException(s, "the loss is " + row.loss());
                }
                if (s < iterations) {
                    w = p.update().apply(w, gradient, n, m, s);
                    b = p.biasSchedule().next(b, biasGradient);
                    for (int i = 0; i < m; i++) {
                        if (!Double.isFinite(b[i])) throw new DivergenceException(s, "bias entry " + i + " is " + b[i]);
                    }
                    if (checkpointer.isDue(s + 1)) checkpointer.save(new TrainingState(s + 1, w, b, rows));
                }
            }
        } catch (DivergenceException e) {
            throw e.withRows(rows);
        }
        sc.setJobDescription(null);
        return new Result(w, b, rows);
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
    public static PassSums pass(JavaSparkContext sc, JavaRDD<SampleBlock> blocks, TiedWeights weights, int treeDepth) {
        Broadcast<TiedWeights> current = sc.broadcast(weights);
        try {
            PartitionSums partitionSums = new PartitionSums(current);
            if (treeAddsLevel(blocks.getNumPartitions(), treeDepth)) {
                return blocks.mapPartitions(it -> List.of(partitionSums.sum(it)).iterator())
                        .treeReduce(PassSums::merge, treeDepth);
            }
            PassSums total = new PassSums(weights.n(), weights.m());
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

    private static LearningCurveRow measure(int s, PassSums sums, double[] gradient, double[] w, double[] b,
                                            GroundTruth truth, Matching matching, double population, long start) {
        double fro = Double.NaN;
        double maxCol = Double.NaN;
        double spectral = Double.NaN;
        if (truth != null) {
            Recovery.Report r = Recovery.Report.of(truth.a(), w, truth.n(), truth.m(), matching, truth.spectralNorm());
            fro = r.froError();
            maxCol = r.maxColumnError();
            spectral = r.spectralRatio();
        }
        double seconds = (System.nanoTime() - start) / 1e9;
        return new LearningCurveRow(s, sums.meanLoss(), fro, maxCol, spectral, sums.supportRecovery(),
                sums.signRecovery(), Double.NaN, Matrices.mean(b), Matrices.frobeniusNorm(gradient), population, seconds);
    }
}
