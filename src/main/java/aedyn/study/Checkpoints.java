package aedyn.study;

import aedyn.data.Npy;
import aedyn.train.Checkpointer;
import aedyn.train.LearningCurveRow;
import aedyn.train.TrainingState;
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
 * A run's checkpoint in runs/NAME/checkpoint/: W-s.npy, b-s.npy and rows-s.csv (every learning-curve row so far,
 * full precision) for iteration s, then state.json naming them, written last. Every file is written atomically
 * (temporary name, rename), and the files of the previous checkpoint are deleted only once the new state.json is
 * in place, so a crash at any moment leaves state.json pointing at whole files.
 *
 * <p>A checkpoint is due every {@code every} iterations, but no sooner than {@code intervalSeconds} of wall time
 * after the run started here or last saved: a run that takes seconds is cheaper to run again than to save.
 */
final class Checkpoints implements Checkpointer {
    static final String DIR = "checkpoint";
    private static final String STATE = "state.json";
    /** Every column a row has, so that rows-s.csv restores rows exactly. */
    private static final MetricColumns ALL = MetricColumns.of(true, true, true, true);

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

    @Override
    public void save(TrainingState state) {
        String tag = String.format(Locale.ROOT, "%08d", state.iteration());
        String w = "W-" + tag + ".npy";
        String b = "b-" + tag + ".npy";
        String rows = "rows-" + tag + ".csv";
        try {
            HadoopFiles.writeAtomically(dir + "/" + w, hadoop, o -> Npy.writeMatrix(o, n, m, state.w()));
            HadoopFiles.writeAtomically(dir + "/" + b, hadoop, o -> Npy.writeVector(o, state.b()));
            HadoopFiles.writeText(dir + "/" + rows, hadoop, ALL.csv(state.rows()));
            Map<String, Object> json = new LinkedHashMap<>();
            json.put("run", runName);
            json.put("iteration", state.iteration());
            json.put("W", w);
            json.put("b", b);
            json.put("rows", rows);
            json.put("wall_seconds", wallSeconds.getAsDouble());
            HadoopFiles.writeText(dir + "/" + STATE, hadoop, aedyn.report.Json.write(json));
            Set<String> keep = Set.of(w, b, rows, STATE);
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
        Map<String, Object> json = aedyn.report.Json.parseObject(HadoopFiles.readText(dir + "/" + STATE, hadoop));
        int iteration = ((Number) json.get("iteration")).intValue();
        double[] w;
        try (InputStream in = HadoopFiles.open(dir + "/" + json.get("W"), hadoop)) {
            w = Npy.readMatrix(in, "checkpoint W", n, m).columnMajor();
        }
        double[] b;
        try (InputStream in = HadoopFiles.open(dir + "/" + json.get("b"), hadoop)) {
            b = Npy.readVector(in, "checkpoint b", m);
        }
        List<LearningCurveRow> rows = MetricColumns.parse(HadoopFiles.readText(dir + "/" + json.get("rows"), hadoop));
        Object wall = json.get("wall_seconds");
        return new Saved(new TrainingState(iteration, w, b, rows), wall instanceof Number x ? x.doubleValue() : 0);
    }

    /** Removes the checkpoint of a run that has finished. */
    static void remove(String runDir, Configuration hadoop) throws IOException {
        HadoopFiles.delete(runDir + "/" + DIR, hadoop, true);
    }
}
