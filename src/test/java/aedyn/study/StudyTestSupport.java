package aedyn.study;

import aedyn.data.SampleSpace;
import org.apache.hadoop.conf.Configuration;
import org.apache.spark.scheduler.SparkListener;
import org.apache.spark.scheduler.SparkListenerJobStart;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/** Runs studies in the test JVM and reads back what they wrote. */
final class StudyTestSupport {
    private StudyTestSupport() {
    }

    static Path runStudy(Path dir, String conf, String... sets) throws IOException {
        Path out = dir.resolve("out");
        List<String> failed = runStudyAllowingFailures(dir, conf, sets);
        if (!failed.isEmpty()) throw new AssertionError("runs failed: " + failed);
        return out;
    }

    /** Runs the study into dir/out and returns the runs that failed. */
    static List<String> runStudyAllowingFailures(Path dir, String conf, String... sets) throws IOException {
        Files.createDirectories(dir);
        Path file = dir.resolve("study.conf");
        Files.writeString(file, conf);
        Path out = dir.resolve("out");
        StudyPlan plan = StudyPlan.load(file.toString(), List.of(sets), out.toString(), new Configuration());
        return new StudyRunner(plan, SparkTestContext.get()).run();
    }

    /** Test code that may throw. */
    interface Body {
        void run() throws Exception;
    }

    /**
     * The descriptions of the Spark jobs started while {@code body} ran, as the Spark UI names them, with every pass a
     * Spark job as on a cluster (spark.aedyn.localPasses = false on this thread and the threads it starts).
     */
    static Set<String> jobDescriptions(Body body) throws Exception {
        Set<String> descriptions = ConcurrentHashMap.newKeySet();
        SparkListener listener = new SparkListener() {
            @Override
            public void onJobStart(SparkListenerJobStart start) {
                String d = start.properties() == null ? null : start.properties().getProperty("spark.job.description");
                if (d != null) descriptions.add(d);
            }
        };
        var sc = SparkTestContext.get().sc();
        sc.addSparkListener(listener);
        sc.setLocalProperty(SampleSpace.LOCAL_PASSES, "false");
        try {
            body.run();
            sc.listenerBus().waitUntilEmpty(); // the bus delivers asynchronously
        } finally {
            sc.setLocalProperty(SampleSpace.LOCAL_PASSES, null);
            sc.removeSparkListener(listener);
        }
        return descriptions;
    }

    /** A CSV file as columns by header name; empty cells are NaN. */
    static Map<String, List<Double>> columns(Path csv) throws IOException {
        List<String> lines = Files.readAllLines(csv);
        String[] header = lines.get(0).split(",", -1);
        Map<String, List<Double>> cols = new HashMap<>();
        for (String h : header) cols.put(h, new ArrayList<>());
        for (String line : lines.subList(1, lines.size())) {
            String[] cells = line.split(",", -1);
            for (int i = 0; i < header.length; i++) {
                cols.get(header[i]).add(cells[i].isEmpty() ? Double.NaN : parseOrNaN(cells[i]));
            }
        }
        return cols;
    }

    private static double parseOrNaN(String s) {
        try {
            return Double.parseDouble(s);
        } catch (NumberFormatException e) {
            return Double.NaN;
        }
    }
}
