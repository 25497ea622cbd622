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
                final int width = run.settings().model().m();
                seen.computeIfAbsent("W0:" + f.path() + nn + "x" + width,
                        k -> matrix("init.path", f.path(), nn, width, hadoop, problems));
                if (!f.decoderPath().isEmpty()) {
                    seen.computeIfAbsent("U0:" + f.decoderPath() + nn + "x" + width,
                            k -> matrix("init.decoder-path", f.decoderPath(), nn, width, hadoop, problems));
                }
            }
            out.add(new RunSpec(run.name(), run.gridPoint(), run.trial(), run.config(),
                    run.settings().withData(d.withShape(n, samples)), run.dataSeed(), run.initSeed()));
        }
        return out;
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

    /** Reads a whole (n, m) matrix file, adding a problem on any error. */
    static Npy.Matrix matrix(String key, String file, int n, int m, Configuration hadoop, List<ConfigProblem> problems) {
        try (FSDataInputStream in = HadoopFiles.open(file, hadoop)) {
            return Npy.readMatrix(in, file, n, m);
        } catch (IOException | IllegalArgumentException e) {
            problems.add(new ConfigProblem(key, file, "a readable float64 .npy file of shape (" + n + ", " + m + "): "
                    + e.getMessage()));
            return null;
        }
    }
}
