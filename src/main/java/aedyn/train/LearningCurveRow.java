package aedyn.train;

/**
 * Row s of the learning curve: the loss of the pass at W^s, b^s and the recovery metrics of W^s
 * (SPEC sections 2 and 4). Metrics that need the ground truth or the true codes are NaN when those are absent;
 * contraction is fro_error(s+1)^2 / fro_error(s)^2 and is NaN for the last row; populationGradientError is
 * ||g^s - g_pop||_F / ||g_pop||_F for the mixture model when asked for, else NaN.
 */
public record LearningCurveRow(int iteration, double loss, double froError, double maxColumnError,
                               double spectralRatio, double supportRecovery, double signRecovery,
                               double contraction, double biasMean, double gradNorm,
                               double populationGradientError, double seconds) {

    public LearningCurveRow withContraction(double value) {
        return new LearningCurveRow(iteration, loss, froError, maxColumnError, spectralRatio, supportRecovery,
                signRecovery, value, biasMean, gradNorm, populationGradientError, seconds);
    }
}
