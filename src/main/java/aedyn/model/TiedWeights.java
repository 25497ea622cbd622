package aedyn.model;

import aedyn.data.SampleBlock;

/**
 * What the executors need for one pass of paper 1's weight-tied autoencoder: W (n x m column-major), the encoder
 * bias b, the activation, and the matching of neurons to atoms (for support recovery; null when A is unknown).
 * Its kernel is {@link BlockKernel}, with the Gram form for narrow dictionaries.
 */
public record TiedWeights(int n, int m, double[] w, double[] b, Activation activation,
                          int[] neuronOfAtom, double[] sign) implements PassModel {

    /** Paper 1's models of one shape in the Gram form are summed together (see {@link BlockKernel}). */
    @Override
    public Object groupKey() {
        return BlockKernel.groups(n, m) ? "tied " + n + " x " + m : null;
    }

    @Override
    public void accumulate(SampleBlock block, int from, int to, PassSums sums) {
        BlockKernel.accumulate(this, block, from, to, sums);
    }
}
