package aedyn.model;

import aedyn.data.SampleBlock;

/**
 * What the executors need for one pass of the linearized twin (SPEC section 8.4): f_lin(y) = f(y; theta0) +
 * J(y; theta0)(theta - theta0), with theta0 = (V0, U0, b0) the initialization and theta = (V, U, b) the twin's
 * current parameters. Tied when {@code u} is null (then u0 is null too and W = V). In the encoder-only regime the
 * caller passes u = u0 (the decoder is not trained). The sums have the layout of {@link TwoLayerWeights}'s: G_V then
 * G_U (joint) or G_W alone, and g_b. Its kernel is {@link LinearizedKernel}.
 */
public record LinearizedWeights(int n, int m, double[] v0, double[] u0, double[] b0, double[] v, double[] u, double[] b,
                                Activation activation, double c, boolean decoderGradient) implements PassModel {

    public LinearizedWeights {
        if ((u == null) != (u0 == null)) {
            throw new IllegalArgumentException("the twin and its initialization must both be tied or both untied");
        }
        for (double[] a : new double[][]{v0, v, u0, u}) {
            if (a != null && a.length != n * m) throw new IllegalArgumentException("a weight matrix has " + a.length + " entries, expected n m = " + n * m);
        }
        if (b0.length != m || b.length != m) throw new IllegalArgumentException("biases have " + b0.length + " and " + b.length + " entries, expected m = " + m);
    }

    /** The twin around theta0 = (V0, U0, b0) at theta = (V, U, b); U and U0 are null when tied. */
    public static LinearizedWeights of(ModelSpec spec, Parameters theta0, Parameters theta) {
        return new LinearizedWeights(spec.n(), spec.m(), theta0.v(), theta0.u(), theta0.b(), theta.v(), theta.u(),
                theta.b(), spec.activation(), spec.outputScale(), spec.trainsDecoder());
    }

    public boolean tied() {
        return u == null;
    }

    /** The current decoder: U, or W itself when tied. */
    public double[] decoder() {
        return u == null ? v : u;
    }

    /** The decoder at the initialization: U0, or W0 when tied. */
    public double[] decoder0() {
        return u0 == null ? v0 : u0;
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
