package aedyn.train;

import aedyn.data.GroundTruth;
import aedyn.data.Matrices;
import aedyn.metrics.Matching;
import aedyn.metrics.Recovery;
import aedyn.model.BlockKernel;
import aedyn.model.PassSums;
import aedyn.model.TiedWeights;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.broadcast.Broadcast;

import java.util.ArrayList;
import java.util.List;

/**
 * The distributed loop of paper 1 (SPEC section 2). One iteration is one Spark round trip:
 * broadcast (W^s, b^s) -> every partition sums the block gradients of its samples -> treeAggregate ->
 * the driver computes row s and applies the normalized update and the bias schedule -> the broadcast is destroyed.
 * Rows run s = 0..T, so there are T + 1 passes; the last one only measures.
 */
public final class Trainer {
    private Trainer() {
    }

    /** The end of a run: the final weights, bias and every learning-curve row computed. */
    public record Result(double[] w, double[] b, List<LearningCurveRow> rows) {
    }

    public static Result train(JavaSparkContext sc, DistributedSamples samples, TrainingProblem p,
                               IterationListener listener) {
        int n = p.n();
        int m = p.m();
        int iterations = p.iterations();
        GroundTruth truth = p.truth();
        double[] w = p.w0().clone();
        double[] b = p.b0().clone();
        List<LearningCurveRow> rows = new ArrayList<>(iterations + 1);
        for (int s = 0; s <= iterations; s++) {
            long start = System.nanoTime();
            // The matching of W^s is needed by the pass itself (support recovery), so it is computed first.
            Matching matching = truth == null ? null : Matching.of(truth.a(), w, n, m, p.signInvariant());
            TiedWeights weights = new TiedWeights(n, m, w, b, p.activation(),
                    matching == null ? null : matching.neuronOfAtom(), matching == null ? null : matching.sign());
            sc.setJobDescription("iteration " + s + "/" + iterations + " · run " + p.runName());
            Broadcast<TiedWeights> current = sc.broadcast(weights);
            PassSums sums;
            try {
                sums = samples.forIteration(s).treeAggregate(new PassSums(n, m),
                        (acc, block) -> {
                            BlockKernel.accumulate(current.value(), block, acc);
                            return acc;
                        },
                        PassSums::merge, p.treeDepth());
            } finally {
                current.destroy();
            }
            double[] gradient = sums.meanGradient();
            double[] biasGradient = sums.meanBiasGradient();
            LearningCurveRow row = measure(s, sums, gradient, w, b, truth, matching, start);
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
            }
        }
        sc.setJobDescription(null);
        return new Result(w, b, rows);
    }

    private static LearningCurveRow measure(int s, PassSums sums, double[] gradient, double[] w, double[] b,
                                            GroundTruth truth, Matching matching, long start) {
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
                sums.signRecovery(), Double.NaN, Matrices.mean(b), Matrices.frobeniusNorm(gradient), seconds);
    }
}
