package aedyn.study;

import aedyn.config.ConfigException;
import aedyn.config.ConfigProblem;
import aedyn.data.HadoopFiles;
import org.apache.commons.lang3.exception.ExceptionUtils;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FSDataOutputStream;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.apache.hadoop.util.ShutdownHookManager;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.FileNotFoundException;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.StandardOpenOption;
import java.util.Locale;
import java.util.UUID;
import java.util.function.Consumer;

/**
 * One writer per study directory: a running study holds {@value #FILE} in it, created atomically (O_EXCL on a local
 * file system, {@code create(path, overwrite = false)} elsewhere, which the HDFS NameNode decides atomically), and
 * renews it by setting its modification time every {@code renew-every} seconds from a daemon thread. Another start
 * on the same directory watches the lease: a renewal seen means a live holder, and the start refuses naming it;
 * a lease not renewed for {@code stale-after} of its holder's renewal intervals, timed on the watcher's own clock
 * (so clocks of different hosts need not agree), is stale: its holder was killed, and it is taken over by renaming
 * it away (only one rename of it can succeed) before a new lease is created.
 */
public final class StudyLease implements AutoCloseable {
    public static final String FILE = "_LEASE";
    private static final Logger LOG = LoggerFactory.getLogger(StudyLease.class);
    /** A lease this much older than the watcher's clock is stale at once: no two hosts' clocks are 10 minutes apart. */
    private static final long ANCIENT_MILLIS = 10 * 60_000L;
    private static final int ATTEMPTS = 5;

    /** How often a holder renews and how many renewals may be missed before its lease is stale (study.lease). */
    public record Timing(double renewSeconds, int staleAfter) {
        /** study.lease.renew-every and study.lease.stale-after of a study's configuration. */
        public static Timing of(com.typesafe.config.Config config, String source) {
            double renew = Double.NaN;
            int stale = -1;
            try {
                renew = config.getDuration("study.lease.renew-every").toNanos() / 1e9;
            } catch (com.typesafe.config.ConfigException e) {
                // reported below
            }
            try {
                stale = config.getInt("study.lease.stale-after");
            } catch (com.typesafe.config.ConfigException e) {
                // reported below
            }
            java.util.List<ConfigProblem> problems = new java.util.ArrayList<>();
            if (!(renew >= 0.05 && renew <= 3600)) {
                problems.add(new ConfigProblem("study.lease.renew-every", render(config, "study.lease.renew-every"),
                        "a duration from 50ms to 1h, e.g. 5s"));
            }
            if (stale < 2 || stale > 1000) {
                problems.add(new ConfigProblem("study.lease.stale-after", render(config, "study.lease.stale-after"),
                        "an integer from 2 to 1000 (missed renewals)"));
            }
            if (!problems.isEmpty()) throw new ConfigException(source, problems);
            return new Timing(renew, stale);
        }

        private static String render(com.typesafe.config.Config c, String key) {
            return c.hasPathOrNull(key) && !c.getIsNull(key) ? c.getValue(key).render(com.typesafe.config.ConfigRenderOptions.concise()) : "null";
        }
    }

    private final FileSystem fs;
    private final Path path;
    private final LeaseHolder self;
    private final Thread heartbeat;
    private final Runnable shutdownHook = this::release;
    private volatile boolean closed;

    private StudyLease(FileSystem fs, Path path, LeaseHolder self) {
        this.fs = fs;
        this.path = path;
        this.self = self;
        this.heartbeat = new Thread(this::renew, "aedyn-study-lease");
        heartbeat.setDaemon(true);
    }

    /**
     * Takes the lease of study directory {@code output} (creating the directory), taking over a stale one; {@code
     * notice} hears why a start waits. A directory that cannot be created, or a live holder, is a ConfigException
     * on study.output naming the reason or the holder.
     */
    public static StudyLease acquire(String output, Configuration hadoop, Timing timing, String source,
                                     Consumer<String> notice) {
        FileSystem fs;
        Path dir = new Path(output);
        try {
            fs = dir.getFileSystem(hadoop);
            HadoopFiles.mkdirs(fs, dir);
        } catch (IOException | IllegalArgumentException e) {
            throw problem(source, output, "a directory aedyn can create and write (" + firstLine(e) + ")");
        }
        Path path = new Path(dir, FILE);
        LeaseHolder self = new LeaseHolder(host(), ProcessHandle.current().pid(), java.time.Instant.now().toString(),
                UUID.randomUUID().toString(), timing.renewSeconds());
        try {
            for (int attempt = 0; attempt < ATTEMPTS; attempt++) {
                if (createExclusive(fs, path, self.json())) {
                    StudyLease lease = new StudyLease(fs, path, self);
                    lease.heartbeat.start();
                    ShutdownHookManager.get().addShutdownHook(lease.shutdownHook, FileSystem.SHUTDOWN_HOOK_PRIORITY + 1);
                    return lease;
                }
                FileStatus seen = status(fs, path);
                if (seen == null) continue;  // released meanwhile
                LeaseHolder holder = read(fs, path);
                if (!isStale(fs, path, seen, holder, timing, notice)) {
                    LeaseHolder now = read(fs, path);
                    if (now.token() != null) holder = now;
                    throw problem(source, output, "a study directory no other aedyn study is writing; it is held by "
                            + holder.describe() + " (its " + FILE + " was renewed within the last "
                            + seconds(timing.staleAfter() * renewOf(holder, timing)) + "); wait for it to end or choose another --out");
                }
                if (takeOver(fs, path, holder, self)) {
                    notice.accept("took over the stale lease of " + output + " held by " + holder.describe());
                }
            }
        } catch (IOException e) {
            throw problem(source, output, "a study directory whose " + FILE + " can be read and written (" + firstLine(e) + ")");
        }
        throw problem(source, output, "a study directory no other aedyn study is writing; its " + FILE
                + " changed hands " + ATTEMPTS + " times while this start tried to take it");
    }

