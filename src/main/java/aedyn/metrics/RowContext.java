package aedyn.metrics;

import aedyn.data.EigenBlocks;
import aedyn.data.GroundTruth;
import aedyn.model.Parameters;
import aedyn.model.PassSums;

/**
 * What row s of a learning curve is computed from on the driver: the pass's sums at theta^s, theta^s and theta^0,
 * the gradient of the objective, the matching of W^s to A (null unless A is matched) and the run's fixed inputs
 * (A, l2, the mixing weights, the eigen-blocks; null where the run has none). A metric of the registry reads what
 * it needs; the recovery report is computed once, where A is matched, for the metrics that share it.
 *
 * @param startNanos System.nanoTime() when the row's pass was asked for (the row's seconds)
 * @param recovery   fro_error, max_col_error and spectral_ratio of W^s against A (SPEC section 4), or null
 * @param kernel     the tangent kernel's measures on the probe at this row (SPEC 8.1), or null at rows without them
 */
public record RowContext(int iteration, PassSums sums, Weights weights, Matching matching, Inputs inputs,
                         long startNanos, Recovery.Report recovery, KernelRow kernel) {

    /** theta^s, theta^0 and the gradient of the objective at theta^s. */
    public record Weights(Parameters theta, Parameters initial, Parameters gradient) {
    }

    /** theta^s. */
    public Parameters theta() {
        return weights.theta();
    }

    /** theta^0. */
    public Parameters initial() {
        return weights.initial();
    }

    /** The gradient of the objective at theta^s. */
    public Parameters gradient() {
        return weights.gradient();
    }

    /** lambda_min and lambda_max of the probe's kernel K(s) and its drift ||K(s) - K(0)||_F / ||K(0)||_F. */
    public record KernelRow(double lambdaMin, double lambdaMax, double drift) {
    }

    /** The same row with the kernel's measures. */
    public RowContext withKernel(KernelRow k) {
        return new RowContext(iteration, sums, weights, matching, inputs, startNanos, recovery, k);
    }

    /** A kernel measure of this row, NaN (absent) at rows without the kernel. */
    public double kernelValue(java.util.function.ToDoubleFunction<KernelRow> part) {
        return kernel == null ? Double.NaN : part.applyAsDouble(kernel);
    }

    /**
     * The run's fixed inputs to its metrics.
     *
     * @param truth            A (null when unknown)
     * @param l2               the l2 weight of the objective (SPEC section 5)
     * @param componentWeights p_i of the mixture when the population gradient is measured, else null
     * @param energyBlocks     the eigen-blocks of the subspace energies, else null
     * @param learnsBias       b is a trained parameter (its schedule is learned), so its part counts in norms
     */
    public record Inputs(GroundTruth truth, double l2, double[] componentWeights, EigenBlocks energyBlocks,
                         boolean learnsBias) {
    }

    /** Row s's context; the recovery report is measured here when the matching is known. */
    public static RowContext of(int iteration, PassSums sums, Parameters theta, Parameters initial,
                                Parameters gradient, Matching matching, Inputs inputs, long startNanos) {
        GroundTruth truth = inputs.truth();
        Recovery.Report recovery = matching == null ? null : Recovery.Report.of(truth.a(), theta.encoder(), theta.n(),
                theta.m(), matching, truth.spectralNorm());
        return new RowContext(iteration, sums, new Weights(theta, initial, gradient), matching, inputs, startNanos, recovery,
                null);
    }

    public int n() {
        return theta().n();
    }

    public int m() {
        return theta().m();
    }

    /** The parts of {@code p} (theta or its gradient) that are trained: those the gradient holds, b only when learned. */
    public Parameters trained(Parameters p) {
        return trained(p, gradient().hasDecoder(), inputs.learnsBias());
    }

    /**
     * The trained parts of {@code p}: V (or W), U when the decoder is trained, b when its schedule learns it (a
     * geometric or constant bias is not trained, and paper 1's grad_norm never held it).
     */
    public static Parameters trained(Parameters p, boolean decoderTrained, boolean learnsBias) {
        return Parameters.gradient(p.n(), p.m(), p.v(), p.u(), p.b(), decoderTrained, learnsBias);
    }
}
