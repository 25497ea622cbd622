package aedyn.boundary;

import java.util.Locale;

/**
 * Whether a boundary lies inside the values tried (NONE) or beyond them (SPEC 9.3): BELOW the smallest value
 * tried or ABOVE the largest, reported as such and never as a number.
 */
public enum Censoring {
    NONE, BELOW, ABOVE;

    /** The cell in boundary.csv's censored column. */
    public String csv() {
        return name().toLowerCase(Locale.ROOT);
    }
}
