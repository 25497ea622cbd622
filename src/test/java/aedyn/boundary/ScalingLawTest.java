package aedyn.boundary;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/** SPEC 9.4's weighted fit of ln x* = alpha ln z + c. */
class ScalingLawTest {

    private static Boundary around(double x, double factor) {
        return new Boundary(x, x / factor, x * factor, Censoring.NONE, Boundary.IntervalKind.PROFILE, 5);
    }

    @Test
    void anExactPowerLawWithEqualIntervals() {
        // x* = 3 sqrt(z), every interval x* / 1.2 .. 1.2 x*: alpha = 1/2, c = ln 3, and with equal weights
        // se(alpha) = sd / sqrt(sum (u - mean u)^2), sd = ln 1.2 / z_0.975
        List<ScalingLaw.Point> points = new ArrayList<>();
        double[] z = {32, 64, 128, 256, 512};
        for (double v : z) points.add(new ScalingLaw.Point(v, around(3 * Math.sqrt(v), 1.2)));
        points.add(new ScalingLaw.Point(1024, Boundary.censored(Censoring.ABOVE, 2)));
        points.add(new ScalingLaw.Point(2048, new Boundary(100, Double.NaN, 200, Censoring.NONE,
                Boundary.IntervalKind.PROFILE, 3)));
        ScalingLaw law = ScalingLaw.fit(points);
        assertEquals(0.5, law.alpha(), 1e-12);
        assertEquals(Math.log(3), law.intercept(), 1e-11);
        assertEquals(5, law.used());
        assertEquals(1, law.censored());
        assertEquals(1, law.unbounded());
        double sxx = 0;
        for (double v : z) sxx += Math.pow(Math.log(v) - Math.log(128), 2);
        double se = Math.log(1.2) / Wilson.Z / Math.sqrt(sxx);
        assertEquals(0.5 - Wilson.Z * se, law.alphaLow(), 1e-12);
        assertEquals(0.5 + Wilson.Z * se, law.alphaHigh(), 1e-12);
        assertEquals(0.0, law.chi2PerDof(), 1e-20);
    }

    @Test
    void tooFewPointsGiveNoLaw() {
        ScalingLaw law = ScalingLaw.fit(List.of(new ScalingLaw.Point(8, around(2, 1.1)),
                new ScalingLaw.Point(16, Boundary.censored(Censoring.BELOW, 2))));
        assertTrue(Double.isNaN(law.alpha()));
        assertEquals(1, law.used());
        assertEquals(1, law.censored());
    }

    @Test
    void weightedFitMatchesNumpy(@TempDir Path dir) throws Exception {
        assumeTrue(NumpyReference.available(), "python3 with NumPy is not installed");
        double[][] rows = {{32, 5.1, 3.9, 6.8}, {64, 8.2, 6.0, 10.1}, {128, 11.0, 9.5, 14.9},
                {256, 17.5, 12.0, 22.0}, {512, 26.0, 23.5, 29.0}, {1024, 31.0, 20.0, 45.0}};
        List<ScalingLaw.Point> points = new ArrayList<>();
        StringBuilder csv = new StringBuilder("z,estimate,low,high\n");
        for (double[] r : rows) {
            points.add(new ScalingLaw.Point(r[0], new Boundary(r[1], r[2], r[3], Censoring.NONE,
                    Boundary.IntervalKind.PROFILE, 4)));
            csv.append(r[0]).append(',').append(r[1]).append(',').append(r[2]).append(',').append(r[3]).append('\n');
        }
        Path file = dir.resolve("points.csv");
        Files.writeString(file, csv);
        double[] ref = NumpyReference.call(dir, "wls", "--points", file.toString());
        ScalingLaw law = ScalingLaw.fit(points);
        double[] mine = {law.alpha(), law.alphaLow(), law.alphaHigh(), law.intercept()};
        double worst = 0;
        for (int i = 0; i < 4; i++) {
            assertEquals(ref[i], mine[i], 1e-8 * Math.abs(ref[i]), "column " + i);
            worst = Math.max(worst, Math.abs(mine[i] - ref[i]) / Math.abs(ref[i]));
        }
        System.out.printf("numpy scaling-law reference: alpha %.6f [%.6f, %.6f], largest relative deviation %.1e%n",
                law.alpha(), law.alphaLow(), law.alphaHigh(), worst);
    }
}
