package aedyn.train;

import java.util.List;

/**
 * Where a run stands at the start of iteration s: W^s, b^s and the learning-curve rows 0..s-1 (row s-1's
 * contraction is still undefined; it needs row s). The samples depend on seeds and s alone, so this is all a
 * resumed run needs to compute the remaining rows exactly as an uninterrupted run would.
 */
public record TrainingState(int iteration, double[] w, double[] b, List<LearningCurveRow> rows) {

    public TrainingState {
        if (iteration < 0 || rows.size() != iteration) {
            throw new IllegalArgumentException("state at iteration " + iteration + " must carry rows 0.." + (iteration - 1)
                    + ", got " + rows.size() + " rows");
        }
        w = w.clone();
        b = b.clone();
        rows = List.copyOf(rows);
    }

    /** The start of a run: s = 0, W^0, b^0, no rows. */
    public static TrainingState initial(TrainingProblem p) {
        return new TrainingState(0, p.w0(), p.b0(), List.of());
    }
}
