package aedyn.study;

import aedyn.data.SampleSpace;

import aedyn.config.DataSettings;
import aedyn.config.RunSettings;
import aedyn.data.SampleSource;
import aedyn.model.BlockKernel;
import aedyn.model.ModelFamily;
import aedyn.init.Init;
import org.apache.spark.SparkConf;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;

/**
 * The memory a study needs, planned before Spark starts: what the driver and each executor hold at the peak of an
 * iteration ({@link CohortMemory}) and what stays on the driver for the whole cohort (the cached samples, A, Q),
 * against the heaps and {@code spark.driver.maxResultSize}. A study that cannot fit is refused with one line naming
 * the estimate, the limit and the setting that would make it fit.
 */
public final class MemoryPlan {
    /** Spark's reserved system memory, which also stands for the JVM's and Spark's own objects. */
    static final long RESERVED = 300L << 20;
    /** spark.memory.fraction: cached blocks may take this share of the heap above the reserve, and keep it. */
    static final double STORAGE_FRACTION = 0.6;
    /** The largest Java array: no setting makes a bigger matrix fit. */
    static final long MAX_ARRAY = Integer.MAX_VALUE - 8;
    static final long GIB = 1L << 30;

    private MemoryPlan() {
    }

    /**
     * Where the study runs. {@code slots}: tasks at once in one JVM that runs them (the local driver, or an executor);
     * {@code parallelism}: partitions when data.partitions is 0; {@code executors}: 0 when unknown.
     */
    public record Environment(boolean local, int slots, int parallelism, long driverHeap, long executorHeap,
                              long maxResultSize, long physical) {

        /** From the SparkConf the job is about to start with, and this JVM, which is the driver. */
        static Environment of(SparkConf conf) {
            String master = conf.get("spark.master", "local[*]");
            boolean local = master.startsWith("local");
            int cores = Runtime.getRuntime().availableProcessors();
            int slots = local ? SampleSpace.localThreads(master, cores) : conf.getInt("spark.executor.cores", 1);
            int executors = conf.getInt("spark.executor.instances", 2);
            int parallelism = conf.getInt("spark.default.parallelism", local ? slots : Math.max(2, executors * slots));
            long physical = ((com.sun.management.OperatingSystemMXBean)
                    java.lang.management.ManagementFactory.getOperatingSystemMXBean()).getTotalMemorySize();
            return new Environment(local, slots, parallelism, Runtime.getRuntime().maxMemory(),
                    conf.getSizeAsBytes("spark.executor.memory", "1g"),
                    conf.getSizeAsBytes("spark.driver.maxResultSize", "1g"), physical);
        }
    }

    /** Null when the study fits; otherwise the one line that says why not and what would make it fit. */
    public static String check(StudyPlan plan, SparkConf conf) {
        Object on = plan.config().getValue("study.memory-check").unwrapped();
        if (!(on instanceof Boolean)) return "study.memory-check = " + on + ": true or false";
        return (Boolean) on ? check(plan, Environment.of(conf)) : null;
    }

    static String check(StudyPlan plan, Environment env) {
        // Spark's UnifiedMemoryManager refuses to start below 1.5 times its reserve
        if (env.driverHeap() < 3 * RESERVED / 2) {
            return "this JVM may use " + gib(env.driverHeap()) + " of heap, less than the 450 MiB Spark needs to start: run with "
                    + "AEDYN_JAVA_OPTS=-Xmx1g (submit/local) or --driver-memory 1g (spark-submit)";
        }
        List<Cohort> cohorts = cohorts(plan, env);
        for (Cohort c : cohorts) {
            String tooBig = c.tooLargeArray();
            if (tooBig != null) return tooBig;
        }
        return Estimate.of(cohorts, plan.parallelRuns(), env).refusal();
    }

