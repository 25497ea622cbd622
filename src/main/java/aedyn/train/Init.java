package aedyn.train;

/** How W^0 is chosen (SPEC section 3). */
public sealed interface Init permits Init.Perturb, Init.Pca, Init.Random, Init.FromFile, Init.Spectral {

    /** W^0 = normalize(A + delta E), E_ij ~ N(0, 1/n). Needs the ground truth. */
    record Perturb(double delta) implements Init {
    }

    /** The top-m principal directions of the samples (centered covariance, computed by MLlib). */
    record Pca() implements Init {
    }

    /** W^0 = normalize(G), G_ij ~ N(0, 1/n). */
    record Random() implements Init {
    }

    /** W^0 read from a .npy file of shape (n, m). */
    record FromFile(String path) implements Init {
    }

    /**
     * The spectral method for sparse codes ({@link SpectralInit}): at most {@code pairs} pairs of samples, at most
     * {@code pairsPerPass} in one batch, {@code powerIterations} passes of block iteration a batch, an eigenvector
     * kept when |θ₂| ≤ maxEigenRatio · θ₁, pairs drawn from a pool of {@code pool} samples.
     */
    record Spectral(int pairs, int pairsPerPass, int powerIterations, double maxEigenRatio, int pool) implements Init {
    }
}
