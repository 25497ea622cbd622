package aedyn.train;

import aedyn.choice.Choice;
import aedyn.data.Matrices;
import aedyn.model.Parameters;

import java.util.List;

/**
 * How the weights move from one iteration to the next, given the gradient of the objective (SPEC section 5,
 * train.optimizer). The bias moves by its {@link BiasSchedule}; which samples make up a pass (the whole data set or
 * a mini-batch) is decided on the data side ({@link MiniBatch}), so {@code sgd} is this same step on a batch.
 */
public sealed interface Optimizer permits Optimizer.Normalized, Optimizer.GradientDescent {

    /** The words train.optimizer takes: normalized is paper 1's update; sgd is gd on mini-batches. */
    enum Kind implements Choice {
        NORMALIZED, GD, SGD;

        public static Kind named(String label) {
            return Choice.named(Kind.class, label);
        }

        public static List<String> names() {
            return Choice.names(Kind.class);
        }
    }

    /**
     * The weights of iteration s + 1 (the bias is left as it is), written into the gradient's weight arrays, which
     * the pass made for row s alone and nothing reads after the step: a fresh array per update cost a wide member
     * one allocation of its weights' size every iteration (n = 784, m = 1024: 6.4 MB, zeroed before it was written).
     */
    Parameters step(Parameters theta, Parameters gradient, int iteration);

    /** Paper 1's normalized gradient descent: W^{s+1} = normalize(W^s - zeta g^s), every column to unit norm. */
    record Normalized(double learningRate) implements Optimizer {
        public Normalized {
            checkRate("train.learning-rate", learningRate);
        }

        /** Throws DivergenceException naming the column when one becomes zero or non-finite. */
        @Override
        public Parameters step(Parameters theta, Parameters gradient, int iteration) {
            if (!theta.tied()) throw new IllegalArgumentException("normalized updates are for a weight-tied W only");
            double[] w = theta.v();
            double[] next = gradient.v();
            for (int i = 0; i < w.length; i++) next[i] = w[i] - learningRate * next[i];
            int bad = Matrices.normalizeColumns(next, theta.n(), theta.m());
            if (bad >= 0) {
                throw new DivergenceException(iteration, "column " + bad + " of W has zero or non-finite norm after the update");
            }
            return Parameters.tied(theta.n(), theta.m(), next, theta.b());
        }
    }

    /** theta <- theta - eta G for every trained matrix (a null part of the gradient is not trained). */
    record GradientDescent(double stepSize) implements Optimizer {
        public GradientDescent {
            checkRate("train.learning-rate", stepSize);
        }

        @Override
        public Parameters step(Parameters theta, Parameters gradient, int iteration) {
            double[] v = moved(theta.v(), gradient.v(), iteration, theta.tied() ? "W" : "V");
            double[] u = theta.tied() ? null : moved(theta.u(), gradient.u(), iteration, "U");
            return new Parameters(theta.n(), theta.m(), v, u, theta.b());
        }

        private double[] moved(double[] x, double[] g, int iteration, String name) {
            if (g == null) return x;
            double[] next = g;
            // the update and the check in two loops: the JIT vectorizes the first only without the check's exit
            for (int i = 0; i < x.length; i++) next[i] = x[i] - stepSize * next[i];
            for (int i = 0; i < x.length; i++) {
                if (!Double.isFinite(next[i])) {
                    throw new DivergenceException(iteration, "entry " + i + " of " + name + " is " + next[i] + " after the update");
                }
            }
            return next;
        }
    }

    private static void checkRate(String key, double rate) {
        if (!(rate > 0) || !Double.isFinite(rate)) {
            throw new IllegalArgumentException(key + " = " + rate + ": must be a finite number > 0");
        }
    }
}
