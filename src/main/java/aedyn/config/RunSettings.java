package aedyn.config;

import aedyn.init.Init;
import aedyn.model.ModelSpec;
import aedyn.train.BiasSchedule;
import aedyn.train.Optimizer;

/**
 * Everything one training run needs, typed and validated, in named groups: where the samples come from, which model,
 * where it starts, how it is trained, what it measures beyond the defaults, and when it saves its state.
 */
public record RunSettings(DataSettings data, ModelSpec model, Start start, Training training, Measurement measurement,
                          Checkpointing checkpointing) {

    /** The initializer and b^0 (SPEC sections 2, 3 and 5). */
    public record Start(Init init, double bias0) {
    }

    /**
     * The optimizer and its step, the bias schedule, the l2 weight and the length of the run (SPEC section 5).
     * {@code learningRate} is zeta as configured; {@code optimizer} already carries the step it implies (eta = zeta m
     * for the mean-field scale). {@code batchFraction} is below 1 only for sgd on a fixed data set. {@code linearize}:
     * what descends is the model's first-order expansion around theta^0 (model.linearize, SPEC section 8.4).
     */
    public record Training(Optimizer.Kind optimizerKind, Optimizer optimizer, double learningRate,
                           BiasSchedule biasSchedule, double l2, double batchFraction, int iterations, int treeDepth,
                           boolean linearize) {
    }

    /**
     * Metric choices beyond what the run's settings imply (SPEC sections 4, 7 and 8): {@code ntkProbe} samples of the
     * tangent kernel's probe (0: none), measured at s = 0, 1, 2, 4, ... and T ({@code ntkEvery} 0: log) or every
     * ntkEvery-th row and T.
     */
    public record Measurement(boolean signInvariant, boolean populationGradient, int ntkProbe, int ntkEvery) {
    }

    /** A checkpoint every {@code every} iterations, once at least {@code intervalSeconds} have passed (0: every time). */
    public record Checkpointing(int every, double intervalSeconds) {
    }

    /** The same run on data of another shape (a samples file fixes n and N); the model's n follows the data's. */
    public RunSettings withData(DataSettings d) {
        ModelSpec spec = new ModelSpec(model.architecture(), model.scale(), model.activation(), model.regime(), d.n(),
                model.m());
        return new RunSettings(d, spec, start, training, measurement, checkpointing);
    }

    /** Paper 1's protocol: normalized updates of a tied W, whose learning curve keeps paper 1's columns alone. */
    public boolean paperOneUpdates() {
        return training.optimizer() instanceof Optimizer.Normalized;
    }
}
