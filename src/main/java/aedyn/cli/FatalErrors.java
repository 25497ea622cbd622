package aedyn.cli;

import aedyn.study.StudyPlan;
import aedyn.study.UnfinishedRuns;
import org.apache.hadoop.conf.Configuration;

/**
 * Ends the job within seconds when a thread of the driver meets a fatal error. Spark's driver threads let an Error
 * through (its task-result-getter catches only non-fatal exceptions, then the thread dies and the job waits for a
 * result that never comes), and only executors install Spark's own handler. So every Error that reaches the top of
 * any thread, main included, is handled here: one line on stderr, the unfinished runs marked failed, then
 * {@link Runtime#halt}, which skips the shutdown hooks that could wait on the broken scheduler.
 *
 * <p>A local-mode task thread's Error goes to Spark's executor handler instead, which calls System.exit (exit code
 * 52 on OutOfMemoryError): the shutdown hook registered here then marks the unfinished runs failed, as it does when
 * the JVM is stopped by a signal before the study ended. SIGINT and SIGTERM have handlers of their own here
 * ({@link #onSignal}): one line saying where the study stopped, the unfinished runs marked stopped, exit 130 or 143.
 */
final class FatalErrors implements Thread.UncaughtExceptionHandler {
    /** Seconds the failure's record may take before the JVM is halted without it. */
    static final long RECORD_SECONDS = 10;
    /** Above Hadoop's FileSystem cache hook (10) and Spark's own (40-50), so the files are written before they close. */
    private static final int SHUTDOWN_PRIORITY = 100;

    private static final FatalErrors INSTANCE = new FatalErrors();
    /** Freed first thing on a fatal error, so the one line and run.json can still be made after an OutOfMemoryError. */
    private static volatile byte[] reserve;
    private static volatile StudyPlan plan;
    private static volatile Configuration hadoop;
    private static boolean hooked;
    private static volatile boolean stopping;
    /** "SIGINT" or "SIGTERM" once a signal stopped the study; a second signal halts the JVM at once. */
    private static volatile String stoppedBy;
    /** The line a stop by a signal printed, also the reason in each unfinished run.json. */
    private static volatile String stopLine;

    private FatalErrors() {
    }

    /** Installed by Main before Spark starts: the handler of every thread that has none of its own. */
    static void install() {
        reserve = new byte[16 << 20];
        Thread.setDefaultUncaughtExceptionHandler(INSTANCE);
        // loaded now: loading a class needs memory, which the moment of an OutOfMemoryError may not have
        try {
            for (String c : new String[]{"aedyn.data.HadoopFiles", "aedyn.data.HadoopFiles$Writer"}) {
                Class.forName(c);
            }
            UnfinishedRuns.prepare();
        } catch (ClassNotFoundException e) {
            throw new IllegalStateException(e);
        }
    }

    /** From now on a fatal error or an early shutdown marks the plan's unfinished runs failed. */
    static synchronized void watch(StudyPlan study, Configuration conf) {
        hadoop = conf;
        plan = study;
        if (!hooked) {
            org.apache.hadoop.util.ShutdownHookManager.get().addShutdownHook(FatalErrors::onShutdown, SHUTDOWN_PRIORITY);
            // after Spark started, so that these handlers are the ones in place
            for (String name : new String[]{"INT", "TERM"}) {
                try {
                    sun.misc.Signal.handle(new sun.misc.Signal(name), FatalErrors::onSignal);
                } catch (IllegalArgumentException reserved) {
                    // the JVM keeps this signal (-Xrs): its own handling stays
                }
            }
            hooked = true;
        }
    }

    /** The study has ended, whatever its exit code: a shutdown from now on is the normal one. */
    static void unwatch() {
        plan = null;
    }

    @Override
    public void uncaughtException(Thread t, Throwable e) {
        if (e instanceof Error error) {
            halt(t, error);
        } else {
            // an exception that ended a thread other than main: Spark's threads report their own; ours have none
            System.err.println("aedyn: warning: thread " + t.getName() + " ended with " + e);
        }
    }

    /**
     * One line naming the thread and the error, the unfinished runs marked failed (at most {@link #RECORD_SECONDS}),
     * then the JVM halted with exit code {@link Main#FATAL}. Never returns.
     */
    static Error halt(Thread t, Error e) {
        stopping = true;
        reserve = null;
        try {
            String what = e.toString();
            String hint = e instanceof OutOfMemoryError
                    ? "; a larger heap: AEDYN_JAVA_OPTS=-Xmx... (submit/local) or --driver-memory (spark-submit)" : "";
            System.err.println("aedyn: fatal error in thread " + t.getName() + ": " + what
                    + "; unfinished runs are marked failed, --resume continues them" + hint);
            System.err.flush();
            Thread record = new Thread(() -> record("fatal error in thread " + t.getName() + ": " + what), "aedyn-fatal-record");
            record.setDaemon(true);
            record.start();
            record.join(RECORD_SECONDS * 1000);
        } catch (Throwable ignored) {
            // nothing may stop the halt below
        } finally {
            Runtime.getRuntime().halt(Main.FATAL);
        }
        return e;
    }

    /** Whether the JVM is on its way out after a fatal error or before the study ended: nothing more to report. */
    static boolean stopping() {
        return stopping;
    }

    /**
     * SIGINT or SIGTERM (YARN killing the application's containers sends SIGTERM): one line naming the signal and where
     * the study was, then the usual exit with 128 + the signal's number (130, 143), whose shutdown hook marks the
     * unfinished runs stopped. A second signal while that runs halts the JVM at once.
     */
    private static void onSignal(sun.misc.Signal signal) {
        int code = 128 + signal.getNumber();
        if (stoppedBy != null) Runtime.getRuntime().halt(code);
        stoppedBy = "SIG" + signal.getName();
        StudyPlan p = plan;
        if (p != null) {
            stopping = true;
            stopLine = "stopped by " + stoppedBy + " " + where(p);
            System.err.println("aedyn: " + stopLine + "; --resume continues from the checkpoints (a second "
                    + stoppedBy + " ends the JVM at once)");
            System.err.flush();
        }
        System.exit(code);
    }

    /** "at iteration s of run r" for each run training now (Progress), or "between runs". */
    private static String where(StudyPlan p) {
        java.util.Map<String, Integer> running = aedyn.report.Progress.running();
        java.util.List<String> at = new java.util.ArrayList<>();
        for (aedyn.study.RunSpec run : p.runs()) {
            Integer s = running.get(run.name());
            if (s != null) at.add("iteration " + s + " of run " + run.name());
        }
        return at.isEmpty() ? "between runs" : "at " + String.join(", ", at);
    }

    private static void onShutdown() {
        if (plan == null) return;
        stopping = true;
        reserve = null;
        if (stoppedBy != null) {
            StudyPlan p = plan;
            plan = null;
            try {
                UnfinishedRuns.markStopped(p, hadoop, stopLine);
            } catch (Throwable e) {
                System.err.println("aedyn: could not mark the unfinished runs stopped: " + e);
            }
            return;
        }
        System.err.println("aedyn: the JVM is shutting down before the study ended (a signal, or Spark's exit after a "
                + "fatal error in a task: see the line above); unfinished runs are marked failed, --resume continues them");
        record("the job was stopped before the run finished (a signal, or Spark's exit after a fatal error in a task)");
    }

    private static synchronized void record(String reason) {
        StudyPlan p = plan;
        if (p == null) return;
        plan = null;
        try {
            UnfinishedRuns.markFailed(p, hadoop, reason);
        } catch (Throwable e) {
            System.err.println("aedyn: could not mark the unfinished runs failed: " + e);
        }
    }
}
