package aedyn.study;

import aedyn.data.HadoopFiles;
import aedyn.report.RunManifest;
import aedyn.report.RunStatus;
import org.apache.hadoop.conf.Configuration;

import java.io.IOException;

/**
 * Marks the runs of a study that have no _SUCCESS as failed, when the job must stop at once (a fatal error in a
 * thread of the driver, or a shutdown before the study ended): each one's run.json gets status
 * "failed" and the reason, and nothing gets a _SUCCESS, so that --resume runs them again from their last
 * checkpoint. Only what the plan knows is written: the JVM may be short of memory, so no Spark work and no report.
 */
public final class UnfinishedRuns {
    private UnfinishedRuns() {
    }

    /**
     * Writes one run.json's text now, with nothing to write it to: the classes and Jackson's serializer of the record
     * are then loaded before an OutOfMemoryError, at which loading them may fail.
     */
    public static void prepare() {
        new RunManifest.Unfinished("", RunManifest.Outcome.stopped(RunStatus.FAILED, ""),
                new RunManifest.Origin("", 0, 0, 0, 0, java.util.Map.of())).json();
    }

    /** Writes run.json for every run without _SUCCESS and returns how many it marked. */
    public static int markFailed(StudyPlan plan, Configuration hadoop, String reason) throws IOException {
        return mark(plan, hadoop, RunStatus.FAILED, reason);
    }

    /** The same for a stop by a signal (SIGINT, SIGTERM, YARN killing the application): status "stopped". */
    public static int markStopped(StudyPlan plan, Configuration hadoop, String reason) throws IOException {
        return mark(plan, hadoop, RunStatus.STOPPED, reason);
    }

    private static int mark(StudyPlan plan, Configuration hadoop, RunStatus status, String reason) throws IOException {
        int marked = 0;
        for (RunSpec run : plan.runs()) {
            String dir = run.dir(plan.output());
            if (HadoopFiles.exists(dir + "/_SUCCESS", hadoop)) continue;
            RunManifest.Unfinished failed = new RunManifest.Unfinished(run.name(),
                    RunManifest.Outcome.stopped(status, reason), Manifests.origin(plan, run));
            HadoopFiles.writeText(dir + "/run.json", hadoop, failed.json());
            marked++;
        }
        return marked;
    }
}
