package aedyn.boundary;

/** All runs at one value of the searched key and one outer point (SPEC 9.2): t trials, s successes. */
public record Probe(double value, int trials, int successes) {
    public Probe {
        if (!Double.isFinite(value)) throw new IllegalArgumentException("probe value " + value);
        if (trials < 1 || successes < 0 || successes > trials) {
            throw new IllegalArgumentException("probe at " + value + ": " + successes + " successes of " + trials);
        }
    }

    /** p̂ = s / t */
    public double p() {
        return successes / (double) trials;
    }

    public Wilson wilson() {
        return Wilson.of(successes, trials);
    }
}
