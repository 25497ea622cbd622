package aedyn.boundary;

import java.util.Locale;

/** Whether success grows or falls with the searched key (study.search.direction, SPEC 9.3). */
public enum Direction {
    INCREASING, DECREASING;

    /** The name in study.search.direction. */
    public String configName() {
        return name().toLowerCase(Locale.ROOT);
    }
}
