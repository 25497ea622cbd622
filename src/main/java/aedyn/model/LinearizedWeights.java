package aedyn.model;

import aedyn.data.SampleBlock;

/**
 * What the executors need for one pass of the linearized twin (SPEC section 8.4): f_lin(y) = f(y; theta0) +
 * J(y; theta0)(theta - theta0), with theta0 = (V0, U0, b0) the initialization and theta = (V, U, b) the twin's
 * current parameters, both tied or both untied ({@link Parameters#tied()}; then W = V). In the encoder-only regime
 * the caller passes U = U0 (the decoder is not trained). The sums have the layout of {@link TwoLayerWeights}'s: G_V
 * then G_U (joint) or G_W alone, and g_b. Its kernel is {@link LinearizedKernel}.
 */
public record LinearizedWeights(Parameters theta0, Parameters theta, Activation activation, double c,
                                boolean decoderGradient) implements PassModel {

    public LinearizedWeights {
        if (theta.tied() != theta0.tied()) {
            throw new IllegalArgumentException("the twin and its initialization must both be tied or both untied");
        }
        if (theta.n() != theta0.n() || theta.m() != theta0.m()) {
            throw new IllegalArgumentException("the twin has shape (" + theta.n() + ", " + theta.m()
                    + "), its initialization (" + theta0.n() + ", " + theta0.m() + ")");
        }
        if (theta0.b().length != theta0.m() || theta.b().length != theta.m()) {
            throw new IllegalArgumentException("biases have " + theta0.b().length + " and " + theta.b().length
                    + " entries, expected m = " + theta.m());
        }
    }

    /** The twin around theta0 = (V0, U0, b0) at theta = (V, U, b). */
    public static LinearizedWeights of(ModelSpec spec, Parameters theta0, Parameters theta) {
        return new LinearizedWeights(theta0, theta, spec.activation(), spec.outputScale(), spec.trainsDecoder());
    }

    @Override
    public int n() {
        return theta.n();
    }

    @Override
    public int m() {
        return theta.m();
    }

    /** V0 (W0 when tied). */
    public double[] v0() {
        return theta0.v();
    }

    public double[] b0() {
        return theta0.b();
    }

    /** V (W when tied). */
    public double[] v() {
        return theta.v();
    }

    public double[] b() {
        return theta.b();
    }

    public boolean tied() {
        return theta.tied();
    }

    /** The current decoder: U, or W itself when tied. */
    public double[] decoder() {
        return theta.decoder();
    }

    /** The decoder at the initialization: U0, or W0 when tied. */
    public double[] decoder0() {
        return theta0.decoder();
    }

    /** Gradient matrices summed, as {@link TwoLayerWeights#gradientMatrices()}. */
    @Override
    public int gradientMatrices() {
        return !tied() && decoderGradient ? 2 : 1;
    }

    @Override
    public void accumulate(SampleBlock block, int from, int to, PassSums sums) {
        LinearizedKernel.accumulate(this, block, from, to, sums);
    }
}
