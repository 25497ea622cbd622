package aedyn.cli;

import org.apache.hadoop.conf.Configuration;
import org.apache.logging.log4j.Level;
import org.apache.logging.log4j.core.Filter;
import org.apache.logging.log4j.core.impl.Log4jLogEvent;
import org.apache.logging.log4j.message.SimpleMessage;
import org.junit.jupiter.api.Test;

import java.net.ServerSocket;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A cluster manager that does not answer: the TCP check before Spark starts (MasterUrl.unanswered) and the console
 * filter that keeps Spark's registration attempts off the terminal when one takes the connection but not the
 * application (StandaloneClusterIT runs a real master).
 */
class UnansweredClusterTest {
    @Test
    void aListeningMasterPassesAndAClosedPortIsNamedWithTheWait() throws Exception {
        int closed;
        try (ServerSocket s = new ServerSocket(0)) {
            closed = s.getLocalPort();
        }
        try (ServerSocket listening = new ServerSocket(0)) {
            int open = listening.getLocalPort();
            Configuration hadoop = new Configuration(false);
            assertNull(MasterUrl.unanswered("spark://127.0.0.1:" + open, hadoop));
            assertNull(MasterUrl.unanswered("spark://127.0.0.1:" + closed + ",127.0.0.1:" + open, hadoop),
                    "one address of several answering is enough (standby masters)");
            String refused = MasterUrl.unanswered("spark://127.0.0.1:" + closed, hadoop);
            assertTrue(refused != null && refused.contains("127.0.0.1:" + closed + " refused the connection")
                    && refused.contains("waited"), refused);
            hadoop.set("yarn.resourcemanager.address", "127.0.0.1:" + closed);
            String yarn = MasterUrl.unanswered("yarn", hadoop);
            assertTrue(yarn != null && yarn.contains("ResourceManager") && yarn.contains("127.0.0.1:" + closed), yarn);
            hadoop.set("yarn.resourcemanager.address", "127.0.0.1:" + open);
            assertNull(MasterUrl.unanswered("yarn", hadoop));
            assertNull(MasterUrl.unanswered("local[2]", hadoop), "local mode has nothing to reach");
        }
    }

    @Test
    void sparksRegistrationAttemptsStayOffTheConsole() {
        ExpectedFailureFilter filter = new ExpectedFailureFilter("spark://10.1.2.3:7077");
        assertEquals(Filter.Result.DENY, filter.filter(event("org.apache.spark.deploy.client.StandaloneAppClient$ClientEndpoint",
                Level.WARN, "Failed to connect to master 10.1.2.3:7077")));
        assertEquals(Filter.Result.DENY, filter.filter(event("org.apache.spark.scheduler.cluster.StandaloneSchedulerBackend",
                Level.ERROR, "Application has been killed. Reason: All masters are unresponsive! Giving up.")));
        assertEquals(Filter.Result.NEUTRAL, filter.filter(event("org.apache.spark.scheduler.cluster.StandaloneSchedulerBackend",
                Level.ERROR, "Application has been killed. Reason: Master removed our application: KILLED")),
                "another reason is news");
        assertEquals(Filter.Result.NEUTRAL, new ExpectedFailureFilter("local[2]").filter(event(
                "org.apache.spark.deploy.client.StandaloneAppClient$ClientEndpoint", Level.WARN, "Failed to connect to master 10.1.2.3:7077")));
    }

    private static Log4jLogEvent event(String logger, Level level, String message) {
        return Log4jLogEvent.newBuilder().setLoggerName(logger).setLevel(level).setMessage(new SimpleMessage(message)).build();
    }
}
