package aedyn.study;

import org.apache.hadoop.conf.Configuration;
import org.apache.spark.SparkConf;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The memory plan's sizes against hand-worked ones, and its verdicts on studies around the limits. */
class MemoryPlanTest {
    private static final long GIB = 1L << 30;
    private static final String WIDE = """
            study { name = wide }
            data { model = gaussian, n = 784, samples = 2000 }
            model { architecture = untied, scale = ntk, width = 40000 }
            init { kind = gaussian }
            train { optimizer = gd, learning-rate = 0.01, iterations = 2 }
            bias { init = 0, schedule = constant }
            """;

    @Test
    void anUntiedJointMemberHoldsWhatTheHandCountSays() {
        // n = 784, m = 40000: an n x m matrix is 8 * 784 * 40000 = 250,880,000 bytes; b is 320,000
        CohortMemory.Member x = new CohortMemory.Member(784, 40000, 2, 2, false, 256, false, false);
        assertEquals(502_080_000L, x.parameters());
        assertEquals(502_080_000L, x.gradient());
        // Z^T, H^T, D^T, H: 4 * 256 * 40000 entries; R: 784 * 256
        assertEquals(8L * (40_960_000 + 200_704), x.workspace(false));
        // the pass: theta^s, theta^0, the broadcast, the total; the step: theta^{s+1} too, and the mean gradient
        assertEquals(4 * 502_080_000L, x.driverPass());
        assertEquals(6 * 502_080_000L, x.driverStep());
        CohortMemory one = new CohortMemory(List.of(x));
        assertEquals(502_084_096L, one.result());
        assertEquals(502_080_000L + 329_285_632L + 753_126_144L, one.task());
        assertEquals(2L * 3 * 502_084_096L, one.driverResults(2, 3));
        assertEquals(2 * 502_080_000L, one.executorBroadcasts());
    }

    @Test
    void aTwinBroadcastsTheta0AndAProbeAddsItsKernel() {
        // untied joint, n = 32, m = 512: theta is 2 * 8 * 32 * 512 + 8 * 512 = 266,240 bytes
        CohortMemory.Member net = new CohortMemory.Member(32, 512, 2, 2, false, 256, false, false);
        CohortMemory.Member twin = new CohortMemory.Member(32, 512, 2, 2, false, 256, false, false, 1024, true);
        assertEquals(266_240L, net.parameters());
        // the probe (32 x 1024) and K(0) (1024^2) are held throughout; a kernel row adds K, M, Y^T Y, the cross term,
        // LAPACK's two copies (6 x 1024^2) and three 256 x 1024 panels
        long probe = 8L * (1024 * 1024 + 32 * 1024);
        long row = 8L * (6 * 1024 * 1024 + 3 * 256 * 1024);
        assertEquals(net.driverPass() + 266_240L + probe, twin.driverPass());
        assertEquals(net.driverStep() + 266_240L + probe + row, twin.driverStep());
        assertEquals(2 * new CohortMemory(List.of(net)).executorBroadcasts(), new CohortMemory(List.of(twin)).executorBroadcasts());
    }

    @Test
    void paperOnesKernelAddsItsGramMatricesAndTheGroupsSideBySideCopies() {
        // tied, n = 784, m = 1000, matched to A: W is 6,272,000 bytes, b 8,000
        CohortMemory.Member x = new CohortMemory.Member(784, 1000, 1, 1, true, 256, true, true);
        assertEquals(6_280_000L, x.parameters());
        // X^T, X and the group's two products (4 * 256 * 1000), R (784 * 256), K and S (2 * 1000^2), W and G side by side
        assertEquals(8L * (1_024_000 + 200_704 + 2_000_000 + 1_568_000), x.workspace(true));
        assertEquals(8L * (1_024_000 + 200_704 + 2_000_000), x.workspace(false));
        // 4 thetas, 3 gradients (l2), the matching's three m x m matrices
        assertEquals(4 * 6_280_000L + 3 * 6_280_000L + 24_000_000L, x.driverStep());
        CohortMemory two = new CohortMemory(List.of(x, x));
        assertEquals(2 * 6_280_000L + 4096, two.result());
        assertEquals(2 * (6_280_000L + 38_341_632L) + 3 * two.result() / 2, two.task());
    }

    @Test
    void spark_sTreeRuleDecidesHowManyResultsReachTheDriver() {
        MemoryPlan.Cohort c = new MemoryPlan.Cohort("c", new CohortMemory(List.of()), 0, 0, 0, 64, 2, "", 0);
        // 64 partitions, depth 2: scale 8, one level to 8 sums; depth 3: scale 4, 64 -> 16 -> 4
        assertEquals(8, c.resultsAt(2));
        assertEquals(4, c.resultsAt(3));
        assertEquals(2, new MemoryPlan.Cohort("c", new CohortMemory(List.of()), 0, 0, 0, 2, 2, "", 0).results());
    }

