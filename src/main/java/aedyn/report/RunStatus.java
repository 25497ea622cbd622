package aedyn.report;

import aedyn.choice.Choice;

import java.util.List;

/**
 * How a run ended, as run.json's status, summary.csv's status column and the curves table say it: the constant's
 * label ("bad-input" for BAD_INPUT). Only FINISHED and DIVERGED runs have a _SUCCESS; the others are trained again by
 * --resume, from their last checkpoint.
 */
public enum RunStatus implements Choice {
  /** Ran all its iterations. */
  FINISHED,
  /** Stopped by a non-finite loss or gradient (run.json gives the reason and the iteration). */
  DIVERGED,
  /** Stopped by non-finite input (run.json's reason names the file and the row). */
  BAD_INPUT,
  /** Stopped by a failure around it (a write to the study directory) or by a signal. */
  STOPPED,
  /** Unfinished when a fatal error or a shutdown ended the job. */
  FAILED;

  public static RunStatus named(String label) {
    return Choice.named(RunStatus.class, label);
  }

  public static List<String> names() {
    return Choice.names(RunStatus.class);
  }

  /** Whether the run's numbers are whole: it ran to its last iteration. */
  public boolean finished() {
    return this == FINISHED;
  }
}
