package aedyn.study;

import aedyn.data.NonFiniteSampleException;
import aedyn.data.SampleSpace;
import aedyn.report.Progress;
import org.apache.commons.lang3.exception.ExceptionUtils;
import com.typesafe.config.ConfigValue;
import org.apache.hadoop.conf.Configuration;
import org.apache.spark.Success$;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.scheduler.SparkListener;
import org.apache.spark.scheduler.SparkListenerJobStart;
import org.apache.spark.scheduler.SparkListenerTaskEnd;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.io.Serializable;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * The run-parallel shape: one Spark job whose tasks each train one cohort whole, with the same loop and the same
 * sums as the data-parallel shape ({@link aedyn.data.LocalSamples} on the task's one thread, partitioned as the
 * driver would partition them), so a run's files do not depend on where it trained. A task rebuilds the study's plan
 * from the study.conf in the study directory, finds what its cohort still has to do exactly as --resume does (runs
 * with _SUCCESS are done, the others continue from their last checkpoint), trains it and writes each run's directory
 * itself, atomically. A task that Spark retries (a lost executor, a killed container) so continues from the run's
 * last checkpoint, and an attempt beside it (speculation) writes the same bits. The driver holds the study's lease,
 * reports each finished cohort with a count and an estimate of the time left, and reads the runs back from their
 * files once the job has ended.
 *
 * <p>Balance: the cohorts go to the tasks longest first ({@link MemoryPlan#cost}), and Spark starts a stage's tasks
 * in partition order, so the widest runs do not start last.
 */
final class RunParallel {
    private static final Logger LOG = LoggerFactory.getLogger(RunParallel.class);

    private RunParallel() {
    }

    /**
     * Whether {@code auto} trains this cohort inside a task: on a cluster (in local mode a data-parallel pass already
     * runs on the driver's threads without a Spark job), when the study has more cohorts than the cluster has task
     * slots (else its cores would idle while a cohort's samples could use them), and what one task holds of it (its
     * samples, the set-up and a pass's and a step's working memory) fits one slot's share of an executor's memory
     * ({@link MemoryPlan#taskShare}).
     */
    static boolean fits(MemoryPlan.Cohort cohort, int cohorts, MemoryPlan.Environment env) {
        return !env.local() && cohorts > env.parallelism() && MemoryPlan.inTask(cohort) <= MemoryPlan.taskShare(env);
    }

    /** What a task needs to rebuild its part of the study; the cohorts as their runs' names. */
    record Job(String output, Map<String, String> hadoop, String sparkVersion, String master, int partitions,
               List<List<RunRecipe>> cohorts) implements Serializable {
    }

    /** Trains {@code cohorts} in one Spark job, one task each, and returns their runs' outcomes as written. */
    static List<RunOutcome> train(JavaSparkContext sc, StudyPlan plan, List<List<ResumePlan.Pending>> cohorts,
                                  Map<String, RunRecipe> recipes) throws IOException {
        if (cohorts.isEmpty()) return List.of();
        Map<List<ResumePlan.Pending>, Double> cost = new java.util.IdentityHashMap<>();
        for (List<ResumePlan.Pending> c : cohorts) cost.put(c, MemoryPlan.cost(runs(c)));
        List<List<ResumePlan.Pending>> longestFirst = new ArrayList<>(cohorts);
        longestFirst.sort(Comparator.comparingDouble((List<ResumePlan.Pending> c) -> -cost.get(c)));
        Map<String, String> hadoop = new LinkedHashMap<>();
        sc.hadoopConfiguration().forEach(e -> hadoop.put(e.getKey(), e.getValue()));
        List<List<String>> names = longestFirst.stream().map(c -> c.stream().map(p -> p.run().name()).toList()).toList();
        List<List<RunRecipe>> made = names.stream().map(c -> c.stream().map(recipes::get).toList()).toList();
        Job job = new Job(plan.output(), hadoop, sc.version(), sc.master(), sc.defaultParallelism(), made);
        double[] costs = longestFirst.stream().mapToDouble(cost::get).toArray();
        Follower follower = new Follower(names, costs);
        System.err.printf(Locale.ROOT, "aedyn: run-parallel: %d cohort(s), %d run(s), one task each, longest first%n",
                names.size(), names.stream().mapToInt(List::size).sum());
        List<Integer> indices = new ArrayList<>();
        for (int i = 0; i < names.size(); i++) indices.add(i);
        sc.sc().addSparkListener(follower);
        sc.setJobDescription("run-parallel: " + names.size() + " cohorts of " + plan.name());
        try {
            sc.parallelize(indices, indices.size()).foreach(i -> trainInTask(job, i));
        } catch (RuntimeException e) {
            // what stopped a task, as the driver's own training would have thrown it: bad input, a failed write
            NonFiniteSampleException bad = NonFiniteSampleException.in(e);
            if (bad != null) throw bad;
            int io = ExceptionUtils.indexOfType(e, IOException.class);
            if (io >= 0) throw (IOException) ExceptionUtils.getThrowableList(e).get(io);
            throw e;
        } finally {
            sc.setJobDescription(null);
            follower.drain(sc);
            sc.sc().removeSparkListener(follower);
        }
        List<RunOutcome> outcomes = new ArrayList<>();
        Configuration conf = sc.hadoopConfiguration();
        for (List<ResumePlan.Pending> cohort : cohorts) {
            for (ResumePlan.Pending p : cohort) {
                String dir = p.run().dir(plan.output());
                // an attempt that lost to another (speculation) may have saved a checkpoint after the winner removed them
                Checkpoints.remove(dir, conf);
                outcomes.add(ResumePlan.readWritten(p.run(), dir, conf));
            }
        }
        return outcomes;
    }

    private static List<RunSpec> runs(List<ResumePlan.Pending> cohort) {
        return cohort.stream().map(ResumePlan.Pending::run).toList();
    }

    /** The body of task {@code index}: its cohort's runs not yet finished, trained from their last checkpoints. */
    static void trainInTask(Job job, int index) throws IOException {
        Configuration hadoop = new Configuration(false);
        job.hadoop().forEach(hadoop::set);
        StudyPlan study = StudyPlan.load(job.output() + "/study.conf", List.of(), job.output(), hadoop, true);
        List<RunRecipe> mine = job.cohorts().get(index);
        List<Map<String, ConfigValue>> outer = mine.stream().anyMatch(r -> r.outer() >= 0) ? BoundaryStudy.outerPoints(study) : List.of();
        StudyPlan plan = study.withRuns(mine.stream().map(r -> r.spec(study, outer)).toList());
        List<ResumePlan.Pending> pending = ResumePlan.of(plan, hadoop).pending();
        Site site = new Site(new SampleSpace.Local(1, job.partitions()), hadoop, job.sparkVersion(), job.master(),
                Execution.RUN_PARALLEL);
        CohortExecution execution = new CohortExecution(plan, site);
        for (List<ResumePlan.Pending> cohort : Cohorts.of(pending, plan.cohorts())) execution.run(cohort, false);
    }

    /** The driver's account of the job: a line per finished cohort, the count and the time left by the cost model. */
    private static final class Follower extends SparkListener {
        private final List<List<String>> names;
        private final double[] costs;
        private final double total;
        private final long start = System.nanoTime();
        private final Set<Integer> stages = new HashSet<>();
        private final Set<Integer> done = new HashSet<>();
        private double doneCost;

        Follower(List<List<String>> names, double[] costs) {
            this.names = names;
            this.costs = costs;
            double t = 0;
            for (double c : costs) t += c;
            this.total = t;
        }

        /** Lets the listener bus deliver the job's last events (its lines) before the listener goes. */
        void drain(JavaSparkContext sc) {
            try {
                sc.sc().listenerBus().waitUntilEmpty(10_000);
            } catch (java.util.concurrent.TimeoutException e) {
                LOG.debug("the listener bus did not empty in 10 s; a progress line may be missing");
            }
        }

        @Override
        public synchronized void onJobStart(SparkListenerJobStart start) {
            String description = start.properties() == null ? null : start.properties().getProperty("spark.job.description");
            if (description != null && description.startsWith("run-parallel: ")) {
                start.stageIds().foreach(id -> stages.add((Integer) id));
            }
        }

        @Override
        public synchronized void onTaskEnd(SparkListenerTaskEnd end) {
            if (!stages.contains(end.stageId())) return;
            int index = end.taskInfo().index();
            List<String> runs = names.get(index);
            if (end.reason() != Success$.MODULE$) {
                System.err.println("aedyn: run-parallel: the task of " + String.join(", ", runs) + " failed ("
                        + end.reason().getClass().getSimpleName().replace("$", "") + "); Spark retries it from its last checkpoint");
                return;
            }
            if (!done.add(index)) return;
            doneCost += costs[index];
            double elapsed = (System.nanoTime() - start) / 1e9;
            double left = doneCost > 0 ? elapsed * (total - doneCost) / doneCost : Double.NaN;
            System.err.printf(Locale.ROOT, "aedyn: run-parallel: %d/%d done (%s) after %s, about %s left%n", done.size(),
                    names.size(), String.join(", ", runs), Progress.duration(elapsed), Progress.duration(left));
            LOG.info("run-parallel: cohort {} ({}) finished on executor {}", index, runs, end.taskInfo().executorId());
        }
    }
}
