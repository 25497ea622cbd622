package aedyn.study;

import aedyn.data.HadoopFiles;
import aedyn.config.ConfigProblem;
import aedyn.config.DataSettings;
import aedyn.data.IdxImages;
import aedyn.data.Npy;
import aedyn.init.Init;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FSDataInputStream;
import org.apache.hadoop.fs.Path;

import java.io.IOException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Checks every input file a study names (samples, ground truth, codes, initial weights, IDX images) on the driver
 * before Spark starts: that it exists, is float64 .npy of the right shape (or an IDX image file whose length matches
 * its header) and is not truncated. Samples and image files also fix n and N of their runs.
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
            if (d.images()) {
                Object h = seen.computeIfAbsent("idx:" + d.path(), k -> idxHeader(d.path(), hadoop, problems));
                if (!(h instanceof IdxImages.Header header)) {
                    out.add(run);
                    continue;
                }
                n = header.n();
                samples = header.count();
                long limit = d.options().limit();
                if (limit > samples) {
                    problems.add(new ConfigProblem("data.limit", String.valueOf(limit), "at most the " + samples
                            + " images of " + d.path() + " (0 for all of them)"));
                } else if (limit > 0) {
                    samples = limit;
                }
                if (header.gzip() && samples * n > Integer.MAX_VALUE - 8) {
                    problems.add(new ConfigProblem("data.path", d.path(), "a gzip-compressed IDX file of at most 2^31 pixels"
                            + " in the images used (data.limit); decompress larger ones, plain files are read in place"));
                }
            } else if (d.fromFile() && !d.gaussian()) {
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
                            k -> matrix("data.ground-truth", d.groundTruth(), nn, d.m(), true, hadoop, problems));
                }
                if (!d.codesPath().isEmpty()) {
                    final long rows = samples;
                    seen.computeIfAbsent("codes:" + d.codesPath(),
                            k -> rowsShape("data.codes", d.codesPath(), rows, d.m(), hadoop, problems));
                }
            }
            if (d.images() && run.settings().start().init() instanceof Init.Pca && d.m() > n) {
                problems.add(new ConfigProblem("init.kind", "pca", "not pca when data.m = " + d.m() + " exceeds n = " + n
                        + " of " + d.path() + " (there are only n principal directions)"));
            }
            if (run.settings().start().init() instanceof Init.Pca && samples < 2) {
                // the principal directions are those of the sample covariance, which N = 1 leaves undefined
                problems.add(d.fromFile() || d.images()
                        ? new ConfigProblem("data.path", d.path(), "at least 2 samples for init.kind = pca (the sample "
                            + "covariance needs them), found shape (" + samples + ", " + n + ")")
                        : new ConfigProblem("data.samples", String.valueOf(samples), "at least 2 for init.kind = pca (the sample covariance needs them)"));
            }
            int ranks = d.options().energyRank();
            if (ranks > n) {
                problems.add(new ConfigProblem("metrics.energy-blocks", d.options().energyBlocks().toString(),
                        "ranks adding up to at most n = " + n + " directions (of " + d.path() + "), these add up to " + ranks));
            }
            if (run.settings().start().init() instanceof Init.FromFile f) {
                final int nn = n;
                final int width = run.settings().model().m();
                seen.computeIfAbsent("W0:" + f.path() + nn + "x" + width,
                        k -> matrix("init.path", f.path(), nn, width, run.settings().paperOneUpdates(), hadoop, problems));
                if (!f.decoderPath().isEmpty()) {
                    seen.computeIfAbsent("U0:" + f.decoderPath() + nn + "x" + width,
                            k -> matrix("init.decoder-path", f.decoderPath(), nn, width, false, hadoop, problems));
                }
            }
            out.add(new RunSpec(run.name(), run.gridPoint(), run.trial(), run.config(),
                    run.settings().withData(d.withShape(n, samples)), run.dataSeed(), run.initSeed()));
        }
        return out;
    }

    /** Checks an IDX image file in full (magic, dimensions against its length, gzip stream), adding a problem if bad. */
    static IdxImages.Header idxHeader(String file, Configuration hadoop, List<ConfigProblem> problems) {
        try {
            return IdxImages.inspect(file, hadoop);
        } catch (IOException | IllegalArgumentException e) {
            String m = e instanceof IllegalArgumentException ? e.getMessage() : "a readable IDX image file: " + e;
            problems.add(new ConfigProblem("data.path", file, m));
            return null;
        }
    }

    /**
     * What is wrong with the first bad column (counting from 0, as NumPy does), or null when none is: a non-finite
     * entry, or, when {@code unitColumns}, a column of zeros.
     */
    static String badColumns(Npy.Matrix matrix, boolean unitColumns) {
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
            if (what == null && zero && unitColumns) what = "column " + j + " is all zeros";
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
            if (rows.rows() == 0 || rows.cols() == 0) {
                problems.add(new ConfigProblem(key, file, "an (N, " + (expectedCols >= 0 ? expectedCols : "n")
                        + ") array with at least one row and one column, found shape (" + rows.rows() + ", " + rows.cols() + ")"));
                return null;
            }
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
     * Reads a whole (n, m) matrix file, adding a problem on any error. A non-finite entry is bad input; so is a zero
     * column when {@code unitColumns}: the columns are atoms (A) or paper 1's neurons (W^0), normalized to unit
     * length. The general model's V^0 and U^0 are used as they are, zero columns included.
     */
    static Npy.Matrix matrix(String key, String file, int n, int m, boolean unitColumns, Configuration hadoop,
                             List<ConfigProblem> problems) {
        try (FSDataInputStream in = HadoopFiles.open(file, hadoop)) {
            Npy.Matrix matrix = Npy.readMatrix(in, file, n, m);
            String bad = badColumns(matrix, unitColumns);
            if (bad != null) {
                problems.add(new ConfigProblem(key, file, "a matrix of shape (" + n + ", " + m + ") of finite numbers"
                        + (unitColumns ? " whose columns are all non-zero (each is normalized to unit length); " : "; ") + bad));
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
