package aedyn.cli;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.List;

/** Main.run in the test JVM with its stderr captured: for mistakes found before Spark starts. */
public record MainRun(int code, String stderr) {
    public static synchronized MainRun of(String... args) {
        PrintStream saved = System.err;
        ByteArrayOutputStream captured = new ByteArrayOutputStream();
        System.setErr(new PrintStream(captured, true, StandardCharsets.UTF_8));
        try {
            int code = Main.run(args);
            return new MainRun(code, captured.toString(StandardCharsets.UTF_8));
        } finally {
            System.setErr(saved);
        }
    }

    public List<String> lines() {
        return stderr.lines().toList();
    }
}
