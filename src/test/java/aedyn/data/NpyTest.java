package aedyn.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;

import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;
import org.junit.jupiter.api.io.TempDir;

class NpyTest {

    /** The interpreter; AEDYN_PYTHON overrides it for machines where numpy lives elsewhere. */
    private static final String PYTHON = System.getenv().getOrDefault("AEDYN_PYTHON", "python3");
    private static Boolean numpyAvailable;

    /** Python prelude: hexdump writes float.hex of every value in C order, so the comparison is bit-exact. */
    private static final String PRELUDE = """
            import numpy as np
            def hexdump(path, a):
                with open(path, 'w') as f:
                    f.write('\\n'.join(float(x).hex() for x in np.asarray(a, dtype=np.float64).ravel(order='C')))
            rng = np.random.default_rng(20240611)
            """;

    @TempDir
    Path dir;

    // ------------------------------------------------------------ round trips in Java

    @Test
    void matrixRoundTripKeepsEveryBit() throws IOException {
        int rows = 7;
        int cols = 5;
        double[] a = randomValues(rows * cols, 1);
        a[0] = -0.0;
        a[3] = Double.NaN;
        a[8] = Double.POSITIVE_INFINITY;
        a[11] = Double.MIN_VALUE;
        a[20] = -Double.MAX_VALUE;
        byte[] bytes = write(out -> Npy.writeMatrix(out, rows, cols, a));

        Npy.Matrix m = Npy.readMatrix(new ByteArrayInputStream(bytes), "mem.npy", rows, cols);
        assertEquals(rows, m.rows());
        assertEquals(cols, m.cols());
        assertBitsEqual(a, m.columnMajor());
    }

    @Test
    void writtenHeaderIsVersion1AlignedAndCOrder() throws IOException {
        byte[] bytes = write(out -> Npy.writeMatrix(out, 2, 3, new double[6]));
        assertEquals((byte) 0x93, bytes[0]);
        assertEquals("NUMPY", new String(bytes, 1, 5, StandardCharsets.ISO_8859_1));
        assertEquals(1, bytes[6]);
        assertEquals(0, bytes[7]);
        int headerLength = (bytes[8] & 0xff) | (bytes[9] & 0xff) << 8;
        assertEquals(0, (10 + headerLength) % 64, "data must start on a 64-byte boundary");
        assertEquals('\n', bytes[10 + headerLength - 1]);
        assertEquals(10 + headerLength + 6 * 8, bytes.length);
        Npy.Header h = Npy.readHeader(new ByteArrayInputStream(bytes), "mem.npy");
        assertEquals("<f8", h.descr());
        assertFalse(h.fortranOrder());
        assertArrayEquals(new long[] {2, 3}, h.shape());
        assertEquals(10 + headerLength, h.dataOffset());
    }

    @Test
    void writtenMatrixIsRowMajorOnDisk() throws IOException {
        // Column-major [[1, 2, 3], [4, 5, 6]] is 1 4 2 5 3 6; on disk C order must give 1 2 3 4 5 6.
        byte[] bytes = write(out -> Npy.writeMatrix(out, 2, 3, new double[] {1, 4, 2, 5, 3, 6}));
        long offset = Npy.readHeader(new ByteArrayInputStream(bytes), "mem.npy").dataOffset();
        double[] disk = new double[6];
        ByteBuffer.wrap(bytes, (int) offset, 48).order(ByteOrder.LITTLE_ENDIAN).asDoubleBuffer().get(disk);
        assertArrayEquals(new double[] {1, 2, 3, 4, 5, 6}, disk);
    }

    @Test
    void largeMatrixRoundTripSpansSeveralChunks() throws IOException {
        int rows = 300;
        int cols = 600; // 1.44 MB of data, more than one 1 MB chunk
        double[] a = randomValues(rows * cols, 2);
        Path file = dir.resolve("large.npy");
        Npy.writeMatrix(file, rows, cols, a);
        assertBitsEqual(a, Npy.readMatrix(file, rows, cols).columnMajor());
    }

