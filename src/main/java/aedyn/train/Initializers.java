package aedyn.train;

import aedyn.data.GroundTruth;
import aedyn.data.Matrices;
import aedyn.data.SampleBlock;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.mllib.linalg.Matrix;
import org.apache.spark.mllib.linalg.Vector;
import org.apache.spark.mllib.linalg.Vectors;
import org.apache.spark.mllib.linalg.distributed.RowMatrix;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.function.Function;

/** W^0 for each {@link Init} (SPEC section 3), every column of unit norm. */
public final class Initializers {
    private Initializers() {
    }

    /**
     * @param samples   the run's samples (used by pca only)
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
        } else {
            w = principalDirections(samples, m);
        }
        int bad = Matrices.normalizeColumns(w, n, m);
        if (bad >= 0) {
            throw new IllegalArgumentException("initial W (init.kind = " + init + ") has a zero or non-finite column " + bad);
        }
        return w;
    }

    /** The top-m principal components of the samples, from MLlib's distributed centered covariance. */
    static double[] principalDirections(JavaRDD<SampleBlock> samples, int m) {
        JavaRDD<Vector> rows = samples.flatMap(block -> {
            List<Vector> out = new ArrayList<>(block.count());
            int n = block.n();
            for (int j = 0; j < block.count(); j++) {
                double[] v = new double[n];
                System.arraycopy(block.y(), j * n, v, 0, n);
                out.add(Vectors.dense(v));
            }
            return out.iterator();
        });
        Matrix pc = new RowMatrix(rows.rdd()).computePrincipalComponents(m);
        return pc.toArray(); // column-major n x m
    }
}
