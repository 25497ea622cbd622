package aedyn.cli;

import aedyn.data.CodeModel;
import aedyn.data.GroundTruth;
import aedyn.data.Matrices;
import aedyn.data.SampleBlock;
import aedyn.data.SampleGenerator;
import aedyn.data.SampleSource;
import aedyn.model.Activation;
import aedyn.model.BlockKernel;
import aedyn.model.ModelFamily;
import aedyn.model.ModelSpec;
import aedyn.model.Parameters;
import aedyn.model.PassSums;
import aedyn.model.TiedWeights;
import aedyn.train.Batch;
import aedyn.train.BiasSchedule;
import aedyn.data.DistributedSamples;
import aedyn.data.SampleSpace;
import aedyn.data.Samples;
import aedyn.train.IterationListener;
import aedyn.train.LearningCurveRow;
import aedyn.train.Optimizer;
import aedyn.train.Pass;
import aedyn.train.Trainer;
import aedyn.train.TrainingProblem;

import dev.ludovic.netlib.blas.BLAS;
import org.apache.spark.SparkConf;
import org.apache.spark.TaskContext;
import org.apache.spark.api.java.JavaSparkContext;
import scala.reflect.ClassTag$;
import scala.runtime.AbstractFunction2;
import scala.runtime.BoxedUnit;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.SplittableRandom;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/**
 * Measures what one gradient pass costs against what its arithmetic costs: the pass over N samples is
 * counted as 10 n m N flops (SPEC section 2, five products), and the kernel's Gram form, which it takes when m
 * is well below n, executes fewer ({@link BlockKernel#flops}). Prints the bound BLAS, this process's own GEMM
 * peak, seconds per pass and both rates for cached and fresh samples (the share of the peak from the executed
 * flops), the per-iteration time of a tiny problem (pure overhead) and, where a NumPy script is given, the same
 * pass in NumPy.
 *
 * <p>With {@code --two-layer n,m,N} it also times the general two-layer kernel (SPEC section 5) against paper 1's on
 * the same cached samples and prints their speed per flop.
 *
 * <p>With {@code --scaling} it prints instead how a pass's cost grows with N, partitions and cohort size
 * ({@link Scaling}), and the tiny problem; with {@code --tiny} the tiny problem alone.
 *
 * <p>usage: Bench [--shapes "n,m,N;..."] [--passes K] [--numpy SCRIPT] [--tiny-iterations T] [--two-layer n,m,N]
 * [--scaling] [--tiny]
 */
public final class Bench {
    private Bench() {
    }

    record Shape(int n, int m, long samples) {
        double flopsPerPass() {
            return 10.0 * n * m * samples;
        }

        @Override
        public String toString() {
            return String.format(Locale.ROOT, "(%d, %d, %d)", n, m, samples);
        }
    }

