package aedyn.data;

import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.DoubleBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.StringJoiner;

/**
 * NumPy {@code .npy} files of float64 arrays: reads header versions 1.0, 2.0 and 3.0, writes 1.0.
 *
 * <p>Matrices are column-major {@code double[]} as everywhere in aedyn; on disk they are C order
 * (row-major) unless the header says {@code fortran_order: True}. Only little-endian float64
 * ({@code '<f8'}, and the aliases {@code '|f8'}, {@code '=f8'}) is accepted: the data sets this job
 * reads are written by NumPy on little-endian machines, and anything else is far more likely a
 * mistake than a wish.
 *
 * <p>One format, one type: the header's grammar, its three versions, both orders and the checks that name what a
 * damaged or foreign file holds take it past 400 lines.
 *
 * <p>Streams passed in are neither buffered further nor closed: the reader consumes exactly the
 * header and the data bytes it needs, so a caller may read a file embedded in a larger stream.
 * Content problems throw {@link FormatException} (an {@link IllegalArgumentException}) whose message
 * names the file, what was found and what was expected; I/O failures throw {@link IOException}.
 */
public final class Npy {

    /** A 2-D float64 array as a column-major matrix: element (i, j) is {@code columnMajor[i + j * rows]}. */
    public record Matrix(int rows, int cols, double[] columnMajor) {
        public Matrix {
            if (rows < 0 || cols < 0) {
                throw new IllegalArgumentException("matrix shape must be non-negative, found (" + rows + ", " + cols + ")");
            }
            if (columnMajor == null || (long) columnMajor.length != (long) rows * cols) {
                throw new IllegalArgumentException("matrix data must hold rows*cols = " + ((long) rows * cols)
                        + " values, found " + (columnMajor == null ? "null" : columnMajor.length));
            }
        }

        public double get(int i, int j) {
            return columnMajor[i + j * rows];
        }
    }

    /**
     * The parsed header of a {@code .npy} file.
     *
     * @param dataOffset bytes from the start of the file to the first data byte
     */
    public record Header(int major, int minor, String descr, boolean fortranOrder, long[] shape, long dataOffset) {
        public Header {
            shape = shape.clone();
        }

        @Override
        public long[] shape() {
            return shape.clone();
        }

        /** Number of elements, the product of the shape (1 for a 0-d array). */
        public long size() {
            long size = 1;
            for (long d : shape) {
                size = Math.multiplyExact(size, d);
            }
            return size;
        }

        /** The shape as Python prints it: {@code (3,)}, {@code (1000, 784)}, {@code ()}. */
        public String shapeString() {
            return formatShape(shape);
        }
    }

    /** A malformed or unexpected {@code .npy} file; the message names the file. */
    public static final class FormatException extends IllegalArgumentException {
        private static final long serialVersionUID = 1L;

        public FormatException(String message) {
            super(message);
        }
    }

    /**
     * Streams the rows of an (N, n) C-order file, each row one sample, in blocks laid out as
     * column-major n×count matrices (sample j of a block at {@code dest[j*n .. j*n+n-1]}).
     * The row-major bytes of consecutive rows are already that layout, so no transposition happens.
     */
    public static final class RowReader {
        private final InputStream in;
        private final String name;
        private final long rows;
        private final int cols;
        private final long totalDataBytes;
        private long rowsRead;
        private byte[] buffer = new byte[0];

        private RowReader(InputStream in, String name, long rows, int cols) {
            this.in = in;
            this.name = name;
            this.rows = rows;
            this.cols = cols;
            this.totalDataBytes = rows * cols * (long) Double.BYTES;
        }

        /** Number of rows (samples) in the file. */
        public long rows() {
            return rows;
        }

        /** Number of columns (the dimension n of a sample). */
        public int cols() {
            return cols;
        }

        /** Rows not yet read or skipped. */
        public long remaining() {
            return rows - rowsRead;
        }

        /** Reads the next {@code count} rows into {@code dest[0 .. count*cols-1]}. */
        public void readRows(double[] dest, int count) throws IOException {
            readRows(dest, 0, count);
        }

