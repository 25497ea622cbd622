package aedyn.data;

import java.io.Serializable;
import java.util.SplittableRandom;

/** The distribution of the latent code x* of the generative model y = A x* + eta (SPEC section 1). */
public sealed interface CodeModel extends Serializable permits CodeModel.Mixture, CodeModel.Sparse, CodeModel.NonnegSparse {

    /** Number of atoms m. */
    int m();

    /** Largest support size a draw can have. */
    int maxSupport();

    /** Draws one code: writes its support into {@code index} and values into {@code value}, returns the support size. */
    int draw(SplittableRandom rng, int[] index, double[] value);

    /** Mixture of spherical Gaussians: x* = e_j, j drawn from the mixing weights (cumulative, uniform when null). */
    record Mixture(int m, double[] cumulativeWeights) implements CodeModel {
        public static Mixture uniform(int m) {
            return new Mixture(m, null);
        }

        public static Mixture weighted(double[] weights) {
            double[] c = new double[weights.length];
            double total = 0;
            for (double w : weights) total += w;
            double run = 0;
            for (int i = 0; i < weights.length; i++) {
                run += weights[i] / total;
                c[i] = run;
            }
            c[c.length - 1] = 1.0;
            return new Mixture(weights.length, c);
        }

        /** p_i, the probability of component i. */
        public double weight(int i) {
            if (cumulativeWeights == null) return 1.0 / m;
            return cumulativeWeights[i] - (i == 0 ? 0 : cumulativeWeights[i - 1]);
        }

        @Override
        public int maxSupport() {
            return 1;
        }

        @Override
        public int draw(SplittableRandom rng, int[] index, double[] value) {
            int j;
            if (cumulativeWeights == null) {
                j = rng.nextInt(m);
            } else {
                double u = rng.nextDouble();
                j = 0;
                while (j < m - 1 && u >= cumulativeWeights[j]) j++;
            }
            index[0] = j;
            value[0] = 1.0;
            return 1;
        }
    }

    /** Sparse coding: a uniform k-subset support, Rademacher +-1 values (E[x^2] = 1, |x| >= a1 = 1). */
    record Sparse(int m, int k) implements CodeModel {
        @Override
        public int maxSupport() {
            return k;
        }

        @Override
        public int draw(SplittableRandom rng, int[] index, double[] value) {
            uniformSubset(rng, m, k, index);
            for (int t = 0; t < k; t++) value[t] = rng.nextBoolean() ? 1.0 : -1.0;
            return k;
        }
    }

    /** Non-negative sparse coding: a uniform k-subset support, values uniform on [a1, a2]. */
    record NonnegSparse(int m, int k, double a1, double a2) implements CodeModel {
        @Override
        public int maxSupport() {
            return k;
        }

        @Override
        public int draw(SplittableRandom rng, int[] index, double[] value) {
            uniformSubset(rng, m, k, index);
            for (int t = 0; t < k; t++) value[t] = a1 + (a2 - a1) * rng.nextDouble();
            return k;
        }
    }

    /** Robert Floyd's algorithm: a uniform k-subset of [0, m) in O(k^2) without an m-sized scratch array. */
    private static void uniformSubset(SplittableRandom rng, int m, int k, int[] out) {
        int size = 0;
        for (int j = m - k; j < m; j++) {
            int t = rng.nextInt(j + 1);
            boolean taken = false;
            for (int s = 0; s < size; s++) {
                if (out[s] == t) {
                    taken = true;
                    break;
                }
            }
            out[size++] = taken ? j : t;
        }
    }
}
