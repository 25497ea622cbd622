package aedyn.ntk;

import aedyn.model.Activation;
import aedyn.model.ModelSpec;
import aedyn.model.Scale;
import dev.ludovic.netlib.blas.BLAS;
import org.apache.commons.math3.analysis.integration.gauss.GaussIntegrator;
import org.apache.commons.math3.analysis.integration.gauss.GaussIntegratorFactory;

/**
 * The infinite-width kernel of SPEC section 8.2 at the ntk scale, gaussian initialization N(0, init.scale^2), zero
 * bias, untied: K_inf = K^V_inf (+ K^U_inf when joint, + K^b_inf when the bias is learned), with
 * <pre>
 *   K^V_inf_ab = s^2 (y_a^T y_b) E[sigma'(X_a) sigma'(X_b)],  K^b_inf_ab = s^2 E[sigma'(X_a) sigma'(X_b)],
 *   K^U_inf_ab = E[sigma(X_a) sigma(X_b)],   (X_a, X_b) ~ N(0, s^2 [[|y_a|^2, y_a^T y_b], [y_a^T y_b, |y_b|^2]]).
 * </pre>
 * relu: the arc-cosine kernels of degrees 0 and 1; linear: sigma' = 1, E[sigma sigma] = s^2 y_a^T y_b. softplus, tanh,
 * sigmoid: a two-dimensional Gauss-Hermite rule of {@link #order} points a side (commons-math3's nodes) on the
 * Cholesky factor of the pair's covariance: about (0.6 Q)^2 evaluations of sigma per pair once nodes of negligible
 * weight are dropped, N^2 / 2 pairs (InfiniteWidthTiming: 0.4 ms a pair for tanh, 0.1 ms for sigmoid, on 2 cores under
 * a load of 50), so N of a few hundred to a thousand; memory 2 N^2 doubles. threshold is
 * refused: its expectations are bivariate-normal rectangle probabilities and truncated moments, which no library on
 * the classpath provides, and a Gauss-Hermite rule on its discontinuous sigma' converges only like 1/Q.
 */
public final class InfiniteWidthKernel {
    private static final BLAS BLAS_ = BLAS.getInstance();
    /**
     * Gauss-Hermite points a side for the smooth activations: 96 for tanh, whose poles at z = i pi/2 slow the rule down,
     * 64 for sigmoid and softplus (poles at i pi). Against a rule of 160 points, on unit-norm samples with init.scale 1,
     * the largest deviation is 1.0e-9 of max |K_inf| for tanh and 4e-15 for sigmoid and softplus (InfiniteWidthKernelTest).
     * The rule loses accuracy as the pair's variance v = s^2 ||y||^2 grows (poles come nearer in units of its standard
     * deviation). Relative error of E[sigma' sigma'] (and E[sigma sigma]) against 300 points, at correlation 0.3:
     * <pre>
     *   v         1                  3                  10
     *   tanh      2e-11 (2e-12)      2e-6 (1e-7)        3e-3 (5e-5)
     *   sigmoid   2e-16 (2e-16)      2e-10 (2e-12)      1e-5 (1e-7)
     *   softplus  2e-16 (3e-16)      2e-12 (3e-13)      1e-7 (3e-8)
     * </pre>
     * Paper 2's setting (unit-norm samples, s = 1) is v = 1.
     */
    static int order(Activation act) {
        return act instanceof Activation.Tanh ? 96 : 64;
    }

    private InfiniteWidthKernel() {
    }

    /**
     * Why K_inf is not defined for this model (tied weights, a scale other than ntk, a threshold activation), in one
     * line naming the setting; null when it is. For a configuration check before any Spark work.
     */
    public static String unsupported(ModelSpec spec) {
        if (spec.tied()) return "model.architecture = tied: the infinite-width kernel (SPEC 8.2) is defined for untied models only";
        if (spec.scale() != Scale.NTK) return "model.scale = " + spec.scale().label() + ": the infinite-width kernel (SPEC 8.2) needs model.scale = ntk";
        if (spec.activation() instanceof Activation.Threshold) {
            return "model.activation = threshold: its infinite-width kernel needs bivariate-normal rectangle probabilities,"
                    + " which are not implemented; use relu, linear, softplus, tanh or sigmoid";
        }
        return null;
    }

    /** K_inf (p x p column-major, both triangles) of the model {@code spec} on the samples y (n x p column-major). */
    public static double[] of(ModelSpec spec, double initScale, boolean learnedBias, double[] y, int p) {
        String why = unsupported(spec);
        if (why != null) throw new IllegalArgumentException(why);
        return of(spec.activation(), spec.n(), initScale, spec.trainsDecoder(), learnedBias, y, p, order(spec.activation()));
    }

    /** The same with the activation, the regime and the quadrature order given (tests compare orders). */
    static double[] of(Activation act, int n, double initScale, boolean joint, boolean learnedBias, double[] y, int p,
                       int order) {
        Expectations e;
        if (act instanceof Activation.Relu) {
            e = InfiniteWidthKernel::relu;
        } else if (act instanceof Activation.Linear) {
            e = (ga, na, nb, same, s, out) -> {
                out[0] = 1.0;
                out[1] = s * s * ga;
            };
        } else if (act instanceof Activation.Threshold) {
            throw new IllegalArgumentException("threshold: no infinite-width kernel (see unsupported)");
        } else {
            e = new Quadrature(act, order);
        }
        return kernel(e, n, initScale, joint, learnedBias, y, p);
    }