        /** Reads the next {@code count} rows into {@code dest[offset .. offset+count*cols-1]}. */
        public void readRows(double[] dest, int offset, int count) throws IOException {
            checkCount(count);
            long values = (long) count * cols;
            if (offset < 0 || offset + values > dest.length) {
                throw new IllegalArgumentException("destination of length " + dest.length + " cannot hold " + count
                        + " rows of " + cols + " values at offset " + offset);
            }
            int chunkValues = Math.max(1, CHUNK_BYTES / Double.BYTES);
            long done = 0;
            while (done < values) {
                int n = (int) Math.min(chunkValues, values - done);
                int bytes = n * Double.BYTES;
                if (buffer.length < bytes) {
                    buffer = new byte[bytes];
                }
                long consumedBefore = rowsRead * cols * (long) Double.BYTES + done * Double.BYTES;
                readData(in, buffer, bytes, name, consumedBefore, totalDataBytes);
                ByteBuffer.wrap(buffer, 0, bytes).order(ByteOrder.LITTLE_ENDIAN).asDoubleBuffer()
                        .get(dest, offset + (int) done, n);
                done += n;
            }
            rowsRead += count;
        }

        /** Skips the next {@code count} rows, so that a reader of one partition can start at its first row. */
        public void skipRows(long count) throws IOException {
            checkCount(count);
            long bytes = count * cols * (long) Double.BYTES;
            long skipped = 0;
            while (skipped < bytes) {
                long s = in.skip(bytes - skipped);
                if (s <= 0) {
                    // skip() may return 0 without being at the end; one read tells the two apart.
                    if (in.read() < 0) {
                        throw truncated(name, rowsRead * cols * (long) Double.BYTES + skipped, totalDataBytes);
                    }
                    s = 1;
                }
                skipped += s;
            }
            rowsRead += count;
        }

        private void checkCount(long count) {
            if (count < 0 || count > remaining()) {
                throw new IllegalArgumentException(name + ": cannot read " + count + " rows, " + remaining()
                        + " of " + rows + " remain");
            }
        }
    }

    private static final byte[] MAGIC = {(byte) 0x93, 'N', 'U', 'M', 'P', 'Y'};
    private static final int CHUNK_BYTES = 1 << 20;
    /** NumPy aligns the data start to 64 bytes so that it can be memory-mapped. */
    private static final int ALIGN = 64;
    private static final int MAX_HEADER_BYTES = 1 << 20;

    private Npy() {
    }

    // ---------------------------------------------------------------- reading

    /**
     * Reads the magic string and header, leaving {@code in} at the first data byte.
     * Does not check the dtype.
     */
    public static Header readHeader(InputStream in, String name) throws IOException {
        byte[] prefix = new byte[8];
        int got = readUpTo(in, prefix, 0, 8);
        if (got < 6 || !Arrays.equals(Arrays.copyOf(prefix, 6), MAGIC)) {
            throw new FormatException(name + ": not a .npy file (starts with " + hex(prefix, got)
                    + ", expected the magic string \\x93NUMPY)");
        }
        if (got < 8) {
            throw new FormatException(name + ": file ends inside the .npy header (after " + got + " bytes)");
        }
        int major = prefix[6] & 0xff;
        int minor = prefix[7] & 0xff;
        if (major < 1 || major > 3 || minor != 0) {
            throw new FormatException(name + ": unsupported .npy format version " + major + "." + minor
                    + ", expected 1.0, 2.0 or 3.0");
        }
        int lengthBytes = major == 1 ? 2 : 4;
        byte[] lengthField = new byte[lengthBytes];
        if (readUpTo(in, lengthField, 0, lengthBytes) < lengthBytes) {
            throw new FormatException(name + ": file ends inside the .npy header (in its length field)");
        }
        ByteBuffer lb = ByteBuffer.wrap(lengthField).order(ByteOrder.LITTLE_ENDIAN);
        long headerLength = major == 1 ? (lb.getShort() & 0xffffL) : (lb.getInt() & 0xffffffffL);
        if (headerLength > MAX_HEADER_BYTES) {
            throw new FormatException(name + ": .npy header claims " + headerLength + " bytes, expected at most "
                    + MAX_HEADER_BYTES);
        }
        byte[] headerBytes = new byte[(int) headerLength];
        int hgot = readUpTo(in, headerBytes, 0, headerBytes.length);
        if (hgot < headerBytes.length) {
            throw new FormatException(name + ": file ends inside the .npy header (after " + hgot + " of "
                    + headerLength + " header bytes)");
        }
        // Version 3.0 exists only to allow UTF-8 field names; 1.0 and 2.0 are latin-1.
        String text = new String(headerBytes, major == 3 ? StandardCharsets.UTF_8 : StandardCharsets.ISO_8859_1);
        Map<String, Object> dict = new HeaderParser(text, name).parseDict();
        for (String key : List.of("descr", "fortran_order", "shape")) {
            if (!dict.containsKey(key)) {
                throw new FormatException(name + ": .npy header has no '" + key + "' entry: " + text.strip());
            }
        }
        if (dict.size() != 3) {
            throw new FormatException(name + ": .npy header has keys " + dict.keySet()
                    + ", expected exactly [descr, fortran_order, shape]");
        }
        Object descr = dict.get("descr");
        Object fortran = dict.get("fortran_order");
        Object shapeValue = dict.get("shape");
        if (!(fortran instanceof Boolean)) {
            throw new FormatException(name + ": .npy header has fortran_order " + repr(fortran)
                    + ", expected True or False");
        }
        if (!(shapeValue instanceof List<?> dims) || !dims.stream().allMatch(d -> d instanceof Long l && l >= 0)) {
            throw new FormatException(name + ": .npy header has shape " + repr(shapeValue)
                    + ", expected a tuple of non-negative integers");
        }
        long[] shape = dims.stream().mapToLong(d -> (Long) d).toArray();
        String descrText = descr instanceof String s ? s : repr(descr);
        return new Header(major, minor, descrText, (Boolean) fortran, shape, 8L + lengthBytes + headerLength);
    }

