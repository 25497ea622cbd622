package aedyn.data;

/**
 * A samples (or codes) file holds NaN or infinity: bad input, found where the file's rows are read into blocks on
 * the executors (the driver never reads a whole samples file). It names the key, the file and the first such row;
 * the study runner reports it as bad input (exit code 2), not as a diverged run.
 */
public final class NonFiniteSampleException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    private final String key;
    private final String file;
    private final long row;

    public NonFiniteSampleException(String key, String file, long row, double value) {
        super(key + " = " + file + ": a float64 .npy file of finite numbers; row " + row
                + " (counting from 0) holds " + value);
        this.key = key;
        this.file = file;
        this.row = row;
    }

    public String key() {
        return key;
    }

    public String file() {
        return file;
    }

    /** The first row of the block that held a non-finite value, counting from 0 as NumPy does. */
    public long row() {
        return row;
    }

    /** The exception itself, or the one a Spark job failure (or any other wrapper) carries as a cause; else null. */
    public static NonFiniteSampleException in(Throwable t) {
        for (Throwable c = t; c != null; c = c.getCause()) {
            if (c instanceof NonFiniteSampleException e) return e;
            if (c.getCause() == c) break;
        }
        return null;
    }
}
