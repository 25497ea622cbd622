package aedyn.study;

import aedyn.config.DataSettings;
import aedyn.config.RunSettings;
import aedyn.data.GroundTruth;
import aedyn.data.Npy;
import aedyn.data.NpySamples;
import aedyn.data.SampleGenerator;
import aedyn.data.SampleSource;
import aedyn.data.Seeds;
import aedyn.report.Progress;
import aedyn.report.StudyReport;
import aedyn.train.DistributedSamples;
import aedyn.train.DivergenceException;
import aedyn.train.Init;
import aedyn.train.Initializers;
import aedyn.train.IterationListener;
import aedyn.train.LearningCurveRow;
import aedyn.train.NormalizedUpdate;
import aedyn.train.SpectralInit;
import aedyn.train.Trainer;
import aedyn.train.TrainingProblem;
import aedyn.train.TrainingState;
import com.typesafe.config.ConfigRenderOptions;
import dev.ludovic.netlib.blas.BLAS;
import org.apache.hadoop.conf.Configuration;
import org.apache.spark.api.java.JavaSparkContext;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/**
 * Runs every run of a study on one SparkContext and writes the study directory:
 * study.conf, runs/NAME/{metrics.csv, W.npy, b.npy, run.conf, run.json, _SUCCESS, checkpoint/ while it runs},
 * summary.csv, aggregate.csv (trials), analysis.csv (study.analysis) and, last, _SUCCESS. It sits above the
 * training loop and never inside it.
 */
public final class StudyRunner {
    private static final Logger LOG = LoggerFactory.getLogger(StudyRunner.class);
    private static final ConfigRenderOptions RENDER = ConfigRenderOptions.defaults().setOriginComments(false).setJson(false);

    private final StudyPlan plan;
    private final JavaSparkContext sc;
    private final Configuration hadoop;

    public StudyRunner(StudyPlan plan, JavaSparkContext sc) {
        this.plan = plan;
        this.sc = sc;
        this.hadoop = sc.hadoopConfiguration();
    }

    /**
     * Runs the study (with {@code study.parallel-runs} runs at a time) and returns the names of runs that failed.
     * On a resumed study, runs with _SUCCESS are read back instead of run, and the others continue from their
     * last checkpoint.
     */
    public List<String> run() throws IOException {
        Thread warmUp = new Thread(StudyReport::warmUp, "report warm-up");
        warmUp.setDaemon(true);
        warmUp.setPriority(Thread.MIN_PRIORITY);
        warmUp.start();
        String out = plan.output();
        if (!plan.resume() || !HadoopFiles.exists(out + "/study.conf", hadoop)) {
            HadoopFiles.writeText(out + "/study.conf", hadoop, plan.config().root().render(RENDER));
        }
        List<RunOutcome> outcomes = plan.parallelRuns() <= 1 ? runSequentially() : runConcurrently(plan.parallelRuns());
        HadoopFiles.writeText(out + "/summary.csv", hadoop, Summary.csv(plan.gridKeys(), outcomes));
        if (plan.trials() > 1) {
            HadoopFiles.writeText(out + "/aggregate.csv", hadoop, Aggregate.csv(plan.gridKeys(), outcomes));
        }
        writeAnalysis(out);
        writeReport(out);
        HadoopFiles.writeText(out + "/_SUCCESS", hadoop, "");
        return outcomes.stream().filter(RunOutcome::failed).map(o -> o.spec().name()).toList();
    }

    private List<RunOutcome> runSequentially() throws IOException {
        List<RunOutcome> outcomes = new ArrayList<>();
        for (RunSpec run : plan.runs()) outcomes.add(runOrRead(run, false));
        return outcomes;
    }

    /**
     * A fixed pool of threads, each run in a FAIR scheduler pool of its own (spark.scheduler.pool = run name), so
     * concurrent runs share the executors. A run's numbers do not depend on what else runs beside it.
     */
    private List<RunOutcome> runConcurrently(int threads) throws IOException {
        ExecutorService pool = Executors.newFixedThreadPool(threads, r -> {
            Thread t = new Thread(r, "aedyn-run");
            t.setDaemon(true);
            return t;
        });
        try {
            List<Future<RunOutcome>> futures = new ArrayList<>();
            for (RunSpec run : plan.runs()) {
                futures.add(pool.submit(() -> {
                    sc.setLocalProperty("spark.scheduler.pool", run.name());
                    try {
                        return runOrRead(run, true);
                    } finally {
                        sc.setLocalProperty("spark.scheduler.pool", null);
                    }
                }));
            }
            List<RunOutcome> outcomes = new ArrayList<>();
            for (Future<RunOutcome> f : futures) outcomes.add(f.get());
            return outcomes;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted while waiting for the runs", e);
        } catch (ExecutionException e) {
            Throwable cause = e.getCause();
            if (cause instanceof IOException io) throw io;
            if (cause instanceof RuntimeException re) throw re;
            if (cause instanceof Error err) throw err;
            throw new IOException(cause);
        } finally {
            pool.shutdownNow();
        }
    }

