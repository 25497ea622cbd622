package aedyn.study;

import aedyn.boundary.Verdict;
import aedyn.data.HadoopFiles;
import aedyn.data.Npy;
import aedyn.init.SpectralInit;
import aedyn.model.Parameters;
import aedyn.report.RunManifest;
import aedyn.report.RunStatus;
import aedyn.train.LearningCurveRow;
import aedyn.train.Trainer;
import com.typesafe.config.ConfigRenderOptions;
import org.apache.hadoop.conf.Configuration;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * A run's directory: metrics.csv, its parameter files (W.npy or V.npy and U.npy, b.npy), run.conf, run.json
 * ({@link RunManifest}), spectral.csv for a spectral start and, last, _SUCCESS.
 */
final class RunOutputs {
    private static final Logger LOG = LoggerFactory.getLogger(RunOutputs.class);
    private static final ConfigRenderOptions RENDER = ConfigRenderOptions.defaults().setOriginComments(false).setJson(false);

    private final StudyPlan plan;
    private final Site site;
    private final Optional<BoundaryPlan> boundary;
    private final Configuration hadoop;

    RunOutputs(StudyPlan plan, Site site) {
        this.plan = plan;
        this.site = site;
        this.boundary = BoundaryPlan.of(plan);
        this.hadoop = site.hadoop();
    }

    /** What a run that left its cohort leaves behind, besides its result. */
    record Trained(RunSpec run, MetricColumns columns, Optional<Checkpoints.Saved> saved,
                   Optional<SpectralInit.Result> spectral, Optional<NtkOutputs.Probed> probed, double wallSeconds) {
    }

    /** A trained run's directory: metrics.csv, its weights, run.conf, run.json, then _SUCCESS; its checkpoints go. */
    RunOutcome write(Trained t, Trainer.Result r, CohortData data) throws IOException {
        RunSpec run = t.run();
        String dir = run.dir(plan.output());
        int n = run.settings().data().n();
        int m = run.settings().model().m();
        RunManifest.Outcome outcome = r.diverged()
                ? RunManifest.Outcome.diverged(r.divergence().reason(), r.divergence().iteration())
                : RunManifest.Outcome.finished();
        List<LearningCurveRow> rows = r.diverged() ? r.divergence().rows() : r.rows();
        Optional<Parameters> theta = Optional.ofNullable(r.theta());
        byte[] metrics = t.columns().csv(rows).getBytes(java.nio.charset.StandardCharsets.UTF_8);
        HadoopFiles.writeAtomically(dir + "/metrics.csv", hadoop, o -> o.write(metrics));
        if (theta.isPresent()) {
            for (Map.Entry<String, double[]> e : theta.get().matrices().entrySet()) {
                double[] a = e.getValue();
                HadoopFiles.writeAtomically(dir + "/" + e.getKey() + ".npy", hadoop, o -> Npy.writeMatrix(o, n, m, a));
            }
            double[] fb = theta.get().b();
            HadoopFiles.writeAtomically(dir + "/b.npy", hadoop, o -> Npy.writeVector(o, fb));
        }
        HadoopFiles.writeText(dir + "/run.conf", hadoop, run.config().root().render(RENDER));
        RunManifest manifest = Manifests.of(plan, run, outcome, data, site, t.wallSeconds());
        if (t.saved().isPresent()) manifest = manifest.resumedFrom(t.saved().get().state().iteration());
        if (data.energyBlocks().isPresent()) {
            manifest = manifest.withEnergyBlocks(RunManifest.EnergyBlocksReport.of(data.energyBlocks().get(),
                    theta.map(Parameters::encoder), n, m));
        }
        if (t.spectral().isPresent()) {
            manifest = manifest.withSpectralInit(RunManifest.SpectralReport.of(t.spectral().get()));
            HadoopFiles.writeText(dir + "/spectral.csv", hadoop, spectralCsv(t.spectral().get()));
        }
        if (t.probed().isPresent()) {
            manifest = manifest.withNtk(NtkOutputs.write(dir, hadoop, run.settings(), t.probed().get(), theta,
                    data.source().size()));
        }
        Optional<Verdict> verdict = Optional.empty();
        if (boundary.isPresent()) {
            verdict = Optional.of(BoundaryStudy.judge(boundary.get().outcome(), outcome.status(), rows, manifest, t.columns()));
            manifest = manifest.judged(verdict.get().csv());
        }
        byte[] runJson = manifest.json().getBytes(java.nio.charset.StandardCharsets.UTF_8);
        HadoopFiles.writeAtomically(dir + "/run.json", hadoop, o -> o.write(runJson));
        RunSeal.of(metrics, runJson).write(dir, hadoop);
        Checkpoints.remove(dir, hadoop);
        return new RunOutcome(run, outcome.status(), outcome.reason(), List.copyOf(rows), t.columns(), t.wallSeconds(),
                verdict);
    }

    /**
     * The run directory of a run stopped by bad input: its run.json says why (status "bad-input", the reason naming
     * the file and row), and it gets no _SUCCESS, so that --resume runs it again once the input is fixed.
     */
    void writeBadInput(RunSpec run, MetricColumns columns, CohortData data, double wallSeconds, Exception bad)
            throws IOException {
        String dir = run.dir(plan.output());
        HadoopFiles.writeText(dir + "/metrics.csv", hadoop, columns.csv(List.of()));
        HadoopFiles.writeText(dir + "/run.conf", hadoop, run.config().root().render(RENDER));
        writeUnfinished(run, data, wallSeconds, RunStatus.BAD_INPUT, bad.getMessage());
    }

    /**
     * The run.json of a run the study stopped (a failed write, most often) while it trained: status "stopped" and the
     * reason, no _SUCCESS, so --resume continues it from its last checkpoint. Written if the file system lets it; the
     * failure that stopped the study is what counts.
     */
    void writeStopped(RunSpec run, CohortData data, double wallSeconds, Exception why) {
        try {
            String reason = why.getMessage() + (why.getCause() == null ? "" : ": " + why.getCause().getMessage());
            writeUnfinished(run, data, wallSeconds, RunStatus.STOPPED, reason);
        } catch (IOException | RuntimeException alsoFailed) {
            LOG.warn("run {}: could not record that it stopped: {}", run.name(), alsoFailed.toString());
        }
    }

    private void writeUnfinished(RunSpec run, CohortData data, double wallSeconds, RunStatus status, String reason)
            throws IOException {
        RunManifest manifest = Manifests.of(plan, run, RunManifest.Outcome.stopped(status, reason),
                data, site, wallSeconds);
        HadoopFiles.writeText(run.dir(plan.output()) + "/run.json", hadoop, manifest.json());
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
}
