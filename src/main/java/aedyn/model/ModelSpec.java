package aedyn.model;

import aedyn.choice.Choice;

import java.io.Serializable;
import java.util.List;

/**
 * Which two-layer autoencoder a run trains (SPEC section 5): y_hat = c U sigma(V^T y + b), weight-tied (U = V = W)
 * or not, with the output scale c, the activation, which weights are trained and the width m.
 */
public record ModelSpec(Architecture architecture, Scale scale, Activation activation, Regime regime, int n, int m)
        implements Serializable {

    /** model.architecture: one matrix W in both layers, or an encoder V and a decoder U. */
    public enum Architecture implements Choice {
        TIED, UNTIED;

        public static Architecture named(String label) {
            return Choice.named(Architecture.class, label);
        }

        public static List<String> names() {
            return Choice.names(Architecture.class);
        }
    }

    /** Untied models: both layers trained, or the encoder only (paper 2's "weakly trained" autoencoder). */
    public enum Regime implements Choice {
        JOINT, ENCODER_ONLY;

        public static Regime named(String label) {
            return Choice.named(Regime.class, label);
        }

        public static List<String> names() {
            return Choice.names(Regime.class);
        }
    }

    public ModelSpec {
        if (n < 1 || m < 1) throw new IllegalArgumentException("model of shape n = " + n + ", m = " + m + ": both must be >= 1");
        if (architecture == Architecture.TIED && regime == Regime.ENCODER_ONLY) {
            throw new IllegalArgumentException("an encoder-only regime needs an untied model (a tied W is both layers)");
        }
    }

    /** Paper 1's weight-tied autoencoder y_hat = W sigma(W^T y + b). */
    public static ModelSpec tied(Activation activation, int n, int m) {
        return new ModelSpec(Architecture.TIED, Scale.STANDARD, activation, Regime.JOINT, n, m);
    }

    public boolean tied() {
        return architecture == Architecture.TIED;
    }

    public boolean trainsDecoder() {
        return architecture == Architecture.UNTIED && regime == Regime.JOINT;
    }

    /** The output scale c for this width. */
    public double outputScale() {
        return scale.outputScale(m);
    }
}
