package aedyn.config;

import aedyn.choice.Choice;

import java.util.List;

/** The words data.model takes (SPEC sections 1 and 6). */
public enum DataModel implements Choice {
    MIXTURE, SPARSE, NONNEG_SPARSE, FILE, GAUSSIAN, IDX;

    public static DataModel named(String label) {
        return Choice.named(DataModel.class, label);
    }

    public static List<String> names() {
        return Choice.names(DataModel.class);
    }

    /** The generative bilinear model y = A x* + eta, which draws its own ground truth A and codes. */
    public boolean generative() {
        return this == MIXTURE || this == SPARSE || this == NONNEG_SPARSE;
    }

    /** Sparse codes with k nonzeros: what the spectral initialization needs. */
    public boolean sparse() {
        return this == SPARSE || this == NONNEG_SPARSE;
    }

    /** A fixed data set read from a file (samples or images), which fresh samples cannot replace. */
    public boolean readFromFile() {
        return this == FILE || this == IDX;
    }
}
