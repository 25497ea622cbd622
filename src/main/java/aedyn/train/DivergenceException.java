package aedyn.train;

import java.util.List;

/**
 * Training cannot go on: a column of W became zero or non-finite. Names the column and the iteration, and
 * carries the learning-curve rows computed before it, so the run's metrics.csv shows the way there.
 */
public final class DivergenceException extends RuntimeException {
    private final int iteration;
    private final String reason;
    private final List<LearningCurveRow> rows;

    public DivergenceException(int iteration, String reason) {
        this(iteration, reason, List.of());
    }

    private DivergenceException(int iteration, String reason, List<LearningCurveRow> rows) {
        super("diverged at iteration " + iteration + ": " + reason);
        this.iteration = iteration;
        this.reason = reason;
        this.rows = List.copyOf(rows);
    }

    /** The same failure with the rows the training loop had computed. */
    DivergenceException withRows(List<LearningCurveRow> computed) {
        return new DivergenceException(iteration, reason, computed);
    }

    /** Rows s = 0.. up to and including the iteration that diverged (empty if not thrown by the training loop). */
    public List<LearningCurveRow> rows() {
        return rows;
    }

    /** What went wrong, without the iteration. */
    public String reason() {
        return reason;
    }

    public int iteration() {
        return iteration;
    }
}
