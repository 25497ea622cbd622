package aedyn.ntk;

import org.junit.jupiter.api.Test;

import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The predicted loss of SPEC 8.3 against the residual iterated step by step, R_{s+1} = R_s (I - (eta/N) K), and the
 * predicted slowest rate against the predicted curve's own late slope.
 */
class KernelPredictionTest {

    @Test
    void predictedLossIsTheIteratedResidualsLoss() {
        int n = 4;
        int samples = 9;
        int iterations = 60;
        Random r = new Random(6);
        double[] y = TangentKernelTest.gaussian(r, n * samples, 1.0);
        double[] k = InfiniteWidthKernel.of(new aedyn.model.Activation.Relu(), n, 1.0, true, false, y, samples, 0);
        double[] r0 = TangentKernelTest.gaussian(r, n * samples, 0.5);
        KernelPrediction prediction = KernelPrediction.of(k, samples, r0, n);
        double eta = 1.5 * samples / prediction.lambda()[samples - 1]; // stable: every |1 - eta lambda / N| < 1
        double[] predicted = prediction.loss(eta, iterations);
        double[] res = r0.clone();
        for (int s = 0; s <= iterations; s++) {
            double loss = 0;
            for (double x : res) loss += 0.5 * x * x;
            loss /= samples;
            assertEquals(loss, predicted[s], 1e-12 * loss, "iteration " + s);
            double[] next = res.clone();
            for (int t = 0; t < n; t++) {
                for (int a = 0; a < samples; a++) {
                    double step = 0;
                    for (int b = 0; b < samples; b++) step += res[t + b * n] * k[b + a * samples];
                    next[t + a * n] -= eta / samples * step;
                }
            }
            res = next;
        }
        assertTrue(predicted[iterations] < 0.9 * predicted[0], "the loss must fall for the comparison to mean anything");
    }

    @Test
    void slowestRateIsTheLateSlopeOfTheLogLoss() {
        int n = 3;
        int samples = 6;
        Random r = new Random(12);
        double[] y = TangentKernelTest.gaussian(r, n * samples, 1.0);
        double[] k = InfiniteWidthKernel.of(new aedyn.model.Activation.Relu(), n, 1.0, true, true, y, samples, 0);
        KernelPrediction prediction = KernelPrediction.of(k, samples, TangentKernelTest.gaussian(r, n * samples, 1.0), n);
        double eta = 1.0;
        int late = 4000;
        double[] loss = prediction.loss(eta, late);
        double slope = Math.log(loss[late]) - Math.log(loss[late - 1]);
        double lambdaMin = prediction.lambda()[0];
        assertEquals(2 * Math.log(Math.abs(1 - eta * lambdaMin / samples)), prediction.slowestRate(eta), 1e-15);
        assertEquals(slope, prediction.slowestRate(eta), 1e-6 * Math.abs(slope));
        // a step past the top mode's stability: the top mode decays slowest (grows), not the bottom one
        double lambdaMax = prediction.lambda()[samples - 1];
        double big = 2.5 * samples / lambdaMax;
        assertEquals(2 * Math.log(Math.abs(1 - big * lambdaMax / samples)), prediction.slowestRate(big), 1e-15);
    }
}
