package aedyn.study;

import org.apache.spark.SparkConf;
import org.apache.spark.api.java.JavaSparkContext;

/** One local[2] SparkContext for the test classes of a JVM, stopped when the JVM exits. */
public final class SparkTestContext {
    private static JavaSparkContext sc;

    private SparkTestContext() {
    }

    public static synchronized JavaSparkContext get() {
        if (sc == null) {
            sc = new JavaSparkContext(new SparkConf().setMaster("local[2]").setAppName("aedyn-tests")
                    .set("spark.ui.enabled", "false")
                    .set("spark.scheduler.mode", "FAIR").set("spark.driver.host", "127.0.0.1")
                    .set("spark.driver.bindAddress", "127.0.0.1"));
            Runtime.getRuntime().addShutdownHook(new Thread(sc::stop));
        }
        return sc;
    }
}
