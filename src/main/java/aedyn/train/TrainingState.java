package aedyn.train;

import aedyn.model.Parameters;

import java.util.List;

/**
 * Where a run stands at the start of iteration s: the parameters of iteration s, those it started from (movement
 * is measured against them) and the learning-curve rows 0..s-1 (row s-1's contraction is still undefined; it needs
 * row s). The samples and batches depend on seeds and s alone, so this is all a resumed run needs to compute the
 * remaining rows exactly as an uninterrupted run would.
 */
public record TrainingState(int iteration, Parameters current, Parameters initial, List<LearningCurveRow> rows) {

    public TrainingState {
        if (iteration < 0 || rows.size() != iteration) {
            throw new IllegalArgumentException("state at iteration " + iteration + " must carry rows 0.." + (iteration - 1)
                    + ", got " + rows.size() + " rows");
        }
        current = current.copy();
        initial = initial.copy();
        rows = List.copyOf(rows);
    }

    /** The start of a run: s = 0 at theta^0, no rows. */
    public static TrainingState initial(Parameters theta0) {
        return new TrainingState(0, theta0, theta0, List.of());
    }
}
