package aedyn.model;

import java.io.Serializable;

/** The encoder's activation sigma (SPEC section 2). */
public sealed interface Activation extends Serializable permits Activation.Relu, Activation.Threshold {

    double apply(double z);

    /** sigma(z) = max(z, 0). */
    record Relu() implements Activation {
        @Override
        public double apply(double z) {
            return z > 0 ? z : 0.0;
        }

        @Override
        public String toString() {
            return "relu";
        }
    }

    /** sigma(z) = z 1[|z| > lambda], strict inequality. */
    record Threshold(double lambda) implements Activation {
        public Threshold {
            if (!(lambda >= 0) || !Double.isFinite(lambda)) {
                throw new IllegalArgumentException("threshold level " + lambda + " must be a finite number >= 0");
            }
        }

        @Override
        public double apply(double z) {
            return Math.abs(z) > lambda ? z : 0.0;
        }

        @Override
        public String toString() {
            return "threshold(" + lambda + ")";
        }
    }
}