    public static void main(String[] args) throws Exception {
        List<Shape> shapes = new ArrayList<>(List.of(new Shape(1000, 1000, 100_000), new Shape(256, 512, 200_000),
                new Shape(784, 10, 1_000_000)));
        int passes = 5;
        String numpy = null;
        int tinyIterations = 50;
        Shape twoLayer = null;
        boolean scaling = false;
        boolean tinyOnly = false;
        boolean passesGiven = false;
        for (int i = 0; i < args.length; i++) {
            switch (args[i]) {
                case "--scaling" -> scaling = true;
                case "--tiny" -> tinyOnly = true;
                case "--shapes" -> shapes = parseShapes(args[++i]);
                case "--passes" -> {
                    passes = Integer.parseInt(args[++i]);
                    passesGiven = true;
                }
                case "--numpy" -> numpy = args[++i];
                case "--tiny-iterations" -> tinyIterations = Integer.parseInt(args[++i]);
                case "--two-layer" -> twoLayer = parseShapes(args[++i]).get(0);
                default -> throw new IllegalArgumentException("unknown argument " + args[i]
                        + " (allowed: --shapes \"n,m,N;...\", --passes K, --numpy SCRIPT, --tiny-iterations T, --two-layer n,m,N, "
                        + "--scaling, --tiny)");
            }
        }
        SparkConf conf = new SparkConf().setAppName("aedyn bench").setIfMissing("spark.master", "local[*]")
                .setIfMissing("spark.ui.showConsoleProgress", "false");
        try (JavaSparkContext sc = new JavaSparkContext(conf)) {
            int slots = sc.defaultParallelism();
            BLAS blas = BLAS.getInstance();
            System.out.printf(Locale.ROOT, "BLAS: %s | OPENBLAS_NUM_THREADS=%s OPENBLAS_CORETYPE=%s | Spark %s %s, %d task slots | Java %s%n",
                    blas.getClass().getName(), System.getenv("OPENBLAS_NUM_THREADS"), System.getenv("OPENBLAS_CORETYPE"),
                    sc.version(), sc.master(), slots, System.getProperty("java.version"));
            if (tinyOnly || scaling) {
                if (scaling) Scaling.run(sc, passesGiven ? passes : 2, slots);
                printTiny(sc, tinyIterations, slots);
                return;
            }
            Peak peak1 = gemmPeak(1);
            Peak peakAll = gemmPeak(slots);
            double peak = peakAll.gflops();
            System.out.printf(Locale.ROOT, "GEMM peak (this process, best of NN/TN/NT at 512^3 and 1024^3 after warm-up): "
                            + "%.1f GFLOP/s on 1 thread (%s), %.1f GFLOP/s with %d concurrent (%s)%n",
                    peak1.gflops(), peak1.call(), peak, slots, peakAll.call());
            System.out.println("GFLOP/s: 10 n m N per pass / seconds; executed: the kernel's own flops / seconds");
            System.out.println("shape (n, m, N)        mode    s/pass    GFLOP/s  executed  of peak  numpy s/pass  ours/numpy");
            boolean above = false;
            for (Shape shape : shapes) {
                Double numpySeconds = numpy == null ? null : numpyPass(numpy, shape, passes, slots);
                for (boolean fresh : new boolean[]{false, true}) {
                    PassTiming t = passTiming(sc, shape, fresh, passes, slots);
                    double seconds = t.seconds();
                    double executed = t.executedFlops() / seconds / 1e9;
                    above |= executed > peak;
                    System.out.printf(Locale.ROOT, "%-22s %-7s %8.3f  %8.1f  %8.1f  %s  %s%n", shape, fresh ? "fresh" : "cached",
                            seconds, shape.flopsPerPass() / seconds / 1e9, executed, shareOfPeak(executed, peak),
                            numpySeconds == null ? "" : String.format(Locale.ROOT, "%12.3f  %10.2f", numpySeconds, seconds / numpySeconds));
                }
            }
            if (above) {
                System.out.printf(Locale.ROOT, "above: the pass executed more GFLOP/s than the GEMM peak measured here (%.1f), so "
                        + "that peak is too low a bound (busy cores while it was measured?) and no share is given%n", peak);
            }
            if (twoLayer != null) twoLayerAgainstPaperOne(sc, twoLayer, passes, slots);
            printTiny(sc, tinyIterations, slots);
        }
    }

    private static void printTiny(JavaSparkContext sc, int iterations, int slots) {
        double[] tiny = tinyIterationSeconds(sc, iterations, slots);
        System.out.printf(Locale.ROOT, "tiny problem (16, 4, 2048): median %.1f ms per iteration over its first %d iterations, "
                        + "%.1f ms over %d after %d more (pass alone %.2f ms; as a Spark job %.1f ms; a no-op Spark job over "
                        + "the same blocks %.1f ms)%n",
                tiny[0] * 1e3, iterations, tiny[1] * 1e3, iterations, TINY_WARM_UP, tiny[2] * 1e3, tiny[3] * 1e3, tiny[4] * 1e3);
    }

    private static List<Shape> parseShapes(String text) {
        List<Shape> shapes = new ArrayList<>();
        for (String s : text.split(";")) {
            String[] p = s.trim().split(",");
            if (p.length != 3) throw new IllegalArgumentException("--shapes: \"" + s + "\" is not n,m,N");
            shapes.add(new Shape(Integer.parseInt(p[0].trim()), Integer.parseInt(p[1].trim()), Long.parseLong(p[2].trim())));
        }
        return shapes;
    }

    /** The best GEMM rate this process reached, in GFLOP/s summed over its threads, and at which call. */
    record Peak(double gflops, String call) {
    }

    /** The shapes the peak is measured at: square products in each of the layouts the kernel calls. */
    private static final int[] PEAK_SIZES = {512, 1024};
    private static final String[][] PEAK_LAYOUTS = {{"N", "N"}, {"T", "N"}, {"N", "T"}};

