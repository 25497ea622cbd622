package aedyn.study;

import org.apache.spark.scheduler.SparkListener;
import org.apache.spark.scheduler.SparkListenerJobStart;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

import static org.junit.jupiter.api.Assertions.assertTrue;

/** Every pass of a run is a Spark job named after its iteration, study and run, as the Spark UI shows it. */
class JobDescriptionTest {
    @Test
    void everyIterationIsANamedJob(@TempDir Path dir) throws IOException, InterruptedException {
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
        try {
            StudyTestSupport.runStudy(dir, """
                    study { name = jobs, seed = 3 }
                    data { model = mixture, n = 16, m = 4, samples = 1000, noise-sigma = 0.01 }
                    model { activation = threshold, threshold = 0.5 }
                    init { kind = perturb, delta = 0.3 }
                    bias { init = 0, schedule = constant }
                    train.iterations = 3
                    """);
            List<String> expected = List.of("aedyn jobs/run: iteration 0/3", "aedyn jobs/run: iteration 1/3",
                    "aedyn jobs/run: iteration 2/3", "aedyn jobs/run: iteration 3/3");
            // The listener bus delivers asynchronously.
            long deadline = System.nanoTime() + 20_000_000_000L;
            while (!descriptions.containsAll(expected) && System.nanoTime() < deadline) Thread.sleep(50);
            assertTrue(descriptions.containsAll(expected), "job descriptions seen: " + descriptions);
        } finally {
            sc.removeSparkListener(listener);
        }
    }
}