    /** A resumed study reads back a run that has _SUCCESS; every other run is (re)run. */
    private RunOutcome runOrRead(RunSpec run, boolean concurrent) throws IOException {
        String dir = runDir(run);
        if (plan.resume() && HadoopFiles.exists(dir + "/_SUCCESS", hadoop)) {
            LOG.info("run {}: finished before, skipped", run.name());
            return readFinished(run, dir);
        }
        return runOne(run, concurrent);
    }

    private String runDir(RunSpec run) {
        return plan.output() + "/runs/" + run.name();
    }

    private static MetricColumns columns(RunSpec run, boolean hasTruth) {
        DataSettings d = run.settings().data();
        boolean hasCodes = !d.fromFile() || !d.codesPath().isEmpty();
        return MetricColumns.of(hasTruth, hasCodes, run.settings().signInvariant(), run.settings().populationGradient());
    }

    /** The outcome of a run a previous session finished, from its metrics.csv and run.json. */
    private RunOutcome readFinished(RunSpec run, String dir) throws IOException {
        DataSettings d = run.settings().data();
        MetricColumns columns = columns(run, !d.fromFile() || !d.groundTruth().isEmpty());
        List<LearningCurveRow> rows = MetricColumns.parse(HadoopFiles.readText(dir + "/metrics.csv", hadoop));
        Map<String, Object> info = aedyn.report.Json.parseObject(HadoopFiles.readText(dir + "/run.json", hadoop));
        String status = String.valueOf(info.get("status"));
        Object reason = info.get("reason");
        double wall = info.get("wall_seconds") instanceof Number x ? x.doubleValue() : Double.NaN;
        return new RunOutcome(run, status, reason == null ? null : reason.toString(), rows, columns, wall);
    }

