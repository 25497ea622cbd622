package aedyn.study;

import aedyn.cli.Main;
import aedyn.data.Npy;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

/**
 * A samples file holding NaN fails a Spark task (every pass a Spark job, as on a cluster); the terminal shows aedyn's one line of bad input and none of
 * Spark's report of the failed task (its stack traces, the aborted job), which a log file keeps.
 */
class NonFiniteSamplesCliTest {
    @Test
    void theTerminalShowsOneLineAndTheLogFileTheTrace(@TempDir Path dir) throws Exception {
        int n = 8;
        double[] y = new double[200 * n];
        for (int k = 0; k < y.length; k++) y[k] = Math.cos(k);
        y[123 + 5 * 200] = Double.NaN;   // column-major (N, n): sample 123, coordinate 5
        Path samples = dir.resolve("Y.npy");
        Npy.writeMatrix(samples, 200, n, y);
        Path conf = Files.writeString(dir.resolve("s.conf"), "study.name = nan\ndata { model = file, m = 3, path = \""
                + samples + "\", partitions = 2 }\ninit.kind = random\ntrain.iterations = 3\n");
        // the console as in the tests' own configuration, and a log file beside it
        Path logFile = dir.resolve("aedyn.log");
        Path log4j = Files.writeString(dir.resolve("log4j2.properties"), """
                rootLogger.level = warn
                rootLogger.appenderRef.stderr.ref = stderr
                rootLogger.appenderRef.file.ref = file
                appender.stderr.type = Console
                appender.stderr.name = stderr
                appender.stderr.target = SYSTEM_ERR
                appender.stderr.layout.type = PatternLayout
                appender.stderr.layout.pattern = %%d{HH:mm:ss} %%-5p %%c{1}: %%m%%n
                appender.file.type = File
                appender.file.name = file
                appender.file.fileName = %s
                appender.file.layout.type = PatternLayout
                appender.file.layout.pattern = %%-5p %%c{1}: %%m%%n
                logger.nativecode.name = org.apache.hadoop.util.NativeCodeLoader
                logger.nativecode.level = error
                """.formatted(logFile));
        Path out = dir.resolve("out");
        Path terminal = dir.resolve("terminal.txt");
        Process child = ResumeAfterKillTest.child(List.of(conf.toString(), "--out", out.toString()), terminal,
                List.of("-Dlog4j2.configurationFile=" + log4j, "-Dspark.aedyn.localPasses=false"));
        if (!child.waitFor(120, TimeUnit.SECONDS)) {
            child.destroyForcibly();
            fail("did not end within 120 s");
        }
        String err = Files.readString(terminal);
        assertEquals(Main.BAD_INPUT, child.exitValue(), err);
        List<String> lines = err.lines().filter(l -> !l.contains("WARNING: Using incubator modules")).toList();
        assertEquals(List.of("aedyn: bad input: data.path = " + samples
                        + ": a float64 .npy file of finite numbers; row 123 (counting from 0) holds NaN"),
                lines.stream().filter(l -> l.contains("NaN") || l.contains("Exception") || l.contains("\tat ")
                        || l.contains("Lost task") || l.contains("aborting job") || l.contains(" ERROR ")).toList(), err);
        String logged = Files.readString(logFile);
        assertTrue(logged.contains("Exception in task") && logged.contains("\tat aedyn.data.NpySamples"), logged);
        assertFalse(Files.exists(out.resolve("_SUCCESS")));
    }
}