    /**
     * Reads a 2-D float64 array of shape (rows, cols), C or Fortran order; a 1-D array of shape (k,)
     * is read as k×1.
     *
     * @param expectedRows required number of rows, or -1 for any
     * @param expectedCols required number of columns, or -1 for any
     */
    public static Matrix readMatrix(InputStream in, String name, long expectedRows, long expectedCols)
            throws IOException {
        Header h = readHeader(in, name);
        checkDtype(h, name);
        long[] shape = h.shape;
        if (shape.length != 1 && shape.length != 2) {
            throw new FormatException(name + ": expected a 2-D array (or 1-D, read as one column), found "
                    + shape.length + "-D shape " + formatShape(shape));
        }
        long rows = shape[0];
        long cols = shape.length == 2 ? shape[1] : 1;
        if ((expectedRows >= 0 && rows != expectedRows) || (expectedCols >= 0 && cols != expectedCols)) {
            throw new FormatException(name + ": expected shape (" + dim(expectedRows) + ", " + dim(expectedCols)
                    + "), found " + formatShape(shape));
        }
        int length = checkedLength(name, rows * cols, formatShape(shape));
        double[] data = new double[length];
        if (h.fortranOrder || cols <= 1 || rows <= 1) {
            // Fortran order is column-major already, and a single row or column is the same either way.
            readDoubles(in, name, data, 0, length, 0, length * (long) Double.BYTES);
        } else {
            readRowMajorAsColumnMajor(in, name, (int) rows, (int) cols, data);
        }
        return new Matrix((int) rows, (int) cols, data);
    }

    /**
     * Reads a float64 vector of shape (k,) or (k, 1).
     *
     * @param expectedLength required length k, or -1 for any
     */
    public static double[] readVector(InputStream in, String name, long expectedLength) throws IOException {
        Header h = readHeader(in, name);
        checkDtype(h, name);
        long[] shape = h.shape;
        boolean vectorShape = shape.length == 1 || (shape.length == 2 && shape[1] == 1);
        if (!vectorShape) {
            throw new FormatException(name + ": expected a vector of shape (" + dim(expectedLength) + ",) or ("
                    + dim(expectedLength) + ", 1), found " + shape.length + "-D shape " + formatShape(shape));
        }
        if (expectedLength >= 0 && shape[0] != expectedLength) {
            throw new FormatException(name + ": expected shape (" + expectedLength + ",), found " + formatShape(shape));
        }
        int length = checkedLength(name, shape[0], formatShape(shape));
        double[] data = new double[length];
        readDoubles(in, name, data, 0, length, 0, length * (long) Double.BYTES);
        return data;
    }

