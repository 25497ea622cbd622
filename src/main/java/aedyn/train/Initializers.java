package aedyn.train;

import aedyn.data.GroundTruth;
import aedyn.data.Matrices;
import aedyn.data.SampleBlock;
import org.apache.spark.api.java.JavaRDD;

import java.util.SplittableRandom;
import java.util.function.Function;

/** W^0 for each {@link Init} (SPEC section 3), every column of unit norm. */
public final class Initializers {
    /**
     * Depth of the pca treeAggregate: the run's train.treeDepth does not reach initialW, and pca runs once a run,
     * so Spark's default depth serves.
     */
    private static final int PCA_TREE_DEPTH = 2;

    private Initializers() {
    }

    /**
     * @param samples   the run's samples (used by pca and spectral)
     * @param truth     the ground truth, or null (perturb needs it)
     * @param seed      the run's initialization seed
     * @param readFile  reads the (n, m) matrix at a path (init.kind = file)
     */
    public static double[] initialW(Init init, JavaRDD<SampleBlock> samples, GroundTruth truth, int n, int m,
                                    long seed, Function<String, double[]> readFile) {
        SplittableRandom rng = new SplittableRandom(seed);
        double[] w;
        if (init instanceof Init.Perturb p) {
            if (truth == null) throw new IllegalStateException("init.kind = perturb needs the ground truth A");
            double[] e = Matrices.gaussian(n, m, rng);
            w = truth.a().clone();
            for (int i = 0; i < w.length; i++) w[i] += p.delta() * e[i];
        } else if (init instanceof Init.Random) {
            w = Matrices.gaussian(n, m, rng);
        } else if (init instanceof Init.FromFile f) {
            w = readFile.apply(f.path());
        } else if (init instanceof Init.Spectral sp) {
            w = SpectralInit.run(samples, n, m, sp, seed, "").w();
        } else {
            w = PrincipalDirections.of(samples, n, m, PCA_TREE_DEPTH);
        }
        int bad = Matrices.normalizeColumns(w, n, m);
        if (bad >= 0) {
            throw new IllegalArgumentException("initial W (init.kind = " + init + ") has a zero or non-finite column " + bad);
        }
        return w;
    }
}