    @Test
    void vectorAndDegenerateShapesRoundTrip() throws IOException {
        double[] v = randomValues(9, 3);
        assertBitsEqual(v, Npy.readVector(new ByteArrayInputStream(write(out -> Npy.writeVector(out, v))), "v.npy", 9));

        Npy.Matrix asColumn = Npy.readMatrix(new ByteArrayInputStream(write(out -> Npy.writeVector(out, v))),
                "v.npy", 9, 1);
        assertEquals(1, asColumn.cols());
        assertBitsEqual(v, asColumn.columnMajor());

        for (int[] shape : new int[][] {{0, 3}, {3, 0}, {1, 4}, {4, 1}, {0, 0}}) {
            double[] a = randomValues(shape[0] * shape[1], 4);
            byte[] bytes = write(out -> Npy.writeMatrix(out, shape[0], shape[1], a));
            Npy.Matrix m = Npy.readMatrix(new ByteArrayInputStream(bytes), "deg.npy", shape[0], shape[1]);
            assertEquals(shape[0], m.rows());
            assertEquals(shape[1], m.cols());
            assertBitsEqual(a, m.columnMajor());
        }
        assertEquals(0, Npy.readVector(new ByteArrayInputStream(write(out -> Npy.writeVector(out, new double[0]))),
                "empty.npy", 0).length);
    }

    @Test
    void readerConsumesExactlyOneFileFromALongerStream() throws IOException {
        byte[] first = write(out -> Npy.writeMatrix(out, 2, 2, new double[] {1, 2, 3, 4}));
        byte[] second = write(out -> Npy.writeVector(out, new double[] {5, 6}));
        byte[] both = Arrays.copyOf(first, first.length + second.length);
        System.arraycopy(second, 0, both, first.length, second.length);
        InputStream in = new ByteArrayInputStream(both);
        assertArrayEquals(new double[] {1, 2, 3, 4}, Npy.readMatrix(in, "both", 2, 2).columnMajor());
        assertArrayEquals(new double[] {5, 6}, Npy.readVector(in, "both", 2));
    }

    @Test
    void littleEndianAliasesOfFloat64AreAccepted() throws IOException {
        for (String descr : List.of("|f8", "=f8", "<f8")) {
            byte[] bytes = craft(1, "{'descr': '" + descr + "', 'fortran_order': False, 'shape': (2,), }",
                    doubles(1.5, -2.25));
            assertArrayEquals(new double[] {1.5, -2.25}, Npy.readVector(new ByteArrayInputStream(bytes), "alias.npy", 2));
        }
    }

    @Test
    void headerParserAcceptsPythonVariants() throws IOException {
        // Double quotes, no trailing comma, Python 2 long integers, other key order, version 2.0 length field.
        byte[] bytes = craft(2, "{\"shape\": (2L, 1L), \"fortran_order\": True, \"descr\": \"<f8\"}", doubles(7, 8));
        Npy.Matrix m = Npy.readMatrix(new ByteArrayInputStream(bytes), "py2.npy", 2, 1);
        assertArrayEquals(new double[] {7, 8}, m.columnMajor());
    }

    // ------------------------------------------------------------ files NumPy wrote

    @Test
    void readsNumpyCOrderMatrix() throws IOException {
        python("""
                a = rng.standard_normal((6, 4))
                np.save('c.npy', a); hexdump('c.txt', a)
                """);
        Npy.Header h = header("c.npy");
        assertFalse(h.fortranOrder());
        assertMatrixEquals(6, 4, readHex("c.txt"), Npy.readMatrix(dir.resolve("c.npy"), 6, 4));
        assertMatrixEquals(6, 4, readHex("c.txt"), Npy.readMatrix(dir.resolve("c.npy"), -1, -1));
    }

    @Test
    void readsNumpyFortranOrderMatrix() throws IOException {
        python("""
                a = np.asfortranarray(rng.standard_normal((5, 3)))
                np.save('f.npy', a); hexdump('f.txt', a)
                """);
        assertTrue(header("f.npy").fortranOrder(), "numpy should have written fortran_order True");
        assertMatrixEquals(5, 3, readHex("f.txt"), Npy.readMatrix(dir.resolve("f.npy"), 5, 3));
    }

    @Test
    void readsNumpyVectors() throws IOException {
        python("""
                v = rng.standard_normal(7)
                np.save('v.npy', v); np.save('col.npy', v.reshape(7, 1)); hexdump('v.txt', v)
                """);
        double[] expected = readHex("v.txt");
        assertBitsEqual(expected, Npy.readVector(dir.resolve("v.npy"), 7));
        assertBitsEqual(expected, Npy.readVector(dir.resolve("col.npy"), 7));
        assertBitsEqual(expected, Npy.readVector(dir.resolve("v.npy"), -1));
        assertMatrixEquals(7, 1, expected, Npy.readMatrix(dir.resolve("v.npy"), 7, 1));
    }

