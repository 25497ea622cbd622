package aedyn.data;

import org.apache.hadoop.conf.Configuration;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Map;
import java.util.zip.GZIPOutputStream;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** IDX image files (SPEC section 6): plain and gzip, the samples they give, and the errors on bad files. */
class IdxImagesTest {
    static final String FASHION = "/usr/share/datasets/fashion-mnist/train-images-idx3-ubyte.gz";
    private static final Configuration CONF = new Configuration(false);

    @TempDir
    Path dir;

    /** An IDX file with the given magic and header dimensions, and {@code pixels} after the header. */
    static byte[] idx(int magic, int count, int rows, int cols, byte[] pixels) {
        ByteBuffer b = ByteBuffer.allocate(16 + pixels.length);
        b.putInt(magic).putInt(count).putInt(rows).putInt(cols).put(pixels);
        return b.array();
    }

    /** count images of rows x cols with pixel p of image j = (7 j + 3 p) mod 256. */
    static byte[] pixels(int count, int rows, int cols) {
        byte[] p = new byte[count * rows * cols];
        for (int j = 0; j < count; j++) {
            for (int i = 0; i < rows * cols; i++) p[j * rows * cols + i] = (byte) ((7 * j + 3 * i) % 256);
        }
        return p;
    }

    static byte[] gzip(byte[] data) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (GZIPOutputStream gz = new GZIPOutputStream(out)) {
            gz.write(data);
        }
        return out.toByteArray();
    }

    private String write(String name, byte[] content) throws IOException {
        Path p = dir.resolve(name);
        Files.write(p, content);
        return p.toString();
    }

    private static String error(String file) {
        return assertThrows(IllegalArgumentException.class, () -> IdxImages.inspect(file, CONF)).getMessage();
    }

    private static IdxImages source(String file, IdxImages.Header h, long size, double scale, int blockSize) {
        return new IdxImages(file, h.gzip(), h.rows(), h.cols(), size, scale, null, blockSize, Map.of());
    }

    @Test
    void plainAndGzipFilesGiveTheSameScaledSamples() throws IOException {
        int count = 600;
        byte[] content = idx(0x803, count, 3, 4, pixels(count, 3, 4));
        String plain = write("images-idx3-ubyte", content);
        String gz = write("images-idx3-ubyte.gz", gzip(content));
        IdxImages.Header hp = IdxImages.inspect(plain, CONF);
        IdxImages.Header hg = IdxImages.inspect(gz, CONF);
        assertEquals(new IdxImages.Header(false, count, 3, 4), hp);
        assertEquals(new IdxImages.Header(true, count, 3, 4), hg);
        assertEquals(hg, IdxImages.readHeader(gz, CONF));
        IdxImages a = source(plain, hp, 520, 0.5, 256);
        IdxImages b = source(gz, hg, 520, 0.5, 256);
        assertEquals(3, a.blockCount());
        for (int blk = 0; blk < 3; blk++) {
            SampleBlock x = a.block(blk, 0);
            assertArrayEquals(x.y(), b.block(blk, 0).y());
            for (int j = 0; j < x.count(); j++) {
                long image = a.first(blk) + j;
                for (int i = 0; i < 12; i++) {
                    assertEquals(0.5 * ((7 * image + 3 * i) % 256), x.y()[j * 12 + i], "image " + image + " pixel " + i);
                }
            }
        }
        assertEquals(8, a.block(2, 0).count()); // the limit: 520 = 2·256 + 8
        double[] mean = new double[12];
        Arrays.fill(mean, 1.0);
        assertEquals(0.5 * 3 - 1.0, a.centered(mean).block(0, 0).y()[1]);
    }

    /** Gzip is told by its magic bytes, not by the name: a plain IDX file named .gz is read as plain. */
    @Test
    void plainFileNamedGzIsRead() throws IOException {
        String f = write("plain.gz", idx(0x803, 2, 2, 2, pixels(2, 2, 2)));
        assertFalse(IdxImages.inspect(f, CONF).gzip());
    }

    @Test
    void badFilesAreNamedWithWhatWasFoundAndExpected() throws IOException {
        String labels = write("labels-idx1-ubyte", idx(0x801, 4, 1, 1, new byte[0]));
        String m = error(labels);
        assertTrue(m.contains("0x00000803") && m.contains("starts with 0x00000801") && m.contains("labels"), m);

        String garbage = write("notgzip.gz", "hello, this is not an IDX file".getBytes());
        m = error(garbage);
        assertTrue(m.contains("starts with 0x68656C6C") && m.contains("not gzip-compressed"), m);

        String tooShort = write("short", idx(0x803, 6, 2, 2, pixels(5, 2, 2)));
        m = error(tooShort);
        assertTrue(m.contains("6 images of 2 x 2 need 24 pixel bytes") && m.contains("holds 20") && m.contains("truncated"), m);

        String tooLong = write("long", idx(0x803, 4, 2, 2, pixels(5, 2, 2)));
        m = error(tooLong);
        assertTrue(m.contains("need 16 pixel bytes") && m.contains("holds 20") && m.contains("wrong dimensions"), m);

        String gzLong = write("long.gz", gzip(idx(0x803, 4, 2, 2, pixels(5, 2, 2))));
        m = error(gzLong);
        assertTrue(m.contains("decompresses to 20"), m);

        byte[] whole = gzip(idx(0x803, 300, 10, 10, pixels(300, 10, 10)));
        String cut = write("cut.gz", Arrays.copyOf(whole, whole.length / 2));
        m = error(cut);
        assertTrue(m.contains("truncated after") && m.contains("expected 30016"), m);

        byte[] corrupt = whole.clone();
        corrupt[corrupt.length - 6] ^= 0x55; // inside the CRC-32 trailer
        m = error(write("corrupt.gz", corrupt));
        assertTrue(m.startsWith("a valid gzip stream") && m.contains("corrupt"), m);

        String empty = write("empty", new byte[0]);
        m = error(empty);
        assertTrue(m.contains("only 0 bytes"), m);

        String headerOnly = write("header", Arrays.copyOf(idx(0x803, 1, 1, 1, new byte[0]), 10));
        m = error(headerOnly);
        assertTrue(m.contains("ends inside the 16-byte header"), m);

        String zeroImages = write("zero", idx(0x803, 0, 28, 28, new byte[0]));
        m = error(zeroImages);
        assertTrue(m.contains("0 images of 28 x 28"), m);
    }

    /** Fashion-MNIST as Debian installs it; the pixel sums were computed independently with Python's gzip and NumPy. */
    @Test
    void fashionMnistTrainingImages() throws IOException {
        Assumptions.assumeTrue(Files.isReadable(Path.of(FASHION)), "dataset-fashion-mnist is not installed");
        IdxImages.Header h = IdxImages.inspect(FASHION, CONF);
        assertEquals(new IdxImages.Header(true, 60000, 28, 28), h);
        IdxImages images = source(FASHION, h, 60000, 1.0, SampleSource.cachedBlockSize(784));
        assertEquals(76247.0, Arrays.stream(images.block(0, 0).y(), 0, 784).sum());
        SampleBlock last = images.block(images.blockCount() - 1, 0);
        assertEquals(16684.0, Arrays.stream(last.y(), (last.count() - 1) * 784, last.count() * 784).sum());
    }
}
