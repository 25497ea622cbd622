package aedyn.boundary;

import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.OptionalDouble;
import java.util.Random;
import java.util.Set;
import java.util.function.DoubleUnaryOperator;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** SPEC 9.3's bisection on synthetic outcomes whose boundary is known. */
class BisectionSearchTest {

    /** Runs the search to its end against p(x), t trials a probe from a seeded generator; the finished probes. */
    private static List<Probe> search(BisectionSearch s, DoubleUnaryOperator p, int trials, long seed) {
        Random r = new Random(seed);
        List<Probe> done = new ArrayList<>();
        for (int round = 0; round < 100; round++) {
            BisectionSearch.State st = s.state(done);
            if (st.done()) return done;
            for (double x : st.next()) {
                int successes = 0;
                for (int k = 0; k < trials; k++) if (r.nextDouble() < p.applyAsDouble(x)) successes++;
                done.add(new Probe(x, trials, successes));
            }
        }
        throw new AssertionError("the search did not end");
    }

    @Test
    void findsAKnownLogisticBoundaryToWithinTheResolution() {
        // increasing, linear: p(x) = 1 / (1 + exp(-(x - 0.9) / 0.004)), x* = 0.9, resolution 0.02, 8 trials
        BisectionSearch s = new BisectionSearch(0.5, 2.0, KeyScale.LINEAR, Direction.INCREASING, 0.02, false);
        List<Probe> probes = search(s, x -> 1 / (1 + Math.exp(-(x - 0.9) / 0.004)), 8, 11);
        BisectionSearch.State end = s.state(probes);
        assertEquals("resolution reached", end.reason());
        assertTrue(end.hi() - end.lo() <= 0.02, end.toString());
        assertTrue(end.lo() < 0.9 && 0.9 < end.hi(), end.toString());
        // 2 ends, then ceil(log2(1.5 / 0.02)) = 7 halvings
        assertEquals(9, probes.size());
        Boundary b = LogisticBoundary.of(probes, KeyScale.LINEAR, Direction.INCREASING);
        assertEquals(0.9, b.estimate(), 0.02, b.toString());
        assertTrue(b.low() <= 0.9 && 0.9 <= b.high(), b.toString());
    }

    @Test
    void aStepOnALogScaledIntegerKeyEndsOnNeighbours() {
        // decreasing in the sparsity k: success for k <= 37, failure above; from 4 to 512, log scale
        BisectionSearch s = new BisectionSearch(4, 512, KeyScale.LOG, Direction.DECREASING, 1e-6, true);
        List<Probe> probes = search(s, k -> k <= 37 ? 1 : 0, 8, 1);
        BisectionSearch.State end = s.state(probes);
        assertEquals(37.0, end.lo());
        assertEquals(38.0, end.hi());
        assertTrue(end.reason().startsWith("no integer between"), end.reason());
        for (Probe p : probes) assertEquals(Math.rint(p.value()), p.value(), "integer probes");
        Boundary b = LogisticBoundary.of(probes, KeyScale.LOG, Direction.DECREASING);
        assertEquals(Boundary.IntervalKind.BRACKET, b.interval());
        assertEquals(37.0, b.low());
        assertEquals(38.0, b.high());
        assertEquals(Math.sqrt(37.0 * 38.0), b.estimate(), 1e-12);
    }

    @Test
    void probesBothEndsFirstThenTheMidpointInG() {
        BisectionSearch s = new BisectionSearch(2, 32, KeyScale.LOG, Direction.INCREASING, 0.1, false);
        assertEquals(List.of(2.0, 32.0), s.state(List.of()).next());
        assertEquals(OptionalDouble.of(2.0), s.nextProbe(List.of()));
        assertEquals(OptionalDouble.of(32.0), s.nextProbe(List.of(new Probe(2, 8, 0))));
        // geometric midpoint sqrt(2 * 32) = 8
        assertEquals(8.0, s.nextProbe(List.of(new Probe(2, 8, 0), new Probe(32, 8, 8))).getAsDouble(), 1e-12);
        // 8 succeeds: keep [2, 8], next sqrt(16) = 4
        assertEquals(4.0, s.nextProbe(List.of(new Probe(2, 8, 0), new Probe(32, 8, 8), new Probe(8, 8, 6)))
                .getAsDouble(), 1e-12);
        // p̂ = 1/2 exactly at the midpoint: no half straddles 1/2 strictly (SPEC 9.3), the search ends
        BisectionSearch.State half = s.state(List.of(new Probe(2, 8, 0), new Probe(32, 8, 8), new Probe(8, 8, 4)));
        assertTrue(half.done());
        assertTrue(half.reason().contains("1/2 exactly"), half.reason());
    }

