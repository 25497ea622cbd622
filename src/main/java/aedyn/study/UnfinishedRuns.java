package aedyn.study;

import aedyn.report.Json;
import org.apache.hadoop.conf.Configuration;

import java.io.IOException;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Marks the runs of a study that have no _SUCCESS as failed, when the job must stop at once (a fatal error in a
 * thread of the driver, or a shutdown before the study ended): each one's run.json gets status
 * {@value #FAILED} and the reason, and nothing gets a _SUCCESS, so that --resume runs them again from their last
 * checkpoint. Only what the plan knows is written: the JVM may be short of memory, so no Spark work and no report.
 */
public final class UnfinishedRuns {
    /** The status of a run the job stopped before it finished, in its run.json. */
    public static final String FAILED = "failed";

    private UnfinishedRuns() {
    }

    /** Writes run.json for every run without _SUCCESS and returns how many it marked. */
    public static int markFailed(StudyPlan plan, Configuration hadoop, String reason) throws IOException {
        int marked = 0;
        for (RunSpec run : plan.runs()) {
            String dir = plan.output() + "/runs/" + run.name();
            if (HadoopFiles.exists(dir + "/_SUCCESS", hadoop)) continue;
            HadoopFiles.writeText(dir + "/run.json", hadoop, Json.write(manifest(plan, run, reason)));
            marked++;
        }
        return marked;
    }

    private static Map<String, Object> manifest(StudyPlan plan, RunSpec run, String reason) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("name", run.name());
        m.put("status", FAILED);
        m.put("reason", reason);
        m.put("study", plan.name());
        m.put("study_seed", plan.seed());
        m.put("data_seed", run.dataSeed());
        m.put("init_seed", run.initSeed());
        m.put("trial", run.trial());
        m.put("grid", run.gridPoint());
        return m;
    }
}
