package aedyn.study;

import aedyn.train.LearningCurveRow;
import aedyn.train.TrainingState;
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
            rows.add(new LearningCurveRow(i, 1.0 / (i + 1), 0.5, 0.4, 0.3, 0.9, Double.NaN, 0.8, b, 1e-3, Double.NaN, 0.01));
        }
        return new TrainingState(s, w, new double[]{b}, rows);
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
        assertArrayEquals(new double[]{0.8, 0.6}, saved.state().w());
        assertArrayEquals(new double[]{-0.125}, saved.state().b());
        assertEquals(last.rows(), saved.state().rows());
        assertEquals(1.5, saved.wallSeconds());
    }
}
