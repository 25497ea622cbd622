package aedyn.data;

import java.util.SplittableRandom;

/** The dictionary A of the generative model, with the two numbers that describe it (SPEC section 1). */
public record GroundTruth(int n, int m, double[] a, double incoherence, double spectralNorm) {

    public static GroundTruth of(double[] a, int n, int m) {
        return new GroundTruth(n, m, a, Matrices.incoherence(a, n, m), Matrices.spectralNorm(a, n, m));
    }

    /** A = normalize(G), G_ij ~ N(0, 1/n). */
    public static GroundTruth draw(int n, int m, long seed) {
        return of(Matrices.normalizedGaussian(n, m, new SplittableRandom(seed)), n, m);
    }
}