    /** One cohort's shapes, its data and the layout of its passes. */
    record Cohort(String name, CohortMemory memory, long cache, long persistent, long setup, int partitions,
                  int treeDepth, String arrayKey, long arrayEntries) {
        /** Task results that reach the driver in one pass: Spark's treeAggregate rule for the levels. */
        int results() {
            return resultsAt(treeDepth);
        }

        int resultsAt(int depth) {
            int parts = partitions;
            int scale = Math.max((int) Math.ceil(Math.pow(parts, 1.0 / depth)), 2);
            while (parts > scale + Math.ceil((double) parts / scale)) parts /= scale;
            return parts;
        }

        String tooLargeArray() {
            return arrayEntries <= MAX_ARRAY ? null : name + ": " + arrayKey + " has " + String.format("%.3g", (double) arrayEntries)
                    + " entries, more than a Java array holds (2^31 - 1) whatever the memory: lower them";
        }
    }

    /**
     * What one task holds of a cohort that it trains whole (study.execution = run-parallel): the samples, A and Q,
     * the set-up before the first pass, and the larger of a pass's (the kernel's buffers beside the sums) and a
     * step's working memory, which the driver would otherwise hold.
     */
    static long inTask(Cohort c) {
        return c.cache() + c.persistent() + Math.max(c.setup(), Math.max(c.memory().task() + c.memory().driverPass(),
                c.memory().driverStep()));
    }

    /** One task slot's share of an executor's (in local mode the driver's) memory for a cohort trained in a task. */
    static long taskShare(Environment env) {
        long heap = env.local() ? env.driverHeap() : env.executorHeap();
        return (long) ((heap - RESERVED) * STORAGE_FRACTION / Math.max(1, env.slots()));
    }

    /**
     * The cost of training {@code runs} in flops, as the kernels count them: about 10 n m N per matrix per pass
     * (SPEC section 2), T + 1 passes each. Orders the cohorts of a run-parallel study, longest first.
     */
    static double cost(List<RunSpec> runs) {
        double flops = 0;
        for (RunSpec run : runs) {
            RunSettings s = run.settings();
            int matrices = s.model().tied() ? 1 : 2;
            flops += 10.0 * s.data().n() * s.model().m() * matrices * (double) s.data().samples()
                    * (s.training().iterations() + 1);
        }
        return flops;
    }

    /** The runs grouped as the runner trains them ({@link Cohorts#of}), every run from its start. */
    static List<Cohort> cohorts(StudyPlan plan, Environment env) {
        List<ResumePlan.Pending> all = plan.runs().stream().map(r -> new ResumePlan.Pending(r, Optional.empty())).toList();
        List<Cohort> out = new ArrayList<>();
        for (List<ResumePlan.Pending> c : Cohorts.of(all, plan.cohorts())) {
            out.add(cohort(c.stream().map(ResumePlan.Pending::run).toList(), env));
        }
        return out;
    }

