package aedyn.boundary;

import java.util.List;

/**
 * The scaling law of SPEC 9.4: ln x* = alpha ln z + c over the outer key z, by weighted least squares with each
 * point weighted by the inverse variance of ln x* read from its 95 % interval, var = ((ln hi - ln lo) / (2 z_0.975))^2.
 * The interval of alpha is normal (alpha -+ z_0.975 sqrt([(X'WX)^-1]_alpha)), since the weights are taken as known
 * variances, not estimated from the residuals; {@code chi2PerDof} (residual weighted sum of squares over n - 2) says
 * whether the points scatter more than their intervals (well above 1) and the interval is then too narrow.
 * A separated point's bracket is read as if it were a 95 % interval (it is wider than one: x* lies in it surely).
 *
 * @param used      points in the fit
 * @param censored  censored boundaries, left out
 * @param unbounded uncensored boundaries left out for want of a finite, positive interval (an unbounded profile
 *                  side, a zero-width bracket, or x* &lt;= 0 on a linear scale)
 */
public record ScalingLaw(double alpha, double alphaLow, double alphaHigh, double intercept, int used, int censored,
                         int unbounded, double chi2PerDof) {

    /** One outer point: z and its boundary. */
    public record Point(double z, Boundary boundary) {
    }

    public static ScalingLaw fit(List<Point> points) {
        int censored = 0;
        int unbounded = 0;
        double sw = 0, su = 0, sy = 0, suu = 0, suy = 0;
        int n = 0;
        double[] u = new double[points.size()];
        double[] y = new double[points.size()];
        double[] w = new double[points.size()];
        for (Point p : points) {
            Boundary b = p.boundary();
            if (b.isCensored()) {
                censored++;
                continue;
            }
            double sd = (Math.log(b.high()) - Math.log(b.low())) / (2 * Wilson.Z);
            if (!(p.z() > 0) || !(b.estimate() > 0) || !(sd > 0) || !Double.isFinite(sd)) {
                unbounded++;
                continue;
            }
            u[n] = Math.log(p.z());
            y[n] = Math.log(b.estimate());
            w[n] = 1 / (sd * sd);
            sw += w[n];
            su += w[n] * u[n];
            sy += w[n] * y[n];
            suu += w[n] * u[n] * u[n];
            suy += w[n] * u[n] * y[n];
            n++;
        }
        double det = sw * suu - su * su;
        if (n < 2 || !(det > 1e-12 * sw * suu)) {
            return new ScalingLaw(Double.NaN, Double.NaN, Double.NaN, Double.NaN, n, censored, unbounded, Double.NaN);
        }
        double alpha = (sw * suy - su * sy) / det;
        double c = (suu * sy - su * suy) / det;
        double se = Math.sqrt(sw / det); // [(X'WX)^-1] at alpha
        double rss = 0;
        for (int i = 0; i < n; i++) {
            double r = y[i] - alpha * u[i] - c;
            rss += w[i] * r * r;
        }
        return new ScalingLaw(alpha, alpha - Wilson.Z * se, alpha + Wilson.Z * se, c, n, censored, unbounded,
                n > 2 ? rss / (n - 2) : Double.NaN);
    }
}
