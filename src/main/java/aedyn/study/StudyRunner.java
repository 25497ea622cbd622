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
import aedyn.train.Initializers;
import aedyn.train.IterationListener;
import aedyn.train.LearningCurveRow;
import aedyn.train.NormalizedUpdate;
import aedyn.train.Trainer;
import aedyn.train.TrainingProblem;
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

/**
 * Runs every run of a study on one SparkContext and writes the study directory:
 * study.conf, runs/NAME/{metrics.csv, W.npy, b.npy, run.conf, run.json, _SUCCESS}, summary.csv and,
 * last, _SUCCESS. It sits above the training loop and never inside it.
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

    /** Runs the study; returns the names of runs that did not finish. */
    public List<String> run() throws IOException {
        String out = plan.output();
        HadoopFiles.writeText(out + "/study.conf", hadoop, plan.config().root().render(RENDER));
        List<RunOutcome> outcomes = new ArrayList<>();
        for (RunSpec run : plan.runs()) {
            RunOutcome outcome = runOne(run);
            outcomes.add(outcome);
        }
        HadoopFiles.writeText(out + "/summary.csv", hadoop, Summary.csv(plan.gridKeys(), outcomes));
        writeReport(out);
        HadoopFiles.writeText(out + "/_SUCCESS", hadoop, "");
        return outcomes.stream().filter(RunOutcome::failed).map(o -> o.spec().name()).toList();
    }

    private RunOutcome runOne(RunSpec run) throws IOException {
        long start = System.nanoTime();
        RunSettings s = run.settings();
        DataSettings d = s.data();
        String dir = plan.output() + "/runs/" + run.name();
        int n = d.n();
        int m = d.m();
        GroundTruth truth = groundTruth(run);
        SampleSource source = source(run, truth);
        int partitions = d.partitions() > 0 ? d.partitions() : sc.defaultParallelism();
        boolean hasCodes = !d.fromFile() || !d.codesPath().isEmpty();
        MetricColumns columns = MetricColumns.of(truth != null, hasCodes, s.signInvariant());
        LOG.info("run {}: n = {}, m = {}, N = {}, {} blocks of {} samples in {} partitions", run.name(), n, m,
                source.size(), source.blockCount(), source.blockSize(), partitions);

        List<LearningCurveRow> rows = new ArrayList<>();
        String status = "finished";
        String reason = null;
        double[] w;
        double[] b;
        try (DistributedSamples samples = new DistributedSamples(sc, source, partitions)) {
            double[] w0 = Initializers.initialW(s.init(), samples.forIteration(0), truth, n, m, run.initSeed(),
                    () -> InputFiles.matrix("init.path", ((aedyn.train.Init.FromFile) s.init()).path(), n, m,
                            hadoop, new ArrayList<>()).columnMajor());
            double[] b0 = new double[m];
            Arrays.fill(b0, s.bias0());
            // Named "study/run" so that each iteration's Spark job reads "iteration s/T · run figure2/<run>" in the UI.
            TrainingProblem problem = new TrainingProblem(plan.name() + "/" + run.name(), source, partitions, truth, s.signInvariant(),
                    s.activation(), w0, b0, new NormalizedUpdate(s.learningRate()), s.biasSchedule(),
                    s.iterations(), s.treeDepth());
            // report: a bar in a local terminal, periodic log lines otherwise, every iteration on a cluster
            Progress progress = Progress.start(run.name(), s.iterations(), sc.master());
            IterationListener log = (row, ws, bs) -> {
                rows.add(row);
                progress.update(row.iteration(), row.loss(), row.froError());
            };
            try {
                Trainer.Result result = Trainer.train(sc, samples, problem, log);
                rows.clear();
                rows.addAll(result.rows());
                w = result.w();
                b = result.b();
            } catch (DivergenceException e) {
                status = "diverged";
                reason = e.getMessage();
                w = null;
                b = null;
                LOG.warn("run {}: {}", run.name(), e.getMessage());
            }
            progress.finish(status);
        }
        double wall = (System.nanoTime() - start) / 1e9;
        HadoopFiles.writeText(dir + "/metrics.csv", hadoop, columns.csv(rows));
        if (w != null) {
            final double[] fw = w;
            final double[] fb = b;
            HadoopFiles.writeAtomically(dir + "/W.npy", hadoop, o -> Npy.writeMatrix(o, n, m, fw));
            HadoopFiles.writeAtomically(dir + "/b.npy", hadoop, o -> Npy.writeVector(o, fb));
        }
        HadoopFiles.writeText(dir + "/run.conf", hadoop, run.config().root().render(RENDER));
        HadoopFiles.writeText(dir + "/run.json", hadoop, aedyn.report.Json.write(manifest(run, status, reason, truth, source, partitions, wall)));
        HadoopFiles.writeText(dir + "/_SUCCESS", hadoop, "");
        return new RunOutcome(run, status, reason, List.copyOf(rows), columns, wall);
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

    private GroundTruth groundTruth(RunSpec run) {
        DataSettings d = run.settings().data();
        if (!d.fromFile()) return GroundTruth.draw(d.n(), d.m(), Seeds.derive(run.dataSeed(), 1));
        if (d.groundTruth().isEmpty()) return null;
        List<aedyn.config.ConfigProblem> problems = new ArrayList<>();
        Npy.Matrix a = InputFiles.matrix("data.ground-truth", d.groundTruth(), d.n(), d.m(), hadoop, problems);
        if (a == null) throw new UncheckedIOException(new IOException(problems.get(0).toString()));
        return GroundTruth.of(a.columnMajor(), d.n(), d.m());
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

    private Map<String, Object> manifest(RunSpec run, String status, String reason, GroundTruth truth,
                                         SampleSource source, int partitions, double wall) {
        DataSettings d = run.settings().data();
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("name", run.name());
        m.put("status", status);
        if (reason != null) m.put("reason", reason);
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
        m.put("fresh_samples", source.fresh());
        m.put("iterations", run.settings().iterations());
        m.put("learning_rate", run.settings().learningRate());
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
