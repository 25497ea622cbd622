package aedyn.study;

import aedyn.config.ConfigProblem;
import aedyn.config.DataSettings;
import aedyn.data.Npy;
import aedyn.train.Init;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FSDataInputStream;
import org.apache.hadoop.fs.Path;

import java.io.IOException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Checks every input file a study names (samples, ground truth, codes, initial weights) on the driver before
 * Spark starts: that it exists, is float64 .npy of the right shape and is not truncated. Samples files also
 * fix n and N of their runs.
 */
final class InputFiles {
    private InputFiles() {
    }

    /** The shape of a samples or codes file and where its data starts. */
    record Shape(long rows, int cols, long dataOffset) {
    }

    /** The runs with n and N taken from their samples files; problems are added for every bad file. */
    static List<RunSpec> resolve(List<RunSpec> runs, Configuration hadoop, List<ConfigProblem> problems) {
        Map<String, Object> seen = new HashMap<>();
        List<RunSpec> out = new ArrayList<>();
        for (RunSpec run : runs) {
            DataSettings d = run.settings().data();
            int n = d.n();
            long samples = d.samples();
            if (d.fromFile()) {
                Object s = seen.computeIfAbsent("samples:" + d.path(), k -> rowsShape("data.path", d.path(), -1, -1, hadoop, problems));
                if (!(s instanceof Shape shape)) {
                    out.add(run);
                    continue;
                }
                n = shape.cols();
                samples = shape.rows();
                if (!d.groundTruth().isEmpty()) {
                    final int nn = n;
                    seen.computeIfAbsent("A:" + d.groundTruth() + nn + "x" + d.m(),
                            k -> matrix("data.ground-truth", d.groundTruth(), nn, d.m(), hadoop, problems));
                }
                if (!d.codesPath().isEmpty()) {
                    final long rows = samples;
                    seen.computeIfAbsent("codes:" + d.codesPath(),
                            k -> rowsShape("data.codes", d.codesPath(), rows, d.m(), hadoop, problems));
                }
            }
            if (run.settings().init() instanceof Init.FromFile f) {
                final int nn = n;
                seen.computeIfAbsent("W0:" + f.path() + nn + "x" + d.m(),
                        k -> matrix("init.path", f.path(), nn, d.m(), hadoop, problems));
            }
            out.add(new RunSpec(run.name(), run.gridPoint(), run.trial(), run.config(),
                    run.settings().withData(d.withShape(n, samples)), run.dataSeed(), run.initSeed()));
        }
        return out;
    }

    /** What is wrong with the first bad column (counting from 0, as NumPy does), or null when none is. */
    static String badColumns(Npy.Matrix matrix) {
        int rows = matrix.rows();
        double[] a = matrix.columnMajor();
        String first = null;
        int bad = 0;
        for (int j = 0; j < matrix.cols(); j++) {
            String what = null;
            boolean zero = true;
            for (int i = 0; i < rows && what == null; i++) {
                double v = a[i + j * rows];
                if (!Double.isFinite(v)) what = "column " + j + " holds " + v + " in row " + i;
                else if (v != 0) zero = false;
            }
            if (what == null && zero) what = "column " + j + " is all zeros";
            if (what != null) {
                bad++;
                if (first == null) first = what;
            }
        }
        if (first == null) return null;
        if (bad == matrix.cols() && bad > 1) return first + " (and so are all " + (bad - 1) + " other columns)";
        return bad == 1 ? first : first + " (and " + (bad - 1) + " more column" + (bad == 2 ? "" : "s") + ")";
    }

    /** Reads the header of an (N, cols) C-order float64 file and checks that its length holds all N rows. */
    static Shape rowsShape(String key, String file, long expectedRows, long expectedCols, Configuration hadoop,
                           List<ConfigProblem> problems) {
        try (FSDataInputStream in = HadoopFiles.open(file, hadoop)) {
            Npy.RowReader rows = Npy.openRows(in, file, expectedCols);
            long offset = in.getPos();
            if (expectedRows >= 0 && rows.rows() != expectedRows) {
                problems.add(new ConfigProblem(key, file, "an (N, " + rows.cols() + ") array with N = " + expectedRows
                        + " rows like the samples file, found " + rows.rows() + " rows"));
                return null;
            }
            long needed = offset + rows.rows() * rows.cols() * 8L;
            Path p = new Path(file);
            long length = p.getFileSystem(hadoop).getFileStatus(p).getLen();
            if (length < needed) {
                problems.add(new ConfigProblem(key, file, "a whole .npy file: it ends after " + (length - offset)
                        + " of " + (needed - offset) + " data bytes"));
                return null;
            }
            return new Shape(rows.rows(), rows.cols(), offset);
        } catch (IOException | IllegalArgumentException e) {
            problems.add(new ConfigProblem(key, file, "a readable float64 .npy file: " + e.getMessage()));
            return null;
        }
    }

    /**
     * Reads a whole (n, m) matrix file, adding a problem on any error. Its columns are atoms (A) or neurons (W^0),
     * normalized to unit length: a zero or non-finite column is bad input, named by its index.
     */
    static Npy.Matrix matrix(String key, String file, int n, int m, Configuration hadoop, List<ConfigProblem> problems) {
        try (FSDataInputStream in = HadoopFiles.open(file, hadoop)) {
            Npy.Matrix matrix = Npy.readMatrix(in, file, n, m);
            String bad = badColumns(matrix);
            if (bad != null) {
                problems.add(new ConfigProblem(key, file, "a matrix of shape (" + n + ", " + m + ") of finite numbers whose "
                        + "columns are all non-zero (each is normalized to unit length); " + bad));
                return null;
            }
            return matrix;
        } catch (IOException | IllegalArgumentException e) {
            problems.add(new ConfigProblem(key, file, "a readable float64 .npy file of shape (" + n + ", " + m + "): "
                    + e.getMessage()));
            return null;
        }
    }
}