    static Cohort cohort(List<RunSpec> runs, Environment env) {
        RunSettings first = runs.get(0).settings();
        DataSettings d = first.data();
        long n = d.n();
        List<CohortMemory.Member> members = new ArrayList<>();
        long setup = 0;
        String arrayKey = "";
        long array = 0;
        for (RunSpec run : runs) {
            RunSettings s = run.settings();
            int m = s.model().m();
            boolean paperOne = ModelFamily.of(s.model()) instanceof ModelFamily.PaperOne;
            boolean tied = s.model().tied();
            boolean matching = (!d.fromFile() || !d.groundTruth().isEmpty()) && m == d.m();
            members.add(new CohortMemory.Member(d.n(), m, tied ? 1 : 2, tied || !s.model().trainsDecoder() ? 1 : 2,
                    paperOne, BlockKernel.panelFor(d.n(), m), s.training().l2() != 0, matching,
                    (int) Math.min(s.measurement().ntkProbe(), d.samples()), s.training().linearize()));
            long widest = Math.max(n * m * (tied || !s.model().trainsDecoder() ? 1 : 2), paperOne || matching ? (long) m * m : 0);
            if (widest > array) {
                array = widest;
                arrayKey = widest == (long) m * m && m > 2 * n ? "model.width^2 = " + m + "^2" : "data.n x model.width = " + n + " x " + m;
            }
            // init: pca's covariance and eigenvectors (n x n, three times); spectral's pool of samples
            if (s.start().init() instanceof Init.Pca) setup = Math.max(setup, 3 * CohortMemory.DOUBLE * n * n);
            if (s.start().init() instanceof Init.Spectral sp) setup = Math.max(setup, CohortMemory.DOUBLE * n * Math.max(6000, sp.pool()));
        }
        // A (n x data.m) and Q (n x n), each held and broadcast serialized; Q's construction takes three n x n
        long persistent = 0;
        if (!d.fromFile() || !d.groundTruth().isEmpty()) {
            persistent += 2 * CohortMemory.DOUBLE * n * d.m();
            if (n * d.m() > array) {
                array = n * d.m();
                arrayKey = "data.n x data.m = " + n + " x " + d.m();
            }
        }
        if (d.gaussian() && d.options().rotate()) {
            persistent += 2 * CohortMemory.DOUBLE * n * n;
            setup = Math.max(setup, 3 * CohortMemory.DOUBLE * n * n);
            if (n * n > array) {
                array = n * n;
                arrayKey = "data.n^2 = " + n + "^2 (data.rotate's Q)";
            }
        }
        int blockSize = SampleSource.cachedBlockSize(d.n());
        long blocks = Math.max(1, (d.samples() + blockSize - 1) / blockSize);
        int partitions = (int) Math.max(1, Math.min(d.partitions() > 0 ? d.partitions() : env.parallelism(), blocks));
        long cache = d.fresh() ? CohortMemory.DOUBLE * n * blockSize * Math.min(partitions, env.slots())
                : CohortMemory.DOUBLE * n * d.samples();
        String name = runs.size() == 1 ? "run " + runs.get(0).name() : "cohort of " + runs.size() + " runs (" + runs.get(0).name() + ", ...)";
        return new Cohort(name, new CohortMemory(members), cache, persistent, setup, partitions, first.training().treeDepth(),
                arrayKey, array);
    }