    /** Atomic create-if-absent: O_EXCL on a local file system (Hadoop's local create checks, then opens). */
    private static boolean createExclusive(FileSystem fs, Path path, String content) throws IOException {
        byte[] bytes = content.getBytes(StandardCharsets.UTF_8);
        java.nio.file.Path local = HadoopFiles.localFile(fs, path);
        if (local != null) {
            try {
                Files.write(local, bytes, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE);
                return true;
            } catch (FileAlreadyExistsException e) {
                return false;
            }
        }
        try (FSDataOutputStream out = fs.create(path, false)) {
            out.write(bytes);
            return true;
        } catch (IOException e) {
            if (fs.exists(path)) return false;  // FileAlreadyExistsException, or another client creating it now
            throw e;
        }
    }

    /**
     * Watches a lease for its holder's renewals: a renewal (or a new holder) means live; no change for stale-after of
     * the holder's renewal intervals, timed here, means stale.
     */
    private static boolean isStale(FileSystem fs, Path path, FileStatus seen, LeaseHolder holder, Timing timing,
                                   Consumer<String> notice) throws IOException {
        if (System.currentTimeMillis() - seen.getModificationTime() > ANCIENT_MILLIS) return true;
        double window = timing.staleAfter() * renewOf(holder, timing);
        notice.accept("the study directory " + path.getParent() + " has a lease held by " + holder.describe()
                + "; watching it for up to " + seconds(window) + " for a renewal");
        long deadline = System.nanoTime() + (long) (window * 1e9);
        long step = Math.max(10, (long) (renewOf(holder, timing) * 250));
        while (System.nanoTime() < deadline) {
            try {
                Thread.sleep(step);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IOException("interrupted while watching " + path, e);
            }
            FileStatus now = status(fs, path);
            if (now == null || now.getModificationTime() != seen.getModificationTime()) return false;
            if (holder.token() == null && read(fs, path).token() != null) return false;  // written out meanwhile
        }
        return true;
    }

    /** Renames the stale lease away (one taker's rename succeeds) after checking it is still the one watched. */
    private static boolean takeOver(FileSystem fs, Path path, LeaseHolder stale, LeaseHolder self) throws IOException {
        Path aside = new Path(path.getParent(), FILE + ".stale." + self.token());
        if (!java.util.Objects.equals(read(fs, path).token(), stale.token()) || !renamed(fs, path, aside)) return false;
        LeaseHolder moved = read(fs, aside);
        if (!java.util.Objects.equals(moved.token(), stale.token())) {
            // Another start took the lease over between our watch and our rename: give its lease back.
            fs.rename(aside, path);
            return false;
        }
        fs.delete(aside, false);
        return true;
    }

    /**
     * A rename that lost a race for its source is no error: Hadoop's local rename falls back to copy-and-delete when the
     * source is gone and reports that as FileNotFoundException.
     */
    private static boolean renamed(FileSystem fs, Path from, Path to) throws IOException {
        try {
            return fs.rename(from, to);
        } catch (FileNotFoundException lostTheRace) {
            return false;
        }
    }

    private void renew() {
        long millis = Math.max(10, (long) (self.renewSeconds() * 1000));
        while (!closed) {
            try {
                Thread.sleep(millis);
                if (closed) return;
                LeaseHolder now = read(fs, path);
                // absent for a moment: another start renamed it aside to check it and gives it back
                if (now.token() == null) continue;
                if (!self.token().equals(now.token())) {
                    LOG.error("the lease of {} was taken over by {} (this driver did not renew it for too long); "
                            + "the study's files may now be written twice", path.getParent(), now.describe());
                    return;
                }
                fs.setTimes(path, System.currentTimeMillis(), -1);
            } catch (InterruptedException e) {
                return;
            } catch (IOException | RuntimeException e) {
                LOG.warn("could not renew the lease {}: {}", path, e.toString());
            }
        }
    }

