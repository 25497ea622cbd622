package aedyn.study;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** What the cross-checks against the NumPy references share: writing their inputs and running the scripts. */
public final class ReferenceScripts {
    private ReferenceScripts() {
    }

    interface Body {
        void write(OutputStream out) throws IOException;
    }

    static void write(Path file, Body body) throws IOException {
        try (OutputStream out = Files.newOutputStream(file)) {
            body.write(out);
        }
    }

    /** The command's exit code (-1 after two minutes), its output in {@code log} (discarded when null). */
    public static int run(List<String> cmd, Path log) throws Exception {
        ProcessBuilder pb = new ProcessBuilder(cmd).redirectErrorStream(true);
        pb.redirectOutput(log == null ? ProcessBuilder.Redirect.DISCARD : ProcessBuilder.Redirect.to(log.toFile()));
        Process p = pb.start();
        if (!p.waitFor(120, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            return -1;
        }
        return p.exitValue();
    }

    public static String readQuietly(Path p) {
        try {
            return Files.readString(p);
        } catch (IOException e) {
            return e.toString();
        }
    }
}
