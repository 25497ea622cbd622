package aedyn.study;

import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.Path;
import org.apache.hadoop.fs.RawLocalFileSystem;
import org.apache.hadoop.fs.permission.FsPermission;

import java.io.FilterOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.net.URI;

/**
 * The local file system under the scheme failfs:// (register with {@code fs.failfs.impl}), whose writes fail on
 * demand: the chosen write of a file whose name contains a given text writes part of its bytes and then fails as
 * it is closed, as a full disk or a lost connection would. In a child JVM the rule comes from its Hadoop
 * configuration: failfs.fail-writes-of (the text) and failfs.fail-after (writes of it that succeed first).
 */
public class FailingFileSystem extends RawLocalFileSystem {
    public static final String SCHEME = "failfs";
    private static String failing;
    private static int succeedFirst;
    private static int failures;

    /** The {@code after+1}-th write of a file whose name contains {@code nameContains} fails; null: none fails. */
    public static synchronized void failWrite(String nameContains, int after) {
        failing = nameContains;
        succeedFirst = after;
        failures = 0;
    }

    /** How many writes failed since the last {@link #failWrite}. */
    public static synchronized int failures() {
        return failures;
    }

    /** failfs:// and the same path on file://. */
    public static String uri(java.nio.file.Path local) {
        return SCHEME + "://" + local.toAbsolutePath().toUri().getPath().replaceAll("/$", "");
    }

    @Override
    public URI getUri() {
        return URI.create(SCHEME + ":///");
    }

    @Override
    public String getScheme() {
        return SCHEME;
    }

    @Override
    public void initialize(URI uri, Configuration conf) throws IOException {
        super.initialize(getUri(), conf);
        String rule = conf.get("failfs.fail-writes-of");
        if (rule != null) failWrite(rule, conf.getInt("failfs.fail-after", 0));
    }

    @Override
    protected OutputStream createOutputStream(Path f, boolean append) throws IOException {
        return maybeFailing(f, super.createOutputStream(f, append));
    }

    @Override
    protected OutputStream createOutputStreamWithMode(Path f, boolean append, FsPermission permission) throws IOException {
        return maybeFailing(f, super.createOutputStreamWithMode(f, append, permission));
    }

    private static synchronized boolean failsNow(Path f) {
        if (failing == null || !f.getName().contains(failing)) return false;
        if (succeedFirst-- > 0) return false;
        failing = null;
        failures++;
        return true;
    }

    private static OutputStream maybeFailing(Path f, OutputStream out) {
        if (!failsNow(f)) return out;
        return new FilterOutputStream(out) {
            private long written;

            @Override
            public void write(byte[] b, int off, int len) throws IOException {
                int part = written == 0 ? Math.max(1, len / 2) : 0;   // half of the first chunk reaches the disk
                out.write(b, off, Math.min(len, part));
                written += len;
            }

            @Override
            public void write(int b) throws IOException {
                if (written++ == 0) out.write(b);
            }

            @Override
            public void close() throws IOException {
                out.close();
                throw new IOException("No space left on device (injected failure writing " + f.getName() + ")");
            }
        };
    }
}