    @Test
    void readsNumpyHeaderVersions2And3() throws IOException {
        python("""
                a = rng.standard_normal((4, 3))
                for v in (2, 3):
                    with open('v%d.npy' % v, 'wb') as f:
                        np.lib.format.write_array(f, a, version=(v, 0))
                    with open('vf%d.npy' % v, 'wb') as f:
                        np.lib.format.write_array(f, np.asfortranarray(a), version=(v, 0))
                hexdump('a.txt', a)
                """);
        for (int v : new int[] {2, 3}) {
            assertEquals(v, header("v" + v + ".npy").major());
            assertMatrixEquals(4, 3, readHex("a.txt"), Npy.readMatrix(dir.resolve("v" + v + ".npy"), 4, 3));
            assertMatrixEquals(4, 3, readHex("a.txt"), Npy.readMatrix(dir.resolve("vf" + v + ".npy"), 4, 3));
        }
    }

    @Test
    void rowReaderStreamsNumpySamplesAsColumns() throws IOException {
        python("""
                y = rng.standard_normal((10, 4))
                np.save('y.npy', y); hexdump('y.txt', y)
                """);
        double[] rowMajor = readHex("y.txt");
        try (InputStream in = Files.newInputStream(dir.resolve("y.npy"))) {
            Npy.RowReader reader = Npy.openRows(in, "y.npy", 4);
            assertEquals(10, reader.rows());
            assertEquals(4, reader.cols());
            double[] block = new double[3 * 4];
            int row = 0;
            for (int count : new int[] {3, 3, 3, 1}) {
                reader.readRows(block, count);
                for (int j = 0; j < count; j++) {
                    for (int i = 0; i < 4; i++) {
                        // sample j of the block is column j of a 4×count column-major matrix
                        assertEquals(Double.doubleToRawLongBits(rowMajor[(row + j) * 4 + i]),
                                Double.doubleToRawLongBits(block[i + j * 4]), "sample " + (row + j) + " entry " + i);
                    }
                }
                row += count;
            }
            assertEquals(0, reader.remaining());
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> reader.readRows(block, 1));
            assertTrue(e.getMessage().contains("y.npy") && e.getMessage().contains("0 of 10 remain"), e.getMessage());
        }
        try (InputStream in = Files.newInputStream(dir.resolve("y.npy"))) {
            Npy.RowReader reader = Npy.openRows(in, "y.npy", -1);
            reader.skipRows(7);
            double[] block = new double[2 + 3 * 4];
            reader.readRows(block, 2, 3); // at an offset, rows 7..9
            assertBitsEqual(Arrays.copyOfRange(rowMajor, 28, 40), Arrays.copyOfRange(block, 2, 14));
        }
    }

    // ------------------------------------------------------------ files we wrote, read by NumPy

    @Test
    void numpyReadsOurFiles() throws IOException {
        int rows = 6;
        int cols = 3;
        double[] a = randomValues(rows * cols, 5);
        double[] v = randomValues(4, 6);
        Npy.writeMatrix(dir.resolve("ours.npy"), rows, cols, a);
        Npy.writeVector(dir.resolve("ours_v.npy"), v);
        // Expected values in C order as Java hex literals, which float.fromhex reads.
        StringBuilder hex = new StringBuilder();
        for (int i = 0; i < rows; i++) {
            for (int j = 0; j < cols; j++) {
                hex.append(Double.toHexString(a[i + j * rows])).append('\n');
            }
        }
        Files.writeString(dir.resolve("ours.txt"), hex);
        Files.writeString(dir.resolve("ours_v.txt"),
                Arrays.stream(v).mapToObj(Double::toHexString).collect(Collectors.joining("\n")));

        String out = python("""
                def expect(path, shape):
                    vals = [float.fromhex(s) for s in open(path).read().split()]
                    return np.array(vals, dtype=np.float64).reshape(shape)
                with open('ours.npy', 'rb') as f:
                    assert np.lib.format.read_magic(f) == (1, 0)
                a = np.load('ours.npy', allow_pickle=False)
                assert a.dtype == np.dtype('<f8'), a.dtype
                assert a.shape == (6, 3), a.shape
                assert a.flags['C_CONTIGUOUS']
                assert np.array_equal(a, expect('ours.txt', (6, 3))), a
                v = np.load('ours_v.npy', allow_pickle=False)
                assert v.shape == (4,) and v.dtype == np.dtype('<f8'), (v.shape, v.dtype)
                assert np.array_equal(v, expect('ours_v.txt', (4,))), v
                print('numpy agrees')
                """);
        assertTrue(out.contains("numpy agrees"), out);
    }

    // ------------------------------------------------------------ errors

    @Test
    void rejectsAFileWithoutTheMagicString() throws IOException {
        Path zip = dir.resolve("archive.npz");
        Files.write(zip, new byte[] {'P', 'K', 3, 4, 20, 0, 0, 0, 8, 0});
        String msg = failure(() -> Npy.readMatrix(zip, -1, -1));
        assertContains(msg, zip.toString(), "not a .npy file", "50 4b 03 04");

        Path empty = dir.resolve("empty.npy");
        Files.write(empty, new byte[0]);
        assertContains(failure(() -> Npy.readVector(empty, -1)), empty.toString(), "not a .npy file", "empty file");
    }

    @Test
    void rejectsFloat32AndBigEndian() throws IOException {
        python("""
                np.save('f4.npy', np.zeros((3, 2), dtype=np.float32))
                np.save('be.npy', np.zeros((3, 2), dtype='>f8'))
                np.save('i8.npy', np.zeros(3, dtype='<i8'))
                """);
        Path f4 = dir.resolve("f4.npy");
        assertContains(failure(() -> Npy.readMatrix(f4, 3, 2)), f4.toString(), "unsupported dtype", "'<f4'", "'<f8'");
        Path be = dir.resolve("be.npy");
        assertContains(failure(() -> Npy.readMatrix(be, 3, 2)), be.toString(), "'>f8'", "big-endian", "'<f8'");
        Path i8 = dir.resolve("i8.npy");
        assertContains(failure(() -> Npy.readVector(i8, 3)), i8.toString(), "'<i8'", "'<f8'");
        try (InputStream in = Files.newInputStream(f4)) {
            assertContains(failure(() -> Npy.openRows(in, f4.toString(), 2)), f4.toString(), "'<f4'");
        }
    }

    @Test
    void rejectsWrongNumberOfDimensions() throws IOException {
        python("""
                np.save('cube.npy', np.zeros((2, 3, 4)))
                np.save('m.npy', np.zeros((3, 4)))
                np.save('s.npy', np.float64(1.0))
                """);
        Path cube = dir.resolve("cube.npy");
        assertContains(failure(() -> Npy.readMatrix(cube, -1, -1)), cube.toString(), "2-D", "3-D", "(2, 3, 4)");
        Path m = dir.resolve("m.npy");
        assertContains(failure(() -> Npy.readVector(m, 3)), m.toString(), "(3,)", "2-D", "(3, 4)");
        Path s = dir.resolve("s.npy");
        assertContains(failure(() -> Npy.readMatrix(s, -1, -1)), s.toString(), "0-D", "()");
        try (InputStream in = Files.newInputStream(cube)) {
            assertContains(failure(() -> Npy.openRows(in, cube.toString(), -1)), cube.toString(), "3-D", "(2, 3, 4)");
        }
    }

    @Test
    void rejectsWrongShape() throws IOException {
        python("""
                np.save('mnist.npy', np.zeros((1000, 783)))
                np.save('b.npy', np.zeros(4))
                """);
        Path mnist = dir.resolve("mnist.npy");
        assertContains(failure(() -> Npy.readMatrix(mnist, 1000, 784)), mnist.toString(),
                "expected shape (1000, 784), found (1000, 783)");
        assertContains(failure(() -> Npy.readMatrix(mnist, 999, -1)), mnist.toString(),
                "expected shape (999, any), found (1000, 783)");
        try (InputStream in = Files.newInputStream(mnist)) {
            assertContains(failure(() -> Npy.openRows(in, mnist.toString(), 784)), mnist.toString(),
                    "expected shape (any, 784), found (1000, 783)");
        }
        Path b = dir.resolve("b.npy");
        assertContains(failure(() -> Npy.readVector(b, 5)), b.toString(), "expected shape (5,), found (4,)");
    }

    @Test
    void rejectsTruncatedData() throws IOException {
        python("np.save('full.npy', rng.standard_normal((3, 4)))\n");
        byte[] full = Files.readAllBytes(dir.resolve("full.npy"));
        long offset = header("full.npy").dataOffset();
        Path cut = dir.resolve("cut.npy");
        Files.write(cut, Arrays.copyOf(full, (int) offset + 50));
        assertContains(failure(() -> Npy.readMatrix(cut, 3, 4)), cut.toString(), "ends after 50 of 96 data bytes");
        assertContains(failure(() -> Npy.readVector(dir.resolve("cut.npy"), -1)), "2-D"); // shape is checked first

        // A cut past the first 1 MB chunk: the count must include the chunks already read.
        double[] big = randomValues(300 * 600, 7);
        byte[] bigBytes = write(out -> Npy.writeMatrix(out, 300, 600, big));
        long bigOffset = Npy.readHeader(new ByteArrayInputStream(bigBytes), "big").dataOffset();
        Path bigCut = dir.resolve("big_cut.npy");
        Files.write(bigCut, Arrays.copyOf(bigBytes, (int) bigOffset + 1_200_000));
        assertContains(failure(() -> Npy.readMatrix(bigCut, 300, 600)), bigCut.toString(),
                "ends after 1200000 of 1440000 data bytes");

        // The row reader counts from the start of the data, across calls and skips.
        try (InputStream in = Files.newInputStream(cut)) {
            Npy.RowReader reader = Npy.openRows(in, cut.toString(), 4);
            reader.readRows(new double[4], 1);
            assertContains(failure(() -> reader.readRows(new double[8], 2)), cut.toString(),
                    "ends after 50 of 96 data bytes");
        }
        try (InputStream in = Files.newInputStream(cut)) {
            Npy.RowReader reader = Npy.openRows(in, cut.toString(), 4);
            assertContains(failure(() -> reader.skipRows(3)), cut.toString(), "ends after 50 of 96 data bytes");
        }
    }

    @Test
    void rejectsTruncatedOrMalformedHeaders() throws IOException {
        byte[] good = write(out -> Npy.writeVector(out, new double[] {1, 2}));
        Path shortHeader = dir.resolve("short_header.npy");
        Files.write(shortHeader, Arrays.copyOf(good, 30));
        assertContains(failure(() -> Npy.readVector(shortHeader, 2)), shortHeader.toString(),
                "ends inside the .npy header", "after 20 of 118 header bytes");

        Path v4 = dir.resolve("v4.npy");
        byte[] future = good.clone();
        future[6] = 4;
        Files.write(v4, future);
        assertContains(failure(() -> Npy.readVector(v4, 2)), v4.toString(), "version 4.0", "1.0, 2.0 or 3.0");

        Path garbled = dir.resolve("garbled.npy");
        Files.write(garbled, craft(1, "{'descr': '<f8', 'fortran_order': Maybe, 'shape': (2,), }", doubles(1, 2)));
        assertContains(failure(() -> Npy.readVector(garbled, 2)), garbled.toString(), "malformed .npy header");

        Path missing = dir.resolve("missing.npy");
        Files.write(missing, craft(1, "{'descr': '<f8', 'shape': (2,), }", doubles(1, 2)));
        assertContains(failure(() -> Npy.readVector(missing, 2)), missing.toString(), "no 'fortran_order' entry");

        Path structured = dir.resolve("structured.npy");
        Files.write(structured, craft(1,
                "{'descr': [('x', '<f8'), ('y', '<f8')], 'fortran_order': False, 'shape': (1,), }", doubles(1, 2)));
        assertContains(failure(() -> Npy.readVector(structured, 1)), structured.toString(), "unsupported dtype",
                "('x', '<f8')", "'<f8'");
    }

    @Test
    void rowReaderRejectsFortranOrder() throws IOException {
        python("np.save('fy.npy', np.asfortranarray(rng.standard_normal((5, 3))))\n");
        try (InputStream in = Files.newInputStream(dir.resolve("fy.npy"))) {
            assertContains(failure(() -> Npy.openRows(in, "fy.npy", 3)), "fy.npy", "fortran_order True",
                    "expected C order");
        }
    }

    @Test
    void writerRejectsDataOfTheWrongLength() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> Npy.writeMatrix(new ByteArrayOutputStream(), 2, 3, new double[5]));
        assertContains(e.getMessage(), "6", "5");
    }

    // ------------------------------------------------------------ helpers

    private interface Writer {
        void write(ByteArrayOutputStream out) throws IOException;
    }

    private static byte[] write(Writer w) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        w.write(out);
        return out.toByteArray();
    }

    /** A .npy file with an arbitrary header text, for headers NumPy would never write. */
    private static byte[] craft(int major, String dict, byte[] data) {
        byte[] h = (dict + "\n").getBytes(StandardCharsets.ISO_8859_1);
        int lengthBytes = major == 1 ? 2 : 4;
        ByteBuffer bb = ByteBuffer.allocate(8 + lengthBytes + h.length + data.length).order(ByteOrder.LITTLE_ENDIAN);
        bb.put((byte) 0x93).put("NUMPY".getBytes(StandardCharsets.ISO_8859_1)).put((byte) major).put((byte) 0);
        if (major == 1) {
            bb.putShort((short) h.length);
        } else {
            bb.putInt(h.length);
        }
        return bb.put(h).put(data).array();
    }

    private static byte[] doubles(double... v) {
        ByteBuffer bb = ByteBuffer.allocate(v.length * 8).order(ByteOrder.LITTLE_ENDIAN);
        for (double x : v) {
            bb.putDouble(x);
        }
        return bb.array();
    }

    private static double[] randomValues(int n, long seed) {
        SplittableRandom r = new SplittableRandom(seed);
        double[] a = new double[n];
        for (int i = 0; i < n; i++) {
            a[i] = r.nextGaussian() * Math.pow(10, r.nextInt(-5, 6));
        }
        return a;
    }

    private Npy.Header header(String file) throws IOException {
        try (InputStream in = Files.newInputStream(dir.resolve(file))) {
            return Npy.readHeader(in, file);
        }
    }

    private double[] readHex(String file) throws IOException {
        return Files.readAllLines(dir.resolve(file)).stream().filter(s -> !s.isBlank())
                .mapToDouble(Double::parseDouble).toArray();
    }

    private static void assertMatrixEquals(int rows, int cols, double[] rowMajor, Npy.Matrix m) {
        assertEquals(rows, m.rows());
        assertEquals(cols, m.cols());
        assertEquals(rows * cols, rowMajor.length);
        for (int i = 0; i < rows; i++) {
            for (int j = 0; j < cols; j++) {
                assertEquals(Double.doubleToRawLongBits(rowMajor[i * cols + j]),
                        Double.doubleToRawLongBits(m.get(i, j)), "element (" + i + ", " + j + ")");
            }
        }
    }

    private static void assertBitsEqual(double[] expected, double[] actual) {
        assertEquals(expected.length, actual.length, "length");
        for (int i = 0; i < expected.length; i++) {
            assertEquals(Double.doubleToRawLongBits(expected[i]), Double.doubleToRawLongBits(actual[i]),
                    "value " + i + ": expected " + expected[i] + ", found " + actual[i]);
        }
    }

    private static String failure(Executable call) {
        return assertThrows(Npy.FormatException.class, call).getMessage();
    }

    private static void assertContains(String message, String... parts) {
        for (String part : parts) {
            assertTrue(message.contains(part), "message should contain \"" + part + "\": " + message);
        }
    }

    private static synchronized boolean numpyAvailable() {
        if (numpyAvailable == null) {
            try {
                Process p = new ProcessBuilder(PYTHON, "-c", "import numpy").redirectErrorStream(true).start();
                p.getInputStream().readAllBytes();
                numpyAvailable = p.waitFor(60, TimeUnit.SECONDS) && p.exitValue() == 0;
            } catch (IOException e) {
                numpyAvailable = false;
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                numpyAvailable = false;
            }
        }
        return numpyAvailable;
    }

    /** Runs the prelude plus {@code body} in the temp dir; skips the test if numpy is missing. */
    private String python(String body) throws IOException {
        Assumptions.assumeTrue(numpyAvailable(), PYTHON + " with numpy is not available");
        Path script = dir.resolve("script.py");
        Files.writeString(script, PRELUDE + body);
        Process p = new ProcessBuilder(PYTHON, script.toString()).directory(dir.toFile()).redirectErrorStream(true)
                .start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        try {
            if (!p.waitFor(120, TimeUnit.SECONDS)) {
                p.destroyForcibly();
                fail("python timed out: " + out);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            fail("interrupted waiting for python");
        }
        if (p.exitValue() != 0) {
            fail("python failed (exit " + p.exitValue() + "):\n" + body + "\n" + out);
        }
        return out;
    }
}
