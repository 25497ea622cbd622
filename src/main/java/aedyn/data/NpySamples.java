package aedyn.data;

import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FSDataInputStream;
import org.apache.hadoop.fs.Path;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Map;

/**
 * Samples read from an (N, n) float64 C-order .npy file through the Hadoop FileSystem API; every block
 * seeks to its own rows, so executors read their shards in parallel. Optional true codes come from an
 * (N, m) file read the same way.
 */
public record NpySamples(String path, String codesPath, int n, int m, long size, long dataOffset, long codesOffset,
                         int blockSize, Map<String, String> hadoopConf) implements SampleSource {

    @Override
    public boolean codesKnown() {
        return !codesPath.isEmpty();
    }

    @Override
    public SampleBlock block(int index, int iteration) {
        Configuration conf = new Configuration(false);
        hadoopConf.forEach(conf::set);
        int count = count(index);
        long first = first(index);
        double[] y = readRows(path, conf, dataOffset + first * n * 8L, n, count);
        requireFinite("data.path", path, y, n, first);
        if (codesPath.isEmpty()) {
            return SampleBlock.uncoded(n, count, y);
        }
        double[] dense = readRows(codesPath, conf, codesOffset + first * m * 8L, m, count);
        requireFinite("data.codes", codesPath, dense, m, first);
        int[] start = new int[count + 1];
        int nnz = 0;
        for (double v : dense) {
            if (v != 0.0) nnz++;
        }
        int[] idx = new int[nnz];
        double[] val = new double[nnz];
        int t = 0;
        for (int j = 0; j < count; j++) {
            for (int i = 0; i < m; i++) {
                double v = dense[i + j * m];
                if (v != 0.0) {
                    idx[t] = i;
                    val[t++] = v;
                }
            }
            start[j + 1] = t;
        }
        return SampleBlock.coded(n, count, y, start, idx, val);
    }

    /**
     * Non-finite input is bad input, not a diverged run: checked once per block as it is read (cached blocks are
     * read once), naming the file and its first such row.
     */
    static void requireFinite(String key, String file, double[] rows, int cols, long firstRow) {
        for (int k = 0; k < rows.length; k++) {
            if (!Double.isFinite(rows[k])) throw new NonFiniteSampleException(key, file, firstRow + k / cols, rows[k]);
        }
    }

    /** Rows of a C-order float64 file as the columns of a cols x count column-major block. */
    private static double[] readRows(String file, Configuration conf, long offset, int cols, int count) {
        Path p = new Path(file);
        try (FSDataInputStream in = p.getFileSystem(conf).open(p)) {
            in.seek(offset);
            byte[] bytes = new byte[Math.multiplyExact(cols * 8, count)];
            in.readFully(bytes);
            double[] out = new double[cols * count];
            java.nio.ByteBuffer.wrap(bytes).order(java.nio.ByteOrder.LITTLE_ENDIAN).asDoubleBuffer().get(out);
            return out;
        } catch (IOException e) {
            throw new UncheckedIOException("reading " + count + " rows at byte " + offset + " of " + file, e);
        }
    }
}
