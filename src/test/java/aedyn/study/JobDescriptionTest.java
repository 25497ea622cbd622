package aedyn.study;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.List;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A pass that is a Spark job (on a cluster, over fresh samples, or with spark.aedyn.localPasses = false, as here) is
 * named after its iteration, study and run, as the Spark UI shows it.
 */
class JobDescriptionTest {
    @Test
    void everyIterationIsANamedJob(@TempDir Path dir) throws Exception {
        Set<String> descriptions = StudyTestSupport.jobDescriptions(() -> StudyTestSupport.runStudy(dir, """
                study { name = jobs, seed = 3 }
                data { model = mixture, n = 16, m = 4, samples = 1000, noise-sigma = 0.01 }
                model { activation = threshold, threshold = 0.5 }
                init { kind = perturb, delta = 0.3 }
                bias { init = 0, schedule = constant }
                train.iterations = 3
                """));
        List<String> expected = List.of("aedyn jobs/run: iteration 0/3", "aedyn jobs/run: iteration 1/3",
                "aedyn jobs/run: iteration 2/3", "aedyn jobs/run: iteration 3/3");
        assertTrue(descriptions.containsAll(expected), "job descriptions seen: " + descriptions);
    }
}
