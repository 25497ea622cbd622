package aedyn.boundary;

import org.apache.commons.math3.analysis.solvers.BrentSolver;
import org.apache.commons.math3.distribution.ChiSquaredDistribution;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * The boundary of one outer point (SPEC 9.3): maximum likelihood over all its probes of
 * p(x) = 1 / (1 + exp(-(a + b g(x)))), x* = g^-1(-a / b), with a 95 % interval by profile likelihood:
 * the x whose profile log-likelihood (maximized over b with a = -b g(x)) lies within chi2_1(0.95) / 2 of the
 * maximum. Censored (no number) when every probe lies on one side of 1/2; separated probes (no MLE) give the
 * bracket between the last failing and first succeeding probe, flagged as such.
 */
public final class LogisticBoundary {
    /** chi2 with one degree of freedom, 0.95 quantile: the likelihood-ratio threshold of a 95 % interval. */
    static final double CHI2_95 = new ChiSquaredDistribution(1).inverseCumulativeProbability(0.95);
    private static final int MAX_NEWTON = 200;

    private LogisticBoundary() {
    }

    /** The fitted line a + b g(x) and the log-likelihood at it. */
    public record Fit(double a, double b, double logLikelihood) {
        public double xStarG() {
            return -a / b;
        }
    }

    /** The boundary from every probe of one outer point (probes at the same value are pooled). */
    public static Boundary of(List<Probe> probes, KeyScale scale, Direction direction) {
        if (probes.isEmpty()) throw new IllegalArgumentException("no probes to fit a boundary to");
        List<Probe> pooled = pool(probes);
        int n = pooled.size(); // a probe is all runs at one value
        // censored: every probe on one side of 1/2 ("every probe succeeds / fails"), so x* lies beyond them all
        boolean allSuccess = pooled.stream().allMatch(p -> p.p() > 0.5);
        boolean allFailure = pooled.stream().allMatch(p -> p.p() < 0.5);
        if (allSuccess || allFailure) {
            boolean below = allSuccess == (direction == Direction.INCREASING);
            return Boundary.censored(below ? Censoring.BELOW : Censoring.ABOVE, n);
        }
        double[] g = pooled.stream().mapToDouble(p -> scale.g(p.value())).toArray();
        double[] t = pooled.stream().mapToDouble(Probe::trials).toArray();
        double[] s = pooled.stream().mapToDouble(Probe::successes).toArray();
        int[] bracket = separation(g, t, s);
        if (bracket != null) {
            // the ends are probe values as given (not g^-1(g(x)), which can miss them by an ulp)
            double low = bracket[0] < 0 ? Double.NaN : pooled.get(bracket[0]).value();
            double high = bracket[1] < 0 ? Double.NaN : pooled.get(bracket[1]).value();
            double estimate = bracket[2] >= 0 ? pooled.get(bracket[2]).value()
                    : scale.gInverse((g[bracket[0]] + g[bracket[1]]) / 2);
            return new Boundary(estimate, low, high, Censoring.NONE, Boundary.IntervalKind.BRACKET, n);
        }
        Fit fit = mle(g, t, s);
        double theta = fit.xStarG();
        if (!Double.isFinite(theta) || !Double.isFinite(scale.gInverse(theta))) {
            // a flat fit (b = 0, as for 8/8, 0/8, 8/8) crosses 1/2 nowhere: no number, and no bound either
            return new Boundary(Double.NaN, Double.NaN, Double.NaN, Censoring.NONE, Boundary.IntervalKind.PROFILE, n);
        }
        double[] ends = profileInterval(g, t, s, fit);
        return new Boundary(scale.gInverse(theta), scale.gInverse(ends[0]), scale.gInverse(ends[1]), Censoring.NONE,
                Boundary.IntervalKind.PROFILE, n);
    }

    /** Probes at the same value merged (trials and successes summed), sorted by value. */
    static List<Probe> pool(List<Probe> probes) {
        List<Probe> sorted = new ArrayList<>(probes);
        sorted.sort(Comparator.comparingDouble(Probe::value));
        List<Probe> out = new ArrayList<>();
        for (Probe p : sorted) {
            Probe last = out.isEmpty() ? null : out.get(out.size() - 1);
            if (last != null && last.value() == p.value()) {
                out.set(out.size() - 1, new Probe(p.value(), last.trials() + p.trials(), last.successes() + p.successes()));
            } else {
                out.add(p);
            }
        }
        return out;
    }

