package aedyn.boundary;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/** SPEC 9.3's boundary estimate: censoring, separation, and the logistic MLE with its profile interval. */
class LogisticBoundaryTest {

    private static List<Probe> probes(double[][] rows) {
        List<Probe> out = new ArrayList<>();
        for (double[] r : rows) out.add(new Probe(r[0], (int) r[1], (int) r[2]));
        return out;
    }

    @Test
    void everyProbeOnOneSideIsCensoredNeverANumber() {
        List<Probe> allSucceed = probes(new double[][]{{1, 8, 8}, {2, 8, 7}, {4, 8, 8}});
        List<Probe> allFail = probes(new double[][]{{1, 8, 0}, {2, 8, 3}, {4, 8, 0}});
        assertEquals(Censoring.BELOW, LogisticBoundary.of(allSucceed, KeyScale.LOG, Direction.INCREASING).censored());
        assertEquals(Censoring.ABOVE, LogisticBoundary.of(allSucceed, KeyScale.LOG, Direction.DECREASING).censored());
        assertEquals(Censoring.ABOVE, LogisticBoundary.of(allFail, KeyScale.LOG, Direction.INCREASING).censored());
        Boundary b = LogisticBoundary.of(allFail, KeyScale.LINEAR, Direction.DECREASING);
        assertEquals(Censoring.BELOW, b.censored());
        assertTrue(Double.isNaN(b.estimate()) && Double.isNaN(b.low()) && Double.isNaN(b.high()));
        assertEquals(Boundary.IntervalKind.NONE, b.interval());
        assertEquals(3, b.probes());
    }

    @Test
    void separatedProbesGiveTheBracketFlagged() {
        // a step between 2 and 4: no MLE; the bracket [2, 4], its midpoint in ln x, sqrt(8)
        Boundary b = LogisticBoundary.of(probes(new double[][]{{1, 8, 0}, {2, 8, 0}, {4, 8, 8}, {8, 8, 8}}),
                KeyScale.LOG, Direction.INCREASING);
        assertEquals(Boundary.IntervalKind.BRACKET, b.interval());
        assertEquals(Censoring.NONE, b.censored());
        assertEquals(2.0, b.low(), 1e-15);
        assertEquals(4.0, b.high(), 1e-15);
        assertEquals(Math.sqrt(8), b.estimate(), 1e-14);
        // decreasing, linear: successes below 0.75, failures from 1.0
        Boundary d = LogisticBoundary.of(probes(new double[][]{{0.5, 8, 8}, {0.75, 8, 8}, {1.0, 8, 0}, {2, 8, 0}}),
                KeyScale.LINEAR, Direction.DECREASING);
        assertEquals(0.75, d.low(), 1e-15);
        assertEquals(1.0, d.high(), 1e-15);
        assertEquals(0.875, d.estimate(), 1e-15);
        // quasi-complete: one mixed probe between them, where x* tends as |b| grows
        Boundary q = LogisticBoundary.of(probes(new double[][]{{1, 8, 0}, {3, 8, 5}, {5, 8, 8}}),
                KeyScale.LINEAR, Direction.INCREASING);
        assertEquals(Boundary.IntervalKind.BRACKET, q.interval());
        assertEquals(3.0, q.estimate(), 1e-15);
        assertEquals(1.0, q.low(), 1e-15);
        assertEquals(5.0, q.high(), 1e-15);
    }

    @Test
    void aFittedLogisticCoversItsKnownBoundary() {
        // p(x) = 1 / (1 + exp(-(ln x - ln 40) / 0.3)), x* = 40, 12 probes of 30 trials, fixed seed
        Random r = new Random(7);
        List<Probe> ps = new ArrayList<>();
        for (int i = 0; i < 12; i++) {
            double x = 10 * Math.pow(16, i / 11.0);
            double p = 1 / (1 + Math.exp(-(Math.log(x) - Math.log(40)) / 0.3));
            int s = 0;
            for (int k = 0; k < 30; k++) if (r.nextDouble() < p) s++;
            ps.add(new Probe(x, 30, s));
        }
        Boundary b = LogisticBoundary.of(ps, KeyScale.LOG, Direction.INCREASING);
        assertEquals(Boundary.IntervalKind.PROFILE, b.interval());
        assertTrue(b.low() < 40 && 40 < b.high(), b.toString());
        assertTrue(b.high() / b.low() < 1.5, "a 30-trial fit pins x* within 50 %: " + b);
        assertTrue(Math.abs(Math.log(b.estimate() / 40)) < 0.15, b.toString());
    }

