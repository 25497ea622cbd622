package aedyn.boundary;

/**
 * The boundary x* of one outer point (SPEC 9.3) with its 95 % interval [low, high] and how that interval was
 * obtained. Censored boundaries carry no number (all NaN). An interval end that the data do not bound (the
 * profile likelihood never falls far enough on that side, within 10^4 times the probes' span in g) is NaN too,
 * and so is every number of a flat fit (b = 0), which crosses 1/2 nowhere.
 *
 * @param probes how many probes of the outer point went into it
 */
public record Boundary(double estimate, double low, double high, Censoring censored, IntervalKind interval,
                       int probes) {

    /** How the interval was obtained; written to boundary.csv's interval column. */
    public enum IntervalKind {
        /** the maximum-likelihood logistic fit's x*, interval by profile likelihood (likelihood-ratio 95 %) */
        PROFILE,
        /**
         * separated probes (no failure above any success, or the mirror): the MLE does not exist (the likelihood
         * grows as |b| does); the interval is the bracket between the last probe with no success and the first
         * with no failure (NaN on a side without one), the estimate the one mixed value between them if there is
         * one (where the MLE's x* tends), else the bracket's midpoint in g, the bisection's estimate
         */
        BRACKET,
        /** censored: no number */
        NONE;

        public String csv() {
            return name().toLowerCase(java.util.Locale.ROOT);
        }
    }

    static Boundary censored(Censoring side, int probes) {
        return new Boundary(Double.NaN, Double.NaN, Double.NaN, side, IntervalKind.NONE, probes);
    }

    public boolean isCensored() {
        return censored != Censoring.NONE;
    }
}
