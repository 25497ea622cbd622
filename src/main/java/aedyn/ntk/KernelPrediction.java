package aedyn.ntk;

import aedyn.data.SymmetricEigen;
import dev.ludovic.netlib.blas.BLAS;

/**
 * The prediction of kernel gradient descent (SPEC section 8.3): full-batch gd with step eta on the mean loss and a
 * fixed kernel K over the N training samples moves the residual as R_{s+1} = R_s (I - (eta/N) K), so
 * <pre>
 *   loss_s = (1/(2N)) sum_i (1 - eta lambda_i / N)^{2s} ||R_0 v_i||^2
 * </pre>
 * over the eigenpairs (lambda_i, v_i) of K, from one LAPACK eigendecomposition (about (4/3 + 4) N^3 flops) and
 * R_0 V (2 n N^2 flops); each predicted iteration then costs O(N).
 */
public record KernelPrediction(double[] lambda, double[] energy, int samples) {
    private static final BLAS BLAS_ = BLAS.getInstance();

    /**
     * The modes of K (N x N column-major, symmetric) and of the run's initial residual R_0 = Y - f(Y; theta0)
     * (n x N column-major): lambda_i and ||R_0 v_i||^2.
     */
    public static KernelPrediction of(double[] k, int samples, double[] r0, int n) {
        if (r0.length != (long) n * samples) throw new IllegalArgumentException("residual has " + r0.length + " entries, expected n N = " + (long) n * samples);
        SymmetricEigen eigen = SymmetricEigen.of(k, samples);
        double[] rv = new double[n * samples];
        BLAS_.dgemm("N", "N", n, samples, samples, 1.0, r0, 0, n, eigen.vectors(), 0, samples, 0.0, rv, 0, n);
        double[] energy = new double[samples];
        for (int i = 0; i < samples; i++) energy[i] = BLAS_.ddot(n, rv, i * n, 1, rv, i * n, 1);
        return new KernelPrediction(eigen.values(), energy, samples);
    }

    /** predicted loss_s for s = 0 .. iterations with step eta. */
    public double[] loss(double eta, int iterations) {
        double[] out = new double[iterations + 1];
        double[] factor = new double[samples];
        for (int i = 0; i < samples; i++) {
            double f = 1.0 - eta * lambda[i] / samples;
            factor[i] = f * f;
        }
        double[] weight = energy.clone();
        for (int s = 0; s <= iterations; s++) {
            double sum = 0;
            for (int i = 0; i < samples; i++) {
                sum += weight[i];
                weight[i] *= factor[i];
            }
            out[s] = sum / (2.0 * samples);
        }
        return out;
    }

    /**
     * The predicted slowest rate of ln loss per iteration, 2 ln max(|1 - eta lambda_min / N|, |1 - eta lambda_max / N|):
     * SPEC section 8.3's 2 ln|1 - eta lambda_min / N| whenever eta (lambda_min + lambda_max) / N <= 2 (otherwise the
     * top mode decays slowest, or grows).
     */
    public static double slowestRate(double lambdaMin, double lambdaMax, double eta, int samples) {
        double low = Math.abs(1.0 - eta * lambdaMin / samples);
        double high = Math.abs(1.0 - eta * lambdaMax / samples);
        return 2.0 * Math.log(Math.max(low, high));
    }

    /** {@link #slowestRate} of this kernel's spectrum. */
    public double slowestRate(double eta) {
        return slowestRate(lambda[0], lambda[samples - 1], eta, samples);
    }
}