    /**
     * Opens a 2-D C-order float64 file of shape (N, n), one sample a row, for reading in blocks.
     *
     * @param expectedCols required n, or -1 for any
     */
    public static RowReader openRows(InputStream in, String name, long expectedCols) throws IOException {
        Header h = readHeader(in, name);
        checkDtype(h, name);
        long[] shape = h.shape;
        if (shape.length != 2) {
            throw new FormatException(name + ": expected a 2-D array of samples (N, n), found " + shape.length
                    + "-D shape " + formatShape(shape));
        }
        if (expectedCols >= 0 && shape[1] != expectedCols) {
            throw new FormatException(name + ": expected shape (any, " + expectedCols + "), found " + formatShape(shape));
        }
        if (h.fortranOrder && shape[0] > 1 && shape[1] > 1) {
            throw new FormatException(name + ": found fortran_order True, expected C order so that each sample is"
                    + " contiguous (save with np.ascontiguousarray)");
        }
        if (shape[1] > Integer.MAX_VALUE / Double.BYTES) {
            throw new FormatException(name + ": rows of " + shape[1] + " values are too long, expected at most "
                    + Integer.MAX_VALUE / Double.BYTES);
        }
        Math.multiplyExact(Math.multiplyExact(shape[0], shape[1]), (long) Double.BYTES);
        return new RowReader(in, name, shape[0], (int) shape[1]);
    }

    /** {@link #readMatrix(InputStream, String, long, long)} from a local file. */
    public static Matrix readMatrix(Path path, long expectedRows, long expectedCols) throws IOException {
        try (InputStream in = Files.newInputStream(path)) {
            return readMatrix(in, path.toString(), expectedRows, expectedCols);
        }
    }

    /** {@link #readVector(InputStream, String, long)} from a local file. */
    public static double[] readVector(Path path, long expectedLength) throws IOException {
        try (InputStream in = Files.newInputStream(path)) {
            return readVector(in, path.toString(), expectedLength);
        }
    }

    // ---------------------------------------------------------------- writing

