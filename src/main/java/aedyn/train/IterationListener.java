package aedyn.train;

/** Told about each learning-curve row as soon as it is known (progress display, checkpoints). */
@FunctionalInterface
public interface IterationListener {
    IterationListener NONE = (row, w, b) -> { };

    /** Row s with the W^s and b^s it describes. */
    void onIteration(LearningCurveRow row, double[] w, double[] b);
}