    /** Stops renewing and deletes the lease if it is still this one. */
    private synchronized void release() {
        if (closed) return;
        closed = true;
        heartbeat.interrupt();
        try {
            if (self.token().equals(read(fs, path).token())) fs.delete(path, false);
        } catch (IOException | RuntimeException e) {
            LOG.warn("could not delete the lease {}: {}", path, e.toString());
        }
    }

    @Override
    public void close() {
        release();
        try {
            ShutdownHookManager.get().removeShutdownHook(shutdownHook);
        } catch (IllegalStateException shuttingDown) {
            // the JVM is exiting and runs the hooks itself
        }
    }

    /** Who holds the lease of a study directory now, or null when none does. */
    public static LeaseHolder holder(String output, Configuration hadoop) throws IOException {
        Path path = new Path(output, FILE);
        FileSystem fs = path.getFileSystem(hadoop);
        return status(fs, path) == null ? null : read(fs, path);
    }

    private static LeaseHolder read(FileSystem fs, Path path) throws IOException {
        try (var in = fs.open(path)) {
            return LeaseHolder.parse(new String(in.readAllBytes(), StandardCharsets.UTF_8));
        } catch (FileNotFoundException gone) {
            return new LeaseHolder(null, null, null, null, null);
        }
    }

    private static FileStatus status(FileSystem fs, Path path) throws IOException {
        try {
            return fs.getFileStatus(path);
        } catch (FileNotFoundException e) {
            return null;
        }
    }

    private static double renewOf(LeaseHolder holder, Timing timing) {
        return holder.renewSeconds() != null && holder.renewSeconds() > 0 ? holder.renewSeconds() : timing.renewSeconds();
    }

    private static String seconds(double s) {
        return String.format(Locale.ROOT, "%.3g s", s);
    }

    private static String host() {
        try {
            return java.net.InetAddress.getLocalHost().getHostName();
        } catch (IOException e) {
            return "unknown-host";
        }
    }

    private static String firstLine(Throwable e) {
        String m = e.getMessage() == null ? e.toString() : e.getMessage();
        int nl = m.indexOf('\n');
        return nl < 0 ? m : m.substring(0, nl);
    }

    private static ConfigException problem(String source, String output, String allowed) {
        return new ConfigException(source, java.util.List.of(new ConfigProblem("study.output", output, allowed)));
    }

    /** True when a directory holds nothing, or only the lease of a study that has written nothing yet. */
    static boolean isEmptyStudyDirectory(FileSystem fs, Path dir) throws IOException {
        for (FileStatus st : fs.listStatus(dir)) {
            if (!st.getPath().getName().equals(FILE)) return false;
        }
        return true;
    }

    /** Adds a problem unless {@code output} is absent or an empty directory: a study never writes over another. */
    static void checkFreshOutput(String output, Configuration conf, java.util.List<ConfigProblem> problems) {
        long start = System.nanoTime();
        try {
            Path p = new Path(output);
            FileSystem fs = p.getFileSystem(conf);
            if (!fs.exists(p)) return;
            FileStatus st = fs.getFileStatus(p);
            if (!st.isDirectory()) {
                problems.add(new ConfigProblem("study.output", output, "a directory (or a path that does not exist yet); "
                        + "this one is a file"));
            } else if (!isEmptyStudyDirectory(fs, p)) {
                LeaseHolder holder = st.isDirectory() ? holder(output, conf) : null;
                problems.add(new ConfigProblem("study.output", output,
                        "a directory that does not exist yet or is empty; this one holds results already"
                                + (holder == null ? "" : " and a lease of a study started by " + holder.describe())
                                + " (choose another --out, or pass --resume to continue the study it holds)"));
            }
        } catch (IOException | IllegalArgumentException e) {
            String unanswered = unanswered(output, e, start);
            problems.add(new ConfigProblem("study.output", output,
                    unanswered != null ? unanswered : "a writable Hadoop path (" + e.getMessage() + ")"));
        }
    }

    /**
     * A file system whose server (HDFS's NameNode) refuses or does not take connections, in one line: its address,
     * how long it was waited for and the Hadoop settings that bound that; null for other failures.
     */
    static String unanswered(String path, Exception e, long startNanos) {
        boolean timeout = ExceptionUtils.indexOfType(e, java.net.SocketTimeoutException.class) >= 0;
        if (!timeout && ExceptionUtils.indexOfType(e, java.net.SocketException.class) < 0) return null;
        String authority = new Path(path).toUri().getAuthority();
        return String.format(java.util.Locale.ROOT, "a file system that answers; %s %s (waited %.1f s: "
                + "ipc.client.connect.max.retries x ipc.client.connect.retry.interval bound a refused connection, "
                + "ipc.client.connect.max.retries.on.timeouts x ipc.client.connect.timeout an unanswered one; "
                + "spark.hadoop.* sets them)", authority == null ? "its server" : authority,
                timeout ? "did not answer" : "refused the connection", (System.nanoTime() - startNanos) / 1e9);
    }
}
