package aedyn.boundary;

import java.util.Locale;

/** How the searched key is spaced (SPEC 9.3): g(x) = ln x on a log scale, g(x) = x on a linear one. */
public enum KeyScale {
    LOG, LINEAR;

    public double g(double x) {
        return this == LOG ? Math.log(x) : x;
    }

    public double gInverse(double y) {
        return this == LOG ? Math.exp(y) : y;
    }

    /** The name in study.search.scale. */
    public String configName() {
        return name().toLowerCase(Locale.ROOT);
    }
}
