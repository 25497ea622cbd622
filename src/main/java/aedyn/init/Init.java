package aedyn.init;

import aedyn.choice.Choice;

import java.util.List;

/** How the starting parameters are chosen (SPEC sections 3 and 5). */
public sealed interface Init permits Init.Perturb, Init.Pca, Init.Random, Init.Gaussian, Init.FromFile, Init.Spectral {

    /** The words init.kind takes. */
    enum Kind implements Choice {
        PERTURB, PCA, RANDOM, GAUSSIAN, FILE, SPECTRAL;

        public static Kind named(String label) {
            return Choice.named(Kind.class, label);
        }

        public static List<String> names() {
            return Choice.names(Kind.class);
        }
    }

    /** W^0 = normalize(A + delta E), E_ij ~ N(0, 1/n). Needs the ground truth. */
    record Perturb(double delta) implements Init {
    }

    /** The top-m principal directions of the samples (centered covariance). */
    record Pca() implements Init {
    }

    /** W^0 = normalize(G), G_ij ~ N(0, 1/n). */
    record Random() implements Init {
    }

    /** Entries of V (and U) i.i.d. N(0, scale^2), as drawn (SPEC section 5). */
    record Gaussian(double scale) implements Init {
    }

    /**
     * W (or V) read from {@code path}, U from {@code decoderPath} (untied models; empty otherwise), both (n, m)
     * .npy files used as they are, except that columns are normalized for paper 1's normalized updates.
     */
    record FromFile(String path, String decoderPath) implements Init {
    }

    /**
     * The spectral method for sparse codes ({@link SpectralInit}): at most {@code pairs} pairs of samples, at most
     * {@code pairsPerPass} in one batch, {@code powerIterations} passes of block iteration a batch, an eigenvector
     * kept when |θ₂| ≤ maxEigenRatio · θ₁, pairs drawn from a pool of {@code pool} samples.
     */
    record Spectral(int pairs, int pairsPerPass, int powerIterations, double maxEigenRatio, int pool) implements Init {
    }
}
