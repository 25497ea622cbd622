package aedyn.study;

import aedyn.boundary.Verdict;
import aedyn.data.HadoopFiles;
import aedyn.report.Json;
import aedyn.report.RunManifest;
import aedyn.train.LearningCurveRow;
import org.apache.hadoop.conf.Configuration;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
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
                try {
                    finished.put(run.name(), readFinished(run, dir, hadoop));
                    LOG.info("run {}: finished before, skipped", run.name());
                    continue;
                } catch (Checkpoints.Damaged e) {
                    // its results cannot be trusted: trained again, and deterministic, it gives the same bits
                    System.err.println("aedyn: run " + run.name() + " finished before, but " + e.getMessage()
                            + "; it is trained again from the start (same configuration and seed: the same result)");
                    HadoopFiles.delete(dir + "/_SUCCESS", hadoop, false);
                    pending.add(new Pending(run, Optional.empty()));
                }
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
        Checkpoints.Saved saved;
        try {
            saved = Checkpoints.load(dir, run.settings().data().n(), run.settings().model().m(), hadoop);
        } catch (Checkpoints.Damaged e) {
            Checkpoints.Saved previous;
            try {
                previous = Checkpoints.loadPrevious(dir, run.settings().data().n(), run.settings().model().m(), hadoop);
            } catch (Checkpoints.Damaged alsoDamaged) {
                previous = null;
            }
            // deterministic runs: from an earlier checkpoint, or from the start, they reach the same bits
            System.err.println("aedyn: run " + run.name() + ": damaged checkpoint, " + e.getMessage() + "; the run "
                    + (previous == null ? "restarts from iteration 0" : "restarts from its previous checkpoint, iteration "
                    + previous.state().iteration()) + " (same configuration and seed: the same result)");
            if (previous == null) Checkpoints.remove(dir, hadoop); else Checkpoints.restorePrevious(dir, hadoop);
            saved = previous;
        }
        return Optional.ofNullable(saved).filter(s -> s.state().iteration() <= run.settings().training().iterations());
    }

    /**
     * The outcome of a run a previous session finished, from its metrics.csv and run.json, each checked against the
     * length and CRC32 its _SUCCESS records (an empty _SUCCESS, from before they were recorded: by format alone);
     * {@link Checkpoints.Damaged} when either is not what was written.
     */
    static RunOutcome readFinished(RunSpec run, String dir, Configuration hadoop) throws IOException {
        return readFinished(run, dir, hadoop, RunSeal.read(dir, hadoop));
    }

    /**
     * The outcome of a run trained in a task (RunParallel) just now, checked by format, its _SUCCESS written again
     * with the lengths and CRC32s of the files as they are: attempts of the same task (speculation) may each have
     * written the run's files, and the driver's read, after the job, is what counts.
     */
    static RunOutcome readWritten(RunSpec run, String dir, Configuration hadoop) throws IOException {
        RunOutcome outcome = readFinished(run, dir, hadoop, RunSeal.NONE);
        RunSeal.of(dir, hadoop).write(dir, hadoop);
        return outcome;
    }

    private static RunOutcome readFinished(RunSpec run, String dir, Configuration hadoop, RunSeal seal)
            throws IOException {
        MetricColumns columns = run.columns(run.hasGroundTruth());
        String metrics = new String(Checkpoints.checked(dir + "/metrics.csv", seal.metrics(), hadoop), StandardCharsets.UTF_8);
        String runJson = new String(Checkpoints.checked(dir + "/run.json", seal.runJson(), hadoop), StandardCharsets.UTF_8);
        List<LearningCurveRow> rows;
        RunManifest manifest;
        try {
            rows = MetricColumns.parse(metrics);
        } catch (RuntimeException e) {
            throw new Checkpoints.Damaged(dir + "/metrics.csv is not parseable (" + e.getMessage() + ")");
        }
        for (int s = 0; s < rows.size(); s++) {
            if (rows.get(s).iteration() != s) {
                throw new Checkpoints.Damaged(dir + "/metrics.csv has iteration " + rows.get(s).iteration() + " in row " + (s + 1));
            }
        }
        if (rows.isEmpty()) throw new Checkpoints.Damaged(dir + "/metrics.csv has no rows");
        try {
            manifest = RunManifest.read(runJson);
            if (manifest.status() == null) throw new IllegalArgumentException("no status");
        } catch (RuntimeException e) {
            throw new Checkpoints.Damaged(dir + "/run.json is not parseable (" + e.getMessage() + ")");
        }
        double wall = manifest.wallSeconds() == null ? Double.NaN : manifest.wallSeconds();
        Optional<Verdict> verdict = Optional.ofNullable(manifest.end().outcome())
                .map(v -> Verdict.valueOf(v.toUpperCase(java.util.Locale.ROOT)));
        return new RunOutcome(run, manifest.status(), manifest.end().reason(), rows, columns, wall, verdict);
    }
}