    /**
     * The bracket of {@link #bracket} (indices: low end, high end, mixed probe) when the runs are separated (no
     * failure above a success, or no success above a failure), completely or quasi-completely, so that the likelihood grows without bound
     * as |b| does and the MLE does not exist; null when they are not.
     */
    static int[] separation(double[] g, double[] t, double[] s) {
        double maxFail = Double.NEGATIVE_INFINITY, minFail = Double.POSITIVE_INFINITY;
        double maxSucc = Double.NEGATIVE_INFINITY, minSucc = Double.POSITIVE_INFINITY;
        for (int i = 0; i < g.length; i++) {
            if (s[i] < t[i]) {
                maxFail = Math.max(maxFail, g[i]);
                minFail = Math.min(minFail, g[i]);
            }
            if (s[i] > 0) {
                maxSucc = Math.max(maxSucc, g[i]);
                minSucc = Math.min(minSucc, g[i]);
            }
        }
        if (maxFail <= minSucc) return bracket(g, t, s, true);
        if (maxSucc <= minFail) return bracket(g, t, s, false);
        return null;
    }

    /**
     * Between the last probe with no success and the first probe with no failure, in the rising (or falling)
     * order, as indices {low end, high end, mixed} (-1 for none): the estimate is the mixed value when there is
     * one (quasi-complete separation, where the MLE's x* tends to it as |b| grows), else the bracket's midpoint
     * in g; a side with no such probe is unbounded.
     */
    private static int[] bracket(double[] g, double[] t, double[] s, boolean rising) {
        int lastFail = -1;
        int firstSucc = -1;
        int mixed = -1;
        for (int i = 0; i < g.length; i++) {
            if (s[i] == 0 && (lastFail < 0 || (rising ? g[i] > g[lastFail] : g[i] < g[lastFail]))) lastFail = i;
            if (s[i] == t[i] && (firstSucc < 0 || (rising ? g[i] < g[firstSucc] : g[i] > g[firstSucc]))) firstSucc = i;
            if (s[i] > 0 && s[i] < t[i]) mixed = i;
        }
        return rising ? new int[]{lastFail, firstSucc, mixed} : new int[]{firstSucc, lastFail, mixed};
    }

    /**
     * The maximum-likelihood (a, b) by Newton's method with step halving. By hand rather than a commons-math3
     * optimizer: two parameters, a concave log-likelihood with closed-form gradient and Hessian, so Newton
     * converges quadratically and an optimizer would need the same derivatives and add only tolerances.
     */
    public static Fit mle(double[] gRaw, double[] t, double[] s) {
        double total = 0, succ = 0, centre = 0;
        for (int i = 0; i < gRaw.length; i++) {
            total += t[i];
            succ += s[i];
            centre += gRaw[i] / gRaw.length;
        }
        // fitted in g - mean g, where the information matrix is well conditioned even for g far from 0
        double[] g = new double[gRaw.length];
        for (int i = 0; i < g.length; i++) g[i] = gRaw[i] - centre;
        double a = Math.log(succ / (total - succ)); // the constant model: finite since not censored
        double b = 0;
        double ll = logLikelihood(g, t, s, a, b);
        for (int it = 0; it < MAX_NEWTON; it++) {
            double ga = 0, gb = 0, haa = 0, hab = 0, hbb = 0;
            for (int i = 0; i < g.length; i++) {
                double p = sigmoid(a + b * g[i]);
                double r = s[i] - t[i] * p;
                double w = t[i] * p * (1 - p);
                ga += r;
                gb += r * g[i];
                haa += w;
                hab += w * g[i];
                hbb += w * g[i] * g[i];
            }
            double det = haa * hbb - hab * hab;
            if (!(det > 0)) throw new IllegalStateException("singular information matrix in the logistic fit");
            double da = (hbb * ga - hab * gb) / det;
            double db = (haa * gb - hab * ga) / det;
            double step = 1;
            double next = logLikelihood(g, t, s, a + da, b + db);
            while (next < ll - 1e-12 * Math.abs(ll) && step > 1e-10) {
                step /= 2;
                next = logLikelihood(g, t, s, a + step * da, b + step * db);
            }
            a += step * da;
            b += step * db;
            ll = next;
            // converged when the full Newton step is negligible (a halved step says nothing about convergence)
            if (Math.abs(da) <= 1e-13 * (1 + Math.abs(a)) && Math.abs(db) <= 1e-13 * (1 + Math.abs(b))) break;
        }
        return new Fit(a - b * centre, b, ll);
    }

