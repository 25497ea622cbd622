package aedyn.model;

import aedyn.choice.Choice;

import java.util.List;

/**
 * The output scale c of y_hat = c U sigma(V^T y + b) and the step-size factor that goes with it (SPEC section 5).
 */
public enum Scale implements Choice {
    /** c = 1 (paper 1). */
    STANDARD,
    /** c = 1/sqrt(m) (paper 2, the neural tangent kernel scaling). */
    NTK,
    /** c = 1/m (paper 3), with the step size multiplied by m so that t = zeta s is the mean-field time. */
    MEAN_FIELD;

    /** c for width m. */
    public double outputScale(int m) {
        return switch (this) {
            case STANDARD -> 1.0;
            case NTK -> 1.0 / Math.sqrt(m);
            case MEAN_FIELD -> 1.0 / m;
        };
    }

    /** eta / zeta: m for mean-field (a neuron's gradient is O(1/m)), 1 otherwise. */
    public double stepFactor(int m) {
        return this == MEAN_FIELD ? m : 1.0;
    }

    public static Scale named(String label) {
        return Choice.named(Scale.class, label);
    }

    public static List<String> names() {
        return Choice.names(Scale.class);
    }
}
