package aedyn.cli;

import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The JVM options submit/local and submit/bench add (submit/jvm-options): a JVM of this version starts with them,
 * and reads every directive of submit/jit-directives.json (a malformed file stops the JVM before main); with
 * AEDYN_PLAIN_JVM=1 there are none.
 */
class LocalJvmOptionsTest {
    private static final Path ROOT = Path.of("").toAbsolutePath();

    private static String run(List<String> command, String plain) throws IOException, InterruptedException {
        ProcessBuilder pb = new ProcessBuilder(command).redirectErrorStream(true);
        pb.environment().put("AEDYN_PLAIN_JVM", plain);
        Process p = pb.start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(p.waitFor(60, TimeUnit.SECONDS));
        assertEquals(0, p.exitValue(), String.join(" ", command) + ": " + out);
        return out;
    }

    private static String options(String plain) throws IOException, InterruptedException {
        return run(List.of("bash", "-c", ". submit/jvm-options && aedyn_local_jvm_options \"$0\"", ROOT.toString()), plain);
    }

    @Test
    void aJvmStartsWithTheOptionsAndReadsTheDirectives() throws Exception {
        String options = options("0");
        assertTrue(options.contains("-XX:CompilerDirectivesFile=" + ROOT.resolve("submit/jit-directives.json")), options);
        List<String> command = new ArrayList<>();
        command.add(ProcessHandle.current().info().command().orElse("java"));
        command.addAll(List.of(options.trim().split(" ")));
        command.add("-version");
        String out = run(command, "0");
        assertTrue(out.contains("1 compiler directives added"), out);
    }

    @Test
    void aPlainJvmGetsNone() throws Exception {
        assertEquals("", options("1"));
    }
}
