package aedyn.study;

import aedyn.config.DataSettings;
import aedyn.config.RunSettings;
import aedyn.data.EigenBlocks;
import aedyn.data.GaussianSamples;
import aedyn.data.GaussianSpectrum;
import aedyn.data.GroundTruth;
import aedyn.data.IdxImages;
import aedyn.data.Npy;
import aedyn.data.NonFiniteSampleException;
import aedyn.data.NpySamples;
import aedyn.data.SampleGenerator;
import aedyn.data.SampleSource;
import aedyn.data.UnitNormSamples;
import aedyn.model.ModelFamily;
import aedyn.model.Parameters;
import aedyn.data.Seeds;
import aedyn.report.Progress;
import aedyn.report.StudyReport;
import aedyn.metrics.SubspaceEnergy;
import aedyn.train.DataSpectrum;
import aedyn.train.DistributedSamples;
import aedyn.train.DivergenceException;
import aedyn.train.Init;
import aedyn.train.Initializers;
import aedyn.train.IterationListener;
import aedyn.train.LearningCurveRow;
import aedyn.train.MiniBatch;
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
    /** The status of a run stopped by non-finite input, in its run.json. */
    public static final String BAD_INPUT = "bad-input";
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

    /** The run's metrics.csv columns; paper 1's recovery metrics need A with one atom per hidden unit. */
    private static MetricColumns columns(RunSpec run, boolean hasTruth) {
        DataSettings d = run.settings().data();
        boolean hasCodes = !d.fromFile() || !d.codesPath().isEmpty();
        boolean matchesAtoms = hasTruth && run.settings().model().m() == d.m();
        return MetricColumns.of(run.settings(), matchesAtoms, hasCodes);
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
        int m = s.model().m();
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
        Parameters theta = null;
        EigenBlocks energyBlocks;
        SpectralInit.Result spectral = null;
        try (DistributedSamples samples = new DistributedSamples(sc, source, partitions)) {
            energyBlocks = energyBlocks(run, source, samples);
            TrainingState state;
            if (saved != null) {
                state = saved.state();
            } else {
                Parameters theta0;
                if (s.init() instanceof Init.Spectral sp) {
                    // Called directly rather than through Initializers, for its report (spectral.csv, run.json).
                    spectral = SpectralInit.run(samples.forIteration(0), n, m, sp, run.initSeed(), plan.name() + "/" + run.name());
                    double[] b0 = new double[m];
                    Arrays.fill(b0, s.bias0());
                    theta0 = Parameters.tied(n, m, spectral.w(), b0);
                } else {
                    theta0 = Initializers.initial(s.init(), s.model(), s.bias0(), s.paperOneUpdates(),
                            samples.forIteration(0), truth, run.initSeed(), (key, path) -> readMatrix(key, path, n, m));
                }
                state = TrainingState.initial(theta0);
            }
            // Named "study/run" so that each iteration's Spark job reads "iteration s/T · run figure2/<run>" in the UI.
            TrainingProblem problem = new TrainingProblem(plan.name() + "/" + run.name(), ModelFamily.of(s.model()),
                    state.initial(), s.optimizer(), s.biasSchedule(), s.l2(),
                    s.batchFraction() < 1 ? new MiniBatch(Seeds.derive(run.dataSeed(), 3), s.batchFraction()) : null,
                    s.iterations(), s.treeDepth(), truth, s.signInvariant(),
                    s.populationGradient() ? componentWeights(d) : null, energyBlocks);
            Progress progress = progress(run.name(), s.iterations(), concurrent);
            IterationListener log = (row, current) -> progress.update(row.iteration(), row.loss(), row.froError());
            Checkpoints checkpoints = new Checkpoints(dir, run.name(), n, m, s.checkpointEvery(),
                    s.checkpointIntervalSeconds(), hadoop,
                    () -> earlierWall + (System.nanoTime() - start) / 1e9);
            try {
                Trainer.Result result = Trainer.train(sc, samples, problem, state, log, checkpoints);
                rows.addAll(result.rows());
                theta = result.theta();
            } catch (DivergenceException e) {
                status = "diverged";
                reason = e.reason();
                failedAt = e.iteration();
                rows.addAll(e.rows());
                LOG.warn("run {}: {}", run.name(), e.getMessage());
            }
            progress.finish(status);
        } catch (Exception e) {
            // Non-finite samples are found as the executors read them: bad input, which ends the study (exit 2).
            NonFiniteSampleException bad = NonFiniteSampleException.in(e);
            if (bad == null) throw e;
            writeBadInput(run, dir, columns, truth, source, partitions, earlierWall + (System.nanoTime() - start) / 1e9, bad);
            throw bad;
        }
        double wall = earlierWall + (System.nanoTime() - start) / 1e9;
        HadoopFiles.writeText(dir + "/metrics.csv", hadoop, columns.csv(rows));
        if (theta != null) {
            for (Map.Entry<String, double[]> e : theta.matrices().entrySet()) {
                double[] a = e.getValue();
                HadoopFiles.writeAtomically(dir + "/" + e.getKey() + ".npy", hadoop, o -> Npy.writeMatrix(o, n, m, a));
            }
            double[] fb = theta.b();
            HadoopFiles.writeAtomically(dir + "/b.npy", hadoop, o -> Npy.writeVector(o, fb));
        }
        HadoopFiles.writeText(dir + "/run.conf", hadoop, run.config().root().render(RENDER));
        Map<String, Object> manifest = manifest(run, status, reason, failedAt, truth, source, partitions, wall);
        if (saved != null) manifest.put("resumed_from_iteration", saved.state().iteration());
        if (energyBlocks != null) manifest.put("energy_blocks", describe(energyBlocks, theta == null ? null : theta.encoder(), n, m));
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

    /**
     * The run directory of a run stopped by bad input: its run.json says why (status "bad-input", the reason naming
     * the file and row), and it gets no _SUCCESS, so that --resume runs it again once the input is fixed.
     */
    private void writeBadInput(RunSpec run, String dir, MetricColumns columns, GroundTruth truth, SampleSource source,
                               int partitions, double wall, NonFiniteSampleException bad) throws IOException {
        HadoopFiles.writeText(dir + "/metrics.csv", hadoop, columns.csv(List.of()));
        HadoopFiles.writeText(dir + "/run.conf", hadoop, run.config().root().render(RENDER));
        Map<String, Object> manifest = manifest(run, BAD_INPUT, bad.getMessage(), -1, truth, source, partitions, wall);
        HadoopFiles.writeText(dir + "/run.json", hadoop, aedyn.report.Json.write(manifest));
    }

    /** One row per column of W^0: how the spectral initialization found it (SpectralInit.Atom). */
    private static String spectralCsv(SpectralInit.Result r) {
        StringBuilder out = new StringBuilder("column,pairs,eigen_ratio,residual_bound,spread\n");
        for (int j = 0; j < r.atoms().size(); j++) {
            SpectralInit.Atom a = r.atoms().get(j);
            out.append(j).append(',').append(a.pairs()).append(',').append(MetricColumns.cell(a.eigenRatio())).append(',')
                    .append(MetricColumns.cell(a.residualBound())).append(',').append(MetricColumns.cell(a.spread())).append('\n');
        }
        return out.toString();
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
        Npy.Matrix matrix = InputFiles.matrix(key, file, n, m, "data.ground-truth".equals(key), hadoop, problems);
        if (matrix == null) throw new UncheckedIOException(new IOException(problems.get(0).toString()));
        return matrix.columnMajor();
    }

    /**
     * The eigen-blocks of the run's energy metrics (SPEC section 7): Σ's known blocks for gaussian data, otherwise
     * those of metrics.energy-blocks from one pass over the samples; null when there are none.
     */
    private static EigenBlocks energyBlocks(RunSpec run, SampleSource source, DistributedSamples samples) {
        DataSettings d = run.settings().data();
        if (source instanceof GaussianSamples g) return g.model().blocks().isEmpty() ? null : g.model().eigenBlocks();
        if (d.options().energyBlocks().isEmpty()) return null;
        long start = System.nanoTime();
        EigenBlocks blocks = DataSpectrum.eigenBlocks(samples.forIteration(0), d.n(), d.options().energyBlocks(),
                run.settings().treeDepth());
        LOG.info("run {}: energy blocks {} in {} s", run.name(), d.options().energyBlocks(),
                String.format("%.2f", (System.nanoTime() - start) / 1e9));
        return blocks;
    }

    /** run.json's energy_blocks: dimensions, eigenvalue sums, the PCA levels (SPEC section 7) and W's final energies. */
    private static Map<String, Object> describe(EigenBlocks blocks, double[] w, int n, int m) {
        Map<String, Object> out = new LinkedHashMap<>();
        List<Object> dims = new ArrayList<>();
        List<Object> sums = new ArrayList<>();
        for (int j = 0; j < blocks.count(); j++) {
            dims.add(blocks.dim(j));
            sums.add(blocks.eigenvalueSums()[j]);
        }
        out.put("dims", dims);
        out.put("rest_dim", blocks.restDim());
        out.put("eigenvalue_sums", sums);
        out.put("trace", blocks.trace());
        List<Object> levels = new ArrayList<>();
        for (double l : blocks.pcaLevels()) levels.add(l);
        out.put("pca_levels", levels); // element j: loss of the best projection onto blocks 1..j (0: none)
        if (w != null) {
            Map<String, Object> finals = new LinkedHashMap<>();
            double[] e = SubspaceEnergy.energies(w, n, m, blocks);
            List<String> names = SubspaceEnergy.columns(blocks.count());
            for (int j = 0; j < e.length; j++) finals.put(names.get(j), e[j]);
            out.put("final_energies", finals);
        }
        return out;
    }

    private SampleSource source(RunSpec run, GroundTruth truth) {
        DataSettings d = run.settings().data();
        SampleSource source = unscaledSource(run, truth);
        return d.normalizeSamples() ? new UnitNormSamples(source) : source;
    }

    private SampleSource unscaledSource(RunSpec run, GroundTruth truth) {
        DataSettings d = run.settings().data();
        if (d.gaussian()) {
            aedyn.config.DataOptions o = d.options();
            // Q from the stream GroundTruth uses for A, samples from the generator's: the same seeds, other models.
            GaussianSpectrum model = GaussianSpectrum.of(d.n(), o.spectrum(), o.bulk(), o.rotate(),
                    Seeds.derive(run.dataSeed(), 1), Seeds.derive(run.dataSeed(), 2));
            return d.fresh() ? GaussianSamples.fresh(model, d.samples()) : GaussianSamples.fixed(model, d.samples());
        }
        if (d.images()) return images(run);
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

    /** IDX images (checked in full by the plan), centered by their mean image from one pass when data.center. */
    private SampleSource images(RunSpec run) {
        DataSettings d = run.settings().data();
        IdxImages.Header h;
        try {
            h = IdxImages.readHeader(d.path(), hadoop);
        } catch (IOException e) {
            throw new UncheckedIOException("data.path = " + d.path(), e);
        }
        Map<String, String> conf = new LinkedHashMap<>();
        hadoop.forEach(e -> conf.put(e.getKey(), e.getValue()));
        IdxImages raw = new IdxImages(d.path(), h.gzip(), h.rows(), h.cols(), d.samples(), d.options().scale(), null,
                SampleSource.cachedBlockSize(d.n()), conf);
        if (!d.options().center()) return raw;
        int partitions = d.partitions() > 0 ? d.partitions() : sc.defaultParallelism();
        return raw.centered(DataSpectrum.mean(sc, raw, partitions));
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
        m.put("architecture", run.settings().model().tied() ? "tied" : "untied");
        m.put("scale", run.settings().model().scale().key());
        m.put("regime", run.settings().model().trainsDecoder() || run.settings().model().tied() ? "joint" : "encoder-only");
        m.put("activation", run.settings().model().activation().toString());
        m.put("width", run.settings().model().m());
        m.put("output_scale", run.settings().model().outputScale());
        m.put("optimizer", run.settings().optimizerName());
        m.put("l2", run.settings().l2());
        m.put("batch_fraction", run.settings().batchFraction());
        m.put("normalize_samples", d.normalizeSamples());
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
