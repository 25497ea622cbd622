package aedyn.study;

import aedyn.train.LearningCurveRow;
import aedyn.model.Parameters;
import aedyn.train.TrainingState;
import java.util.LinkedHashMap;
import java.util.Map;
import org.apache.hadoop.conf.Configuration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** When a checkpoint is due, and that what it saves is what a resumed run reads back. */
class CheckpointsTest {
    private static Checkpoints checkpoints(Path dir, int every, double intervalSeconds) {
        return new Checkpoints(dir.toUri().toString(), "r", 2, 1, every, intervalSeconds, new Configuration(), () -> 1.5);
    }

    /** The state at iteration s, with its s rows so far. */
    private static TrainingState state(int s, double[] w, double b) {
        List<LearningCurveRow> rows = new ArrayList<>();
        for (int i = 0; i < s; i++) {
            Map<String, Double> v = new LinkedHashMap<>();
            v.put("loss", 1.0 / (i + 1));
            v.put("fro_error", 0.5);
            v.put("contraction", 0.8);
            v.put("bias_mean", b);
            v.put("seconds", 0.01);
            rows.add(new LearningCurveRow(i, v));
        }
        return new TrainingState(s, Parameters.tied(2, 1, w, new double[]{b}), Parameters.tied(2, 1, new double[]{1, 0}, new double[]{b}), rows);
    }

    @Test
    void anUntiedStateLoadsBackWithItsStart(@TempDir Path dir) throws IOException {
        Configuration hadoop = new Configuration();
        Checkpoints c = checkpoints(dir, 1, 0);
        Parameters current = new Parameters(2, 1, new double[]{0.1, 0.2}, new double[]{0.3, 0.4}, new double[]{-1});
        Parameters initial = new Parameters(2, 1, new double[]{1, 2}, new double[]{3, 4}, new double[]{-2});
        c.save(new TrainingState(0, current, initial, List.of()));
        TrainingState back = Checkpoints.load(dir.toUri().toString(), 2, 1, hadoop).state();
        assertArrayEquals(current.v(), back.current().v());
        assertArrayEquals(current.u(), back.current().u());
        assertArrayEquals(current.b(), back.current().b());
        assertArrayEquals(initial.v(), back.initial().v());
        assertArrayEquals(initial.u(), back.initial().u());
    }

    @Test
    void dueEveryKIterationsOnceTheIntervalHasPassed(@TempDir Path dir) throws InterruptedException {
        Checkpoints always = checkpoints(dir, 3, 0);
        assertFalse(always.isDue(0));
        assertFalse(always.isDue(2));
        assertTrue(always.isDue(3));
        assertTrue(always.isDue(6));

        Checkpoints hourly = checkpoints(dir, 3, 3600);
        assertFalse(hourly.isDue(3), "a run younger than the interval saves nothing");

        Checkpoints soon = checkpoints(dir, 1, 0.05);
        Thread.sleep(60);
        assertTrue(soon.isDue(1), "due once the interval has passed");
        soon.save(state(1, new double[]{0.6, 0.8}, -0.5));
        assertFalse(soon.isDue(2), "the interval starts again at a save");

        assertFalse(checkpoints(dir, 0, 0).isDue(5), "every = 0 turns checkpoints off");
    }

    @Test
    void aSavedStateLoadsBack(@TempDir Path dir) throws IOException {
        Configuration hadoop = new Configuration();
        String runDir = dir.toUri().toString();
        assertNull(Checkpoints.load(runDir, 2, 1, hadoop));
        Checkpoints c = checkpoints(dir, 1, 0);
        c.save(state(4, new double[]{0.6, 0.8}, -0.25));
        TrainingState last = state(5, new double[]{0.8, 0.6}, -0.125);
        c.save(last);
        Checkpoints.Saved saved = Checkpoints.load(runDir, 2, 1, hadoop);
        assertEquals(5, saved.state().iteration());
        assertArrayEquals(new double[]{0.8, 0.6}, saved.state().current().v());
        assertArrayEquals(new double[]{-0.125}, saved.state().current().b());
        assertArrayEquals(new double[]{1, 0}, saved.state().initial().v());
        assertEquals(last.rows(), saved.state().rows());
        assertEquals(1.5, saved.wallSeconds());
    }

    /** A checkpoint whose state.json records no checksums (saved before they were): its files are checked by format. */
    @Test
    void withoutChecksumsAWrongShapeOrShortRowsAreStillFound(@TempDir Path dir) throws IOException {
        Configuration hadoop = new Configuration();
        String runDir = dir.toUri().toString();
        checkpoints(dir, 1, 0).save(state(3, new double[]{0.6, 0.8}, -0.25));
        Path checkpoint = dir.resolve(Checkpoints.DIR);
        Path stateJson = checkpoint.resolve("state.json");
        String withChecks = java.nio.file.Files.readString(stateJson);
        java.util.Map<String, Object> json = aedyn.report.Json.parseObject(withChecks);
        json.remove("checks");
        java.nio.file.Files.writeString(stateJson, aedyn.report.Json.write(json));
        assertEquals(3, Checkpoints.load(runDir, 2, 1, hadoop).state().iteration(), "a legacy checkpoint still loads");

        Path w = checkpoint.resolve("W-00000003.npy");
        byte[] good = java.nio.file.Files.readAllBytes(w);
        aedyn.data.Npy.writeMatrix(w, 1, 2, new double[]{0.6, 0.8});
        Checkpoints.Damaged shape = org.junit.jupiter.api.Assertions.assertThrows(Checkpoints.Damaged.class,
                () -> Checkpoints.load(runDir, 2, 1, hadoop));
        assertTrue(shape.getMessage().contains("W-00000003.npy") && shape.getMessage().contains("(2, 1)"), shape.getMessage());
        java.nio.file.Files.write(w, good);

        Path rows = checkpoint.resolve("rows-00000003.csv");
        List<String> lines = java.nio.file.Files.readAllLines(rows);
        java.nio.file.Files.write(rows, lines.subList(0, lines.size() - 1));
        Checkpoints.Damaged shortRows = org.junit.jupiter.api.Assertions.assertThrows(Checkpoints.Damaged.class,
                () -> Checkpoints.load(runDir, 2, 1, hadoop));
        assertTrue(shortRows.getMessage().contains("2 rows for a checkpoint at iteration 3"), shortRows.getMessage());
    }
}
