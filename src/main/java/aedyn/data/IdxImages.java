package aedyn.data;

import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FSDataInputStream;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;

import java.io.BufferedInputStream;
import java.io.DataInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.lang.ref.SoftReference;
import java.util.HashMap;
import java.util.Map;
import java.util.zip.GZIPInputStream;
import java.util.zip.ZipException;

/**
 * Images from an IDX file (SPEC section 6: magic 0x00000803, big-endian dimensions N, rows, cols, then N·rows·cols
 * unsigned bytes), plain or gzip-compressed (told apart by the first bytes, not the name), read through the Hadoop
 * FileSystem API. Sample j is image j flattened row by row (n = rows·cols), each pixel times {@code scale}, minus
 * the data set's mean image when {@code mean} is given. Only the first {@code size} images are used.
 * <p>
 * A plain file is read by seeking to each block's images. A gzip stream cannot be seeked, so an executor JVM
 * decompresses the images it needs once (one byte a pixel: 47 MB for Fashion-MNIST) and keeps them, softly
 * referenced, for the blocks it computes.
 */
public record IdxImages(String path, boolean gzip, int rows, int cols, long size, double scale, double[] mean,
                        int blockSize, Map<String, String> hadoopConf) implements SampleSource {

    /** The IDX magic number of unsigned-byte data with three dimensions: images. */
    public static final int IMAGE_MAGIC = 0x00000803;
    private static final int HEADER_BYTES = 16;
    private static final Map<String, SoftReference<byte[]>> DECOMPRESSED = new HashMap<>();

    /** What an IDX image file's header says, and whether the file is gzip-compressed. */
    public record Header(boolean gzip, long count, int rows, int cols) {
        public int n() {
            return rows * cols;
        }
    }

    /** The same images with the data set's mean image subtracted from every sample. */
    public IdxImages centered(double[] meanImage) {
        if (meanImage.length != n()) throw new IllegalArgumentException("mean image of " + meanImage.length + " pixels, expected n = " + n());
        return new IdxImages(path, gzip, rows, cols, size, scale, meanImage.clone(), blockSize, hadoopConf);
    }

    @Override
    public int n() {
        return rows * cols;
    }

    @Override
    public SampleBlock block(int index, int iteration) {
        Configuration conf = new Configuration(false);
        hadoopConf.forEach(conf::set);
        int n = n();
        int count = count(index);
        long first = first(index);
        byte[] pixels;
        int offset;
        try {
            if (gzip) {
                pixels = decompressed(path, size * n, conf);
                offset = Math.toIntExact(first * n);
            } else {
                pixels = new byte[Math.multiplyExact(n, count)];
                offset = 0;
                Path p = new Path(path);
                try (FSDataInputStream in = p.getFileSystem(conf).open(p)) {
                    in.seek(HEADER_BYTES + first * n);
                    in.readFully(pixels);
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("reading images " + first + " to " + (first + count) + " of " + path, e);
        }
        double[] y = new double[n * count];
        for (int j = 0; j < count; j++) {
            int off = j * n;
            for (int i = 0; i < n; i++) {
                double v = scale * (pixels[offset + off + i] & 0xFF);
                y[off + i] = mean == null ? v : v - mean[i];
            }
        }
        return SampleBlock.uncoded(n, count, y);
    }

    /** The first {@code bytes} pixel bytes of a gzip-compressed IDX file, decompressed once per JVM. */
    private static synchronized byte[] decompressed(String path, long bytes, Configuration conf) throws IOException {
        String key = path + "#" + bytes;
        SoftReference<byte[]> ref = DECOMPRESSED.get(key);
        byte[] cached = ref == null ? null : ref.get();
        if (cached != null) return cached;
        byte[] pixels = new byte[Math.toIntExact(bytes)];
        Path p = new Path(path);
        try (InputStream in = new GZIPInputStream(new BufferedInputStream(p.getFileSystem(conf).open(p), 1 << 16), 1 << 16)) {
            DataInputStream data = new DataInputStream(in);
            data.readFully(new byte[HEADER_BYTES]);
            data.readFully(pixels);
        }
        DECOMPRESSED.put(key, new SoftReference<>(pixels));
        return pixels;
    }

    /** Reads the header only (the file was checked in full by {@link #inspect} before the run). */
    public static Header readHeader(String file, Configuration conf) throws IOException {
        Path p = new Path(file);
        try (InputStream raw = new BufferedInputStream(p.getFileSystem(conf).open(p), 1 << 16)) {
            return open(file, raw).header();
        }
    }

    /**
     * Checks an IDX image file in full before any training: readable, IDX image magic (after decompression when the
     * file starts with gzip's magic bytes 1f 8b), positive dimensions, and a length that holds exactly the images
     * the header announces (a gzip file is decompressed to count them, which also finds truncated or corrupt
     * streams). Throws IllegalArgumentException with a one-line message saying what was found and what was expected.
     */
    public static Header inspect(String file, Configuration conf) throws IOException {
        Path p = new Path(file);
        FileSystem fs = p.getFileSystem(conf);
        long length = fs.getFileStatus(p).getLen();
        try (InputStream raw = new BufferedInputStream(fs.open(p), 1 << 16)) {
            Opened opened = open(file, raw);
            Header h = opened.header();
            long expected = h.count() * h.n();
            if (!h.gzip()) {
                long found = length - HEADER_BYTES;
                if (found != expected) throw new IllegalArgumentException(lengthMessage(h, expected, found, "the file holds"));
                return h;
            }
            long found = 0;
            byte[] buf = new byte[1 << 16];
            try {
                for (int r; (r = opened.payload().read(buf)) > 0; ) found += r;
            } catch (EOFException e) {
                throw new IllegalArgumentException("a whole gzip stream: it is truncated after " + (found + HEADER_BYTES)
                        + " decompressed bytes, expected " + (expected + HEADER_BYTES) + " (" + h.count() + " images of "
                        + h.rows() + " x " + h.cols() + ")");
            } catch (ZipException e) {
                throw new IllegalArgumentException("a valid gzip stream: it is corrupt after " + (found + HEADER_BYTES)
                        + " decompressed bytes (" + e.getMessage() + ")");
            }
            if (found != expected) throw new IllegalArgumentException(lengthMessage(h, expected, found, "it decompresses to"));
            return h;
        }
    }

    private static String lengthMessage(Header h, long expected, long found, String what) {
        return "an IDX file whose length matches its header: " + h.count() + " images of " + h.rows() + " x " + h.cols()
                + " need " + expected + " pixel bytes after the 16-byte header, " + what + " " + found
                + (found < expected ? " (truncated?)" : " (wrong dimensions, or more data than the header says)");
    }

    /** A parsed header and the stream positioned at the first pixel (decompressing for a gzip file). */
    private record Opened(Header header, InputStream payload) {
    }

    private static Opened open(String file, InputStream raw) throws IOException {
        raw.mark(4);
        byte[] start = new byte[2];
        int got = raw.readNBytes(start, 0, 2);
        raw.reset();
        boolean gzip = got == 2 && (start[0] & 0xFF) == 0x1f && (start[1] & 0xFF) == 0x8b;
        InputStream in = raw;
        byte[] h = new byte[HEADER_BYTES];
        int read;
        try {
            if (gzip) in = new GZIPInputStream(raw, 1 << 16);
            read = in.readNBytes(h, 0, HEADER_BYTES);
        } catch (EOFException e) {
            throw new IllegalArgumentException("a whole gzip stream (the file starts with gzip's magic bytes 1f 8b): it ends before the 16-byte IDX header does");
        } catch (ZipException e) {
            throw new IllegalArgumentException("a valid gzip stream (the file starts with gzip's magic bytes 1f 8b): " + e.getMessage());
        }
        String where = gzip ? "its decompressed content" : "the file";
        if (read < 4) {
            throw new IllegalArgumentException("an IDX image file: " + where + " has only " + read
                    + " bytes, expected a 16-byte header starting with magic 0x00000803");
        }
        java.nio.ByteBuffer b = java.nio.ByteBuffer.wrap(h); // IDX is big-endian, as is ByteBuffer by default
        int magic = b.getInt();
        if (magic != IMAGE_MAGIC) {
            String hint = !gzip && file.endsWith(".gz") ? "; the file is not gzip-compressed either (it does not start with 1f 8b)"
                    : (magic & 0xFFFFFF00) == 0x00000800 ? " (unsigned bytes in " + (magic & 0xFF) + ((magic & 0xFF) == 1 ? " dimension" : " dimensions")
                    + ((magic & 0xFF) == 1 ? ": a labels file?)" : ")") : "";
            throw new IllegalArgumentException("an IDX image file (magic 0x00000803: unsigned bytes, 3 dimensions): "
                    + where + " starts with 0x" + String.format("%08X", magic) + hint);
        }
        if (read < HEADER_BYTES) {
            throw new IllegalArgumentException("an IDX image file: " + where + " ends inside the 16-byte header, after " + read + " bytes");
        }
        long count = b.getInt() & 0xFFFFFFFFL;
        long rows = b.getInt() & 0xFFFFFFFFL;
        long cols = b.getInt() & 0xFFFFFFFFL;
        if (count < 1 || rows < 1 || cols < 1 || rows * cols > (1 << 24)) {
            throw new IllegalArgumentException("an IDX image file of at least one image of 1 to 2^24 pixels: the header says "
                    + count + " images of " + rows + " x " + cols);
        }
        return new Opened(new Header(gzip, count, (int) rows, (int) cols), in);
    }
}
