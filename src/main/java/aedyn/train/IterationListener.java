package aedyn.train;

/** Told about each learning-curve row as soon as it is known (progress display, checkpoints). */
@FunctionalInterface
public interface IterationListener {
    IterationListener NONE = (row, theta) -> { };

    /** Row s with the parameters of iteration s it describes. */
    void onIteration(LearningCurveRow row, aedyn.model.Parameters theta);
}
