package aedyn.model;

/**
 * The output scale c of y_hat = c U sigma(V^T y + b) and the step-size factor that goes with it (SPEC section 5).
 */
public enum Scale {
    /** c = 1 (paper 1). */
    STANDARD("standard"),
    /** c = 1/sqrt(m) (paper 2, the neural tangent kernel scaling). */
    NTK("ntk"),
    /** c = 1/m (paper 3), with the step size multiplied by m so that t = zeta s is the mean-field time. */
    MEAN_FIELD("mean-field");

    private final String key;

    Scale(String key) {
        this.key = key;
    }

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

    /** The name model.scale uses. */
    public String key() {
        return key;
    }

    public static Scale of(String key) {
        for (Scale s : values()) {
            if (s.key.equals(key)) return s;
        }
        throw new IllegalArgumentException("model.scale = \"" + key + "\": one of standard, ntk, mean-field");
    }
}
