package aedyn.study;

import aedyn.data.NonFiniteSampleException;
import aedyn.data.Npy;
import aedyn.report.Json;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** A samples file holding NaN is bad input found in the first pass: the run says why and the study stops. */
class NonFiniteSamplesTest {

    @Test
    void aSamplesFileWithNaNNamesTheFileAndTheFirstRowThatHoldsOne(@TempDir Path dir) throws IOException {
        int n = 12;
        int samples = 3000;   // more than one block of rows would do as well: the row is counted in the whole file
        double[] rowMajor = new double[samples * n];
        for (int k = 0; k < rowMajor.length; k++) rowMajor[k] = Math.sin(0.37 * k + 1);
        rowMajor[2345 * n + 7] = Double.NaN;
        rowMajor[2800 * n] = Double.POSITIVE_INFINITY;
        Path y = dir.resolve("Y.npy");
        try (OutputStream out = Files.newOutputStream(y)) {
            // (N, n) C order is the column-major (n, N) matrix of samples
            Npy.writeMatrix(out, samples, n, transpose(rowMajor, samples, n));
        }
        String conf = "study.name = nan\ndata { model = file, m = 3, path = \"" + y + "\" }\ninit.kind = random\n"
                + "train.iterations = 3\n";
        NonFiniteSampleException e = assertThrows(NonFiniteSampleException.class,
                () -> StudyTestSupport.runStudyAllowingFailures(dir, conf));
        assertEquals(2345, e.row());
        assertEquals("data.path = " + y + ": a float64 .npy file of finite numbers; row 2345 (counting from 0) holds NaN",
                e.getMessage());
        Path run = dir.resolve("out/runs/run");
        Map<String, Object> info = Json.parseObject(Files.readString(run.resolve("run.json")));
        assertEquals("bad-input", info.get("status"));
        assertEquals(e.getMessage(), info.get("reason"));
        assertFalse(Files.exists(run.resolve("_SUCCESS")), "a run stopped by bad input holds no result");
        assertFalse(Files.exists(dir.resolve("out/_SUCCESS")), "the study did not finish");
    }

    @Test
    void theExceptionIsFoundInsideWhateverWrapsIt() {
        NonFiniteSampleException e = new NonFiniteSampleException("data.path", "f.npy", 3, Double.NaN);
        assertSame(e, NonFiniteSampleException.in(new org.apache.spark.SparkException("job aborted", new RuntimeException(e))));
        assertEquals(null, NonFiniteSampleException.in(new RuntimeException("other")));
        assertTrue(e.getMessage().contains("row 3"));
        assertNotNull(e.file());
    }

    private static double[] transpose(double[] rowMajor, int rows, int cols) {
        double[] out = new double[rows * cols];
        for (int i = 0; i < rows; i++) {
            for (int j = 0; j < cols; j++) out[i + j * rows] = rowMajor[i * cols + j];
        }
        return out;
    }
}