    /** Writes a column-major rows×cols matrix as a version 1.0 C-order '&lt;f8' file of shape (rows, cols). */
    public static void writeMatrix(OutputStream out, int rows, int cols, double[] columnMajor) throws IOException {
        new Matrix(rows, cols, columnMajor); // validates the shape against the data length
        writeHeader(out, "(" + rows + ", " + cols + ")");
        if (rows <= 1 || cols <= 1) {
            writeDoubles(out, columnMajor);
            return;
        }
        int rowsPerChunk = Math.max(1, CHUNK_BYTES / (cols * Double.BYTES));
        byte[] bytes = new byte[Math.min(rowsPerChunk, rows) * cols * Double.BYTES];
        DoubleBuffer db = ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN).asDoubleBuffer();
        for (int r0 = 0; r0 < rows; r0 += rowsPerChunk) {
            int r1 = Math.min(rows, r0 + rowsPerChunk);
            db.clear();
            for (int i = r0; i < r1; i++) {
                for (int j = 0; j < cols; j++) {
                    db.put(columnMajor[i + j * rows]);
                }
            }
            out.write(bytes, 0, (r1 - r0) * cols * Double.BYTES);
        }
        out.flush();
    }

    /** Writes a vector as a version 1.0 '&lt;f8' file of shape (k,). */
    public static void writeVector(OutputStream out, double[] v) throws IOException {
        writeHeader(out, "(" + v.length + ",)");
        writeDoubles(out, v);
    }

    /** {@link #writeMatrix(OutputStream, int, int, double[])} to a local file, replacing it. */
    public static void writeMatrix(Path path, int rows, int cols, double[] columnMajor) throws IOException {
        try (OutputStream out = new BufferedOutputStream(Files.newOutputStream(path))) {
            writeMatrix(out, rows, cols, columnMajor);
        }
    }

    /** {@link #writeVector(OutputStream, double[])} to a local file, replacing it. */
    public static void writeVector(Path path, double[] v) throws IOException {
        try (OutputStream out = new BufferedOutputStream(Files.newOutputStream(path))) {
            writeVector(out, v);
        }
    }

    private static void writeHeader(OutputStream out, String shape) throws IOException {
        String dict = "{'descr': '<f8', 'fortran_order': False, 'shape': " + shape + ", }";
        int unpadded = MAGIC.length + 2 + 2 + dict.length() + 1;
        int padding = (ALIGN - unpadded % ALIGN) % ALIGN;
        String header = dict + " ".repeat(padding) + "\n";
        byte[] h = header.getBytes(StandardCharsets.ISO_8859_1);
        ByteBuffer bb = ByteBuffer.allocate(MAGIC.length + 4 + h.length).order(ByteOrder.LITTLE_ENDIAN);
        bb.put(MAGIC).put((byte) 1).put((byte) 0).putShort((short) h.length).put(h);
        out.write(bb.array());
    }

    private static void writeDoubles(OutputStream out, double[] v) throws IOException {
        int chunk = CHUNK_BYTES / Double.BYTES;
        byte[] bytes = new byte[Math.min(chunk, v.length) * Double.BYTES];
        DoubleBuffer db = ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN).asDoubleBuffer();
        for (int off = 0; off < v.length; off += chunk) {
            int n = Math.min(chunk, v.length - off);
            db.clear();
            db.put(v, off, n);
            out.write(bytes, 0, n * Double.BYTES);
        }
        out.flush();
    }

    // ---------------------------------------------------------------- helpers

    private static void checkDtype(Header h, String name) {
        String d = h.descr;
        if (!(d.equals("<f8") || d.equals("|f8") || d.equals("=f8"))) {
            String why = d.equals(">f8") ? " (big-endian)" : "";
            throw new FormatException(name + ": unsupported dtype '" + d + "'" + why
                    + ", expected little-endian float64 '<f8'");
        }
    }

    private static int checkedLength(String name, long values, String shape) {
        if (values > Integer.MAX_VALUE - 8) {
            throw new FormatException(name + ": array of shape " + shape + " has " + values
                    + " values, more than one Java array holds (" + (Integer.MAX_VALUE - 8) + ")");
        }
        return (int) values;
    }

    /** Reads {@code count} little-endian doubles into {@code dest[offset..]}, in chunks of whole bytes. */
    private static void readDoubles(InputStream in, String name, double[] dest, int offset, int count,
                                    long consumedBefore, long totalDataBytes) throws IOException {
        int chunkValues = CHUNK_BYTES / Double.BYTES;
        byte[] bytes = new byte[Math.min(chunkValues, count) * Double.BYTES];
        DoubleBuffer db = ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN).asDoubleBuffer();
        for (int done = 0; done < count; ) {
            int n = Math.min(chunkValues, count - done);
            readData(in, bytes, n * Double.BYTES, name, consumedBefore + done * (long) Double.BYTES, totalDataBytes);
            db.clear();
            db.get(dest, offset + done, n);
            done += n;
        }
    }

    /** C-order (row-major) data into a column-major array, a block of whole rows at a time. */
    private static void readRowMajorAsColumnMajor(InputStream in, String name, int rows, int cols, double[] dest)
            throws IOException {
        long total = (long) rows * cols * Double.BYTES;
        int rowsPerChunk = Math.max(1, CHUNK_BYTES / (cols * Double.BYTES));
        int chunkRows = Math.min(rowsPerChunk, rows);
        byte[] bytes = new byte[chunkRows * cols * Double.BYTES];
        double[] block = new double[chunkRows * cols];
        DoubleBuffer db = ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN).asDoubleBuffer();
        for (int r0 = 0; r0 < rows; r0 += rowsPerChunk) {
            int nr = Math.min(rowsPerChunk, rows - r0);
            readData(in, bytes, nr * cols * Double.BYTES, name, (long) r0 * cols * Double.BYTES, total);
            db.clear();
            db.get(block, 0, nr * cols);
            for (int i = 0; i < nr; i++) {
                int src = i * cols;
                int dst = r0 + i;
                for (int j = 0; j < cols; j++) {
                    dest[dst + j * rows] = block[src + j];
                }
            }
        }
    }

    private static void readData(InputStream in, byte[] bytes, int length, String name, long consumedBefore,
                                 long totalDataBytes) throws IOException {
        int got = readUpTo(in, bytes, 0, length);
        if (got < length) {
            throw truncated(name, consumedBefore + got, totalDataBytes);
        }
    }

    private static FormatException truncated(String name, long got, long total) {
        return new FormatException(name + ": truncated .npy file, ends after " + got + " of " + total + " data bytes");
    }

    /** Reads until {@code length} bytes or the end of the stream; returns the number read. */
    private static int readUpTo(InputStream in, byte[] b, int off, int length) throws IOException {
        int total = 0;
        while (total < length) {
            int n = in.read(b, off + total, length - total);
            if (n < 0) {
                break;
            }
            total += n;
        }
        return total;
    }

    private static String dim(long d) {
        return d >= 0 ? Long.toString(d) : "any";
    }

    static String formatShape(long[] shape) {
        StringJoiner j = new StringJoiner(", ", "(", shape.length == 1 ? ",)" : ")");
        for (long d : shape) {
            j.add(Long.toString(d));
        }
        return j.toString();
    }

    private static String hex(byte[] b, int n) {
        if (n == 0) {
            return "nothing (empty file)";
        }
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < n; i++) {
            sb.append(i == 0 ? "" : " ").append(String.format("%02x", b[i] & 0xff));
        }
        return sb.toString();
    }

    private static String repr(Object value) {
        if (value instanceof String s) {
            return "'" + s + "'";
        }
        if (value instanceof Boolean b) {
            return b ? "True" : "False";
        }
        if (value instanceof List<?> list) {
            StringJoiner j = new StringJoiner(", ", "(", list.size() == 1 ? ",)" : ")");
            list.forEach(v -> j.add(repr(v)));
            return j.toString();
        }
        return String.valueOf(value);
    }

    /**
     * The subset of Python literal syntax NumPy writes in headers: a dict of string keys whose values
     * are strings, True/False, integers, tuples and lists (lists appear in structured dtypes, which are
     * parsed only to be rejected with a readable message).
     */
    private static final class HeaderParser {
        private final String s;
        private final String name;
        private int pos;

        HeaderParser(String s, String name) {
            this.s = s;
            this.name = name;
        }

        Map<String, Object> parseDict() {
            skipSpace();
            expect('{');
            Map<String, Object> dict = new LinkedHashMap<>();
            skipSpace();
            while (peek() != '}') {
                Object key = parseValue();
                if (!(key instanceof String k)) {
                    throw error("a string key");
                }
                skipSpace();
                expect(':');
                dict.put(k, parseValue());
                skipSpace();
                if (peek() == ',') {
                    pos++;
                    skipSpace();
                } else if (peek() != '}') {
                    throw error("',' or '}'");
                }
            }
            pos++;
            skipSpace();
            if (pos != s.length()) {
                throw error("the end of the header");
            }
            return dict;
        }

        private Object parseValue() {
            skipSpace();
            char c = peek();
            if (c == '\'' || c == '"') {
                int end = s.indexOf(c, pos + 1);
                if (end < 0) {
                    throw error("a closing quote");
                }
                String v = s.substring(pos + 1, end);
                pos = end + 1;
                return v;
            }
            if (c == '(' || c == '[') {
                char close = c == '(' ? ')' : ']';
                pos++;
                List<Object> items = new ArrayList<>();
                skipSpace();
                while (peek() != close) {
                    items.add(parseValue());
                    skipSpace();
                    if (peek() == ',') {
                        pos++;
                        skipSpace();
                    } else if (peek() != close) {
                        throw error("',' or '" + close + "'");
                    }
                }
                pos++;
                return items;
            }
            if (s.startsWith("True", pos)) {
                pos += 4;
                return Boolean.TRUE;
            }
            if (s.startsWith("False", pos)) {
                pos += 5;
                return Boolean.FALSE;
            }
            if (Character.isDigit(c) || c == '-') {
                int start = pos;
                pos++;
                while (pos < s.length() && Character.isDigit(s.charAt(pos))) {
                    pos++;
                }
                String digits = s.substring(start, pos);
                if (pos < s.length() && s.charAt(pos) == 'L') {
                    pos++; // Python 2 wrote long integers as 3L.
                }
                try {
                    return Long.parseLong(digits);
                } catch (NumberFormatException e) {
                    throw error("an integer that fits in 64 bits");
                }
            }
            throw error("a string, True, False, an integer or a tuple");
        }

        private void skipSpace() {
            while (pos < s.length() && Character.isWhitespace(s.charAt(pos))) {
                pos++;
            }
        }

        private char peek() {
            if (pos >= s.length()) {
                throw error("more header text");
            }
            return s.charAt(pos);
        }

        private void expect(char c) {
            if (peek() != c) {
                throw error("'" + c + "'");
            }
            pos++;
        }

        private FormatException error(String expected) {
            String found = pos < s.length() ? "'" + s.charAt(pos) + "'" : "the end";
            return new FormatException(name + ": malformed .npy header at character " + pos + ": found " + found
                    + ", expected " + expected + " in " + s.strip());
        }
    }
}
