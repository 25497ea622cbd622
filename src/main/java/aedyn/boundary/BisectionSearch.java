package aedyn.boundary;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.OptionalDouble;
import java.util.Set;

/**
 * The bisection of SPEC 9.3 for one outer point. Its state is derived only from the finished probes it is given
 * (replayed from [from, to] every time), so that --resume, handed the same probes, continues the same search:
 * probe both ends; while the ends straddle 1/2 (p̂(lo) &lt; 1/2 &lt; p̂(hi) when success increases with the key,
 * the mirror when it decreases) and g(hi) - g(lo) &gt; resolution, probe x = g^-1((g(lo) + g(hi)) / 2), rounded
 * for an integer key, and keep the half whose ends still straddle 1/2. A midpoint with p̂ = 1/2 exactly leaves no
 * half that straddles strictly, so the search ends there, before the resolution; an odd number of trials avoids it.
 */
public final class BisectionSearch {
    private final double from;
    private final double to;
    private final KeyScale scale;
    private final Direction direction;
    private final double resolution;
    private final boolean integer;

    public BisectionSearch(double from, double to, KeyScale scale, Direction direction, double resolution,
                           boolean integer) {
        if (!(from < to) || (scale == KeyScale.LOG && !(from > 0)) || !(resolution > 0)) {
            throw new IllegalArgumentException("search needs from < to, from > 0 on a log scale and resolution > 0: "
                    + from + ", " + to + ", " + resolution);
        }
        this.from = integer ? Math.round(from) : from;
        this.to = integer ? Math.round(to) : to;
        this.scale = scale;
        this.direction = direction;
        this.resolution = resolution;
        this.integer = integer;
    }

    public static BisectionSearch of(SearchSettings s) {
        return new BisectionSearch(s.from(), s.to(), s.scale(), s.direction(), s.resolution(), s.integer());
    }

    /** Where the search stands after the given probes: the values to probe next (none when it is done) and why. */
    public record State(List<Double> next, double lo, double hi, String reason) {
        public boolean done() {
            return next.isEmpty();
        }
    }

    /** The next value to probe, or empty when the search is done. */
    public OptionalDouble nextProbe(List<Probe> finished) {
        State s = state(finished);
        return s.done() ? OptionalDouble.empty() : OptionalDouble.of(s.next().get(0));
    }

    /**
     * The replayed state. {@code next} holds both ends when neither has been probed (they can run in one round),
     * else the one value to probe next, else nothing.
     */
    public State state(List<Probe> finished) {
        List<Probe> pooled = LogisticBoundary.pool(finished);
        double lo = from;
        double hi = to;
        Probe pLo = find(pooled, lo);
        Probe pHi = find(pooled, hi);
        if (pLo == null || pHi == null) {
            List<Double> next = new ArrayList<>();
            if (pLo == null) next.add(lo);
            if (pHi == null) next.add(hi);
            return new State(next, lo, hi, "probing the ends");
        }
        while (true) {
            if (!straddles(pLo, pHi)) {
                return new State(List.of(), lo, hi, "the ends " + lo + " and " + hi + " do not straddle 1/2");
            }
            if (scale.g(hi) - scale.g(lo) <= resolution) {
                return new State(List.of(), lo, hi, "resolution reached");
            }
            double mid = scale.gInverse((scale.g(lo) + scale.g(hi)) / 2);
            if (integer) mid = Math.round(mid);
            if (mid <= lo || mid >= hi) {
                return new State(List.of(), lo, hi, (integer ? "no integer between " : "no number between ") + lo + " and " + hi);
            }
            Probe pMid = find(pooled, mid);
            if (pMid == null) return new State(List.of(mid), lo, hi, "bisecting");
            if (pMid.p() == 0.5) {
                return new State(List.of(), lo, hi, "p̂ = 1/2 exactly at " + mid);
            }
            if (successSide(pMid) == successSide(pHi)) {
                hi = mid;
                pHi = pMid;
            } else {
                lo = mid;
                pLo = pMid;
            }
        }
    }

    private boolean straddles(Probe lo, Probe hi) {
        return direction == Direction.INCREASING ? lo.p() < 0.5 && 0.5 < hi.p() : lo.p() > 0.5 && 0.5 > hi.p();
    }

    private static boolean successSide(Probe p) {
        return p.p() > 0.5;
    }

    /** The probe at x; values are compared to a relative 1e-12 so that a value written and read back matches. */
    private static Probe find(List<Probe> pooled, double x) {
        for (Probe p : pooled) {
            if (Math.abs(p.value() - x) <= 1e-12 * Math.max(1, Math.abs(x))) return p;
        }
        return null;
    }

    /**
     * The values of the probes whose p̂ contradicts monotonicity beyond both Wilson intervals (SPEC 9.3): for a
     * pair x1 &lt; x2, p̂(x1) lies above x2's interval and p̂(x2) below x1's when success should increase (the
     * mirror when it should decrease). Both probes of such a pair are flagged; none is dropped.
     */
    public static Set<Double> contradictions(List<Probe> probes, Direction direction) {
        List<Probe> pooled = LogisticBoundary.pool(probes);
        Set<Double> flagged = new LinkedHashSet<>();
        for (int i = 0; i < pooled.size(); i++) {
            for (int j = i + 1; j < pooled.size(); j++) {
                Probe lower = direction == Direction.INCREASING ? pooled.get(i) : pooled.get(j);
                Probe upper = direction == Direction.INCREASING ? pooled.get(j) : pooled.get(i);
                // lower should not succeed more often than upper
                if (lower.p() > upper.wilson().high() && upper.p() < lower.wilson().low()) {
                    flagged.add(pooled.get(i).value());
                    flagged.add(pooled.get(j).value());
                }
            }
        }
        return flagged;
    }
}
