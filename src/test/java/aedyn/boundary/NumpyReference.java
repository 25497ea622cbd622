package aedyn.boundary;

import aedyn.study.ReferenceScripts;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** Runs src/test/python/reference_boundary.py, as the study tests run their NumPy references. */
final class NumpyReference {
    private NumpyReference() {
    }

    static boolean available() throws Exception {
        return ReferenceScripts.run(List.of("python3", "-c", "import numpy"), null) == 0;
    }

    /** The script's one-row CSV answer to {@code command args...}, as the header's columns in order. */
    static double[] call(Path dir, String command, String... args) throws Exception {
        Path out = dir.resolve(command + "-out.csv");
        Path log = dir.resolve(command + ".log");
        List<String> cmd = new ArrayList<>(List.of("python3",
                Path.of("src/test/python/reference_boundary.py").toAbsolutePath().toString(), command));
        cmd.addAll(List.of(args));
        cmd.addAll(List.of("--out", out.toString()));
        assertEquals(0, ReferenceScripts.run(cmd, log), () -> ReferenceScripts.readQuietly(log));
        String[] lines = Files.readString(out).strip().split("\n");
        String[] cells = lines[1].split(",");
        double[] v = new double[cells.length];
        for (int i = 0; i < cells.length; i++) v[i] = cells[i].equals("nan") ? Double.NaN : Double.parseDouble(cells[i]);
        return v;
    }
}
