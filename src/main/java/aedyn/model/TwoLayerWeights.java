package aedyn.model;

import aedyn.data.SampleBlock;

/**
 * What the executors need for one pass of the general two-layer autoencoder y_hat = c U sigma(V^T y + b)
 * (SPEC section 5): theta = (V, U, b) (tied: U = V, {@link Parameters#tied()}), the activation, the output scale c,
 * whether the decoder's gradient is wanted (not in the encoder-only regime), and the matching of neurons to atoms
 * for support recovery (null when A is unknown). Its kernel is {@link TwoLayerKernel}.
 */
public record TwoLayerWeights(Parameters theta, Activation activation, double c, boolean decoderGradient,
                              int[] neuronOfAtom, double[] sign) implements PassModel {

    @Override
    public int n() {
        return theta.n();
    }

    @Override
    public int m() {
        return theta.m();
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

    /** The decoder: U, or W itself when tied. */
    public double[] decoder() {
        return theta.decoder();
    }

    /** Gradient matrices summed: G_W when tied; G_V, then G_U when the decoder is trained; G_V alone otherwise. */
    @Override
    public int gradientMatrices() {
        return !tied() && decoderGradient ? 2 : 1;
    }

    @Override
    public void accumulate(SampleBlock block, int from, int to, PassSums sums) {
        TwoLayerKernel.accumulate(this, block, from, to, sums);
    }
}