    private RunOutcome runOne(RunSpec run, boolean concurrent) throws IOException {
        long start = System.nanoTime();
        RunSettings s = run.settings();
        DataSettings d = s.data();
        String dir = runDir(run);
        int n = d.n();
        int m = d.m();
        GroundTruth truth = groundTruth(run);
        SampleSource source = source(run, truth);
        int partitions = d.partitions() > 0 ? d.partitions() : sc.defaultParallelism();
        MetricColumns columns = columns(run, truth != null);
        Checkpoints.Saved saved = plan.resume() ? Checkpoints.load(dir, n, m, hadoop) : null;
        if (saved != null && saved.state().iteration() > s.iterations()) saved = null;
        double earlierWall = saved == null ? 0 : saved.wallSeconds();
        LOG.info("run {}: n = {}, m = {}, N = {}, {} blocks of at most {} samples in {} partitions{}", run.name(), n, m,
                source.size(), source.blockCount(), source.blockSize(), partitions,
                saved == null ? "" : ", resumed at iteration " + saved.state().iteration());

        List<LearningCurveRow> rows = new ArrayList<>();
        String status = "finished";
        String reason = null;
        int failedAt = -1;
        double[] w;
        double[] b;
        SpectralInit.Result spectral = null;
        try (DistributedSamples samples = new DistributedSamples(sc, source, partitions)) {
            TrainingState state;
            if (saved != null) {
                state = saved.state();
            } else {
                double[] w0;
                if (s.init() instanceof Init.Spectral sp) {
                    // Called directly rather than through Initializers, for its report (spectral.csv, run.json).
                    spectral = SpectralInit.run(samples.forIteration(0), n, m, sp, run.initSeed(), plan.name() + "/" + run.name());
                    w0 = spectral.w();
                } else {
                    w0 = Initializers.initialW(s.init(), samples.forIteration(0), truth, n, m, run.initSeed(),
                            path -> readMatrix("init.path", path, n, m));
                }
                double[] b0 = new double[m];
                Arrays.fill(b0, s.bias0());
                state = new TrainingState(0, w0, b0, List.of());
            }
            // W^0 and b^0 of the problem are those of the state it starts from (a checkpoint's when resumed).
            // Named "study/run" so that each iteration's Spark job reads "iteration s/T · run figure2/<run>" in the UI.
            TrainingProblem problem = new TrainingProblem(plan.name() + "/" + run.name(), source, partitions, truth, s.signInvariant(),
                    s.activation(), state.w(), state.b(), new NormalizedUpdate(s.learningRate()), s.biasSchedule(),
                    s.iterations(), s.treeDepth(), s.populationGradient() ? componentWeights(d) : null);
            Progress progress = progress(run.name(), s.iterations(), concurrent);
            IterationListener log = (row, ws, bs) -> progress.update(row.iteration(), row.loss(), row.froError());
            Checkpoints checkpoints = new Checkpoints(dir, run.name(), n, m, s.checkpointEvery(),
                    s.checkpointIntervalSeconds(), hadoop,
                    () -> earlierWall + (System.nanoTime() - start) / 1e9);
            try {
                Trainer.Result result = Trainer.train(sc, samples, problem, state, log, checkpoints);
                rows.addAll(result.rows());
                w = result.w();
                b = result.b();
            } catch (DivergenceException e) {
                status = "diverged";
                reason = e.reason();
                failedAt = e.iteration();
                rows.addAll(e.rows());
                w = null;
                b = null;
                LOG.warn("run {}: {}", run.name(), e.getMessage());
            }
            progress.finish(status);
        }
        double wall = earlierWall + (System.nanoTime() - start) / 1e9;
        HadoopFiles.writeText(dir + "/metrics.csv", hadoop, columns.csv(rows));
        if (w != null) {
            final double[] fw = w;
            final double[] fb = b;
            HadoopFiles.writeAtomically(dir + "/W.npy", hadoop, o -> Npy.writeMatrix(o, n, m, fw));
            HadoopFiles.writeAtomically(dir + "/b.npy", hadoop, o -> Npy.writeVector(o, fb));
        }
        HadoopFiles.writeText(dir + "/run.conf", hadoop, run.config().root().render(RENDER));
        Map<String, Object> manifest = manifest(run, status, reason, failedAt, truth, source, partitions, wall);
        if (saved != null) manifest.put("resumed_from_iteration", saved.state().iteration());
        if (spectral != null) {
            Map<String, Object> si = new LinkedHashMap<>();
            si.put("pairs_tried", spectral.pairsTried());
            si.put("pairs_kept", spectral.pairsKept());
            si.put("passes", spectral.passes());
            si.put("rounds", spectral.rounds());
            si.put("atoms_found", spectral.atomsFound());
            si.put("pool_size", spectral.poolSize());
            si.put("seconds", spectral.seconds());
            manifest.put("spectral_init", si);
            HadoopFiles.writeText(dir + "/spectral.csv", hadoop, spectralCsv(spectral));
        }
        HadoopFiles.writeText(dir + "/run.json", hadoop, aedyn.report.Json.write(manifest));
        HadoopFiles.writeText(dir + "/_SUCCESS", hadoop, "");
        Checkpoints.remove(dir, hadoop);
        return new RunOutcome(run, status, reason, List.copyOf(rows), columns, wall);
    }

    /** One row per column of W^0: how the spectral initialization found it (SpectralInit.Atom). */
    private static String spectralCsv(SpectralInit.Result r) {
        StringBuilder out = new StringBuilder("column,pairs,eigen_ratio,residual_bound,spread\n");
        for (int j = 0; j < r.atoms().size(); j++) {
            SpectralInit.Atom a = r.atoms().get(j);
            out.append(j).append(',').append(a.pairs()).append(',').append(num(a.eigenRatio())).append(',')
                    .append(num(a.residualBound())).append(',').append(num(a.spread())).append('\n');
        }
        return out.toString();
    }

    private static String num(double v) {
        return Double.isNaN(v) ? "" : Double.toString(v);
    }

    /** A bar in a local terminal for one run at a time; log lines when runs share the terminal or on a cluster. */
    private Progress progress(String runName, int iterations, boolean concurrent) {
        boolean local = sc.master().startsWith("local");
        return concurrent && local ? Progress.create(runName, iterations, Progress.Mode.PERIODIC)
                : Progress.start(runName, iterations, sc.master());
    }

    /** p_i of the mixture model (uniform 1/m unless data.mixing-weights says otherwise). */
    private static double[] componentWeights(DataSettings d) {
        aedyn.data.CodeModel.Mixture mixture = (aedyn.data.CodeModel.Mixture) d.codes();
        double[] p = new double[d.m()];
        for (int i = 0; i < p.length; i++) p[i] = mixture.weight(i);
        return p;
    }

    /** analysis.csv of study.analysis, printed as well; a failure there is logged and does not fail the study. */
    private void writeAnalysis(String out) {
        if ("none".equals(plan.analysis())) return;
        try {
            Asymptotics.Result r = Asymptotics.analyze(out, plan.analysis(), hadoop);
            System.err.print(r.text());
            LOG.info("analysis {} written to {}/{}", plan.analysis(), out, Asymptotics.FILE);
        } catch (IOException | RuntimeException e) {
            LOG.warn("could not compute the {} analysis of {}: {}", plan.analysis(), out, e.toString());
        }
    }

