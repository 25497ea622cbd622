package aedyn.data;

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

import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.StandardCopyOption;
import java.util.List;

/**
 * Reading and writing through the Hadoop FileSystem API, so that study files and outputs may live on
 * file://, hdfs:// or s3a://. Every write goes to a temporary name first and is renamed into place, so a
 * file that exists is a file that is whole.
 *
 * <p>On the local file system the bytes of a write and the directories above it go through java.nio instead:
 * without Hadoop's native library (Spark's distribution ships none) Hadoop's local file system sets the
 * permission of every file, directory and .crc side file it creates by starting a {@code chmod} process, about 400
 * processes and 1.4 s of a 19 s study of 24 runs (README, "Small data and small batches"). New files get the
 * process's umask, as any file the user writes; no .crc side file is written, and a stale one of an earlier
 * version of the file is removed, so that Hadoop's checksummed reads of it still succeed.
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

    /** Every byte of a file. */
    public static byte[] readAll(String path, Configuration conf) throws IOException {
        Path p = new Path(path);
        try (FSDataInputStream in = p.getFileSystem(conf).open(p)) {
            return in.readAllBytes();
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
        writeAtomically(target.getFileSystem(conf), target, body);
    }

    /** {@link #writeAtomically(String, Configuration, Writer)} on a file system at hand. */
    public static void writeAtomically(FileSystem fs, Path target, Writer body) throws IOException {
        String tmpName = "._tmp." + target.getName() + "." + System.nanoTime();
        java.nio.file.Path local = localFile(fs, target);
        if (local != null) {
            writeLocally(local, local.resolveSibling(tmpName), body);
            return;
        }
        Path tmp = new Path(target.getParent(), tmpName);
        try {
            try (FSDataOutputStream out = fs.create(tmp, true)) {
                body.write(out);
            }
            // HDFS refuses a plain rename onto an existing file (and logs it on the NameNode), so there an existing
            // target is replaced by the atomic OVERWRITE rename at once
            if (fs.exists(target) || !fs.rename(tmp, target)) {
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

    private static void writeLocally(java.nio.file.Path target, java.nio.file.Path tmp, Writer body) throws IOException {
        try {
            Files.createDirectories(target.getParent());
            try (OutputStream out = new BufferedOutputStream(Files.newOutputStream(tmp), 1 << 16)) {
                body.write(out);
            }
            // before the rename: a reader then sees the old bytes without their checksum, never new bytes with it
            Files.deleteIfExists(target.resolveSibling("." + target.getFileName() + ".crc"));
            Files.move(tmp, target, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException | RuntimeException e) {
            try {
                Files.deleteIfExists(tmp);
            } catch (IOException | RuntimeException ignored) {
                // as above
            }
            throw new IOException("cannot write " + target + ": " + e.getMessage(), e);
        }
    }

    public static void writeText(String path, Configuration conf, String text) throws IOException {
        writeAtomically(path, conf, out -> out.write(text.getBytes(StandardCharsets.UTF_8)));
    }

    /** Makes a directory and its parents (through java.nio on the local file system, see above). */
    public static void mkdirs(FileSystem fs, Path dir) throws IOException {
        java.nio.file.Path local = localFile(fs, dir);
        if (local != null) {
            try {
                Files.createDirectories(local);
            } catch (java.nio.file.FileAlreadyExistsException e) {
                throw new IOException(dir + " exists and is not a directory", e);
            }
        } else if (!fs.mkdirs(dir)) {
            throw new IOException("cannot create directory " + dir);
        }
    }

    /** The local file behind {@code p} when {@code fs} is Hadoop's local file system (checksummed or raw), else null. */
    public static java.nio.file.Path localFile(FileSystem fs, Path p) {
        // file:// only: a file system registered under another scheme keeps its own create (a test's failing one)
        if (!"file".equals(fs.getScheme())) return null;
        if (fs instanceof LocalFileSystem l) return l.pathToFile(p).toPath();
        if (fs instanceof RawLocalFileSystem r) return r.pathToFile(p).toPath();
        return null;
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
}
