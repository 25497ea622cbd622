package aedyn.train;

import aedyn.choice.Choice;

import java.util.List;

/** How the encoder bias moves after each weight update (SPEC section 2). */
public sealed interface BiasSchedule permits BiasSchedule.Constant, BiasSchedule.Geometric,
        BiasSchedule.Contraction, BiasSchedule.Learned {

    /** The words bias.schedule takes. */
    enum Kind implements Choice {
        CONSTANT, GEOMETRIC, CONTRACTION, LEARNED;

        public static Kind named(String label) {
            return Choice.named(Kind.class, label);
        }

        public static List<String> names() {
            return Choice.names(Kind.class);
        }
    }

    /** b^{s+1} from b^s and the bias gradient g_b computed at (W^s, b^s). */
    double[] next(double[] b, double[] biasGradient);

    /** b^{s+1} = b^s. */
    record Constant() implements BiasSchedule {
        @Override
        public double[] next(double[] b, double[] biasGradient) {
            return b.clone();
        }
    }

    /** b^{s+1} = b^s / C, C > 1 (paper 1's experiment: C = 2). */
    record Geometric(double factor) implements BiasSchedule {
        public Geometric {
            if (!(factor > 1) || !Double.isFinite(factor)) {
                throw new IllegalArgumentException("bias.factor = " + factor + ": must be a finite number > 1");
            }
        }

        @Override
        public double[] next(double[] b, double[] biasGradient) {
            return scaled(b, 1.0 / factor);
        }
    }

    /** b^{s+1} = sqrt(1 - tau) b^s, 0 < tau < 1 (paper 1's proof). */
    record Contraction(double tau) implements BiasSchedule {
        public Contraction {
            if (!(tau > 0 && tau < 1)) {
                throw new IllegalArgumentException("bias.tau = " + tau + ": must lie in (0, 1)");
            }
        }

        @Override
        public double[] next(double[] b, double[] biasGradient) {
            return scaled(b, Math.sqrt(1 - tau));
        }
    }

    /** b^{s+1} = b^s - zeta_b g_b. */
    record Learned(double learningRate) implements BiasSchedule {
        @Override
        public double[] next(double[] b, double[] biasGradient) {
            double[] out = b.clone();
            for (int i = 0; i < out.length; i++) out[i] -= learningRate * biasGradient[i];
            return out;
        }
    }

    private static double[] scaled(double[] b, double c) {
        double[] out = b.clone();
        for (int i = 0; i < out.length; i++) out[i] *= c;
        return out;
    }
}
