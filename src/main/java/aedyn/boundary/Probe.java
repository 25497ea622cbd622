package aedyn.boundary;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

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

    /**
     * The probes of one outer point from its runs' values of the searched key and their outcomes, sorted by value.
     * A run with no outcome (NONE: it did not finish for an outside reason) counts in no probe; it is run again.
     */
    public static List<Probe> tally(List<Double> values, List<Verdict> verdicts) {
        if (values.size() != verdicts.size()) {
            throw new IllegalArgumentException(values.size() + " values for " + verdicts.size() + " outcomes");
        }
        Map<Double, int[]> counts = new TreeMap<>();
        for (int i = 0; i < values.size(); i++) {
            if (verdicts.get(i) == Verdict.NONE) continue;
            int[] c = counts.computeIfAbsent(values.get(i), v -> new int[2]);
            c[0]++;
            if (verdicts.get(i) == Verdict.SUCCESS) c[1]++;
        }
        List<Probe> out = new ArrayList<>();
        counts.forEach((v, c) -> out.add(new Probe(v, c[0], c[1])));
        return out;
    }
}