    /** report: plots/ and report.html; a failure there is logged and does not fail the study. */
    private void writeReport(String out) {
        try {
            StudyReport.Result r = StudyReport.write(out, hadoop);
            LOG.info("report {} ({} plots)", r.report(), r.plots().size());
        } catch (IOException | RuntimeException e) {
            LOG.warn("could not write the study report of {}: {}", out, e.toString());
        }
    }

    /** min_i p_i, the probability that atom i is in a sample's support (mixture: its weight; sparse: k/m). */
    private static Double activationProbability(DataSettings d) {
        if (d.codes() instanceof aedyn.data.CodeModel.Mixture mixture) {
            double min = 1;
            for (int i = 0; i < d.m(); i++) min = Math.min(min, mixture.weight(i));
            return min;
        }
        return d.fromFile() ? null : (double) d.k() / d.m();
    }

    private GroundTruth groundTruth(RunSpec run) {
        DataSettings d = run.settings().data();
        if (!d.fromFile()) return GroundTruth.draw(d.n(), d.m(), Seeds.derive(run.dataSeed(), 1));
        if (d.groundTruth().isEmpty()) return null;
        return GroundTruth.of(readMatrix("data.ground-truth", d.groundTruth(), d.n(), d.m()), d.n(), d.m());
    }

    /** An (n, m) input file the plan already checked; if it changed since, the error names key, file and problem. */
    private double[] readMatrix(String key, String file, int n, int m) {
        List<aedyn.config.ConfigProblem> problems = new ArrayList<>();
        Npy.Matrix matrix = InputFiles.matrix(key, file, n, m, hadoop, problems);
        if (matrix == null) throw new UncheckedIOException(new IOException(problems.get(0).toString()));
        return matrix.columnMajor();
    }

    private SampleSource source(RunSpec run, GroundTruth truth) {
        DataSettings d = run.settings().data();
        if (!d.fromFile()) {
            SampleGenerator g = new SampleGenerator(d.codes(), truth.a(), d.n(), d.noiseSigma(), Seeds.derive(run.dataSeed(), 2));
            return d.fresh() ? SampleSource.fresh(g, d.samples()) : SampleSource.generated(g, d.samples());
        }
        List<aedyn.config.ConfigProblem> problems = new ArrayList<>();
        InputFiles.Shape y = InputFiles.rowsShape("data.path", d.path(), -1, -1, hadoop, problems);
        InputFiles.Shape c = d.codesPath().isEmpty() ? null
                : InputFiles.rowsShape("data.codes", d.codesPath(), y == null ? -1 : y.rows(), d.m(), hadoop, problems);
        if (!problems.isEmpty()) throw new UncheckedIOException(new IOException(problems.get(0).toString()));
        Map<String, String> conf = new LinkedHashMap<>();
        hadoop.forEach(e -> conf.put(e.getKey(), e.getValue()));
        return new NpySamples(d.path(), d.codesPath(), d.n(), d.m(), y.rows(), y.dataOffset(),
                c == null ? 0 : c.dataOffset(), SampleSource.cachedBlockSize(d.n()), conf);
    }

    private Map<String, Object> manifest(RunSpec run, String status, String reason, int failedAt, GroundTruth truth,
                                         SampleSource source, int partitions, double wall) {
        DataSettings d = run.settings().data();
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("name", run.name());
        m.put("status", status);
        if (reason != null) m.put("reason", reason);
        if (failedAt >= 0) m.put("failed_at_iteration", failedAt);
        m.put("study", plan.name());
        m.put("study_seed", plan.seed());
        m.put("data_seed", run.dataSeed());
        m.put("init_seed", run.initSeed());
        m.put("trial", run.trial());
        m.put("grid", run.gridPoint());
        m.put("model", d.model());
        m.put("n", d.n());
        m.put("m", d.m());
        m.put("k", d.k());
        m.put("samples", source.size());
        m.put("noise_sigma", d.fromFile() ? null : d.noiseSigma());
        m.put("fresh_samples", source.fresh());
        m.put("iterations", run.settings().iterations());
        m.put("learning_rate", run.settings().learningRate());
        m.put("activation_probability_min", activationProbability(d));
        m.put("bias_init", run.settings().bias0());
        m.put("incoherence", truth == null ? null : truth.incoherence());
        m.put("spectral_norm_A", truth == null ? null : truth.spectralNorm());
        m.put("partitions", partitions);
        m.put("block_size", source.blockSize());
        m.put("spark_version", sc.version());
        m.put("spark_master", sc.master());
        m.put("java_version", System.getProperty("java.version"));
        m.put("blas", BLAS.getInstance().getClass().getName());
        m.put("wall_seconds", wall);
        return m;
    }
}