    /**
     * The profile log-likelihood at x* = g^-1(theta): max over b of the log-likelihood with a = -b theta. Concave
     * in b, so its maximum is the one root of the derivative, bracketed from b = 0 outward and found by Brent's
     * method (Newton from a far start can stall where every p is 0 or 1); finite since the probes are not separated.
     */
    static double profile(double[] g, double[] t, double[] s, double theta) {
        java.util.function.DoubleUnaryOperator slope = b -> {
            double d = 0;
            for (int i = 0; i < g.length; i++) {
                double u = g[i] - theta;
                d += (s[i] - t[i] * sigmoid(b * u)) * u;
            }
            return d;
        };
        double d0 = slope.applyAsDouble(0);
        double b = 0;
        if (d0 != 0) {
            double sign = d0 > 0 ? 1 : -1;
            double inner = 0;
            double outer = sign;
            while (sign * slope.applyAsDouble(outer) > 0 && Math.abs(outer) < 1e300) {
                inner = outer;
                outer *= 2;
            }
            b = new BrentSolver(1e-15, 1e-300).solve(2000, slope::applyAsDouble, Math.min(inner, outer), Math.max(inner, outer));
        }
        return logLikelihood(g, t, s, -b * theta, b);
    }

    /**
     * The 95 % profile-likelihood interval of theta = g(x*): where 2 (l_max - l_profile(theta)) = chi2_1(0.95)
     * on each side of the MLE, found by Brent's method after stepping outward; NaN for a side the data do not
     * bound (the profile tends to the constant model's likelihood, which may lie within the threshold).
     */
    static double[] profileInterval(double[] g, double[] t, double[] s, Fit fit) {
        double theta = fit.xStarG();
        double gMin = Double.POSITIVE_INFINITY, gMax = Double.NEGATIVE_INFINITY;
        for (double v : g) {
            gMin = Math.min(gMin, v);
            gMax = Math.max(gMax, v);
        }
        double span = gMax - gMin;
        double level = fit.logLikelihood() - CHI2_95 / 2;
        double[] ends = new double[2];
        for (int side = 0; side < 2; side++) {
            double sign = side == 0 ? -1 : 1;
            double inside = theta;
            double step = span / 64;
            double outside = Double.NaN;
            while (step < 1e4 * span) {
                double trial = inside + sign * step;
                if (profile(g, t, s, trial) < level) {
                    outside = trial;
                    break;
                }
                inside = trial;
                step *= 2;
            }
            if (Double.isNaN(outside)) {
                ends[side] = Double.NaN;
                continue;
            }
            BrentSolver solver = new BrentSolver(1e-14 * (1 + Math.abs(theta) + span), 1e-15);
            ends[side] = solver.solve(500, x -> profile(g, t, s, x) - level,
                    Math.min(inside, outside), Math.max(inside, outside));
        }
        return ends;
    }

    static double logLikelihood(double[] g, double[] t, double[] s, double a, double b) {
        double ll = 0;
        for (int i = 0; i < g.length; i++) {
            double eta = a + b * g[i];
            // log p = -log(1 + e^-eta), log(1 - p) = -log(1 + e^eta), both written to stay finite
            ll -= s[i] * softplus(-eta) + (t[i] - s[i]) * softplus(eta);
        }
        return ll;
    }

    private static double softplus(double x) {
        return x > 0 ? x + Math.log1p(Math.exp(-x)) : Math.log1p(Math.exp(x));
    }

    static double sigmoid(double x) {
        return x >= 0 ? 1 / (1 + Math.exp(-x)) : Math.exp(x) / (1 + Math.exp(x));
    }
}
