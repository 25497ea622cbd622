package aedyn.study;

import aedyn.boundary.Verdict;
import aedyn.data.HadoopFiles;
import aedyn.report.RunManifest;
import aedyn.train.LearningCurveRow;
import org.apache.hadoop.conf.Configuration;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The study's runs split in two: those a previous session finished (a resumed study reads them back from their
 * metrics.csv and run.json) and those still to train, each with the checkpoint it continues from.
 */
final class ResumePlan {
    private static final Logger LOG = LoggerFactory.getLogger(ResumePlan.class);

    /** A run still to train, with the checkpoint it resumes from (none: from the start). */
    record Pending(RunSpec run, Optional<Checkpoints.Saved> saved) {
        int startIteration() {
            return saved.map(s -> s.state().iteration()).orElse(0);
        }
    }

    private final List<RunSpec> runs;
    private final Map<String, RunOutcome> finished;
    private final List<Pending> pending;

    private ResumePlan(List<RunSpec> runs, Map<String, RunOutcome> finished, List<Pending> pending) {
        this.runs = runs;
        this.finished = finished;
        this.pending = pending;
    }

    /** Every run of the plan pending, unless the study resumes: then runs with _SUCCESS are finished. */
    static ResumePlan of(StudyPlan plan, Configuration hadoop) throws IOException {
        Map<String, RunOutcome> finished = new LinkedHashMap<>();
        List<Pending> pending = new ArrayList<>();
        for (RunSpec run : plan.runs()) {
            String dir = run.dir(plan.output());
            if (plan.resume() && HadoopFiles.exists(dir + "/_SUCCESS", hadoop)) {
                LOG.info("run {}: finished before, skipped", run.name());
                finished.put(run.name(), readFinished(run, dir, hadoop));
            } else {
                pending.add(new Pending(run, plan.resume() ? saved(run, dir, hadoop) : Optional.empty()));
            }
        }
        return new ResumePlan(plan.runs(), finished, pending);
    }

    List<Pending> pending() {
        return pending;
    }

    /** Every run's outcome in the plan's order: the finished ones and those just trained. */
    List<RunOutcome> outcomes(List<RunOutcome> trained) {
        Map<String, RunOutcome> byName = new LinkedHashMap<>(finished);
        for (RunOutcome o : trained) byName.put(o.spec().name(), o);
        return runs.stream().map(r -> byName.get(r.name())).toList();
    }

    /** The checkpoint a resumed run continues from, if any that fits its length. */
    private static Optional<Checkpoints.Saved> saved(RunSpec run, String dir, Configuration hadoop) throws IOException {
        Checkpoints.Saved saved = Checkpoints.load(dir, run.settings().data().n(), run.settings().model().m(), hadoop);
        return Optional.ofNullable(saved).filter(s -> s.state().iteration() <= run.settings().training().iterations());
    }

    /** The outcome of a run a previous session finished, from its metrics.csv and run.json. */
    static RunOutcome readFinished(RunSpec run, String dir, Configuration hadoop) throws IOException {
        MetricColumns columns = run.columns(run.hasGroundTruth());
        List<LearningCurveRow> rows = MetricColumns.parse(HadoopFiles.readText(dir + "/metrics.csv", hadoop));
        RunManifest manifest = RunManifest.read(HadoopFiles.readText(dir + "/run.json", hadoop));
        double wall = manifest.wallSeconds() == null ? Double.NaN : manifest.wallSeconds();
        Optional<Verdict> verdict = Optional.ofNullable(manifest.end().outcome())
                .map(v -> Verdict.valueOf(v.toUpperCase(java.util.Locale.ROOT)));
        return new RunOutcome(run, manifest.status(), manifest.end().reason(), rows, columns, wall, verdict);
    }
}
