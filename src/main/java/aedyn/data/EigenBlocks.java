package aedyn.data;

import java.io.Serializable;
import java.util.List;

/**
 * Eigen-blocks of a data set's second-moment matrix Σ (SPEC section 7): block j is spanned by the orthonormal
 * columns of {@code bases.get(j)} (n x d_j, column-major), blocks ordered largest eigenvalues first; the rest of
 * ℝⁿ is their orthogonal complement. For Gaussian data these are Σ's known blocks; for real data the sample
 * covariance's leading eigenvectors grouped by rank.
 *
 * @param eigenvalueSums the sum of Σ's eigenvalues in each block (d_j λ_j for a block of one eigenvalue)
 * @param trace          tr Σ, the sum of all n eigenvalues
 */
public record EigenBlocks(int n, List<double[]> bases, double[] eigenvalueSums, double trace) implements Serializable {

    public EigenBlocks {
        bases = List.copyOf(bases);
        if (eigenvalueSums.length != bases.size()) {
            throw new IllegalArgumentException(bases.size() + " bases but " + eigenvalueSums.length + " eigenvalue sums");
        }
        int used = 0;
        for (double[] b : bases) {
            if (b.length == 0 || b.length % n != 0) {
                throw new IllegalArgumentException("a basis must be n x d with n = " + n + " and d >= 1, got " + b.length + " entries");
            }
            used += b.length / n;
        }
        if (used > n) throw new IllegalArgumentException("the blocks span " + used + " dimensions, more than n = " + n);
    }

    /** The number J of blocks (energy_rest comes on top). */
    public int count() {
        return bases.size();
    }

    /** d_j of block j (0-based). */
    public int dim(int j) {
        return bases.get(j).length / n;
    }

    /** The dimension left to the rest: n − Σ d_j. */
    public int restDim() {
        int used = 0;
        for (int j = 0; j < count(); j++) used += dim(j);
        return n - used;
    }

    /**
     * The PCA reference levels (SPEC section 7): element j (j = 0..J) is the mean loss ½ E‖y − P y‖² of the best
     * projection P onto blocks 1..j, that is ½ Σ of the eigenvalues outside them; element 0 (no block) is the loss
     * at W = 0, ½ tr Σ.
     */
    public double[] pcaLevels() {
        double[] levels = new double[count() + 1];
        double outside = trace;
        levels[0] = 0.5 * outside;
        for (int j = 0; j < count(); j++) {
            outside -= eigenvalueSums[j];
            levels[j + 1] = 0.5 * Math.max(0, outside);
        }
        return levels;
    }
}
