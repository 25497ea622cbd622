package aedyn.data;

import jdk.jfr.Recording;
import jdk.jfr.consumer.RecordedEvent;
import jdk.jfr.consumer.RecordingFile;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FSDataInputStream;
import org.apache.hadoop.fs.FSDataOutputStream;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.apache.hadoop.io.nativeio.NativeIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.util.List;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeFalse;

class HadoopFilesTest {
    @TempDir
    java.nio.file.Path dir;

    private final Configuration conf = new Configuration();

    private String read(java.nio.file.Path file) throws IOException {
        // through Hadoop's checksummed local file system, as the study's readers do
        Path p = new Path(file.toUri());
        try (FSDataInputStream in = p.getFileSystem(conf).open(p)) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }

    private List<String> names(java.nio.file.Path d) throws IOException {
        try (Stream<java.nio.file.Path> s = Files.list(d)) {
            return s.map(f -> f.getFileName().toString()).sorted().toList();
        }
    }

    @Test
    void replacesAFileHadoopWroteWithItsChecksumAndReadsBack() throws IOException {
        java.nio.file.Path file = dir.resolve("metrics.csv");
        Path p = new Path(file.toUri());
        try (FSDataOutputStream out = p.getFileSystem(conf).create(p, true)) {
            out.write("old\n".getBytes(StandardCharsets.UTF_8));
        }
        assertEquals(List.of(".metrics.csv.crc", "metrics.csv"), names(dir));
        HadoopFiles.writeText(file.toUri().toString(), conf, "iteration,loss\n0,1.5\n");
        // a stale .crc would make this read fail its checksum
        assertEquals("iteration,loss\n0,1.5\n", read(file));
        assertEquals(List.of("metrics.csv"), names(dir));
    }

    @Test
    void makesTheDirectoriesAboveAFile() throws IOException {
        java.nio.file.Path file = dir.resolve("runs/a=1/b.npy");
        HadoopFiles.writeAtomically(file.toString(), conf, out -> out.write(new byte[]{1, 2, 3}));
        assertEquals(3, Files.size(file));
        HadoopFiles.mkdirs(FileSystem.getLocal(conf), new Path(dir.resolve("plots/x").toUri()));
        assertTrue(Files.isDirectory(dir.resolve("plots/x")));
        Files.writeString(dir.resolve("plots/y"), "a file");
        IOException e = assertThrows(IOException.class,
                () -> HadoopFiles.mkdirs(FileSystem.getLocal(conf), new Path(dir.resolve("plots/y").toUri())));
        assertTrue(e.getMessage().endsWith("plots/y exists and is not a directory"), e.getMessage());
    }

    @Test
    void aFailedWriteLeavesTheTargetAsItWasAndNoTemporaryFile() throws IOException {
        java.nio.file.Path file = dir.resolve("run.json");
        HadoopFiles.writeText(file.toString(), conf, "{\"status\": \"finished\"}");
        IOException e = assertThrows(IOException.class, () -> HadoopFiles.writeAtomically(file.toString(), conf, out -> {
            out.write("{\"sta".getBytes(StandardCharsets.UTF_8));
            throw new IOException("disk full");
        }));
        assertTrue(e.getMessage().contains(file.toString()) && e.getMessage().contains("disk full"), e.getMessage());
        assertEquals("{\"status\": \"finished\"}", read(file));
        assertEquals(List.of("run.json"), names(dir));
    }

    /** The reason for the local path: no process is started per file (Hadoop's local file system starts chmod). */
    @Test
    void localWritesStartNoProcess() throws Exception {
        assumeFalse(NativeIO.isAvailable(), "Hadoop's native library sets permissions without a process");
        FileSystem local = FileSystem.getLocal(conf);
        int ours = processesStarted(() -> {
            for (int i = 0; i < 5; i++) {
                HadoopFiles.writeText(dir.resolve("ours/run" + i + "/metrics.csv").toString(), conf, "x\n");
            }
            HadoopFiles.mkdirs(local, new Path(dir.resolve("ours/plots").toUri()));
        });
        // the detector itself: Hadoop's own create of the same files does start processes
        int hadoops = processesStarted(() -> {
            for (int i = 0; i < 5; i++) {
                try (FSDataOutputStream out = local.create(new Path(dir.resolve("hadoop/run" + i + "/metrics.csv").toUri()), true)) {
                    out.write('x');
                }
            }
        });
        assertEquals(0, ours);
        assertTrue(hadoops >= 5, "Hadoop's local create started " + hadoops + " processes");
        assertFalse(Files.exists(dir.resolve("ours/run0/.metrics.csv.crc")));
    }

    @FunctionalInterface
    private interface Work {
        void run() throws IOException;
    }

    private int processesStarted(Work work) throws IOException {
        java.nio.file.Path jfr = Files.createTempFile(dir, "processes", ".jfr");
        try (Recording r = new Recording()) {
            r.enable("jdk.ProcessStart");
            r.start();
            work.run();
            r.stop();
            r.dump(jfr);
        }
        int n = 0;
        for (RecordedEvent e : RecordingFile.readAllEvents(jfr)) {
            if (e.getEventType().getName().equals("jdk.ProcessStart")) n++;
        }
        Files.delete(jfr);
        return n;
    }
}
