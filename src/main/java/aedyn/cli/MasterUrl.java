package aedyn.cli;

import java.util.List;
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

    /** Seconds a pre-check waits for one master address to take a TCP connection. */
    static final int CONNECT_SECONDS = 10;

    /**
     * Null when the cluster manager {@code master} names takes connections, or what is wrong: every address of a
     * standalone master (or YARN's ResourceManager, yarn.resourcemanager.address, unless it is HA) refusing or not
     * answering a TCP connection within {@link #CONNECT_SECONDS}. Spark itself would try for 60 s on a standalone
     * master (3 registrations of 20 s, fixed in its StandaloneAppClient) and Hadoop's YARN client for
     * yarn.resourcemanager.connect.max-wait.ms (15 min by default), with a stack trace per attempt.
     */
    static String unanswered(String master, org.apache.hadoop.conf.Configuration hadoop) {
        List<String> addresses;
        String what;
        if (STANDALONE.matcher(master).matches()) {
            addresses = List.of(master.substring("spark://".length()).split(","));
            what = "a standalone master that takes connections";
        } else if (master.equals("yarn")) {
            org.apache.hadoop.conf.Configuration c = new org.apache.hadoop.conf.Configuration(hadoop);
            c.addResource("yarn-site.xml");
            if (c.getBoolean("yarn.resourcemanager.ha.enabled", false)) return null;
            addresses = List.of(c.getTrimmed("yarn.resourcemanager.address", "0.0.0.0:8032"));
            what = "a YARN ResourceManager that takes connections (yarn.resourcemanager.address)";
        } else {
            return null;
        }
        long start = System.nanoTime();
        List<String> failures = new java.util.ArrayList<>();
        for (String address : addresses) {
            int colon = address.lastIndexOf(':');
            try (java.net.Socket socket = new java.net.Socket()) {
                socket.connect(new java.net.InetSocketAddress(address.substring(0, colon),
                        Integer.parseInt(address.substring(colon + 1))), CONNECT_SECONDS * 1000);
                return null;
            } catch (java.io.IOException | IllegalArgumentException e) {
                failures.add(address + " " + (e instanceof java.net.SocketTimeoutException ? "did not answer"
                        : e instanceof java.net.UnknownHostException ? "is an unknown host" : "refused the connection (" + e.getMessage() + ")"));
            }
        }
        return String.format(java.util.Locale.ROOT, "%s; %s (waited %.1f s)", what, String.join(", ", failures),
                (System.nanoTime() - start) / 1e9);
    }
}