    /**
     * This process's GEMM peak on {@code threads} threads at once: for every size and layout of PEAK_SIZES and
     * PEAK_LAYOUTS, warm-up calls (at least two, and 0.3 s), then the best of up to five timed rounds (about 2 s at
     * most), operands allocated and filled outside the timing; the best rate of all. A BLAS is not equally good at
     * every shape (netlib's Java fallback is slowest at A B^T), so one shape alone can put the peak below the pass.
     */
    static Peak gemmPeak(int threads) throws Exception {
        BLAS blas = BLAS.getInstance();
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        try {
            Peak best = new Peak(0, "none");
            for (int size : PEAK_SIZES) {
                double[][][] operands = new double[threads][3][];
                for (int t = 0; t < threads; t++) {
                    SplittableRandom random = new SplittableRandom(t);
                    for (int k = 0; k < 3; k++) {
                        operands[t][k] = new double[size * size];
                        for (int i = 0; i < size * size; i++) operands[t][k][i] = random.nextDouble() - 0.5;
                    }
                }
                for (String[] layout : PEAK_LAYOUTS) {
                    double seconds = bestRound(pool, threads, t -> blas.dgemm(layout[0], layout[1], size, size, size,
                            1.0, operands[t][0], size, operands[t][1], size, 0.0, operands[t][2], size));
                    double gflops = threads * 2.0 * size * size * (double) size / seconds / 1e9;
                    if (gflops > best.gflops()) best = new Peak(gflops, "dgemm " + layout[0] + layout[1] + " " + size + "^3");
                }
            }
            return best;
        } finally {
            pool.shutdown();
        }
    }

    /** The shortest time of one round of {@code call} on every thread at once, after warm-up rounds. */
    private static double bestRound(ExecutorService pool, int threads, java.util.function.IntConsumer call) throws Exception {
        long warmUntil = System.nanoTime() + 300_000_000L;
        for (int round = 0; round < 2 || System.nanoTime() < warmUntil; round++) round(pool, threads, call);
        double best = Double.MAX_VALUE;
        long stopAfter = System.nanoTime() + 2_000_000_000L;
        for (int round = 0; round < 5 && (round == 0 || System.nanoTime() < stopAfter); round++) {
            best = Math.min(best, round(pool, threads, call));
        }
        return best;
    }

    private static double round(ExecutorService pool, int threads, java.util.function.IntConsumer call) throws Exception {
        List<Future<?>> futures = new ArrayList<>();
        long start = System.nanoTime();
        for (int t = 0; t < threads; t++) {
            final int thread = t;
            futures.add(pool.submit(() -> call.accept(thread)));
        }
        for (Future<?> f : futures) f.get();
        return (System.nanoTime() - start) / 1e9;
    }

    /**
     * The pass's executed rate as a share of the GEMM peak. A pass can only beat the peak when the peak was
     * measured low (busy cores, a shape the BLAS does better than the peak's): then no share is a result.
     */
    static String shareOfPeak(double executedGflops, double peakGflops) {
        if (!(peakGflops > 0) || executedGflops > peakGflops) return "  above";
        return String.format(Locale.ROOT, "%6.1f%%", 100 * executedGflops / peakGflops);
    }

    private static TiedWeights weights(GroundTruth truth, int n, int m) {
        return weights(truth, n, m, 3);
    }

    /** A plus 0.3 times a Gaussian matrix of the seed, columns normalized: paper 1's weights near the truth. */
    static TiedWeights weights(GroundTruth truth, int n, int m, long seed) {
        double[] w = truth.a().clone();
        double[] e = Matrices.gaussian(n, m, new SplittableRandom(seed));
        for (int i = 0; i < w.length; i++) w[i] += 0.3 * e[i];
        Matrices.normalizeColumns(w, n, m);
        return new TiedWeights(n, m, w, new double[m], new Activation.Relu(), null, null);
    }

    /** Median seconds per pass, and the flops the kernel executes in one. */
    record PassTiming(double seconds, double executedFlops) {
    }

