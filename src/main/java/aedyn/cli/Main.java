package aedyn.cli;

import aedyn.config.ConfigException;
import aedyn.data.NonFiniteSampleException;
import aedyn.study.StudyLease;
import aedyn.study.Execution;
import aedyn.study.MemoryPlan;
import aedyn.study.StudyPlan;
import aedyn.study.StudyRunner;
import org.apache.commons.lang3.exception.ExceptionUtils;
import org.apache.spark.SparkConf;
import org.apache.spark.api.java.JavaSparkContext;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;

/**
 * Runs a study: {@code aedyn CONF [--out DIR] [--set key=value]...}.
 * Exit codes: 0 every run finished, 2 bad configuration or input, 3 some runs failed, 4 internal error, 5 fatal error
 * (out of memory, stack overflow) in a thread of the driver, 130/143 stopped by SIGINT/SIGTERM (FatalErrors).
 */
public final class Main {
    public static final int OK = 0;
    public static final int BAD_INPUT = 2;
    public static final int RUNS_FAILED = 3;
    public static final int INTERNAL = 4;
    public static final int FATAL = 5;

    private static final String USAGE = """
            usage: aedyn CONF [--out DIR] [--set key=value]... [--resume]
              CONF              a study file (HOCON); every key and its default is in reference.conf
              --out DIR         the study directory (default: study.output, results/<study.name>)
              --set key=value   override one key, HOCON value syntax (repeatable); a --set of study.grid
                                replaces the study file's grid, a --set of one entry (study.grid."data.n") joins it
              --resume          continue an interrupted study in its directory: runs with _SUCCESS are kept,
                                the others restart from their last checkpoint (train.checkpoint-every); the
                                configuration must be the one the study was started with
            exit codes: 0 all runs finished, 2 bad configuration or input (or the study directory is held by a running
            study, or the study is estimated not to fit in memory), 3 some runs failed (diverged; named on stderr and in
            summary.csv), 4 a file system failure or an internal error, 5 fatal error (out of memory, stack overflow;
            the unfinished runs are marked failed in run.json, --resume continues them), 130 or 143 stopped by SIGINT or
            SIGTERM (one line says where; the unfinished runs are marked stopped, --resume continues them; a second
            signal ends the JVM at once)""";

    private Main() {
    }

    /** Parsed command line. */
    record Arguments(String conf, String out, List<String> sets, boolean resume) {
        static Arguments parse(String[] args) {
            String conf = null;
            String out = null;
            boolean resume = false;
            List<String> sets = new ArrayList<>();
            for (int i = 0; i < args.length; i++) {
                String a = args[i];
                switch (a) {
                    case "--out" -> out = value(args, ++i, a);
                    case "--set" -> sets.add(value(args, ++i, a));
                    case "--resume" -> resume = true;
                    case "-h", "--help" -> throw new UsageException(null);
                    default -> {
                        if (a.startsWith("--")) throw new UsageException("unknown option " + a);
                        if (conf != null) throw new UsageException("one study file expected, got " + conf + " and " + a);
                        conf = a;
                    }
                }
            }
            if (conf == null) throw new UsageException("no study file given");
            return new Arguments(conf, out, sets, resume);
        }

        private static String value(String[] args, int i, String option) {
            if (i >= args.length) throw new UsageException(option + " needs a value");
            return args[i];
        }
    }

    static final class UsageException extends RuntimeException {
        UsageException(String message) {
            super(message);
        }
    }

    public static void main(String[] args) {
        FatalErrors.install();
        int code = run(args);
        // A driver in YARN's cluster deploy mode runs main in a thread of the ApplicationMaster, which reports the
        // application's final status when main returns or throws: System.exit, even exit(0), ends the JVM first and
        // YARN records the application as failed ("Shutdown hook called before final status was reported").
        if ("yarn".equals(System.getProperty("spark.master"))
                && "cluster".equals(System.getProperty("spark.submit.deployMode"))) {
            if (code == OK) return;
            throw new IllegalStateException("aedyn: the study ended with exit code " + code + " (see the driver's log)");
        }
        System.exit(code);
    }

