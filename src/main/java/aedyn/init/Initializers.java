package aedyn.init;

import aedyn.data.PrincipalDirections;
import aedyn.data.GroundTruth;
import aedyn.data.Matrices;
import aedyn.data.Samples;
import aedyn.data.Seeds;
import aedyn.model.ModelSpec;
import aedyn.model.Parameters;

import java.util.Arrays;
import java.util.SplittableRandom;
import java.util.function.BiFunction;

/** The starting parameters for each {@link Init} (SPEC sections 3 and 5). */
public final class Initializers {
    /**
     * Depth of the pca treeAggregate: the run's train.treeDepth does not reach the initializer, and pca runs once a
     * run, so Spark's default depth serves.
     */
    private static final int PCA_TREE_DEPTH = 2;

    private Initializers() {
    }

    /**
     * theta^0 = (W^0 or V^0, U^0, b^0 = bias0 everywhere). Columns are normalized to unit norm for paper 1's
     * normalized updates ({@code unitColumns}); otherwise the weights are used as drawn or read.
     *
     * @param samples   the run's samples (used by pca and spectral)
     * @param truth     the ground truth, or null (perturb needs it)
     * @param seed      the run's initialization seed
     * @param readFile  reads the (n, m) matrix at a path, naming the key it came from (init.kind = file)
     */
    public static Parameters initial(Init init, ModelSpec spec, double bias0, boolean unitColumns,
                                     Samples samples, GroundTruth truth, long seed,
                                     BiFunction<String, String, double[]> readFile) {
        int n = spec.n();
        int m = spec.m();
        double[] b = new double[m];
        Arrays.fill(b, bias0);
        double[] v;
        double[] u = null;
        if (init instanceof Init.Gaussian g) {
            v = gaussian(n, m, g.scale(), new SplittableRandom(seed));
            if (!spec.tied()) u = gaussian(n, m, g.scale(), new SplittableRandom(Seeds.derive(seed, 1)));
        } else if (init instanceof Init.FromFile f) {
            v = readFile.apply("init.path", f.path());
            if (!spec.tied()) u = readFile.apply("init.decoder-path", f.decoderPath());
        } else {
            v = initialW(init, samples, truth, n, m, seed);
        }
        if (unitColumns) {
            int bad = Matrices.normalizeColumns(v, n, m);
            if (bad >= 0) {
                throw new IllegalArgumentException("initial W (init.kind = " + init + ") has a zero or non-finite column " + bad);
            }
        }
        // an untied model starts from gaussian or file alone (CrossKeyRules), which draw or read its U
        return spec.tied() ? Parameters.tied(n, m, v, b) : Parameters.untied(n, m, v, u, b);
    }

    /** Entries i.i.d. N(0, scale^2). */
    static double[] gaussian(int n, int m, double scale, SplittableRandom rng) {
        double[] g = new double[n * m];
        for (int i = 0; i < g.length; i++) g[i] = scale * rng.nextGaussian();
        return g;
    }

    /** Paper 1's W^0 for perturb, random and pca, every column of unit norm (SPEC section 3). */
    public static double[] initialW(Init init, Samples samples, GroundTruth truth, int n, int m,
                                    long seed) {
        SplittableRandom rng = new SplittableRandom(seed);
        double[] w;
        if (init instanceof Init.Perturb p) {
            if (truth == null) throw new IllegalStateException("init.kind = perturb needs the ground truth A");
            double[] e = Matrices.gaussian(n, m, rng);
            w = truth.a().clone();
            for (int i = 0; i < w.length; i++) w[i] += p.delta() * e[i];
        } else if (init instanceof Init.Random) {
            w = Matrices.gaussian(n, m, rng);
        } else if (init instanceof Init.Spectral sp) {
            w = SpectralInit.run(samples, n, m, sp, seed, "").w();
        } else if (init instanceof Init.Pca) {
            w = PrincipalDirections.of(samples, n, m, PCA_TREE_DEPTH);
        } else {
            throw new IllegalArgumentException("init.kind = " + init + " does not start from a unit-column W alone");
        }
        int bad = Matrices.normalizeColumns(w, n, m);
        if (bad >= 0) {
            throw new IllegalArgumentException("initial W (init.kind = " + init + ") has a zero or non-finite column " + bad);
        }
        return w;
    }
}
