package aedyn.model;

import aedyn.choice.Choice;

import java.io.Serializable;
import java.util.List;

/**
 * The encoder's activation sigma and its derivative (SPEC sections 2 and 5). Each kind evaluates a whole panel in
 * {@link #evaluate} with a loop of its own, so the kernel's hot loop calls one monomorphic method per panel rather
 * than an interface method per entry.
 */
public sealed interface Activation extends Serializable permits Activation.Relu, Activation.Threshold,
        Activation.Softplus, Activation.Tanh, Activation.Sigmoid, Activation.Linear, Activation.Extension {

    double apply(double z);

    /** sigma'(z); for relu 1[z > 0], for threshold 1[|z| > lambda] (SPEC section 5). */
    double derivative(double z);

    /** True for relu and threshold, whose approximate gradient of paper 1 is exact almost everywhere. */
    default boolean piecewiseLinear() {
        return false;
    }

    /** h[i] = sigma(z[i]) and d[i] = sigma'(z[i]) for i < len. */
    void evaluate(double[] z, double[] h, double[] d, int len);

    /**
     * sigma(z) is 0 or z, and sigma'(z) = 1 exactly where sigma(z) != 0: the property paper 1's Gram-form kernel
     * relies on (it forms M o Z for sigma(Z) and M for sigma'(Z), SPEC section 2). False unless an activation
     * claims it, so a new activation reaches the general kernel, which uses sigma and sigma' as they are.
     */
    default boolean identityOnSupport() {
        return false;
    }

    /** The words model.activation takes. */
    enum Kind implements Choice {
        RELU, THRESHOLD, SOFTPLUS, TANH, SIGMOID, LINEAR;

        public static Kind named(String label) {
            return Choice.named(Kind.class, label);
        }

        public static List<String> names() {
            return Choice.names(Kind.class);
        }
    }

    /** The activation named by model.activation ({@code lambda} is used by threshold only). */
    static Activation named(String name, double lambda) {
        return switch (Kind.named(name)) {
            case RELU -> new Relu();
            case THRESHOLD -> new Threshold(lambda);
            case SOFTPLUS -> new Softplus();
            case TANH -> new Tanh();
            case SIGMOID -> new Sigmoid();
            case LINEAR -> new Linear();
        };
    }

    /** The words model.activation takes. */
    static List<String> names() {
        return Kind.names();
    }

    /**
     * An activation outside model.activation's list, for experiments in code and tests: it is never chosen by a
     * study file, and it reaches paper 1's kernel only if it claims {@link #identityOnSupport()}.
     */
    non-sealed interface Extension extends Activation {
        @Override
        default void evaluate(double[] z, double[] h, double[] d, int len) {
            for (int i = 0; i < len; i++) {
                h[i] = apply(z[i]);
                d[i] = derivative(z[i]);
            }
        }
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

        @Override
        public boolean identityOnSupport() {
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
        public boolean identityOnSupport() {
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
        public boolean identityOnSupport() {
            return true;
        }

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
