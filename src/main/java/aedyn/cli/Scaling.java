package aedyn.cli;

import aedyn.data.CodeModel;
import aedyn.data.GroundTruth;
import aedyn.data.SampleGenerator;
import aedyn.data.SampleSource;
import aedyn.model.PassModel;
import aedyn.data.SampleSpace;
import aedyn.data.Samples;
import aedyn.train.Pass;
import org.apache.commons.math3.stat.regression.OLSMultipleLinearRegression;
import org.apache.spark.api.java.JavaSparkContext;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * How a pass's cost grows (bench --scaling), at paper 1's shape n = 784, m = 10 with fresh samples: against the
 * sample count N, against the partition count at N = 10^6, and against the size of a cohort sharing those samples.
 * It then fits per-pass seconds = a + b N / cores + c P by least squares (relative errors) to the first two sweeps
 * and prints a, b and c: the fixed cost of a Spark round trip, the cost of a sample on one core, and the cost of a
 * partition (its task, its sums' serialization and their merge).
 */
final class Scaling {
    private Scaling() {
    }

    static final int N_DIM = 784;
    static final int M = 10;
    static final long[] SAMPLES = {100_000, 1_000_000, 10_000_000};
    static final int[] PARTITIONS = {2, 8, 32, 128};
    static final int[] COHORTS = {1, 2, 4, 8};
    static final long FIXED_N = 1_000_000;

    /** One measured configuration: samples, partitions, cohort size and the median seconds per pass. */
    record Point(long samples, int partitions, int cohort, double seconds) {
    }

    static void run(JavaSparkContext sc, int passes, int slots) {
        System.out.printf(Locale.ROOT, "scaling at (n, m) = (%d, %d), fresh samples, %d task slots, median of %d passes after one%n",
                N_DIM, M, slots, passes);
        // The JIT compiles the sample generator and the kernel's loops during the first seconds: untimed passes
        // first, so that the sweeps do not charge warm-up to their first points.
        measure(sc, FIXED_N, slots, 1, 2);
        List<Point> fit = new ArrayList<>();
        System.out.println("samples N     partitions  cohort  s/pass   us/sample/core");
        for (long n : SAMPLES) fit.add(print(measure(sc, n, slots, 1, passes), slots));
        for (int p : PARTITIONS) {
            if (p == slots) continue; // measured above
            fit.add(print(measure(sc, FIXED_N, p, 1, passes), slots));
        }
        Point one = null;
        for (int k : COHORTS) {
            Point c = print(measure(sc, FIXED_N, slots, k, passes), slots);
            if (k == 1) one = c;
            System.out.printf(Locale.ROOT, "cohort of %d: %.2f x one member's pass, %.3f s per member%n", k,
                    c.seconds() / one.seconds(), c.seconds() / k);
        }
        double[] abc = fitCostModel(fit, slots);
        System.out.printf(Locale.ROOT, "fitted: s/pass = %.4f + %.3g x N / cores + %.3g x P  (a: fixed s, b: s per sample on one core, "
                + "c: s per partition at n m = %d)%n", abc[0], abc[1], abc[2], N_DIM * M);
    }

    private static Point print(Point p, int slots) {
        System.out.printf(Locale.ROOT, "%-13d %-11d %-7d %7.3f  %8.3f%n", p.samples(), p.partitions(), p.cohort(),
                p.seconds(), p.seconds() * slots / p.samples() * 1e6);
        return p;
    }

    /**
     * a, b, c of seconds = a + b N / cores + c P, by least squares on the relative error (each equation divided by
     * its measured seconds), so that the 0.1 s points weigh as much as the 30 s one.
     */
    static double[] fitCostModel(List<Point> points, int cores) {
        double[] y = new double[points.size()];
        double[][] x = new double[points.size()][];
        for (int i = 0; i < y.length; i++) {
            Point p = points.get(i);
            double t = p.seconds();
            y[i] = 1;
            x[i] = new double[]{1 / t, (double) p.samples() / cores / t, p.partitions() / t};
        }
        OLSMultipleLinearRegression ols = new OLSMultipleLinearRegression();
        ols.setNoIntercept(true);
        ols.newSampleData(y, x);
        return ols.estimateRegressionParameters();
    }

    /** Median seconds of a pass of {@code cohort} members (distinct weights) over N fresh samples in P partitions. */
    static Point measure(JavaSparkContext sc, long samples, int partitions, int cohort, int passes) {
        GroundTruth truth = GroundTruth.draw(N_DIM, M, 1);
        SampleGenerator g = new SampleGenerator(CodeModel.Mixture.uniform(M), truth.a(), N_DIM, 0.01, 2);
        List<Pass.Request> members = new ArrayList<>();
        for (int k = 0; k < cohort; k++) {
            PassModel w = Bench.weights(truth, N_DIM, M, 3 + k);
            members.add(Pass.Request.fullBatch(w, 0));
        }
        sc.setJobDescription(String.format(Locale.ROOT, "bench scaling N = %d, P = %d, cohort %d", samples, partitions, cohort));
        try (Samples data = SampleSpace.of(sc).samples(SampleSource.fresh(g, samples), partitions)) {
            double seconds = Bench.medianPassSeconds(data, members, passes, samples);
            return new Point(samples, data.partitions(), cohort, seconds);
        }
    }
}
