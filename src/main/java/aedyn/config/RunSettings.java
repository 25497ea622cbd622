package aedyn.config;

import aedyn.model.ModelSpec;
import aedyn.train.BiasSchedule;
import aedyn.init.Init;
import aedyn.train.Optimizer;

/**
 * Everything one training run needs, typed and validated. {@code learningRate} is zeta as configured;
 * {@code optimizer} already carries the step it implies (eta = zeta m for the mean-field scale). {@code batchFraction}
 * is below 1 only for sgd on a fixed data set; {@code initScale} is the s of init.kind = gaussian.
 */
public record RunSettings(DataSettings data, ModelSpec model, Init init, double bias0, BiasSchedule biasSchedule,
                          int iterations, double learningRate, String optimizerName, Optimizer optimizer, double l2,
                          double batchFraction, int treeDepth, boolean signInvariant, int checkpointEvery,
                          double checkpointIntervalSeconds, boolean populationGradient) {

    /** The same run on data of another shape (a samples file fixes n and N); the model's n follows the data's. */
    public RunSettings withData(DataSettings d) {
        ModelSpec spec = new ModelSpec(model.architecture(), model.scale(), model.activation(), model.regime(), d.n(),
                model.m());
        return new RunSettings(d, spec, init, bias0, biasSchedule, iterations, learningRate, optimizerName, optimizer,
                l2, batchFraction, treeDepth, signInvariant, checkpointEvery, checkpointIntervalSeconds, populationGradient);
    }

    /** Paper 1's protocol: normalized updates of a tied W, whose learning curve keeps paper 1's columns alone. */
    public boolean paperOneUpdates() {
        return optimizer instanceof Optimizer.Normalized;
    }
}
