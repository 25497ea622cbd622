package aedyn.study;

/**
 * The few statistics the study outputs need, in plain Java so that they run wherever the report code runs
 * (no Spark or Commons Math at hand): sample mean and standard deviation, Student's t quantiles for confidence
 * intervals, and least-squares lines for log-log slopes.
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
        double lo = 0;
        double hi = 1;
        while (tCdf(hi, df) < p) hi *= 2;
        for (int i = 0; i < 200 && hi - lo > 1e-15 * hi; i++) {
            double mid = 0.5 * (lo + hi);
            if (tCdf(mid, df) < p) lo = mid;
            else hi = mid;
        }
        return 0.5 * (lo + hi);
    }

    /** P(T <= t) for Student's t with df degrees of freedom: 1 - I_{df/(df+t^2)}(df/2, 1/2) / 2 for t >= 0. */
    public static double tCdf(double t, double df) {
        double tail = 0.5 * regularizedBeta(df / (df + t * t), df / 2, 0.5);
        return t >= 0 ? 1 - tail : tail;
    }

    /** The regularized incomplete beta function I_x(a, b) by its continued fraction (Lentz's method). */
    static double regularizedBeta(double x, double a, double b) {
        if (x <= 0) return 0;
        if (x >= 1) return 1;
        double front = Math.exp(logGamma(a + b) - logGamma(a) - logGamma(b) + a * Math.log(x) + b * Math.log1p(-x));
        if (x > (a + 1) / (a + b + 2)) return 1 - front * betaFraction(1 - x, b, a) / b;
        return front * betaFraction(x, a, b) / a;
    }

    private static double betaFraction(double x, double a, double b) {
        double tiny = 1e-300;
        double c = 1;
        double d = 1 - (a + b) * x / (a + 1);
        if (Math.abs(d) < tiny) d = tiny;
        d = 1 / d;
        double h = d;
        for (int m = 1; m <= 10_000; m++) {
            int m2 = 2 * m;
            double aa = m * (b - m) * x / ((a + m2 - 1) * (a + m2));
            d = 1 + aa * d;
            if (Math.abs(d) < tiny) d = tiny;
            c = 1 + aa / c;
            if (Math.abs(c) < tiny) c = tiny;
            d = 1 / d;
            h *= d * c;
            aa = -(a + m) * (a + b + m) * x / ((a + m2) * (a + m2 + 1));
            d = 1 + aa * d;
            if (Math.abs(d) < tiny) d = tiny;
            c = 1 + aa / c;
            if (Math.abs(c) < tiny) c = tiny;
            d = 1 / d;
            double delta = d * c;
            h *= delta;
            if (Math.abs(delta - 1) < 1e-16) break;
        }
        return h;
    }

    /** log Gamma(x) for x > 0 (Lanczos, g = 7, 9 terms; relative error about 1e-15). */
    static double logGamma(double x) {
        if (x < 0.5) return Math.log(Math.PI / Math.abs(Math.sin(Math.PI * x))) - logGamma(1 - x);
        double[] c = {0.99999999999980993, 676.5203681218851, -1259.1392167224028, 771.32342877765313,
                -176.61502916214059, 12.507343278686905, -0.13857109526572012, 9.9843695780195716e-6,
                1.5056327351493116e-7};
        x -= 1;
        double sum = c[0];
        for (int i = 1; i < 9; i++) sum += c[i] / (x + i);
        double t = x + 7.5;
        return 0.5 * Math.log(2 * Math.PI) + (x + 0.5) * Math.log(t) - t + Math.log(sum);
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
        double mx = mean(x);
        double my = mean(y);
        double sxx = 0;
        double sxy = 0;
        double syy = 0;
        for (int i = 0; i < n; i++) {
            sxx += (x[i] - mx) * (x[i] - mx);
            sxy += (x[i] - mx) * (y[i] - my);
            syy += (y[i] - my) * (y[i] - my);
        }
        double slope = sxy / sxx;
        double intercept = my - slope * mx;
        double rss = 0;
        for (int i = 0; i < n; i++) {
            double r = y[i] - intercept - slope * x[i];
            rss += r * r;
        }
        double se = n > 2 ? Math.sqrt(rss / (n - 2) / sxx) : Double.NaN;
        double half = n > 2 ? tQuantile(0.975, n - 2) * se : Double.NaN;
        double r2 = syy == 0 ? 1 : 1 - rss / syy;
        return new Line(n, slope, intercept, se, slope - half, slope + half, r2);
    }
}
