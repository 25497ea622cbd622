package aedyn.study;

import aedyn.data.HadoopFiles;
import aedyn.report.RunStatus;
import aedyn.report.StudyReport;
import com.typesafe.config.ConfigRenderOptions;
import org.apache.hadoop.conf.Configuration;
import org.apache.spark.api.java.JavaSparkContext;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import aedyn.boundary.SearchSettings;
import com.typesafe.config.ConfigValue;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
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
    /** study.execution, read once: how each round's cohorts use the cluster. */
    private final Execution execution;

    public StudyRunner(StudyPlan plan, JavaSparkContext sc) {
        this.plan = plan;
        this.sc = sc;
        this.hadoop = sc.hadoopConfiguration();
        this.execution = Execution.of(plan.config(), plan.output());
    }

    /**
     * Runs the study and returns the names of runs that failed. Runs that share their samples train as one cohort
     * ({@code study.cohorts}), {@code study.parallel-runs} cohorts at a time. On a resumed study, runs with _SUCCESS
     * are read back instead of run, and the others continue from their last checkpoint.
     */
    public List<String> run() throws IOException {
        startStudy();
        Site driver = Site.driver(sc);
        Optional<BoundaryPlan> boundary = BoundaryPlan.of(plan);
        Optional<SearchSettings> search = boundary.flatMap(BoundaryPlan::search);
        List<RunOutcome> outcomes;
        List<String> keys = new ArrayList<>(plan.gridKeys());
        if (search.isPresent()) {
            BoundaryStudy study = new BoundaryStudy(plan, search.get(), boundary.get().outcome(), hadoop);
            outcomes = study.run(round -> train(driver, round, study.outer()));
            keys.add(search.get().key());
        } else {
            outcomes = train(driver, plan.runs().stream().map(RunRecipe::of).toList(), List.of());
        }
        writeTables(keys, outcomes);
        // the curves table beside the analysis and the report: neither reads it, and its Parquet writer's first
        // use in a JVM (about a second, mostly loading its classes) then overlaps the plots on the other core; on a
        // thread of its own, not the common pool's, so that it has this thread's context class loader (spark-submit's)
        FutureTask<Void> curves = new FutureTask<>(() -> {
            CurvesTable.write(plan.output(), keys, outcomes, hadoop);
            return null;
        });
        new Thread(curves, "aedyn-curves").start();
        if (search.isEmpty()) writeAnalysis(); // a search's analysis.csv is its scaling law, written with its tables
        writeReport();
        await(curves);
        finishStudy();
        // in a study with an outcome a diverged run is a judged failure (SPEC 9.1), not a run that failed to run
        return outcomes.stream().filter(o -> o.failed() && !(o.outcome().isPresent() && o.status() == RunStatus.DIVERGED))
                .map(o -> o.spec().name()).toList();
    }

    /**
     * Trains the runs of {@code recipes} (the study's grid, or a round of a boundary search over the {@code outer}
     * points) and returns every one's outcome in their order: those a previous session finished (a resumed study) read
     * back, the others trained in cohorts, in tasks or on the driver as {@link #inTasks} says.
     */
    private List<RunOutcome> train(Site driver, List<RunRecipe> recipes, List<Map<String, ConfigValue>> outer)
            throws IOException {
        StudyPlan runs = plan.withRuns(recipes.stream().map(r -> r.spec(plan, outer)).toList());
        ResumePlan resume = ResumePlan.of(runs, hadoop);
        List<List<ResumePlan.Pending>> cohorts = Cohorts.of(resume.pending(), plan.cohorts());
        List<List<ResumePlan.Pending>> inTasks = inTasks(cohorts);
        List<List<ResumePlan.Pending>> onDriver = cohorts.stream().filter(c -> !inTasks.contains(c)).toList();
        System.err.printf("aedyn: study.execution = %s: %d cohort(s) run-parallel, %d data-parallel (passes on %s)%n",
                execution.label(), inTasks.size(), onDriver.size(), driver.space().passes());
        Map<String, RunRecipe> byName = new LinkedHashMap<>();
        for (RunRecipe r : recipes) byName.put(r.name(), r);
        List<RunOutcome> trained = new ArrayList<>(RunParallel.train(sc, runs, inTasks, byName));
        trained.addAll(Cohorts.run(sc, onDriver, plan.parallelRuns(), new CohortExecution(runs, driver)));
        return resume.outcomes(trained);
    }

    /**
     * The cohorts trained whole inside tasks: all of them or none as study.execution says, or, for auto, those
     * that {@link RunParallel#fits} by the memory plan.
     */
    private List<List<ResumePlan.Pending>> inTasks(List<List<ResumePlan.Pending>> cohorts) {
        return switch (execution) {
            case RUN_PARALLEL -> cohorts;
            case DATA_PARALLEL -> List.of();
            case AUTO -> {
                MemoryPlan.Environment env = MemoryPlan.Environment.of(sc.getConf());
                yield cohorts.stream().filter(c -> RunParallel.fits(MemoryPlan.cohort(c.stream().map(ResumePlan.Pending::run)
                        .toList(), env), cohorts.size(), env)).toList();
            }
        };
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
    private void writeTables(List<String> keys, List<RunOutcome> outcomes) throws IOException {
        String out = plan.output();
        HadoopFiles.writeText(out + "/summary.csv", hadoop, Summary.csv(keys, outcomes));
        if (plan.trials() > 1) {
            HadoopFiles.writeText(out + "/aggregate.csv", hadoop, Aggregate.csv(keys, outcomes));
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