    /**
     * Median seconds of {@code passes} passes of the members, run as the training loop runs them (iteration 1, 2, ...:
     * fresh samples are new every pass), after one untimed pass; every member must see {@code expected} samples.
     */
    static double medianPassSeconds(Samples samples, List<Pass.Request> members, int passes, long expected) {
        double[] times = new double[passes];
        for (int p = -1; p < passes; p++) {
            long start = System.nanoTime();
            for (PassSums sums : Pass.sums(samples, p + 1, members, 2, "bench pass")) {
                // complete(): the partitions' arrays added in, which the driver otherwise defers to the gradient's read
                if (sums.complete().count() != expected) throw new IllegalStateException("pass saw " + sums.count() + " samples");
            }
            if (p >= 0) times[p] = (System.nanoTime() - start) / 1e9;
        }
        return median(times);
    }

    /** Median seconds of {@code passes} passes after one untimed pass (which fills the cache in cached mode). */
    static PassTiming passTiming(JavaSparkContext sc, Shape shape, boolean fresh, int passes, int slots) {
        GroundTruth truth = GroundTruth.draw(shape.n(), shape.m(), 1);
        SampleGenerator g = new SampleGenerator(CodeModel.Mixture.uniform(shape.m()), truth.a(), shape.n(), 0.01, 2);
        SampleSource source = fresh ? SampleSource.fresh(g, shape.samples()) : SampleSource.generated(g, shape.samples());
        TiedWeights w = weights(truth, shape.n(), shape.m());
        sc.setJobDescription("bench " + shape + (fresh ? " fresh" : " cached"));
        try (Samples samples = SampleSpace.of(sc).samples(source, slots)) {
            double seconds = medianPassSeconds(samples, List.of(Pass.Request.fullBatch(w, 0)), passes, shape.samples());
            if (!fresh && samples instanceof DistributedSamples) {
                long cached = 0;
                for (org.apache.spark.storage.RDDInfo info : sc.sc().getRDDStorageInfo()) cached += info.memSize();
                System.out.printf(Locale.ROOT, "%-22s cached %.2f GB = %.3f x 8 n N%n", shape, cached / 1e9,
                        cached / (8.0 * shape.n() * shape.samples()));
            }
            return new PassTiming(seconds, BlockKernel.flops(shape.n(), shape.m(), shape.samples(), samples.partitions()));
        }
    }

    /**
     * Seconds per pass of paper 1's kernel and of the general kernel (untied joint and tied, relu, ntk scale) on the
     * same cached samples. Both execute 10 n m N flops when paper 1's kernel takes its direct form (m >= 1.5 n), so
     * the ratio of their times is the ratio of their speeds per flop.
     */
    static void twoLayerAgainstPaperOne(JavaSparkContext sc, Shape shape, int passes, int slots) {
        int n = shape.n();
        int m = shape.m();
        GroundTruth truth = GroundTruth.draw(n, m, 1);
        SampleGenerator g = new SampleGenerator(CodeModel.Mixture.uniform(m), truth.a(), n, 0.01, 2);
        TiedWeights paperOne = weights(truth, n, m);
        double[] u = Matrices.gaussian(n, m, new SplittableRandom(4));
        double c = 1 / Math.sqrt(m);
        List<aedyn.model.PassModel> models = List.of(paperOne,
                new aedyn.model.TwoLayerWeights(Parameters.untied(n, m, paperOne.w(), u, paperOne.b()), new Activation.Relu(), c,
                        true, null, null),
                new aedyn.model.TwoLayerWeights(Parameters.tied(n, m, paperOne.w(), paperOne.b()), new Activation.Relu(), c,
                        true, null, null));
        List<String> names = List.of("paper 1 kernel (tied)", "two-layer untied joint", "two-layer tied");
        try (Samples samples = SampleSpace.of(sc).samples(SampleSource.generated(g, shape.samples()), slots)) {
            double[] seconds = new double[models.size()];
            for (int k = 0; k < models.size(); k++) {
                seconds[k] = medianPassSeconds(samples, List.of(Pass.Request.fullBatch(models.get(k), 0)), passes, shape.samples());
                System.out.printf(Locale.ROOT, "%-22s %-24s %8.3f s/pass  %8.1f GFLOP/s (10 n m N)  speed per flop %.2f x paper 1's%n",
                        shape, names.get(k), seconds[k], shape.flopsPerPass() / seconds[k] / 1e9, seconds[0] / seconds[k]);
            }
        }
    }

    /** Untimed iterations of the tiny problem before its warm figures: the JIT has compiled the loop by then. */
    static final int TINY_WARM_UP = 500;

