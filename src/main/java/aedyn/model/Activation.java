package aedyn.model;

import java.io.Serializable;

/**
 * The encoder's activation sigma and its derivative (SPEC sections 2 and 5). Each kind evaluates a whole panel in
 * {@link #evaluate} with a loop of its own, so the kernel's hot loop calls one monomorphic method per panel rather
 * than an interface method per entry.
 */
public sealed interface Activation extends Serializable permits Activation.Relu, Activation.Threshold,
        Activation.Softplus, Activation.Tanh, Activation.Sigmoid, Activation.Linear {

    double apply(double z);

    /** sigma'(z); for relu 1[z > 0], for threshold 1[|z| > lambda] (SPEC section 5). */
    double derivative(double z);

    /** True for relu and threshold, whose approximate gradient of paper 1 is exact almost everywhere. */
    default boolean piecewiseLinear() {
        return false;
    }

    /** h[i] = sigma(z[i]) and d[i] = sigma'(z[i]) for i < len. */
    void evaluate(double[] z, double[] h, double[] d, int len);

    /** The activation named by model.activation ({@code lambda} is used by threshold only). */
    static Activation named(String name, double lambda) {
        return switch (name) {
            case "relu" -> new Relu();
            case "threshold" -> new Threshold(lambda);
            case "softplus" -> new Softplus();
            case "tanh" -> new Tanh();
            case "sigmoid" -> new Sigmoid();
            case "linear" -> new Linear();
            default -> throw new IllegalArgumentException("model.activation = \"" + name
                    + "\": one of relu, threshold, softplus, tanh, sigmoid, linear");
        };
    }

    /** sigma(z) = max(z, 0). */
    record Relu() implements Activation {
        @Override
        public double apply(double z) {
            return z > 0 ? z : 0.0;
        }

        @Override
        public double derivative(double z) {
            return z > 0 ? 1.0 : 0.0;
        }

        @Override
        public boolean piecewiseLinear() {
            return true;
        }

        /**
         * Branch-free: with z's signs at random a branch per entry is mispredicted half the time, which made this
         * loop the costliest part of a wide kernel's pass (JFR). z > 0 (NaN excluded) exactly when the raw bits
         * lie in [1, bits(+inf)], that is when (bits - 1) >>> 52 < 0x7FF; the mask keeps z's bits or gives +0.0.
         */
        @Override
        public void evaluate(double[] z, double[] h, double[] d, int len) {
            for (int i = 0; i < len; i++) {
                long bits = Double.doubleToRawLongBits(z[i]);
                long on = (((bits - 1) >>> 52) - 0x7FF) >> 63;
                h[i] = Double.longBitsToDouble(bits & on);
                d[i] = Double.longBitsToDouble(ONE_BITS & on);
            }
        }

        private static final long ONE_BITS = Double.doubleToRawLongBits(1.0);

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
        public double derivative(double z) {
            return Math.abs(z) > lambda ? 1.0 : 0.0;
        }

        @Override
        public boolean piecewiseLinear() {
            return true;
        }

        @Override
        public void evaluate(double[] z, double[] h, double[] d, int len) {
            for (int i = 0; i < len; i++) {
                boolean on = Math.abs(z[i]) > lambda;
                h[i] = on ? z[i] : 0.0;
                d[i] = on ? 1.0 : 0.0;
            }
        }

        @Override
        public String toString() {
            return "threshold(" + lambda + ")";
        }
    }

    /** sigma(z) = ln(1 + e^z), evaluated without overflow; sigma' is the logistic function. */
    record Softplus() implements Activation {
        @Override
        public double apply(double z) {
            return z > 0 ? z + Math.log1p(Math.exp(-z)) : Math.log1p(Math.exp(z));
        }

        @Override
        public double derivative(double z) {
            return Sigmoid.logistic(z);
        }

        @Override
        public void evaluate(double[] z, double[] h, double[] d, int len) {
            for (int i = 0; i < len; i++) {
                double x = z[i];
                double e = Math.exp(-Math.abs(x)); // in (0, 1]: no overflow either side
                h[i] = Math.max(x, 0.0) + Math.log1p(e);
                d[i] = x >= 0 ? 1.0 / (1.0 + e) : e / (1.0 + e);
            }
        }

        @Override
        public String toString() {
            return "softplus";
        }
    }

    /** sigma(z) = tanh z, sigma' = 1 - tanh^2 z. */
    record Tanh() implements Activation {
        @Override
        public double apply(double z) {
            return Math.tanh(z);
        }

        @Override
        public double derivative(double z) {
            double t = Math.tanh(z);
            return 1.0 - t * t;
        }

        @Override
        public void evaluate(double[] z, double[] h, double[] d, int len) {
            for (int i = 0; i < len; i++) {
                double t = Math.tanh(z[i]);
                h[i] = t;
                d[i] = 1.0 - t * t;
            }
        }

        @Override
        public String toString() {
            return "tanh";
        }
    }

    /** sigma(z) = 1 / (1 + e^-z), sigma' = sigma (1 - sigma). */
    record Sigmoid() implements Activation {
        static double logistic(double z) {
            double e = Math.exp(-Math.abs(z));
            return z >= 0 ? 1.0 / (1.0 + e) : e / (1.0 + e);
        }

        @Override
        public double apply(double z) {
            return logistic(z);
        }

        @Override
        public double derivative(double z) {
            double s = logistic(z);
            return s * (1.0 - s);
        }

        @Override
        public void evaluate(double[] z, double[] h, double[] d, int len) {
            for (int i = 0; i < len; i++) {
                double s = logistic(z[i]);
                h[i] = s;
                d[i] = s * (1.0 - s);
            }
        }

        @Override
        public String toString() {
            return "sigmoid";
        }
    }

    /** sigma(z) = z (the linear autoencoder, whose dynamics have a closed form). */
    record Linear() implements Activation {
        @Override
        public double apply(double z) {
            return z;
        }

        @Override
        public double derivative(double z) {
            return 1.0;
        }

        @Override
        public void evaluate(double[] z, double[] h, double[] d, int len) {
            System.arraycopy(z, 0, h, 0, len);
            java.util.Arrays.fill(d, 0, len, 1.0);
        }

        @Override
        public String toString() {
            return "linear";
        }
    }
}
