package aedyn.train;

import aedyn.data.GroundTruth;
import aedyn.data.SampleSource;
import aedyn.model.Activation;

/**
 * One weight-tied training run, fully specified: data, starting point, rules and length. {@code runName} is
 * the name its Spark jobs carry ("study/run").
 */
public record TrainingProblem(String runName, SampleSource source, int partitions, GroundTruth truth,
                              boolean signInvariant, Activation activation, double[] w0, double[] b0,
                              NormalizedUpdate update, BiasSchedule biasSchedule, int iterations, int treeDepth) {

    public int n() {
        return source.n();
    }

    public int m() {
        return b0.length;
    }
}