    /**
     * Median wall seconds of the tiny problem (pure overhead): per training iteration (pass, matching, metrics,
     * update) over its first {@code iterations} iterations, as a short study sees it; the same after
     * {@link #TINY_WARM_UP} more, the floor a long one sees; its pass alone as the loop runs it; the same pass as a
     * Spark job (spark.aedyn.localPasses = false, and every pass on a cluster); and a Spark job over the same cached
     * blocks that does nothing, the floor under a pass that is a job.
     */
    static double[] tinyIterationSeconds(JavaSparkContext sc, int iterations, int slots) {
        int n = 16;
        int m = 4;
        GroundTruth truth = GroundTruth.draw(n, m, 1);
        SampleGenerator g = new SampleGenerator(CodeModel.Mixture.uniform(m), truth.a(), n, 0.01, 2);
        SampleSource source = SampleSource.generated(g, 2048);
        TiedWeights w = weights(truth, n, m);
        try (Samples samples = SampleSpace.of(sc).samples(source, slots);
             DistributedSamples jobs = new DistributedSamples(sc, source, slots, true)) {
            ModelFamily family = ModelFamily.of(ModelSpec.tied(new Activation.Threshold(0.5), n, m));
            int total = iterations + TINY_WARM_UP + iterations;
            TrainingProblem problem = new TrainingProblem("tiny", new TrainingProblem.Descent(family,
                    Parameters.tied(n, m, w.w(), new double[m]), new Optimizer.Normalized(m), new BiasSchedule.Constant(), 0),
                    TrainingProblem.Feed.fullBatch(total, 2), TrainingProblem.Measures.against(truth));
            double[] seconds = Trainer.train(samples, problem, IterationListener.NONE).rows().stream()
                    .mapToDouble(r -> r.get("seconds")).toArray();
            double[] cold = Arrays.copyOfRange(seconds, 1, iterations + 1);
            double[] warm = Arrays.copyOfRange(seconds, seconds.length - iterations, seconds.length);
            double pass = medianPassSeconds(samples, List.of(Pass.Request.fullBatch(w, 0)), iterations, source.size());
            double[] job = new double[iterations];
            double[] noOp = new double[iterations];
            for (int p = 0; p < iterations; p++) {
                long start = System.nanoTime();
                Pass.sums(jobs, w, 2, Batch.FULL, 0).complete();
                job[p] = (System.nanoTime() - start) / 1e9;
                start = System.nanoTime();
                sc.sc().runJob(jobs.forIteration(0).rdd(), new CountBlocks(), (Object partition, Integer count) -> BoxedUnit.UNIT,
                        ClassTag$.MODULE$.apply(Integer.class));
                noOp[p] = (System.nanoTime() - start) / 1e9;
            }
            return new double[]{median(cold), median(warm), pass, median(job), median(noOp)};
        }
    }

    /** The no-op job's task: counts its partition's blocks. */
    private static final class CountBlocks extends AbstractFunction2<TaskContext, scala.collection.Iterator<SampleBlock>, Integer>
            implements java.io.Serializable {
        @Override
        public Integer apply(TaskContext context, scala.collection.Iterator<SampleBlock> blocks) {
            return blocks.size();
        }
    }

    /** Runs the NumPy version of the same pass and returns its median seconds per pass. */
    private static Double numpyPass(String script, Shape shape, int passes, int threads) throws Exception {
        ProcessBuilder pb = new ProcessBuilder("python3", script, "--n", "" + shape.n(), "--m", "" + shape.m(),
                "--samples", "" + shape.samples(), "--passes", "" + passes, "--block", "4096").redirectErrorStream(true);
        pb.environment().put("OPENBLAS_NUM_THREADS", Integer.toString(threads));
        Process p = pb.start();
        String last = null;
        try (BufferedReader r = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8))) {
            for (String line; (line = r.readLine()) != null; ) last = line;
        }
        if (p.waitFor() != 0 || last == null || !last.startsWith("seconds_per_pass ")) {
            System.out.println("numpy comparison skipped for " + shape + ": " + last);
            return null;
        }
        return Double.parseDouble(last.substring("seconds_per_pass ".length()).trim());
    }

    static double median(double[] v) {
        double[] s = v.clone();
        Arrays.sort(s);
        return s.length % 2 == 1 ? s[s.length / 2] : 0.5 * (s[s.length / 2 - 1] + s[s.length / 2]);
    }
}
