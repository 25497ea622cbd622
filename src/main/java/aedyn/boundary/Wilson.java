package aedyn.boundary;

/**
 * The Wilson 95 % interval of a success probability from s successes in t trials (SPEC 9.2):
 * (p + z^2/2t -+ z sqrt(p(1-p)/t + z^2/4t^2)) / (1 + z^2/t), p = s/t, z the normal 0.975 quantile.
 * Unlike the Wald interval it stays inside [0, 1] and has width at p = 0 or 1, which the search's
 * few trials per probe need.
 */
public record Wilson(double low, double high) {
    /** The standard normal 0.975 quantile. */
    public static final double Z = 1.959963984540054;

    public static Wilson of(int successes, int trials) {
        if (trials < 1 || successes < 0 || successes > trials) {
            throw new IllegalArgumentException("Wilson interval needs 0 <= successes <= trials, trials >= 1: "
                    + successes + " of " + trials);
        }
        double t = trials;
        double p = successes / t;
        double z2 = Z * Z;
        double denominator = 1 + z2 / t;
        double centre = (p + z2 / (2 * t)) / denominator;
        double half = Z / denominator * Math.sqrt(p * (1 - p) / t + z2 / (4 * t * t));
        // at s = 0 or s = t the bound is exactly 0 or 1; the formula can miss it by an ulp
        double low = successes == 0 ? 0.0 : Math.max(0.0, centre - half);
        double high = successes == trials ? 1.0 : Math.min(1.0, centre + half);
        return new Wilson(low, high);
    }

    public boolean contains(double p) {
        return low <= p && p <= high;
    }
}