    @Test
    void theWidestUntiedModelIsRefusedOnASmallHeapWithTheHeapThatWouldFit(@TempDir Path dir) throws IOException {
        StudyPlan plan = plan(dir, WIDE);
        String line = MemoryPlan.check(plan, local(4 * GIB));
        assertNotNull(line);
        assertEquals(1, line.lines().count(), line);
        assertTrue(line.contains("more than the 4.0 GiB this JVM may use"), line);
        Matcher xmx = Pattern.compile("AEDYN_JAVA_OPTS=-Xmx(\\d+)g").matcher(line);
        assertTrue(xmx.find(), line);
        assertTrue(line.contains("--driver-memory " + xmx.group(1) + "g"), line);
        // the heap it names is enough, and one GiB less is not
        int suggested = Integer.parseInt(xmx.group(1));
        assertNull(MemoryPlan.check(plan, local(suggested * GIB)));
        assertNotNull(MemoryPlan.check(plan, local((suggested - 1) * GIB)));
    }

    @Test
    void resultsBeyondMaxResultSizeNameTheSettingAndTheDepthThatFit(@TempDir Path dir) throws IOException {
        // 64 partitions of 479 MiB results: all 64 reach the driver at depth 1; at depth 4 (scale 3) 64 -> 21 -> 7 -> 2
        StudyPlan plan = plan(dir, WIDE + "data { samples = 81920, partitions = 64 }\ntrain.tree-depth = 1\n");
        MemoryPlan.Environment env = new MemoryPlan.Environment(false, 1, 64, 256 * GIB, 64 * GIB, GIB, 256 * GIB);
        String line = MemoryPlan.check(plan, env);
        assertNotNull(line);
        assertTrue(line.startsWith("the 64 task results of a pass take about 29.9 GiB"), line);
        assertTrue(line.contains("more than spark.driver.maxResultSize = 1.0 GiB: set spark.driver.maxResultSize = 30g"), line);
        assertTrue(line.contains("or train.tree-depth = 4"), line);
        assertNull(MemoryPlan.check(plan, new MemoryPlan.Environment(false, 1, 64, 256 * GIB, 64 * GIB, 0, 256 * GIB)),
                "0 is no limit");
    }

    @Test
    void executorsTooSmallForTheirTasksNameExecutorMemory(@TempDir Path dir) throws IOException {
        StudyPlan plan = plan(dir, WIDE);
        String line = MemoryPlan.check(plan, new MemoryPlan.Environment(false, 2, 2, 64 * GIB, GIB, 0, 64 * GIB));
        assertNotNull(line);
        assertTrue(line.contains("of heap in each executor") && line.contains("spark.executor.memory = 1.0 GiB")
                && line.contains("--executor-memory "), line);
    }

    @Test
    void aDictionaryNoArrayCanHoldIsRefusedWhateverTheMemory(@TempDir Path dir) throws IOException {
        StudyPlan plan = plan(dir, "study.name = huge\ndata { n = 100000, m = 100000 }\n");
        String line = MemoryPlan.check(plan, local(1024 * GIB));
        assertNotNull(line);
        assertTrue(line.endsWith("data.n x model.width = 100000 x 100000 has 1.00e+10 entries, more than a Java array holds "
                + "(2^31 - 1) whatever the memory: lower them"), line);
    }

    @Test
    void smallStudiesPassAndTheCheckCanBeTurnedOff(@TempDir Path dir) throws IOException {
        assertNull(MemoryPlan.check(plan(dir.resolve("a"), "study.name = small\n"), local(GIB)));
        StudyPlan off = plan(dir.resolve("b"), WIDE + "study.memory-check = false\n");
        assertNull(MemoryPlan.check(off, new SparkConf().set("spark.master", "local[2]")));
        String bad = MemoryPlan.check(plan(dir.resolve("c"), WIDE + "study.memory-check = maybe\n"), new SparkConf());
        assertEquals("study.memory-check = maybe: true or false", bad);
    }

    @Test
    void aHeapBelowSparksMinimumIsRefusedBeforeSparkRefusesIt(@TempDir Path dir) throws IOException {
        String line = MemoryPlan.check(plan(dir, "study.name = small\n"), local(320L << 20));
        assertEquals("this JVM may use 320 MiB of heap, less than the 450 MiB Spark needs to start: run with "
                + "AEDYN_JAVA_OPTS=-Xmx1g (submit/local) or --driver-memory 1g (spark-submit)", line);
        assertNull(MemoryPlan.check(plan(dir.resolve("b"), "study.name = small\n"), local(450L << 20)));
    }

    @Test
    void localMastersGiveTheirThreads() {
        assertEquals(1, aedyn.data.SampleSpace.localThreads("local", 8));
        assertEquals(8, aedyn.data.SampleSpace.localThreads("local[*]", 8));
        assertEquals(3, aedyn.data.SampleSpace.localThreads("local[3]", 8));
        assertEquals(4, aedyn.data.SampleSpace.localThreads("local[4, 2]", 8));
        assertEquals(8, aedyn.data.SampleSpace.localThreads("local[*,3]", 8));
    }

    private static MemoryPlan.Environment local(long heap) {
        return new MemoryPlan.Environment(true, 2, 2, heap, GIB, GIB, 1024 * GIB);
    }

    private static StudyPlan plan(Path dir, String conf) throws IOException {
        Files.createDirectories(dir);
        Path file = dir.resolve("study.conf");
        Files.writeString(file, conf);
        return StudyPlan.load(file.toString(), List.of(), dir.resolve("out").toString(), new Configuration());
    }
}
