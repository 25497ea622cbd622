package aedyn.boundary;

import java.util.Locale;

/**
 * The outcome of one run (SPEC 9.1): success or failure of the study's predicate, or NONE for a run that did
 * not finish for an outside reason (killed, lost executor), which counts in no probe and is run again.
 */
public enum Verdict {
    SUCCESS, FAILURE, NONE;

    /** The cell in run.json's and summary.csv's outcome. */
    public String csv() {
        return name().toLowerCase(Locale.ROOT);
    }
}
