package aedyn.cli;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.jar.JarEntry;
import java.util.jar.JarOutputStream;
import javax.tools.ToolProvider;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The JVM options submit/local and submit/bench add (submit/jvm-options): a JVM of this version starts with them,
 * and reads every directive of submit/jit-directives.json (a malformed file stops the JVM before main); with
 * AEDYN_PLAIN_JVM=1 there are none. The class archive of submit/local is named by the options it holds for, and one
 * that does not hold is ignored without a word.
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

    /** The JVM's two start-up notices leave stderr; everything else passes in order, a last unterminated line too. */
    @Test
    void theStartUpNoticesAreDroppedAndNothingElse() throws Exception {
        String in = "1 compiler directives added\nWARNING: Using incubator modules: jdk.incubator.vector\n"
                + "aedyn: study s\n2 compiler directives added in a sentence of the study's own\nlast";
        String out = run(List.of("bash", "-c", ". submit/jvm-options && printf '%s' \"$0\" | drop_incubator_warning", in), "0");
        assertEquals("aedyn: study s\n2 compiler directives added in a sentence of the study's own\nlast", out);
    }

    @Test
    void aPlainJvmGetsNone() throws Exception {
        assertEquals("", options("1"));
        assertEquals("", archive("-Xmx1g", "1", "1"));
    }

    private static String archive(String options, String plain, String archive) throws IOException, InterruptedException {
        ProcessBuilder pb = new ProcessBuilder("bash", "-c", ". submit/jvm-options && aedyn_class_archive \"$0\" \"$1\"",
                ROOT.toString(), options).redirectErrorStream(true);
        pb.environment().put("AEDYN_PLAIN_JVM", plain);
        pb.environment().put("AEDYN_CLASS_ARCHIVE", archive);
        Process p = pb.start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(p.waitFor(60, TimeUnit.SECONDS));
        assertEquals(0, p.exitValue(), out);
        return out;
    }

    /** One archive per JVM, options and classpath: a JVM ignores an archive written with other heap or class paths. */
    @Test
    void theClassArchiveIsNamedByTheOptionsItHoldsFor() throws Exception {
        String a = archive("-Xmx1g -cp x.jar", "0", "1");
        assertTrue(a.startsWith(ROOT.resolve("target/class-archives") + "/") && a.endsWith(".jsa"), a);
        assertEquals(a, archive("-Xmx1g -cp x.jar", "0", "1"));
        assertNotEquals(a, archive("-Xmx2g -cp x.jar", "0", "1"));
        assertNotEquals(a, archive("-Xmx1g -cp y.jar", "0", "1"));
        assertEquals("", archive("-Xmx1g -cp x.jar", "0", "0"));
    }

    /**
     * An archive a JVM cannot use (written with another classpath) is ignored without a word with the options
     * submit/local adds; without them the JVM says so on stdout.
     */
    @Test
    void aJvmIgnoresAnArchiveOfOtherOptionsQuietly(@TempDir Path dir) throws Exception {
        Path src = Files.writeString(dir.resolve("Hi.java"), "public class Hi { public static void main(String[] a) { System.out.println(\"hi\"); } }");
        assertEquals(0, ToolProvider.getSystemJavaCompiler().run(null, null, null, "-d", dir.toString(), src.toString()));
        Path jar = dir.resolve("hi.jar");
        try (JarOutputStream out = new JarOutputStream(Files.newOutputStream(jar))) {
            out.putNextEntry(new JarEntry("Hi.class"));
            out.write(Files.readAllBytes(dir.resolve("Hi.class")));
        }
        String java = ProcessHandle.current().info().command().orElse("java");
        Path archive = dir.resolve("hi.jsa");
        assertEquals("hi\n", run(List.of(java, "-XX:ArchiveClassesAtExit=" + archive, "-Xlog:cds=off,cds+dynamic=off", "-cp",
                jar.toString(), "Hi"), "0"));
        assertTrue(Files.size(archive) > 0);
        String quiet = run(List.of("bash", "-c", ". submit/jvm-options && printf %s \"$AEDYN_QUIET_ARCHIVE\""), "0");
        // another jar first on the classpath: the archive's classes might no longer be the ones the JVM would load
        Path other = dir.resolve("other.jar");
        new JarOutputStream(Files.newOutputStream(other)).close();
        List<String> otherPath = List.of(java, "-XX:SharedArchiveFile=" + archive, "-cp", other + ":" + jar, "Hi");
        String noted = run(otherPath, "0");
        assertTrue(noted.contains("Unable to use shared archive"), "the JVM notes an archive it cannot use: " + noted);
        List<String> quietly = new ArrayList<>(otherPath);
        quietly.add(1, quiet);
        assertEquals("hi\n", run(quietly, "0"));
    }
}