    /** The peaks of a study: the driver's, an executor's (cluster) and the results of one pass. */
    record Estimate(Environment env, Cohort largest, long driver, long driverCache, long executor, long executorCache,
                    long results, int resultCount) {

        /**
         * Cohorts train {@code parallel} at a time: the driver's parts of the largest ones add up, the tasks share the
         * slots. In local mode the driver's JVM runs the tasks and caches the samples too.
         */
        static Estimate of(List<Cohort> cohorts, int parallel, Environment env) {
            int slots = Math.min(env.slots(), cohorts.stream().mapToInt(Cohort::partitions).max().orElse(1));
            long task = cohorts.stream().mapToLong(c -> c.memory().task()).max().orElse(0);
            // the local driver runs the tasks: its pass holds them beside the results
            long tasks = env.local() ? slots * task : 0;
            List<Cohort> bySize = cohorts.stream().sorted(Comparator.comparingLong(
                    (Cohort c) -> Math.max(c.memory().driverPass() + results(c), c.memory().driverStep())).reversed()).toList();
            List<Cohort> together = bySize.subList(0, Math.min(parallel, bySize.size()));
            // the pass (tasks, results), the step after it, or the set-up before the first pass, whichever is largest
            long pass = tasks;
            long step = 0;
            long setup = 0;
            long cache = 0;
            for (Cohort c : together) {
                pass += c.persistent() + c.memory().driverPass() + results(c);
                step += c.persistent() + c.memory().driverStep();
                setup += c.persistent() + c.setup();
                cache += c.cache();
            }
            long driver = RESERVED + Math.max(pass, Math.max(step, setup));
            long executor = RESERVED + slots * task
                    + together.stream().mapToLong(c -> c.memory().executorBroadcasts() + c.persistent()).sum();
            Cohort largest = cohorts.stream().max(Comparator.comparingLong(c -> c.results() * c.memory().result())).orElseThrow();
            return new Estimate(env, bySize.get(0), driver, env.local() ? cache : 0, env.local() ? 0 : executor,
                    cache, largest.results() * largest.memory().result(), largest.results());
        }

        /** A pass's task results on the driver, each held twice: stored (local mode) or fetched, and deserialized. */
        static long results(Cohort c) {
            return c.memory().driverResults(c.results(), 2);
        }

        /** What cached samples take of a heap: all of them, or the storage share they may keep. */
        static long cached(long cache, long heap) {
            return Math.min(cache, (long) (STORAGE_FRACTION * Math.max(0, heap - RESERVED)));
        }

        String refusal() {
            long needDriver = driver + cached(driverCache, env.driverHeap());
            if (needDriver > env.driverHeap()) {
                long suggest = (driver + driverCache + GIB - 1) / GIB;
                String how = env.local() && suggest * GIB > env.physical()
                        ? "more than this machine's " + gib(env.physical()) + ": lower model.width, or set data.partitions = 1 "
                        + "(one task and one result at a time) or study.cohorts = false (one run a pass)"
                        : env.local() ? "run with AEDYN_JAVA_OPTS=-Xmx" + suggest + "g (submit/local) or --driver-memory " + suggest + "g (spark-submit)"
                        : "run with --driver-memory " + suggest + "g";
                return "the study needs about " + gib(needDriver) + " of driver heap at the peak of an iteration ("
                        + largest.name() + ": " + parts() + "), more than the " + gib(env.driverHeap())
                        + " this JVM may use: " + how + "; study.memory-check = false starts it anyway";
            }
            long needExecutor = executor + cached(executorCache, env.executorHeap());
            if (!env.local() && needExecutor > env.executorHeap()) {
                long suggest = (executor + GIB - 1) / GIB + 1;
                return "the study needs about " + gib(needExecutor) + " of heap in each executor at the peak of an iteration ("
                        + env.slots() + " task(s) of " + gib(largest.memory().task()) + " each, broadcasts and cached samples), more than "
                        + "spark.executor.memory = " + gib(env.executorHeap()) + ": run with --executor-memory " + suggest
                        + "g; study.memory-check = false starts it anyway";
            }
            if (env.maxResultSize() > 0 && results > env.maxResultSize()) {
                long suggest = (results + GIB - 1) / GIB;
                return "the " + resultCount + " task results of a pass take about " + gib(results) + " (" + largest.name()
                        + "), more than spark.driver.maxResultSize = " + gib(env.maxResultSize()) + ": set spark.driver.maxResultSize = "
                        + suggest + "g (--set or --conf)" + deeperTree() + "; study.memory-check = false starts it anyway";
            }
            return null;
        }

        private String parts() {
            CohortMemory c = largest.memory();
            String s = "theta, theta^0 and gradients " + gib(c.driverPass()) + ", " + largest.results() + " task result(s) of "
                    + gib(c.result()) + " held twice";
            if (env.local()) s += ", " + Math.min(env.slots(), largest.partitions()) + " task(s) of " + gib(c.task());
            if (largest.persistent() > 0) s += ", A or Q " + gib(largest.persistent());
            return s;
        }

        private String deeperTree() {
            Cohort c = largest;
            for (int depth = c.treeDepth() + 1; depth <= 16; depth++) {
                if ((long) c.resultsAt(depth) * c.memory().result() <= env.maxResultSize()) return ", or train.tree-depth = " + depth;
            }
            return "";
        }
    }

    static String gib(long bytes) {
        return bytes >= GIB ? String.format("%.1f GiB", (double) bytes / GIB) : String.format("%d MiB", (bytes + (1 << 20) - 1) >> 20);
    }
}
