package aedyn.study;

import aedyn.config.DataSettings;
import aedyn.config.RunSettings;
import com.typesafe.config.ConfigRenderOptions;
import org.apache.spark.api.java.JavaSparkContext;

import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/** The pending runs grouped into cohorts that share their samples, and the cohorts run one or several at a time. */
final class Cohorts {
    private Cohorts() {
    }

    /** Trains one cohort and writes its members' directories; {@code concurrent}: other cohorts run beside it. */
    interface Execution {
        List<RunOutcome> run(List<ResumePlan.Pending> cohort, boolean concurrent) throws IOException;
    }

    /**
     * The runs grouped into cohorts, in the order of their first member: runs share their samples when their data.*
     * values and data seed agree (the plan derives the seed from the data.* grid values and the trial), their energy
     * blocks when metrics.energy-blocks does, and a pass's reduction when their tree depths do. Fresh samples depend on
     * the iteration as well, so resumed runs over fresh samples share a cohort only with runs resuming at the same
     * iteration. Without {@code share} (study.cohorts = false) every run is a cohort of its own.
     */
    static List<List<ResumePlan.Pending>> of(List<ResumePlan.Pending> pending, boolean share) {
        Map<String, List<ResumePlan.Pending>> byKey = new LinkedHashMap<>();
        for (ResumePlan.Pending p : pending) {
            RunSettings s = p.run().settings();
            DataSettings d = s.data();
            String key = !share ? p.run().name()
                    : p.run().config().getConfig("data").root().render(ConfigRenderOptions.concise())
                    + "|n=" + d.n() + "|m=" + d.m() + "|N=" + d.samples() + "|seed=" + p.run().dataSeed()
                    + "|energy=" + d.options().energyBlocks() // metrics.energy-blocks, measured once per cohort
                    + "|depth=" + s.training().treeDepth() + (d.fresh() ? "|from=" + p.startIteration() : "");
            byKey.computeIfAbsent(key, k -> new ArrayList<>()).add(p);
        }
        return List.copyOf(byKey.values());
    }

    /** Every cohort's outcomes, {@code parallelRuns} cohorts at a time (one after another when 1). */
    static List<RunOutcome> run(JavaSparkContext sc, List<List<ResumePlan.Pending>> cohorts, int parallelRuns,
                                Execution execution) throws IOException {
        if (parallelRuns > 1 && cohorts.size() > 1) return runConcurrently(sc, cohorts, parallelRuns, execution);
        List<RunOutcome> outcomes = new ArrayList<>();
        for (List<ResumePlan.Pending> cohort : cohorts) outcomes.addAll(execution.run(cohort, false));
        return outcomes;
    }

    /**
     * A fixed pool of threads, each cohort in a FAIR scheduler pool of its own (spark.scheduler.pool = the name of
     * its first run), so concurrent cohorts share the executors. A run's numbers do not depend on what runs beside it.
     */
    private static List<RunOutcome> runConcurrently(JavaSparkContext sc, List<List<ResumePlan.Pending>> cohorts,
                                                    int threads, Execution execution) throws IOException {
        ExecutorService pool = Executors.newFixedThreadPool(threads, r -> {
            Thread t = new Thread(r, "aedyn-cohort");
            t.setDaemon(true);
            return t;
        });
        try {
            List<Future<List<RunOutcome>>> futures = new ArrayList<>();
            for (List<ResumePlan.Pending> cohort : cohorts) {
                futures.add(pool.submit(() -> {
                    sc.setLocalProperty("spark.scheduler.pool", cohort.get(0).run().name());
                    try {
                        return execution.run(cohort, true);
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
}