    @Test
    void mleAndProfileIntervalMatchNumpy(@TempDir Path dir) throws Exception {
        assumeTrue(NumpyReference.available(), "python3 with NumPy is not installed");
        double[][][] cases = {
                {{1, 8, 0}, {2, 8, 2}, {3, 8, 5}, {4, 8, 6}, {5, 8, 8}},
                {{0.5, 8, 1}, {0.75, 8, 3}, {1.0, 8, 2}, {1.25, 8, 6}, {2.0, 8, 7}},       // not monotone in p̂
                {{16, 4, 0}, {32, 6, 1}, {64, 8, 4}, {128, 8, 3}, {256, 5, 5}, {512, 8, 8}}, // unequal trials
                {{1, 20, 4}, {2, 20, 16}},                                                  // two probes
                {{1, 4, 1}, {2, 4, 2}, {3, 4, 2}}};  // weak: l_max - l_constant < chi2/2, no end bounded
        String[] scales = {"log", "linear", "log", "linear", "linear"};
        double worst = 0;
        for (int c = 0; c < cases.length; c++) {
            List<Probe> ps = probes(cases[c]);
            KeyScale scale = scales[c].equals("log") ? KeyScale.LOG : KeyScale.LINEAR;
            StringBuilder csv = new StringBuilder("value,trials,successes\n");
            for (Probe p : ps) csv.append(p.value()).append(',').append(p.trials()).append(',').append(p.successes()).append('\n');
            Path file = dir.resolve("probes" + c + ".csv");
            Files.writeString(file, csv);
            double[] ref = NumpyReference.call(dir, "fit", "--probes", file.toString(), "--scale", scales[c]);
            double[] g = ps.stream().mapToDouble(p -> scale.g(p.value())).toArray();
            double[] t = ps.stream().mapToDouble(Probe::trials).toArray();
            double[] s = ps.stream().mapToDouble(Probe::successes).toArray();
            LogisticBoundary.Fit fit = LogisticBoundary.mle(g, t, s);
            Boundary b = LogisticBoundary.of(ps, scale, Direction.INCREASING);
            assertEquals(Boundary.IntervalKind.PROFILE, b.interval(), "case " + c);
            assertEquals(ref[0], fit.a(), 1e-8 * Math.abs(ref[0]), "a, case " + c);
            assertEquals(ref[1], fit.b(), 1e-8 * Math.abs(ref[1]), "b, case " + c);
            assertEquals(ref[2], fit.logLikelihood(), 1e-10 * Math.abs(ref[2]), "log-likelihood, case " + c);
            assertEquals(ref[3], b.estimate(), 1e-8 * Math.abs(ref[3]), "x*, case " + c);
            for (int e = 0; e < 2; e++) {
                double mine = e == 0 ? b.low() : b.high();
                if (Double.isNaN(ref[4 + e])) {
                    assertTrue(Double.isNaN(mine), "unbounded end " + e + ", case " + c + ": " + mine);
                } else {
                    assertEquals(ref[4 + e], mine, 1e-8 * Math.abs(ref[4 + e]), "interval end " + e + ", case " + c);
                }
            }
            double[] mine = {fit.a(), fit.b(), fit.logLikelihood(), b.estimate(), b.low(), b.high()};
            for (int i = 0; i < mine.length; i++) {
                if (!Double.isNaN(ref[i])) worst = Math.max(worst, Math.abs(mine[i] - ref[i]) / Math.abs(ref[i]));
            }
            if (c == 4) assertTrue(Double.isNaN(b.low()) && Double.isNaN(b.high()), "unbounded: " + b);
            else assertTrue(b.low() < b.estimate() && b.estimate() < b.high(), b.toString());
            System.out.printf("numpy boundary reference, case %d: x* %.10g [%.10g, %.10g], numpy %.10g [%.10g, %.10g]%n",
                    c, b.estimate(), b.low(), b.high(), ref[3], ref[4], ref[5]);
        }
        System.out.printf("numpy boundary reference: largest relative deviation %.1e%n", worst);
    }
}
