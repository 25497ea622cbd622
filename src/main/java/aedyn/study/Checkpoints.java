package aedyn.study;

import aedyn.data.HadoopFiles;
import aedyn.data.Npy;
import aedyn.model.Parameters;
import aedyn.report.Json;
import aedyn.train.Checkpointer;
import aedyn.train.LearningCurveRow;
import aedyn.train.TrainingState;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;
import org.apache.hadoop.conf.Configuration;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.function.DoubleSupplier;
import java.util.zip.CRC32;

/**
 * A run's checkpoint in runs/NAME/checkpoint/: for iteration s, each weight matrix as NAME-s.npy (W, or V and U),
 * b-s.npy, the starting matrices as NAME0-s.npy (movement is measured from them), and rows-s.csv (every
 * learning-curve row so far, full precision); then state.json naming them, written last. Every file is written atomically
 * (temporary name, rename), and the files of the previous checkpoint are deleted only once the new state.json is
 * in place, so a crash at any moment leaves state.json pointing at whole files. state.json records each file's length
 * and CRC32, so that a file damaged later is found even where its format would still parse ({@link #load}); the
 * checkpoint before it stays, named by previous.json, for --resume to fall back to when the last is damaged.
 *
 * <p>A checkpoint is due every {@code every} iterations, but no sooner than {@code intervalSeconds} of wall time
 * after the run started here or last saved: a run that takes seconds is cheaper to run again than to save.
 */
final class Checkpoints implements Checkpointer {
    static final String DIR = "checkpoint";
    private static final String STATE = "state.json";
    /** The state of the checkpoint before the last, kept with its files: what a damaged last checkpoint falls back to. */
    private static final String PREVIOUS = "previous.json";
    private final String dir;
    private final String runName;
    private final int n;
    private final int m;
    private final int every;
    private final long intervalNanos;
    private long lastNanos = System.nanoTime();
    private final Configuration hadoop;
    private final DoubleSupplier wallSeconds;

    /** {@code wallSeconds}: the run's wall time so far, earlier sessions included. */
    Checkpoints(String runDir, String runName, int n, int m, int every, double intervalSeconds, Configuration hadoop,
                DoubleSupplier wallSeconds) {
        this.dir = runDir + "/" + DIR;
        this.runName = runName;
        this.n = n;
        this.m = m;
        this.every = every;
        this.intervalNanos = (long) (intervalSeconds * 1e9);
        this.hadoop = hadoop;
        this.wallSeconds = wallSeconds;
    }

    @Override
    public int every() {
        return every;
    }

    @Override
    public boolean isDue(int iteration) {
        return Checkpointer.super.isDue(iteration) && System.nanoTime() - lastNanos >= intervalNanos;
    }

    /**
     * state.json: the run, the iteration, each array's file (W, or V and U, then b, then the starting matrices), the
     * rows' file, the wall time so far and each file's length and CRC32; written by Jackson in this order and read
     * back into this record (a checkpoint saved before checksums has none).
     */
    @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
    record State(String run, int iteration, Map<String, String> arrays, String rows, Double wallSeconds,
                 @JsonInclude(JsonInclude.Include.NON_NULL) Map<String, Check> checks) {
    }

    /** A file's length and CRC32, as state.json and a run's _SUCCESS record them. */
    record Check(long bytes, long crc32) {
        static Check of(byte[] bytes) {
            return new Check(bytes.length, Checkpoints.crc32(bytes));
        }
    }