    /** Runs the study and returns the exit code. */
    public static int run(String[] args) {
        Arguments a;
        try {
            a = Arguments.parse(args);
        } catch (UsageException e) {
            // a mistake is one line; the options are listed on request
            System.err.println(e.getMessage() != null ? "aedyn: " + e.getMessage() + " (aedyn --help lists the options)" : USAGE);
            return e.getMessage() == null ? OK : BAD_INPUT;
        }
        StudyPlan plan;
        try {
            plan = StudyPlan.load(a.conf(), a.sets(), a.out(), Preflight.hadoopConf(new SparkConf()), a.resume());
            Execution.of(plan.config(), a.conf());
        } catch (ConfigException e) {
            System.err.println("aedyn: " + e.getMessage());
            return BAD_INPUT;
        } catch (com.typesafe.config.ConfigException e) {
            // a value of a kind no check foresaw: still the user's input, still one line
            System.err.println("aedyn: invalid configuration " + a.conf() + ": " + e.getMessage());
            return BAD_INPUT;
        }
        SparkConf conf = new SparkConf().setAppName("aedyn " + plan.name())
                .setIfMissing("spark.ui.showConsoleProgress", "false")
                // concurrent runs (study.parallel-runs) share the executors through a FAIR pool each
                .setIfMissing("spark.scheduler.mode", "FAIR");
        plan.sparkProperties().forEach(conf::setIfMissing);
        conf.setIfMissing("spark.master", "local[*]");   // after the study's spark block, which may name one
        // Each pass ships every member's weights out and its gradient sums back (MBs for wide models, every
        // iteration): sums up to the RPC limit go back in the task's own message instead of through the block
        // manager and a second fetch, and weights, which do not compress, are broadcast uncompressed. Measured on
        // the Fashion-MNIST mean-field cohort: 162 -> 121 ms per iteration (README, "Small data and small batches").
        conf.setIfMissing("spark.task.maxDirectResultSize", "128m");
        conf.setIfMissing("spark.broadcast.compress", "false");
        BlasCheck.pinThreads(conf);
        BlasCheck.addVectorModule(conf);
        String memory = MemoryPlan.check(plan, conf);
        if (memory != null) {
            System.err.println("aedyn: " + memory);
            return BAD_INPUT;
        }
        StudyLease lease;
        try {
            lease = Preflight.claim(plan, conf, a.conf());
        } catch (ConfigException e) {
            System.err.println("aedyn: " + e.getMessage());
            return BAD_INPUT;
        }
        // before the context: a standalone master's registration failures are logged as the context starts
        ExpectedFailureFilter.installOnConsole(conf.get("spark.master"));
        long sparkStart = System.nanoTime();
        boolean[] executorsAnswered = {false};
        try (lease; JavaSparkContext sc = new JavaSparkContext(conf)) {
            FatalErrors.watch(plan, sc.hadoopConfiguration());
            try {
                return study(plan, sc, executorsAnswered);
            } catch (Error e) {
                // before the context closes: stopping it may wait on the threads the error broke
                throw FatalErrors.halt(Thread.currentThread(), e);
            }
        } catch (NonFiniteSampleException e) {
            System.err.println("aedyn: bad input: " + e.getMessage());
            return BAD_INPUT;
        } catch (IOException | UncheckedIOException e) {
            // the file system closing under a stop by a signal is no news: its line is out (FatalErrors)
            if (FatalErrors.stopping()) return FATAL;
            // the file system failed (a write to the study directory, most often): the reason is the message
            System.err.println("aedyn: file system failure, the study stopped (no _SUCCESS; --resume continues from "
                    + "the last checkpoints): " + ExceptionUtils.getThrowableList(e).stream().map(Throwable::getMessage)
                    .filter(java.util.Objects::nonNull).reduce((x, y) -> x.contains(y) ? x : x + ": " + y).orElse(e.toString()));
            return INTERNAL;
        } catch (Exception e) {
            // the job failing because the JVM is already stopping (Spark's exit after a task's fatal error) is no news
            if (FatalErrors.stopping()) return FATAL;
            String master = conf.get("spark.master");
            boolean contextStopped = ExceptionUtils.getThrowableList(e).stream().map(Throwable::getMessage)
                    .anyMatch(m -> m != null && (m.contains("SparkContext has been shutdown") || m.contains("stopped SparkContext")
                            || m.contains("SparkContext was shut down")));
            if (master.startsWith("spark://") && !executorsAnswered[0] && contextStopped) {
                // it took the TCP connection (Preflight) but never the application: Spark's client gave up
                System.err.printf(java.util.Locale.ROOT, "aedyn: invalid configuration %s: spark.master = %s: a standalone "
                        + "master that takes the application; it was not registered after %.0f s (Spark's client tries 3 "
                        + "times, 20 s each, and gives up: \"All masters are unresponsive\"; the log has its messages)%n",
                        a.conf(), master, (System.nanoTime() - sparkStart) / 1e9);
                return BAD_INPUT;
            }
            System.err.println("aedyn: internal error: " + e);
            e.printStackTrace(System.err);
            return INTERNAL;
        } finally {
            FatalErrors.unwatch();
        }
    }

    private static int study(StudyPlan plan, JavaSparkContext sc, boolean[] executorsAnswered) throws java.io.IOException {
        List<String> blas = BlasCheck.executorImplementations(sc);
        executorsAnswered[0] = true;
        System.err.println("aedyn: " + (plan.resume() ? "resuming " : "") + "study " + plan.name() + ", "
                + plan.runs().size() + " run(s) -> " + plan.output()
                + " (Spark " + sc.version() + ", " + sc.master() + ", BLAS " + String.join(", ", blas) + ")");
        for (String warning : BlasCheck.warnings(blas, sc.master().startsWith("local"), System.getenv("OPENBLAS_NUM_THREADS"))) {
            System.err.println("aedyn: warning: " + warning);
        }
        List<String> failed = new StudyRunner(plan, sc).run();
        if (!failed.isEmpty()) {
            System.err.println("aedyn: " + failed.size() + " run(s) did not finish: " + String.join(", ", failed));
            return RUNS_FAILED;
        }
        System.err.println("aedyn: study finished: " + plan.output());
        return OK;
    }
}
