package aedyn.study;

import org.apache.commons.math3.distribution.TDistribution;
import org.apache.commons.math3.stat.regression.SimpleRegression;

/**
 * The few statistics the study outputs need: sample mean and standard deviation, Student's t quantiles for
 * confidence intervals and least-squares lines for log-log slopes, the last two from Commons Math (which Spark
 * ships; the tools that run outside a Spark application get Spark's classpath).
 */
public final class Stats {
    private Stats() {
    }

    public static double mean(double[] x) {
        if (x.length == 0) return Double.NaN;
        double s = 0;
        for (double v : x) s += v;
        return s / x.length;
    }

    /** Sample standard deviation (divisor n - 1); NaN for fewer than two values. */
    public static double sd(double[] x) {
        if (x.length < 2) return Double.NaN;
        double mu = mean(x);
        double ss = 0;
        for (double v : x) ss += (v - mu) * (v - mu);
        return Math.sqrt(ss / (x.length - 1));
    }

    /** mean -+ t_{0.975, n-1} sd / sqrt(n): {low, high}, NaN for fewer than two values. */
    public static double[] ci95(double[] x) {
        if (x.length < 2) return new double[] {Double.NaN, Double.NaN};
        double half = tQuantile(0.975, x.length - 1) * sd(x) / Math.sqrt(x.length);
        double mu = mean(x);
        return new double[] {mu - half, mu + half};
    }

    /** The p-quantile of Student's t distribution with {@code df} degrees of freedom (0 < p < 1, df > 0). */
    public static double tQuantile(double p, double df) {
        if (!(p > 0 && p < 1) || !(df > 0)) {
            throw new IllegalArgumentException("t quantile needs 0 < p < 1 and df > 0, got p = " + p + ", df = " + df);
        }
        if (p == 0.5) return 0;
        if (p < 0.5) return -tQuantile(1 - p, df);
        if (df == 1) return Math.tan(Math.PI * (p - 0.5));   // Cauchy, exactly
        // Commons Math's default solver accuracy (1e-9) is looser than a confidence bound needs.
        return new TDistribution(null, df, 1e-14).inverseCumulativeProbability(p);
    }

    /** P(T <= t) for Student's t with df degrees of freedom. */
    public static double tCdf(double t, double df) {
        return new TDistribution(null, df).cumulativeProbability(t);
    }

    /**
     * The least-squares line y = intercept + slope x, with the slope's standard error, its 95 % interval
     * (t with n - 2 degrees of freedom; NaN for two points) and R^2.
     */
    public record Line(int points, double slope, double intercept, double slopeSe, double slopeLow, double slopeHigh,
                       double r2) {
    }

    public static Line fit(double[] x, double[] y) {
        int n = x.length;
        if (n != y.length || n < 2) throw new IllegalArgumentException("a line needs two or more (x, y) pairs, got " + n);
        SimpleRegression r = new SimpleRegression();
        for (int i = 0; i < n; i++) r.addData(x[i], y[i]);
        double slope = r.getSlope();
        double intercept = r.getIntercept();
        // The residuals themselves, not SimpleRegression's sum-of-squares shortcut (getSlopeStdErr), which leaves
        // rounding noise of a few 1e-9 in the standard error of an exact power law; R^2 of a constant y is 1, not NaN.
        double rss = 0;
        for (int i = 0; i < n; i++) {
            double e = y[i] - intercept - slope * x[i];
            rss += e * e;
        }
        double se = n > 2 ? Math.sqrt(rss / (n - 2) / r.getXSumSquares()) : Double.NaN;
        double half = n > 2 ? tQuantile(0.975, n - 2) * se : Double.NaN;
        double syy = r.getTotalSumSquares();
        double r2 = syy == 0 ? 1 : 1 - rss / syy;
        return new Line(n, slope, intercept, se, slope - half, slope + half, r2);
    }
}
