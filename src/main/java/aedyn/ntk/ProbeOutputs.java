package aedyn.ntk;

import aedyn.model.Activation;
import aedyn.model.ModelSpec;
import aedyn.model.Parameters;
import dev.ludovic.netlib.blas.BLAS;

/**
 * The model's outputs on the probe (n x P column-major), on the driver: f(y; theta) = c U sigma(V^T y + b) (SPEC 5),
 * or the linearized model's f_lin(y; theta) = c [U h0 + U0 (s0 o (dV^T y + db))] around theta0 (SPEC 8.4; U is W
 * when tied, U0 when the decoder is not trained). Costs 2 n m P flops per product and two m x P buffers.
 */
public final class ProbeOutputs {
    private static final BLAS BLAS_ = BLAS.getInstance();

    private ProbeOutputs() {
    }

    /** The network's outputs at theta. */
    public static double[] network(ModelSpec spec, Parameters theta, double[] y, int p) {
        int n = spec.n();
        int m = spec.m();
        double[] h = preActivation(theta.encoder(), theta.b(), y, n, m, p);
        Activation act = spec.activation();
        for (int i = 0; i < h.length; i++) h[i] = act.apply(h[i]);
        double[] f = new double[n * p];
        BLAS_.dgemm("N", "N", n, p, m, spec.outputScale(), theta.decoder(), 0, n, h, 0, m, 0.0, f, 0, n);
        return f;
    }

    /** The linearized model's outputs at theta, around theta0. */
    public static double[] linearized(ModelSpec spec, Parameters theta0, Parameters theta, double[] y, int p) {
        int n = spec.n();
        int m = spec.m();
        double[] z0 = preActivation(theta0.encoder(), theta0.b(), y, n, m, p);
        double[] dv = minus(theta.encoder(), theta0.encoder());
        double[] db = minus(theta.b(), theta0.b());
        double[] dz = preActivation(dv, db, y, n, m, p);
        Activation act = spec.activation();
        for (int i = 0; i < z0.length; i++) {
            dz[i] *= act.derivative(z0[i]); // s0 o (dV^T y + db)
            z0[i] = act.apply(z0[i]); // h0
        }
        double c = spec.outputScale();
        double[] f = new double[n * p];
        BLAS_.dgemm("N", "N", n, p, m, c, theta.decoder(), 0, n, z0, 0, m, 0.0, f, 0, n);
        BLAS_.dgemm("N", "N", n, p, m, c, theta0.decoder(), 0, n, dz, 0, m, 1.0, f, 0, n);
        return f;
    }

    /** V^T Y + b 1^T (m x P). */
    private static double[] preActivation(double[] v, double[] b, double[] y, int n, int m, int p) {
        double[] z = new double[m * p];
        for (int a = 0; a < p; a++) System.arraycopy(b, 0, z, a * m, m);
        BLAS_.dgemm("T", "N", m, p, n, 1.0, v, 0, n, y, 0, n, 1.0, z, 0, m);
        return z;
    }

    private static double[] minus(double[] a, double[] b) {
        double[] out = a.clone();
        for (int i = 0; i < out.length; i++) out[i] -= b[i];
        return out;
    }
}
