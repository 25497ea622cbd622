package aedyn.study;

import aedyn.data.HadoopFiles;
import aedyn.report.StudyReport;
import com.typesafe.config.ConfigRenderOptions;
import org.apache.hadoop.conf.Configuration;
import org.apache.spark.api.java.JavaSparkContext;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.FutureTask;

/**
 * Runs every run of a study on one SparkContext and writes the study directory:
 * study.conf, runs/NAME/{metrics.csv, W.npy, b.npy, run.conf, run.json, _SUCCESS, checkpoint/ while it runs},
 * summary.csv, aggregate.csv (trials), analysis.csv (study.analysis) and, last, _SUCCESS. It sits above the
 * training loop and never inside it. The steps, in order: the plan of pending runs ({@link ResumePlan}), their
 * cohorts ({@link Cohorts}), each cohort's training ({@link CohortExecution}) and its runs' outputs
 * ({@link RunOutputs}, {@link aedyn.report.RunManifest}), then the study's tables, analyses and report.
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
     * Runs the study and returns the names of runs that failed. Runs that share their samples train as one cohort
     * ({@code study.cohorts}), {@code study.parallel-runs} cohorts at a time. On a resumed study, runs with _SUCCESS
     * are read back instead of run, and the others continue from their last checkpoint.
     */
    public List<String> run() throws IOException {
        startStudy();
        ResumePlan resume = ResumePlan.of(plan, hadoop);
        List<List<ResumePlan.Pending>> cohorts = Cohorts.of(resume.pending(), plan.cohorts());
        List<RunOutcome> trained = Cohorts.run(sc, cohorts, plan.parallelRuns(), new CohortExecution(plan, sc));
        List<RunOutcome> outcomes = resume.outcomes(trained);
        writeTables(outcomes);
        // the curves table beside the analysis and the report: neither reads it, and its Parquet writer's first
        // use in a JVM (about a second, mostly loading its classes) then overlaps the plots on the other core; on a
        // thread of its own, not the common pool's, so that it has this thread's context class loader (spark-submit's)
        FutureTask<Void> curves = new FutureTask<>(() -> {
            CurvesTable.write(plan.output(), plan.gridKeys(), outcomes, hadoop);
            return null;
        });
        new Thread(curves, "aedyn-curves").start();
        writeAnalysis();
        writeReport();
        await(curves);
        finishStudy();
        return outcomes.stream().filter(RunOutcome::failed).map(o -> o.spec().name()).toList();
    }

    /** The study starts: the report's fonts warm up aside, and study.conf is written unless a resumed study has it. */
    private void startStudy() throws IOException {
        Thread warmUp = new Thread(StudyReport::warmUp, "report warm-up");
        warmUp.setDaemon(true);
        warmUp.setPriority(Thread.MIN_PRIORITY);
        warmUp.start();
        String out = plan.output();
        if (!plan.resume() || !HadoopFiles.exists(out + "/study.conf", hadoop)) {
            HadoopFiles.writeText(out + "/study.conf", hadoop, plan.config().root().render(RENDER));
        }
    }

    /** summary.csv (one row per run) and, with trials, aggregate.csv (one row per grid point). */
    private void writeTables(List<RunOutcome> outcomes) throws IOException {
        String out = plan.output();
        HadoopFiles.writeText(out + "/summary.csv", hadoop, Summary.csv(plan.gridKeys(), outcomes));
        if (plan.trials() > 1) {
            HadoopFiles.writeText(out + "/aggregate.csv", hadoop, Aggregate.csv(plan.gridKeys(), outcomes));
        }
    }

    /** What the curves table's thread threw, as it was: a failed write fails the study, as any table's. */
    private static void await(FutureTask<Void> table) throws IOException {
        try {
            table.get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted while the curves table was written", e);
        } catch (ExecutionException e) {
            if (e.getCause() instanceof IOException io) throw io;
            if (e.getCause() instanceof RuntimeException r) throw r;
            if (e.getCause() instanceof Error err) throw err;
            throw new IllegalStateException(e.getCause());
        }
    }

    /** analysis.csv of study.analysis, printed as well; a failure there is logged and does not fail the study. */
    private void writeAnalysis() {
        if (plan.analysis() == Analysis.NONE) return;
        String out = plan.output();
        try {
            Asymptotics.Result r = Asymptotics.analyze(out, plan.analysis(), hadoop);
            System.err.print(r.text());
            LOG.info("analysis {} written to {}/{}", plan.analysis().label(), out, Asymptotics.FILE);
        } catch (IOException | RuntimeException e) {
            LOG.warn("could not compute the {} analysis of {}: {}", plan.analysis().label(), out, e.toString());
        }
    }

    /** report: plots/ and report.html; a failure there is logged and does not fail the study. */
    private void writeReport() {
        try {
            StudyReport.Result r = StudyReport.write(plan.output(), hadoop);
            LOG.info("report {} ({} plots)", r.report(), r.plots().size());
        } catch (IOException | RuntimeException e) {
            LOG.warn("could not write the study report of {}: {}", plan.output(), e.toString());
        }
    }

    /** The study ends: _SUCCESS, written last, marks its directory complete. */
    private void finishStudy() throws IOException {
        HadoopFiles.writeText(plan.output() + "/_SUCCESS", hadoop, "");
    }
}
