package aedyn.report;

import java.io.PrintStream;
import java.util.List;
import java.util.Locale;
import java.util.function.Consumer;
import java.util.function.LongSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Progress of one training run, reported once per iteration by the training loop:
 * <pre>
 *   Progress p = Progress.start(runName, T);      // or start(runName, T, sparkMaster)
 *   for s = 0..T: ... p.update(s, loss, froError);  // froError NaN when A is unknown
 *   p.finish(RunStatus.FINISHED);                  // or DIVERGED
 * </pre>
 * In a terminal (local mode) one line is redrawn in place:
 * {@code run-name  [#####.....] 12/50  loss 1.23e-02  fro 3.4e-01  8.1 it/s  ETA 4s}.
 * When output is not a terminal the same line is logged every {@code max(1, T/10)} iterations or
 * every 10 seconds, whichever comes first, and always for the first and the last iteration; on a
 * cluster (a master that is not local) every iteration is logged on the driver. Spark job names for
 * the same run come from {@link aedyn.train.JobDescription}.
 */
public final class Progress {
  private static final Logger LOG = LoggerFactory.getLogger(Progress.class);

  /** How progress is shown. */
  public enum Mode {
    /** One line redrawn with carriage returns (an interactive terminal). */
    BAR,
    /** A log line every few iterations or seconds (output redirected to a file or pipe). */
    PERIODIC,
    /** A log line every iteration (driver log of a cluster run). */
    EVERY_ITERATION
  }

  /** The runs reporting progress now and the last iteration each reported: what a stop by a signal names. */
  private static final java.util.Map<String, Integer> RUNNING = new java.util.concurrent.ConcurrentHashMap<>();

  static final int BAR_WIDTH = 20;
  static final long LOG_INTERVAL_NANOS = 10_000_000_000L;
  static final long REDRAW_INTERVAL_NANOS = 100_000_000L;

  private final String runName;
  private final int total;
  private final Mode mode;
  private final Consumer<String> sink;
  private final LongSupplier nanoClock;
  private final int logEvery;
  private final long startNanos;
  private long lastOutputNanos;
  private int lastLoggedIteration = Integer.MIN_VALUE;
  private int firstIteration = -1;
  private int lastLineLength;
  /** The last row reported (its line is formatted when shown): iteration (-1 before any), loss, fro, time. */
  private int lastIteration = -1;
  private double lastLoss;
  private double lastFro;
  private long lastNanos;

  Progress(String runName, int totalIterations, Mode mode, Consumer<String> sink,
      LongSupplier nanoClock) {
    if (totalIterations < 0) {
      throw new IllegalArgumentException("totalIterations must be ≥ 0, got " + totalIterations);
    }
    this.runName = runName;
    this.total = totalIterations;
    this.mode = mode;
    this.sink = sink;
    this.nanoClock = nanoClock;
    this.logEvery = Math.max(1, totalIterations / 10);
    this.startNanos = nanoClock.getAsLong();
    this.lastOutputNanos = Long.MIN_VALUE / 2;
  }

  /** A run's progress in local mode: a bar in a terminal, periodic log lines otherwise. */
  public static Progress start(String runName, int totalIterations) {
    return start(runName, totalIterations, "local");
  }

  /**
   * A run's progress for the given Spark master: "local…" behaves as {@link #start(String, int)},
   * anything else (spark://, yarn, k8s://) logs every iteration on the driver.
   */
  public static Progress start(String runName, int totalIterations, String sparkMaster) {
    boolean local = sparkMaster == null || sparkMaster.startsWith("local");
    Mode mode = !local ? Mode.EVERY_ITERATION : isTerminal() ? Mode.BAR : Mode.PERIODIC;
    return create(runName, totalIterations, mode);
  }

  /** A progress reporter in a chosen mode, writing to stdout (BAR) or the slf4j log. */
  public static Progress create(String runName, int totalIterations, Mode mode) {
    PrintStream out = System.out;
    Consumer<String> sink = mode == Mode.BAR ? s -> {
      out.print(s);
      out.flush();
    } : LOG::info;
    return new Progress(runName, totalIterations, mode, sink, System::nanoTime);
  }

  /** An interactive terminal: a console and a TERM that can move the cursor. */
  static boolean isTerminal() {
    return isTerminal(System.console() != null, System.getenv("TERM"));
  }

  static boolean isTerminal(boolean console, String term) {
    return console && term != null && !term.isBlank() && !term.equals("dumb");
  }

  public Mode mode() {
    return mode;
  }

  /** Reports that row {@code iteration} (0..T) of the learning curve is known. */
  public void update(int iteration, double loss, double froError) {
    long now = nanoClock.getAsLong();
    if (firstIteration < 0) firstIteration = iteration;
    lastIteration = iteration;
    RUNNING.put(runName, iteration);
    lastLoss = loss;
    lastFro = froError;
    lastNanos = now;
    // the line is formatted only when it is shown: a cohort of 24 runs x 501 rows formatted 48,000 numbers
    // for a few dozen lines (and the JIT compiled java.util.Formatter for them)
    switch (mode) {
      case BAR -> {
        if (iteration == total || iteration == firstIteration
            || now - lastOutputNanos >= REDRAW_INTERVAL_NANOS) {
          redraw(line(iteration, loss, froError, now));
          lastOutputNanos = now;
        }
      }
      case EVERY_ITERATION -> sink.accept(line(iteration, loss, froError, now));
      case PERIODIC -> {
        boolean due = iteration == firstIteration || iteration == total
            || iteration - lastLoggedIteration >= logEvery
            || now - lastOutputNanos >= LOG_INTERVAL_NANOS;
        if (due && iteration != lastLoggedIteration) {
          sink.accept(line(iteration, loss, froError, now));
          lastLoggedIteration = iteration;
          lastOutputNanos = now;
        }
      }
    }
  }

  /** Ends the run's progress: the bar's line is closed, or a last log line says how it ended. */
  public void finish(RunStatus how) {
    RUNNING.remove(runName);
    String status = how.label();
    double seconds = (nanoClock.getAsLong() - startNanos) / 1e9;
    String tail = String.format(Locale.ROOT, "%s %s in %s", runName, status, duration(seconds));
    if (mode == Mode.BAR) {
      redraw(lastIteration < 0 ? tail : line(lastIteration, lastLoss, lastFro, lastNanos) + "  " + status);
      sink.accept(System.lineSeparator());
    } else {
      sink.accept(tail);
    }
  }

  /** The runs of this JVM training now, by name, with the last iteration each reported. */
  public static java.util.Map<String, Integer> running() {
    return java.util.Map.copyOf(RUNNING);
  }

  private void redraw(String line) {
    int pad = Math.max(0, lastLineLength - line.length());
    sink.accept("\r" + line + " ".repeat(pad));
    lastLineLength = line.length();
  }

  /** The progress line for iteration i at time now (nanoseconds on the clock given). */
  String line(int i, double loss, double fro, long now) {
    double seconds = (now - startNanos) / 1e9;
    int done = Math.max(0, i - Math.max(firstIteration, 0));
    double rate = seconds > 0 && done > 0 ? done / seconds : Double.NaN;
    StringBuilder b = new StringBuilder(runName).append("  ");
    if (mode == Mode.BAR) b.append(bar(i, total)).append(' ');
    b.append(i).append('/').append(total);
    b.append("  loss ").append(sci(loss, 2));
    b.append("  fro ").append(Double.isNaN(fro) ? "-" : sci(fro, 1));
    b.append("  ").append(Double.isNaN(rate) ? "-" : String.format(Locale.ROOT, "%.1f", rate))
        .append(" it/s");
    b.append("  ETA ").append(Double.isNaN(rate) ? "-" : duration((total - i) / rate));
    return b.toString();
  }

  static String bar(int i, int total) {
    int filled = total == 0 ? BAR_WIDTH : (int) ((long) BAR_WIDTH * Math.min(i, total) / total);
    return "[" + "#".repeat(filled) + ".".repeat(BAR_WIDTH - filled) + "]";
  }

  static String sci(double v, int digits) {
    if (Double.isNaN(v)) return "NaN";
    if (Double.isInfinite(v)) return v > 0 ? "Inf" : "-Inf";
    return String.format(Locale.ROOT, "%." + digits + "e", v);
  }

  /** 4s, 2m05s, 1h02m. */
  public static String duration(double seconds) {
    if (!Double.isFinite(seconds) || seconds < 0) return "-";
    long s = Math.round(seconds);
    if (s < 60) return s + "s";
    if (s < 3600) return String.format(Locale.ROOT, "%dm%02ds", s / 60, s % 60);
    return String.format(Locale.ROOT, "%dh%02dm", s / 3600, (s % 3600) / 60);
  }
}
