package aedyn.study;

import aedyn.config.ConfigException;
import org.apache.hadoop.conf.Configuration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** One writer per study directory: a live lease refuses, a stale one is taken over once, a closed one is gone. */
class StudyLeaseTest {
    /** Renewed every 50 ms, stale after 4 missed renewals (0.2 s). */
    private static final StudyLease.Timing FAST = new StudyLease.Timing(0.05, 4);

    private static StudyLease acquire(Path dir, List<String> notices) {
        return StudyLease.acquire(dir.toString(), new Configuration(), FAST, "s.conf", notices::add);
    }

    /** A lease as a killed driver left it: another host's, never renewed again. */
    private static void leftByAKilledDriver(Path dir, long ageMillis) throws Exception {
        Files.createDirectories(dir);
        Path lease = dir.resolve(StudyLease.FILE);
        Files.writeString(lease, new LeaseHolder("other-host", 4242L, "2026-01-02T03:04:05Z", "dead-token", 0.05).json());
        Files.setLastModifiedTime(lease, FileTime.fromMillis(System.currentTimeMillis() - ageMillis));
    }

    @Test
    void aSecondStartOnALiveDirectoryRefusesNamingTheHolder(@TempDir Path tmp) throws Exception {
        Path dir = tmp.resolve("study");
        List<String> notices = new ArrayList<>();
        try (StudyLease first = acquire(dir, notices)) {
            assertTrue(Files.exists(dir.resolve(StudyLease.FILE)));
            long start = System.nanoTime();
            ConfigException e = assertThrows(ConfigException.class, () -> acquire(dir, notices));
            String line = e.getMessage();
            assertEquals(1, line.lines().count(), line);
            assertTrue(line.contains("study.output = " + dir), line);
            assertTrue(line.contains("pid " + ProcessHandle.current().pid()), line);
            assertTrue(line.contains("host " + java.net.InetAddress.getLocalHost().getHostName()), line);
            assertTrue(line.contains("started 20"), line);
            // refused on seeing a renewal, well before the lease could have been called stale
            assertTrue((System.nanoTime() - start) / 1e9 < 2, "refused after " + (System.nanoTime() - start) / 1e9 + " s");
            assertTrue(Files.exists(dir.resolve(StudyLease.FILE)), "the refused start leaves the holder's lease");
        }
        assertFalse(Files.exists(dir.resolve(StudyLease.FILE)), "closing releases the lease");
        try (StudyLease again = acquire(dir, notices)) {
            assertNotNull(again);
        }
    }

    @Test
    void aLeaseNoLongerRenewedIsTakenOverAfterTheWindow(@TempDir Path tmp) throws Exception {
        Path dir = tmp.resolve("study");
        leftByAKilledDriver(dir, 0);
        List<String> notices = new ArrayList<>();
        long start = System.nanoTime();
        try (StudyLease lease = acquire(dir, notices)) {
            double waited = (System.nanoTime() - start) / 1e9;
            assertTrue(waited >= 0.2, "watched 4 x 0.05 s before taking over, waited " + waited);
            LeaseHolder now = StudyLease.holder(dir.toString(), new Configuration());
            assertEquals(ProcessHandle.current().pid(), now.pid());
            assertTrue(notices.stream().anyMatch(n -> n.contains("took over the stale lease") && n.contains("host other-host, pid 4242")),
                    notices.toString());
            try (var files = Files.list(dir)) {
                assertEquals(List.of(StudyLease.FILE), files.map(p -> p.getFileName().toString()).toList(), "the stale lease is gone");
            }
        }
    }

    @Test
    void aLeaseOlderThanAnyClockSkewIsTakenOverAtOnce(@TempDir Path tmp) throws Exception {
        Path dir = tmp.resolve("study");
        leftByAKilledDriver(dir, 3_600_000);
        StudyLease.Timing slow = new StudyLease.Timing(60, 10);   // a 10-minute window, were the lease watched
        long start = System.nanoTime();
        try (StudyLease lease = StudyLease.acquire(dir.toString(), new Configuration(), slow, "s.conf", n -> { })) {
            assertTrue((System.nanoTime() - start) / 1e9 < 5);
        }
    }

    @Test
    void twoStartsTakingOverTheSameStaleLeaseLeaveOneHolder(@TempDir Path tmp) throws Exception {
        Path dir = tmp.resolve("study");
        for (int round = 0; round < 3; round++) {
            leftByAKilledDriver(dir, 0);
            ExecutorService pool = Executors.newFixedThreadPool(2);
            try {
                Callable<StudyLease> start = () -> StudyLease.acquire(dir.toString(), new Configuration(), FAST, "s.conf", n -> { });
                List<Future<StudyLease>> futures = List.of(pool.submit(start), pool.submit(start));
                List<StudyLease> held = new ArrayList<>();
                int refused = 0;
                for (Future<StudyLease> f : futures) {
                    try {
                        held.add(f.get(30, TimeUnit.SECONDS));
                    } catch (java.util.concurrent.ExecutionException e) {
                        assertTrue(e.getCause() instanceof ConfigException, e.toString());
                        assertTrue(e.getCause().getMessage().contains("held by host"), e.getCause().getMessage());
                        refused++;
                    }
                }
                assertEquals(1, held.size(), "round " + round + ": one start holds the lease");
                assertEquals(1, refused);
                held.forEach(StudyLease::close);
                assertFalse(Files.exists(dir.resolve(StudyLease.FILE)));
            } finally {
                pool.shutdownNow();
            }
        }
    }

    @Test
    void aDirectoryThatCannotBeCreatedIsOneProblemNamingIt(@TempDir Path tmp) throws Exception {
        Path file = Files.writeString(tmp.resolve("a-file"), "x");
        ConfigException e = assertThrows(ConfigException.class, () -> acquire(file.resolve("study"), new ArrayList<>()));
        assertEquals(1, e.problems().size());
        assertEquals("study.output", e.problems().get(0).key());
        assertEquals(file.resolve("study").toString(), e.problems().get(0).value());
        assertTrue(e.getMessage().contains("a directory aedyn can create and write"), e.getMessage());
    }
}
