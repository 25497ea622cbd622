package aedyn.study;

import aedyn.data.CodeModel;
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
import aedyn.data.DataSpectrum;
import aedyn.data.DistributedSamples;
import aedyn.train.DivergenceException;
import aedyn.init.Init;
import aedyn.init.Initializers;
import aedyn.train.IterationListener;
import aedyn.train.LearningCurveRow;
import aedyn.train.MiniBatch;
import aedyn.init.SpectralInit;
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
     * Runs the study and returns the names of runs that failed. Runs that share their samples train as one cohort
     * ({@code study.cohorts}), {@code study.parallel-runs} cohorts at a time. On a resumed study, runs with _SUCCESS
     * are read back instead of run, and the others continue from their last checkpoint.
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
        Map<String, RunOutcome> byName = new LinkedHashMap<>();
        List<Pending> pending = new ArrayList<>();
        for (RunSpec run : plan.runs()) {
            String dir = runDir(run);
            if (plan.resume() && HadoopFiles.exists(dir + "/_SUCCESS", hadoop)) {
                LOG.info("run {}: finished before, skipped", run.name());
                byName.put(run.name(), readFinished(run, dir));
            } else {
                pending.add(new Pending(run, saved(run, dir)));
            }
        }
        List<List<Pending>> cohorts = cohorts(pending, plan.cohorts());
        boolean concurrent = plan.parallelRuns() > 1 && cohorts.size() > 1;
        List<RunOutcome> trained = concurrent ? runConcurrently(cohorts, plan.parallelRuns()) : runSequentially(cohorts);
        for (RunOutcome o : trained) byName.put(o.spec().name(), o);
        List<RunOutcome> outcomes = plan.runs().stream().map(r -> byName.get(r.name())).toList();
        HadoopFiles.writeText(out + "/summary.csv", hadoop, Summary.csv(plan.gridKeys(), outcomes));
        CurvesTable.write(out, plan.gridKeys(), outcomes, sc);
        if (plan.trials() > 1) {
            HadoopFiles.writeText(out + "/aggregate.csv", hadoop, Aggregate.csv(plan.gridKeys(), outcomes));
        }
        writeAnalysis(out);
        writeReport(out);
        HadoopFiles.writeText(out + "/_SUCCESS", hadoop, "");
        return outcomes.stream().filter(RunOutcome::failed).map(o -> o.spec().name()).toList();
    }

    /** A run still to train, with the checkpoint it resumes from (null: from the start). */
    private record Pending(RunSpec run, Checkpoints.Saved saved) {
        int startIteration() {
            return saved == null ? 0 : saved.state().iteration();
        }
    }

    /** The checkpoint a resumed run continues from, if any that fits its length. */
    private Checkpoints.Saved saved(RunSpec run, String dir) throws IOException {
        if (!plan.resume()) return null;
        Checkpoints.Saved saved = Checkpoints.load(dir, run.settings().data().n(), run.settings().model().m(), hadoop);
        return saved != null && saved.state().iteration() > run.settings().iterations() ? null : saved;
    }

    /**
     * The runs grouped into cohorts, in the order of their first member: runs share their samples when their data.*
     * values and data seed agree (the plan derives the seed from the data.* grid values and the trial), their energy
     * blocks when metrics.energy-blocks does, and a pass's reduction when their tree depths do. Fresh samples depend on the iteration as well, so resumed
     * runs over fresh samples share a cohort only with runs resuming at the same iteration.
     */
    static List<List<Pending>> cohorts(List<Pending> pending, boolean share) {
        Map<String, List<Pending>> byKey = new LinkedHashMap<>();
        for (Pending p : pending) {
            RunSettings s = p.run().settings();
            DataSettings d = s.data();
            String key = !share ? p.run().name()
                    : p.run().config().getConfig("data").root().render(ConfigRenderOptions.concise())
                    + "|n=" + d.n() + "|m=" + d.m() + "|N=" + d.samples() + "|seed=" + p.run().dataSeed()
                    + "|energy=" + d.options().energyBlocks() // metrics.energy-blocks, measured once per cohort
                    + "|depth=" + s.treeDepth() + (d.fresh() ? "|from=" + p.startIteration() : "");
            byKey.computeIfAbsent(key, k -> new ArrayList<>()).add(p);
        }
        return List.copyOf(byKey.values());
    }

    private List<RunOutcome> runSequentially(List<List<Pending>> cohorts) throws IOException {
        List<RunOutcome> outcomes = new ArrayList<>();
        for (List<Pending> cohort : cohorts) outcomes.addAll(runCohort(cohort, false));
        return outcomes;
    }

    /**
     * A fixed pool of threads, each cohort in a FAIR scheduler pool of its own (spark.scheduler.pool = the name of
     * its first run), so concurrent cohorts share the executors. A run's numbers do not depend on what runs beside it.
     */
    private List<RunOutcome> runConcurrently(List<List<Pending>> cohorts, int threads) throws IOException {
        ExecutorService pool = Executors.newFixedThreadPool(threads, r -> {
            Thread t = new Thread(r, "aedyn-cohort");
            t.setDaemon(true);
            return t;
        });
        try {
            List<Future<List<RunOutcome>>> futures = new ArrayList<>();
            for (List<Pending> cohort : cohorts) {
                futures.add(pool.submit(() -> {
                    sc.setLocalProperty("spark.scheduler.pool", cohort.get(0).run().name());
                    try {
                        return runCohort(cohort, true);
                    } finally {
                        sc.setLocalProperty("spark.scheduler.pool", null);
                    }
                }));
            }
            List<RunOutcome> outcomes = new ArrayList<>();
            for (Future<List<RunOutcome>> f : futures) outcomes.addAll(f.get());
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

    /**
     * Trains one cohort over one set of samples and writes each member's directory. The ground truth, the samples and
     * the energy blocks depend on the data alone, so the first member's settings give them for all.
     */
    private List<RunOutcome> runCohort(List<Pending> cohort, boolean concurrent) throws IOException {
        long start = System.nanoTime();
        RunSpec first = cohort.get(0).run();
        DataSettings d = first.settings().data();
        GroundTruth truth = groundTruth(first);
        SampleSource source = source(first, truth);
        int partitions = d.partitions() > 0 ? d.partitions() : sc.defaultParallelism();
        List<Trainee> trainees = cohort.stream().map(p -> new Trainee(p, truth != null, start)).toList();
        LOG.info("{}: n = {}, N = {}, {} blocks of at most {} samples in {} partitions",
                cohort.size() == 1 ? "run " + first.name()
                        : "cohort of " + cohort.size() + " runs (" + String.join(", ", cohort.stream().map(p -> p.run().name()).toList()) + ")",
                d.n(), source.size(), source.blockCount(), source.blockSize(), partitions);
        try (DistributedSamples samples = new DistributedSamples(sc, source, partitions)) {
            EigenBlocks energyBlocks = energyBlocks(first, source, samples);
            CohortData data = new CohortData(truth, source, partitions, energyBlocks);
            List<Trainer.Member> members = new ArrayList<>();
            for (Trainee t : trainees) members.add(t.member(samples, data, concurrent || trainees.size() > 1));
            Trainer.train(sc, samples, members);
        } catch (Exception e) {
            // Non-finite samples are found as the executors read them: bad input, which ends the study (exit 2).
            NonFiniteSampleException bad = NonFiniteSampleException.in(e);
            if (bad == null) throw e;
            for (Trainee t : trainees) {
                if (t.outcome == null) writeBadInput(t.run, t.dir, t.columns, truth, source, partitions, t.wall(), bad);
            }
            throw bad;
        }
        return trainees.stream().map(t -> t.outcome).toList();
    }

    /** What every member of a cohort shares: the ground truth (or null), the samples' source and layout, the energy blocks. */
    private record CohortData(GroundTruth truth, SampleSource source, int partitions, EigenBlocks energyBlocks) {
    }

    /** One member of a cohort: where it writes, what it measures, where it starts and how far it got. */
    private final class Trainee {
        final RunSpec run;
        final String dir;
        final MetricColumns columns;
        final Checkpoints.Saved saved;
        final long cohortStart;
        final double earlierWall;
        SpectralInit.Result spectral;
        Progress progress;
        long lastRow;
        RunOutcome outcome;

        Trainee(Pending p, boolean hasTruth, long cohortStart) {
            run = p.run();
            dir = runDir(run);
            columns = columns(run, hasTruth);
            saved = p.saved();
            this.cohortStart = cohortStart;
            earlierWall = saved == null ? 0 : saved.wallSeconds();
            if (saved != null) LOG.info("run {}: resumed at iteration {}", run.name(), saved.state().iteration());
        }

        /** Seconds this run has trained, over every session, up to its last row. */
        double wall() {
            return earlierWall + ((lastRow > 0 ? lastRow : System.nanoTime()) - cohortStart) / 1e9;
        }

        /** The run's start (a checkpoint's state, or theta^0 from its initialization) and its problem. */
        Trainer.Member member(DistributedSamples samples, CohortData data, boolean shared) {
            GroundTruth truth = data.truth();
            RunSettings s = run.settings();
            DataSettings d = s.data();
            int n = d.n();
            int m = s.model().m();
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
            // Named "study/run" so that each iteration's Spark job names the runs it carries in the UI.
            TrainingProblem problem = new TrainingProblem(plan.name() + "/" + run.name(), ModelFamily.of(s.model()),
                    state.initial(), s.optimizer(), s.biasSchedule(), s.l2(),
                    s.batchFraction() < 1 ? new MiniBatch(Seeds.derive(run.dataSeed(), 3), s.batchFraction()) : null,
                    s.iterations(), s.treeDepth(), truth, s.signInvariant(),
                    s.populationGradient() ? componentWeights(d) : null, data.energyBlocks());
            progress = progress(run.name(), s.iterations(), shared);
            IterationListener log = (row, current) -> {
                lastRow = System.nanoTime();
                progress.update(row.iteration(), row.loss(), row.froError());
            };
            Checkpoints checkpoints = new Checkpoints(dir, run.name(), n, m, s.checkpointEvery(),
                    s.checkpointIntervalSeconds(), hadoop, this::wall);
            return new Trainer.Member(problem, state, log, checkpoints, r -> leave(r, data));
        }

        /** The run has left its cohort: its directory is written now, while the others train on. */
        private void leave(Trainer.Result r, CohortData data) {
            if (r.diverged()) LOG.warn("run {}: {}", run.name(), r.divergence().getMessage());
            progress.finish(r.diverged() ? "diverged" : "finished");
            try {
                outcome = write(this, r, data);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
    }

    /** A trained run's directory: metrics.csv, its weights, run.conf, run.json, then _SUCCESS; its checkpoints go. */
    private RunOutcome write(Trainee t, Trainer.Result r, CohortData data) throws IOException {
        RunSpec run = t.run;
        String dir = t.dir;
        int n = run.settings().data().n();
        int m = run.settings().model().m();
        GroundTruth truth = data.truth();
        SampleSource source = data.source();
        int partitions = data.partitions();
        EigenBlocks energyBlocks = data.energyBlocks();
        String status = r.diverged() ? "diverged" : "finished";
        String reason = r.diverged() ? r.divergence().reason() : null;
        int failedAt = r.diverged() ? r.divergence().iteration() : -1;
        List<LearningCurveRow> rows = r.diverged() ? r.divergence().rows() : r.rows();
        Parameters theta = r.theta();
        double wall = t.wall();
        HadoopFiles.writeText(dir + "/metrics.csv", hadoop, t.columns.csv(rows));
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
        if (t.saved != null) manifest.put("resumed_from_iteration", t.saved.state().iteration());
        if (energyBlocks != null) manifest.put("energy_blocks", describe(energyBlocks, theta == null ? null : theta.encoder(), n, m));
        SpectralInit.Result spectral = t.spectral;
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
        return new RunOutcome(run, status, reason, List.copyOf(rows), t.columns, wall);
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
