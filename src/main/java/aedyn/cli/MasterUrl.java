package aedyn.cli;

import java.util.regex.Pattern;

/**
 * Checks spark.master before a SparkContext is made of it: Spark rejects a bad one only inside its constructor,
 * with a stack trace. The forms are those SparkContext.createTaskScheduler accepts (Spark's SparkMasterRegex),
 * without the pluggable cluster managers this job does not ship.
 */
final class MasterUrl {
    private static final Pattern LOCAL = Pattern.compile("local(\\[(\\*|[1-9][0-9]*)(\\s*,\\s*[1-9][0-9]*)?])?");
    private static final Pattern LOCAL_CLUSTER = Pattern.compile("local-cluster\\[\\s*[1-9][0-9]*\\s*,\\s*[1-9][0-9]*\\s*,\\s*[1-9][0-9]*\\s*]");
    private static final Pattern STANDALONE = Pattern.compile("spark://[^\\s/:,]+:[0-9]{1,5}(,[^\\s/:,]+:[0-9]{1,5})*");
    private static final Pattern KUBERNETES = Pattern.compile("k8s://\\S+");
    static final String ALLOWED = "local, local[N], local[*], local[N,F] (N >= 1 threads, F retries), "
            + "local-cluster[N,C,M], spark://HOST:PORT[,HOST:PORT...], yarn or k8s://URL";

    private MasterUrl() {
    }

    /** True when Spark accepts {@code master}. */
    static boolean accepts(String master) {
        return master != null && (LOCAL.matcher(master).matches() || LOCAL_CLUSTER.matcher(master).matches()
                || STANDALONE.matcher(master).matches() || KUBERNETES.matcher(master).matches() || master.equals("yarn"));
    }
}