    /** K_inf by the Gauss-Hermite rule whatever the activation (tests check it on relu's and linear's closed forms). */
    static double[] byQuadrature(Activation act, int n, double initScale, boolean joint, boolean learnedBias, double[] y,
                                 int p, int order) {
        return kernel(new Quadrature(act, order), n, initScale, joint, learnedBias, y, p);
    }

    private static double[] kernel(Expectations e, int n, double initScale, boolean joint, boolean learnedBias,
                                   double[] y, int p) {
        if (y.length != (long) n * p) throw new IllegalArgumentException("samples have " + y.length + " entries, expected n P = " + (long) n * p);
        if (!(initScale > 0) || !Double.isFinite(initScale)) throw new IllegalArgumentException("init.scale = " + initScale + ": must be a finite number > 0");
        double[] gram = new double[p * p];
        BLAS_.dgemm("T", "N", p, p, n, 1.0, y, 0, n, y, 0, n, 0.0, gram, 0, p); // TN: SIMD in the Java fallback
        double[] norm = new double[p];
        for (int a = 0; a < p; a++) norm[a] = Math.sqrt(gram[a + a * p]);
        double s2 = initScale * initScale;
        double[] k = new double[p * p];
        double[] out = new double[2];
        for (int b = 0; b < p; b++) {
            for (int a = 0; a <= b; a++) {
                double g = gram[a + b * p];
                e.pair(g, norm[a], norm[b], a == b, initScale, out);
                double value = s2 * (g + (learnedBias ? 1.0 : 0.0)) * out[0] + (joint ? out[1] : 0.0);
                k[a + b * p] = value;
                k[b + a * p] = value;
            }
        }
        return k;
    }

    /** E[sigma'(X_a) sigma'(X_b)] into out[0] and E[sigma(X_a) sigma(X_b)] into out[1]. */
    private interface Expectations {
        void pair(double gab, double na, double nb, boolean same, double scale, double[] out);
    }

    /** Arc-cosine kernels of degrees 0 and 1 (SPEC 8.2); phi = 0 on the diagonal, cos clamped to [-1, 1] elsewhere. */
    private static void relu(double gab, double na, double nb, boolean same, double scale, double[] out) {
        if (na == 0 || nb == 0) { // X_a = 0 surely: sigma(0) = sigma'(0) = 0
            out[0] = 0;
            out[1] = 0;
            return;
        }
        double phi = same ? 0.0 : Math.acos(Math.max(-1.0, Math.min(1.0, gab / (na * nb))));
        out[0] = (Math.PI - phi) / (2 * Math.PI);
        out[1] = scale * scale * na * nb * (Math.sin(phi) + (Math.PI - phi) * Math.cos(phi)) / (2 * Math.PI);
    }

    /**
     * Two-dimensional Gauss-Hermite rule on X_a = l11 x, X_b = l21 x + l22 x' with x, x' independent standard normals.
     * sigma(X_a) at the outer nodes is evaluated once per pair; the inner nodes, Q per outer node, go to the
     * activation's panel evaluation.
     */
    private static final class Quadrature implements Expectations {
        private static final double NEGLIGIBLE_WEIGHT = 1e-18;
        private final Activation act;
        private final int q;
        private final double[] x;  // nodes for N(0, 1): sqrt(2) times the physicists' nodes
        private final double[] w;  // weights for N(0, 1): physicists' weights / sqrt(pi)
        private final double[] za;
        private final double[] ha;
        private final double[] da;
        private final double[] zb;
        private final double[] hb;
        private final double[] db;

        Quadrature(Activation act, int order) {
            this.act = act;
            GaussIntegrator rule = new GaussIntegratorFactory().hermite(order);
            // Nodes whose weight is below 1e-18 (|x| > 9.1) change no digit of an integrand of polynomial growth; dropping
            // them takes the Q^2 evaluations per pair down by about 3 at Q = 96 and 2 at Q = 64.
            int kept = 0;
            double[] nodes = new double[rule.getNumberOfPoints()];
            double[] weights = new double[nodes.length];
            for (int i = 0; i < nodes.length; i++) {
                double weight = rule.getWeight(i) / Math.sqrt(Math.PI);
                if (weight < NEGLIGIBLE_WEIGHT) continue;
                nodes[kept] = Math.sqrt(2.0) * rule.getPoint(i);
                weights[kept] = weight;
                kept++;
            }
            q = kept;
            x = java.util.Arrays.copyOf(nodes, kept);
            w = java.util.Arrays.copyOf(weights, kept);
            za = new double[q];
            ha = new double[q];
            da = new double[q];
            zb = new double[q];
            hb = new double[q];
            db = new double[q];
        }

        @Override
        public void pair(double gab, double na, double nb, boolean same, double scale, double[] out) {
            double l11 = scale * na;
            double l21 = na > 0 ? scale * gab / na : 0.0;
            double l22 = same ? 0.0 : scale * Math.sqrt(Math.max(0.0, nb * nb - (na > 0 ? gab * gab / (na * na) : 0.0)));
            for (int i = 0; i < q; i++) za[i] = l11 * x[i];
            act.evaluate(za, ha, da, q);
            double ev = 0;
            double eu = 0;
            for (int i = 0; i < q; i++) {
                double mean = l21 * x[i];
                for (int k = 0; k < q; k++) zb[k] = mean + l22 * x[k];
                act.evaluate(zb, hb, db, q);
                double sh = 0;
                double sd = 0;
                for (int k = 0; k < q; k++) {
                    sh += w[k] * hb[k];
                    sd += w[k] * db[k];
                }
                ev += w[i] * da[i] * sd;
                eu += w[i] * ha[i] * sh;
            }
            out[0] = ev;
            out[1] = eu;
        }
    }
}
