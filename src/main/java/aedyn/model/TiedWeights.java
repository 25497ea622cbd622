package aedyn.model;

import java.io.Serializable;

/**
 * What the executors need for one pass of the weight-tied autoencoder: W (n x m column-major), the encoder
 * bias b, the activation, and the matching of neurons to atoms (for support recovery; null when A is unknown).
 * This is the value broadcast once per iteration.
 */
public record TiedWeights(int n, int m, double[] w, double[] b, Activation activation,
                          int[] neuronOfAtom, double[] sign) implements Serializable {
}
