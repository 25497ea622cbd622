package aedyn.train;

import aedyn.data.GroundTruth;
import aedyn.data.SampleSource;
import aedyn.model.Activation;

/**
 * One weight-tied training run, fully specified: data, starting point, rules and length. {@code runName} is
 * the name its Spark jobs carry ("study/run"). {@code componentWeights} are the mixing weights p_i when the
 * population gradient of the mixture model is to be measured, else null.
 */
public record TrainingProblem(String runName, SampleSource source, int partitions, GroundTruth truth,
                              boolean signInvariant, Activation activation, double[] w0, double[] b0,
                              NormalizedUpdate update, BiasSchedule biasSchedule, int iterations, int treeDepth,
                              double[] componentWeights) {

    /** Without the population-gradient metric. */
    public TrainingProblem(String runName, SampleSource source, int partitions, GroundTruth truth, boolean signInvariant,
                           Activation activation, double[] w0, double[] b0, NormalizedUpdate update,
                           BiasSchedule biasSchedule, int iterations, int treeDepth) {
        this(runName, source, partitions, truth, signInvariant, activation, w0, b0, update, biasSchedule, iterations,
                treeDepth, null);
    }

    public int n() {
        return source.n();
    }

    public int m() {
        return b0.length;
    }
}
