package aedyn.study;

import aedyn.config.ConfigProblem;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FSDataInputStream;
import org.apache.hadoop.fs.FSDataOutputStream;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.FileUtil;
import org.apache.hadoop.fs.LocalFileSystem;
import org.apache.hadoop.fs.Options;
import org.apache.hadoop.fs.Path;
import org.apache.hadoop.fs.RawLocalFileSystem;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;

/**
 * Reading and writing through the Hadoop FileSystem API, so that study files and outputs may live on
 * file://, hdfs:// or s3a://. Every write goes to a temporary name first and is renamed into place, so a
 * file that exists is a file that is whole.
 */
public final class HadoopFiles {
    private HadoopFiles() {
    }

    /** The body of an atomic write. */
    @FunctionalInterface
    public interface Writer {
        void write(OutputStream out) throws IOException;
    }

    public static String readText(String path, Configuration conf) throws IOException {
        Path p = new Path(path);
        FileSystem fs = p.getFileSystem(conf);
        try (FSDataInputStream in = fs.open(p)) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }

    public static FSDataInputStream open(String path, Configuration conf) throws IOException {
        Path p = new Path(path);
        return p.getFileSystem(conf).open(p);
    }

    public static boolean exists(String path, Configuration conf) throws IOException {
        Path p = new Path(path);
        return p.getFileSystem(conf).exists(p);
    }

    /**
     * Writes {@code path} atomically: into a hidden temporary sibling, then a rename over the target (a rename
     * replaces a file atomically on a local file system, and with OVERWRITE on HDFS). A failed write removes its
     * temporary file, leaves the target as it was, and names the target.
     */
    public static void writeAtomically(String path, Configuration conf, Writer body) throws IOException {
        Path target = new Path(path);
        FileSystem fs = target.getFileSystem(conf);
        Path tmp = new Path(target.getParent(), "._tmp." + target.getName() + "." + System.nanoTime());
        try {
            try (FSDataOutputStream out = fs.create(tmp, true)) {
                body.write(out);
            }
            // a local rename replaces the target atomically; HDFS refuses a plain rename onto an existing file (and
            // logs it on the NameNode), so there an existing target is replaced by the atomic OVERWRITE rename at once
            boolean local = fs instanceof LocalFileSystem || fs instanceof RawLocalFileSystem;
            if ((!local && fs.exists(target)) || !fs.rename(tmp, target)) {
                FileUtil.rename(fs, tmp, target, Options.Rename.OVERWRITE);
            }
        } catch (IOException | RuntimeException e) {
            try {
                fs.delete(tmp, false);
            } catch (IOException | RuntimeException ignored) {
                // the failure that matters is the one thrown; a leftover temporary name is hidden and harmless
            }
            throw new IOException("cannot write " + target + ": " + e.getMessage(), e);
        }
    }

    public static void writeText(String path, Configuration conf, String text) throws IOException {
        writeAtomically(path, conf, out -> out.write(text.getBytes(StandardCharsets.UTF_8)));
    }

    /** Deletes a file or, with {@code recursive}, a directory; absent paths are fine. */
    public static void delete(String path, Configuration conf, boolean recursive) throws IOException {
        Path p = new Path(path);
        FileSystem fs = p.getFileSystem(conf);
        if (fs.exists(p) && !fs.delete(p, recursive)) throw new IOException("cannot delete " + p);
    }

    /** The names of the entries of a directory; empty when it does not exist. */
    public static List<String> list(String dir, Configuration conf) throws IOException {
        Path p = new Path(dir);
        FileSystem fs = p.getFileSystem(conf);
        if (!fs.exists(p)) return List.of();
        List<String> names = new java.util.ArrayList<>();
        for (FileStatus st : fs.listStatus(p)) names.add(st.getPath().getName());
        return names;
    }

    /** True when a directory holds nothing, or only the lease of a study that has written nothing yet. */
    static boolean isEmptyStudyDirectory(FileSystem fs, Path dir) throws IOException {
        for (FileStatus st : fs.listStatus(dir)) {
            if (!st.getPath().getName().equals(StudyLease.FILE)) return false;
        }
        return true;
    }

    /** Adds a problem unless {@code output} is absent or an empty directory: a study never writes over another. */
    static void checkFreshOutput(String output, Configuration conf, List<ConfigProblem> problems) {
        try {
            Path p = new Path(output);
            FileSystem fs = p.getFileSystem(conf);
            if (!fs.exists(p)) return;
            FileStatus st = fs.getFileStatus(p);
            if (!st.isDirectory() || !isEmptyStudyDirectory(fs, p)) {
                LeaseHolder holder = st.isDirectory() ? StudyLease.holder(output, conf) : null;
                problems.add(new ConfigProblem("study.output", output,
                        "a directory that does not exist yet or is empty; this one holds results already"
                                + (holder == null ? "" : " and a lease of a study started by " + holder.describe())
                                + " (choose another --out, or pass --resume to continue the study it holds)"));
            }
        } catch (IOException | IllegalArgumentException e) {
            problems.add(new ConfigProblem("study.output", output, "a writable Hadoop path (" + e.getMessage() + ")"));
        }
    }
}
