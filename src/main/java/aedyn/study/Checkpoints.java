package aedyn.study;

import aedyn.data.HadoopFiles;
import aedyn.data.Npy;
import aedyn.model.Parameters;
import aedyn.report.Json;
import aedyn.train.Checkpointer;
import aedyn.train.LearningCurveRow;
import aedyn.train.TrainingState;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;
import org.apache.hadoop.conf.Configuration;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.function.DoubleSupplier;

/**
 * A run's checkpoint in runs/NAME/checkpoint/: for iteration s, each weight matrix as NAME-s.npy (W, or V and U),
 * b-s.npy, the starting matrices as NAME0-s.npy (movement is measured from them), and rows-s.csv (every
 * learning-curve row so far, full precision); then state.json naming them, written last. Every file is written atomically
 * (temporary name, rename), and the files of the previous checkpoint are deleted only once the new state.json is
 * in place, so a crash at any moment leaves state.json pointing at whole files.
 *
 * <p>A checkpoint is due every {@code every} iterations, but no sooner than {@code intervalSeconds} of wall time
 * after the run started here or last saved: a run that takes seconds is cheaper to run again than to save.
 */
final class Checkpoints implements Checkpointer {
    static final String DIR = "checkpoint";
    private static final String STATE = "state.json";
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
     * rows' file and the wall time so far; written by Jackson in this order and read back into this record.
     */
    @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
    record State(String run, int iteration, Map<String, String> arrays, String rows, Double wallSeconds) {
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
            for (Map.Entry<String, double[]> e : arrays.entrySet()) {
                String file = e.getKey() + "-" + tag + ".npy";
                double[] a = e.getValue();
                boolean vector = "b".equals(e.getKey());
                HadoopFiles.writeAtomically(dir + "/" + file, hadoop,
                        o -> { if (vector) Npy.writeVector(o, a); else Npy.writeMatrix(o, n, m, a); });
                files.put(e.getKey(), file);
            }
            String rows = "rows-" + tag + ".csv";
            HadoopFiles.writeText(dir + "/" + rows, hadoop, MetricColumns.covering(state.rows()).csv(state.rows()));
            State json = new State(runName, state.iteration(), files, rows, wallSeconds.getAsDouble());
            HadoopFiles.writeText(dir + "/" + STATE, hadoop, Json.write(json));
            Set<String> keep = new java.util.HashSet<>(files.values());
            keep.add(rows);
            keep.add(STATE);
            for (String name : HadoopFiles.list(dir, hadoop)) {
                if (!keep.contains(name)) HadoopFiles.delete(dir + "/" + name, hadoop, false);
            }
            lastNanos = System.nanoTime();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write the checkpoint of run " + runName + " at iteration "
                    + state.iteration() + " to " + dir, e);
        }
    }

    /** A saved state and the wall time the run had spent until it. */
    record Saved(TrainingState state, double wallSeconds) {
    }

    /** The last checkpoint of the run in {@code runDir}, or null when it has none. */
    static Saved load(String runDir, int n, int m, Configuration hadoop) throws IOException {
        String dir = runDir + "/" + DIR;
        if (!HadoopFiles.exists(dir + "/" + STATE, hadoop)) return null;
        State json = Json.read(HadoopFiles.readText(dir + "/" + STATE, hadoop), State.class);
        Map<String, double[]> arrays = new LinkedHashMap<>();
        for (Map.Entry<String, String> e : json.arrays().entrySet()) {
            try (InputStream in = HadoopFiles.open(dir + "/" + e.getValue(), hadoop)) {
                arrays.put(e.getKey(), "b".equals(e.getKey()) ? Npy.readVector(in, "checkpoint b", m)
                        : Npy.readMatrix(in, "checkpoint " + e.getKey(), n, m).columnMajor());
            }
        }
        boolean tied = arrays.containsKey("W");
        Parameters current = tied ? Parameters.tied(n, m, arrays.get("W"), arrays.get("b"))
                : Parameters.untied(n, m, arrays.get("V"), arrays.get("U"), arrays.get("b"));
        Parameters initial = tied ? Parameters.tied(n, m, arrays.get("W0"), arrays.get("b"))
                : Parameters.untied(n, m, arrays.get("V0"), arrays.get("U0"), arrays.get("b"));
        List<LearningCurveRow> rows = MetricColumns.parse(HadoopFiles.readText(dir + "/" + json.rows(), hadoop));
        double wall = json.wallSeconds() == null ? 0 : json.wallSeconds();
        return new Saved(new TrainingState(json.iteration(), current, initial, rows), wall);
    }

    /** Removes the checkpoint of a run that has finished. */
    static void remove(String runDir, Configuration hadoop) throws IOException {
        HadoopFiles.delete(runDir + "/" + DIR, hadoop, true);
    }
}