    @Test
    void resumeFromTheFinishedProbesGivesTheSameSearch() {
        BisectionSearch s = new BisectionSearch(0.5, 2.0, KeyScale.LINEAR, Direction.DECREASING, 0.02, false);
        DoubleUnaryOperator p = x -> 1 / (1 + Math.exp((x - 1.3) / 0.01));
        List<Probe> full = search(s, p, 8, 5);
        // killed after any number of probes, the search re-derived from them (in any order) asks for the next one
        for (int k = 0; k < full.size(); k++) {
            List<Probe> prefix = new ArrayList<>(full.subList(0, k));
            Collections.shuffle(prefix, new Random(k));
            double expected = full.get(k).value();
            assertEquals(expected, s.nextProbe(prefix).getAsDouble(), 0.0, "after " + k + " probes");
        }
        assertTrue(s.nextProbe(full).isEmpty());
    }

    @Test
    void censoredEndsStopAfterTwoProbes() {
        BisectionSearch s = new BisectionSearch(16, 1024, KeyScale.LOG, Direction.INCREASING, 0.05, true);
        List<Probe> allSucceed = search(s, m -> 1, 8, 3);
        assertEquals(2, allSucceed.size());
        assertFalse(s.state(allSucceed).reason().isEmpty());
        assertEquals(Censoring.BELOW, LogisticBoundary.of(allSucceed, KeyScale.LOG, Direction.INCREASING).censored());
        List<Probe> allFail = search(s, m -> 0, 8, 3);
        assertEquals(2, allFail.size());
        assertEquals(Censoring.ABOVE, LogisticBoundary.of(allFail, KeyScale.LOG, Direction.INCREASING).censored());
    }

    @Test
    void aNonMonotoneProbeIsFlaggedAndKept() {
        // increasing but with a dip: p = 0.4 at the lower end, 0 on [0.2, 0.5), 1 from 0.5
        BisectionSearch s = new BisectionSearch(0.0, 1.0, KeyScale.LINEAR, Direction.INCREASING, 0.05, false);
        DoubleUnaryOperator p = x -> x < 0.1 ? 0.4 : x < 0.5 ? 0 : 1;
        List<Probe> probes = new ArrayList<>(List.of(new Probe(0.0, 16, 7))); // p̂ 7/16, Wilson [0.23, 0.67]
        Random r = new Random(2);
        while (true) {
            OptionalDouble next = s.nextProbe(probes);
            if (next.isEmpty()) break;
            double x = next.getAsDouble();
            int succ = 0;
            for (int k = 0; k < 16; k++) if (r.nextDouble() < p.applyAsDouble(x)) succ++;
            probes.add(new Probe(x, 16, succ));
        }
        Set<Double> flagged = BisectionSearch.contradictions(probes, Direction.INCREASING);
        // 0.25 has 0/16 (Wilson [0, 0.19]) below 0.0's 7/16 beyond both intervals
        assertTrue(flagged.contains(0.0) && flagged.contains(0.25), flagged + " of " + probes);
        assertFalse(flagged.contains(1.0) || flagged.contains(0.5), flagged.toString());
        // every probe is kept in the fit
        assertEquals(probes.size(), LogisticBoundary.of(probes, KeyScale.LINEAR, Direction.INCREASING).probes());
        // the same probes read as decreasing contradict it everywhere
        assertTrue(BisectionSearch.contradictions(probes, Direction.DECREASING).contains(1.0));
    }

    @Test
    void overlappingIntervalsAreNotAContradiction() {
        // 5/8 then 3/8: p̂ falls, but each p̂ lies inside the other's Wilson interval
        assertTrue(BisectionSearch.contradictions(List.of(new Probe(1, 8, 5), new Probe(2, 8, 3)),
                Direction.INCREASING).isEmpty());
        assertEquals(Set.of(1.0, 2.0), BisectionSearch.contradictions(
                List.of(new Probe(1, 8, 7), new Probe(2, 8, 1)), Direction.INCREASING));
    }
}