    @Override
    public void save(TrainingState state) {
        String tag = String.format(Locale.ROOT, "%08d", state.iteration());
        try {
            Map<String, double[]> arrays = new LinkedHashMap<>();
            state.current().matrices().forEach(arrays::put);
            arrays.put("b", state.current().b());
            state.initial().matrices().forEach((name, a) -> arrays.put(name + "0", a));
            Map<String, String> files = new LinkedHashMap<>();
            Map<String, Check> checks = new LinkedHashMap<>();
            for (Map.Entry<String, double[]> e : arrays.entrySet()) {
                String file = e.getKey() + "-" + tag + ".npy";
                double[] a = e.getValue();
                java.io.ByteArrayOutputStream bytes = new java.io.ByteArrayOutputStream();
                if ("b".equals(e.getKey())) Npy.writeVector(bytes, a); else Npy.writeMatrix(bytes, n, m, a);
                write(file, bytes.toByteArray(), checks);
                files.put(e.getKey(), file);
            }
            String rows = "rows-" + tag + ".csv";
            write(rows, MetricColumns.covering(state.rows()).csv(state.rows()).getBytes(StandardCharsets.UTF_8), checks);
            State json = new State(runName, state.iteration(), files, rows, wallSeconds.getAsDouble(), checks);
            Set<String> keep = new java.util.HashSet<>(files.values());
            keep.add(rows);
            keep.add(STATE);
            // the last checkpoint becomes the previous one, kept whole until the next save
            if (HadoopFiles.exists(dir + "/" + STATE, hadoop)) {
                String last = HadoopFiles.readText(dir + "/" + STATE, hadoop);
                try {
                    State previous = Json.read(last, State.class);
                    if (previous.iteration() != state.iteration() && previous.arrays() != null && previous.rows() != null) {
                        HadoopFiles.writeText(dir + "/" + PREVIOUS, hadoop, last);
                        keep.add(PREVIOUS);
                        keep.addAll(previous.arrays().values());
                        keep.add(previous.rows());
                    }
                } catch (RuntimeException damaged) {
                    // a last state that does not parse is no checkpoint to fall back to
                }
            }
            HadoopFiles.writeText(dir + "/" + STATE, hadoop, Json.write(json));
            for (String name : HadoopFiles.list(dir, hadoop)) {
                if (!keep.contains(name)) HadoopFiles.delete(dir + "/" + name, hadoop, false);
            }
            lastNanos = System.nanoTime();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write the checkpoint of run " + runName + " at iteration "
                    + state.iteration() + " to " + dir, e);
        }
    }

    /** Writes one file of the checkpoint and records its length and CRC32 in {@code checks}. */
    private void write(String file, byte[] bytes, Map<String, Check> checks) throws IOException {
        HadoopFiles.writeAtomically(dir + "/" + file, hadoop, o -> o.write(bytes));
        checks.put(file, Check.of(bytes));
    }

    private static long crc32(byte[] bytes) {
        CRC32 crc = new CRC32();
        crc.update(bytes);
        return crc.getValue();
    }

    /**
     * A checkpoint file that is not what was saved: missing, truncated, empty, of the wrong shape, not parseable, or
     * failing the length and CRC32 its state.json recorded. The message names the file and what is wrong.
     */
    static final class Damaged extends IOException {
        Damaged(String message) {
            super(message);
        }
    }

    /** A saved state and the wall time the run had spent until it. */
    record Saved(TrainingState state, double wallSeconds) {
    }

    /**
     * The last checkpoint of the run in {@code runDir}, or null when it has none; {@link Damaged} when any of its files
     * is not what was saved (a file system failure to read it is an IOException as it is).
     */
    static Saved load(String runDir, int n, int m, Configuration hadoop) throws IOException {
        return load(runDir, STATE, n, m, hadoop);
    }

    /** The checkpoint before the last, or null when there is none: what --resume falls back to when the last is damaged. */
    static Saved loadPrevious(String runDir, int n, int m, Configuration hadoop) throws IOException {
        return load(runDir, PREVIOUS, n, m, hadoop);
    }

    private static Saved load(String runDir, String stateFile, int n, int m, Configuration hadoop) throws IOException {
        String dir = runDir + "/" + DIR;
        String statePath = dir + "/" + stateFile;
        if (!HadoopFiles.exists(statePath, hadoop)) return null;
        State json;
        try {
            json = Json.read(HadoopFiles.readText(statePath, hadoop), State.class);
            if (json.iteration() < 0 || json.arrays() == null || json.rows() == null) throw new IllegalArgumentException("fields missing");
        } catch (RuntimeException e) {
            throw new Damaged(statePath + " is not a checkpoint state (empty, truncated or not parseable: " + e.getMessage() + ")");
        }
        int iteration = json.iteration();
        Map<String, Check> checks = json.checks() == null ? Map.of() : json.checks();
        String rowsFile = json.rows();
        Map<String, double[]> arrays = new LinkedHashMap<>();
        for (Map.Entry<String, String> e : json.arrays().entrySet()) {
            String name = e.getKey();
            String file = dir + "/" + e.getValue();
            byte[] bytes = checked(file, checks.get(e.getValue()), hadoop);
            try (InputStream in = new java.io.ByteArrayInputStream(bytes)) {
                arrays.put(name, "b".equals(name) ? Npy.readVector(in, name, m) : Npy.readMatrix(in, name, n, m).columnMajor());
            } catch (RuntimeException | IOException bad) {
                throw new Damaged(file + " is not the (" + n + ", " + m + ") float64 array saved: " + bad.getMessage());
            }
        }
        boolean tied = arrays.containsKey("W");
        for (String name : tied ? List.of("W", "W0", "b") : List.of("V", "U", "V0", "U0", "b")) {
            if (!arrays.containsKey(name)) throw new Damaged(statePath + " names no array " + name);
        }
        Parameters current = tied ? Parameters.tied(n, m, arrays.get("W"), arrays.get("b"))
                : Parameters.untied(n, m, arrays.get("V"), arrays.get("U"), arrays.get("b"));
        Parameters initial = tied ? Parameters.tied(n, m, arrays.get("W0"), arrays.get("b"))
                : Parameters.untied(n, m, arrays.get("V0"), arrays.get("U0"), arrays.get("b"));
        String rowsPath = dir + "/" + rowsFile;
        byte[] rowBytes = checked(rowsPath, checks.get(rowsFile), hadoop);
        List<LearningCurveRow> rows;
        try {
            rows = MetricColumns.parse(new String(rowBytes, StandardCharsets.UTF_8));
        } catch (RuntimeException bad) {
            throw new Damaged(rowsPath + " is not parseable: " + bad.getMessage());
        }
        // a row per iteration before this one (0 .. s-1), in order: fewer is a file cut short
        for (int s = 0; s < rows.size(); s++) {
            if (rows.get(s).iteration() != s) throw new Damaged(rowsPath + " has iteration " + rows.get(s).iteration() + " in row " + (s + 1));
        }
        if (rows.size() != iteration) {
            throw new Damaged(rowsPath + " has " + rows.size() + " rows for a checkpoint at iteration " + iteration);
        }
        double wall = json.wallSeconds() == null ? 0 : json.wallSeconds();
        return new Saved(new TrainingState(iteration, current, initial, rows), wall);
    }

    /**
     * The bytes of a checkpoint file, checked against the length and CRC32 its state.json recorded (a checkpoint
     * saved before checksums were recorded has none: its files are checked by their format alone).
     */
    static byte[] checked(String file, Check check, Configuration hadoop) throws IOException {
        if (!HadoopFiles.exists(file, hadoop)) throw new Damaged(file + " is missing");
        byte[] bytes = HadoopFiles.readAll(file, hadoop);
        if (check != null) {
            if (bytes.length != check.bytes()) {
                throw new Damaged(file + " has " + bytes.length + " bytes, " + check.bytes() + " were saved ("
                        + (bytes.length < check.bytes() ? "truncated" : "grown") + ")");
            }
            if (crc32(bytes) != check.crc32()) {
                throw new Damaged(file + " has the length saved but not its content (CRC32 " + Long.toHexString(crc32(bytes))
                        + ", saved " + Long.toHexString(check.crc32()) + ")");
            }
        }
        return bytes;
    }

    /** Makes the previous checkpoint the last one again: the last was damaged, and the next save keeps no part of it. */
    static void restorePrevious(String runDir, Configuration hadoop) throws IOException {
        String dir = runDir + "/" + DIR;
        HadoopFiles.writeText(dir + "/" + STATE, hadoop, HadoopFiles.readText(dir + "/" + PREVIOUS, hadoop));
        HadoopFiles.delete(dir + "/" + PREVIOUS, hadoop, false);
    }

    /** Removes the checkpoint of a run that has finished. */
    static void remove(String runDir, Configuration hadoop) throws IOException {
        HadoopFiles.delete(runDir + "/" + DIR, hadoop, true);
    }
}
