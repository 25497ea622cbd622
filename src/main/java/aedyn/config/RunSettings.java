package aedyn.config;

import aedyn.model.Activation;
import aedyn.train.BiasSchedule;
import aedyn.train.Init;

/** Everything one training run needs, typed and validated. */
public record RunSettings(DataSettings data, Activation activation, Init init, double bias0,
                          BiasSchedule biasSchedule, int iterations, double learningRate, int treeDepth,
                          boolean signInvariant, int checkpointEvery, double checkpointIntervalSeconds,
                          boolean populationGradient) {

    public RunSettings withData(DataSettings d) {
        return new RunSettings(d, activation, init, bias0, biasSchedule, iterations, learningRate, treeDepth,
                signInvariant, checkpointEvery, checkpointIntervalSeconds, populationGradient);
    }
}
