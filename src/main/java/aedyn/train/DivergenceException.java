package aedyn.train;

/** Training cannot go on: a column of W became zero or non-finite. Names the column and the iteration. */
public final class DivergenceException extends RuntimeException {
    private final int iteration;
    private final String reason;

    public DivergenceException(int iteration, String reason) {
        super("diverged at iteration " + iteration + ": " + reason);
        this.iteration = iteration;
        this.reason = reason;
    }

    /** What went wrong, without the iteration. */
    public String reason() {
        return reason;
    }

    public int iteration() {
        return iteration;
    }
}
