package aedyn.report;

import aedyn.metrics.MetricRegistry;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.Set;

/**
 * One row of summary.csv: the run, its status and trial, its grid values, the iteration of its last learning-curve
 * row (none for a run that has no row), the registry's final metrics from that row (NaN: undefined, an empty cell)
 * and its wall time. The study runner writes the table through {@link #csv} and the report reads it back through
 * {@link #read}; the columns are named here only.
 */
public record SummaryRow(String run, RunStatus status, Optional<String> outcome, int trial, Map<String, String> grid,
                         OptionalInt iterations, Map<String, Double> finals, double wallSeconds) {
  /** The column that names the run, in summary.csv and in the per-run rows of analysis.csv. */
  public static final String RUN = "run";
  static final String STATUS = "status";
  /** The run's verdict under study.outcome (SPEC 9.1): success, failure or none; a column only where a study has one. */
  static final String OUTCOME = "outcome";
  static final String TRIAL = "trial";
  static final String ITERATIONS = "iterations";
  static final String WALL_SECONDS = "wall_seconds";
  /** Columns that are never grid keys, besides the registry's metrics. */
  static final Set<String> FIXED = Set.of(RUN, STATUS, OUTCOME, TRIAL, ITERATIONS);

  public SummaryRow {
    grid = Collections.unmodifiableMap(new LinkedHashMap<>(grid));
    finals = Collections.unmodifiableMap(new LinkedHashMap<>(finals));
  }

  /** The table: a header, then one line per row, its grid values and final metrics in the given orders. */
  public static String csv(List<String> gridKeys, List<String> metrics, List<SummaryRow> rows) {
    boolean judged = rows.stream().anyMatch(r -> r.outcome().isPresent());
    List<String> header = new ArrayList<>(List.of(RUN, STATUS));
    if (judged) header.add(OUTCOME);
    header.add(TRIAL);
    header.addAll(gridKeys);
    header.add(ITERATIONS);
    header.addAll(metrics);
    header.add(WALL_SECONDS);
    StringBuilder sb = new StringBuilder(String.join(",", header)).append('\n');
    for (SummaryRow row : rows) {
      List<String> cells = new ArrayList<>(List.of(row.run(), row.status().label()));
      if (judged) cells.add(row.outcome().orElse(""));
      cells.add(Integer.toString(row.trial()));
      for (String key : gridKeys) cells.add(text(row.grid().get(key)));
      cells.add(row.iterations().isPresent() ? Integer.toString(row.iterations().getAsInt()) : "");
      for (String metric : metrics) cells.add(number(row.finals().getOrDefault(metric, Double.NaN)));
      cells.add(Double.toString(row.wallSeconds()));
      sb.append(String.join(",", cells)).append('\n');
    }
    return sb.toString();
  }

  /**
   * The rows of a summary.csv. A table without a status column (an early layout) reads each run's status from
   * {@code statusOf}, given the run's name.
   */
  public static List<SummaryRow> read(Csv summary, java.util.function.Function<String, RunStatus> statusOf) {
    List<String> gridKeys = gridKeys(summary);
    List<SummaryRow> rows = new ArrayList<>();
    for (int r = 0; r < summary.size(); r++) {
      String name = summary.cell(r, RUN);
      RunStatus status = summary.has(STATUS) ? RunStatus.named(summary.cell(r, STATUS)) : statusOf.apply(name);
      Optional<String> outcome = summary.has(OUTCOME) ? Optional.of(summary.cell(r, OUTCOME)).filter(s -> !s.isEmpty())
          : Optional.empty();
      int trial = summary.has(TRIAL) ? Integer.parseInt(summary.cell(r, TRIAL)) : 0;
      Map<String, String> grid = new LinkedHashMap<>();
      for (String k : gridKeys) grid.put(k, summary.cell(r, k));
      String last = summary.has(ITERATIONS) ? summary.cell(r, ITERATIONS) : "";
      OptionalInt iterations = last.isEmpty() ? OptionalInt.empty() : OptionalInt.of(Integer.parseInt(last));
      Map<String, Double> finals = new LinkedHashMap<>();
      for (String column : summary.header()) {
        if (!FIXED.contains(column) && !column.equals(WALL_SECONDS) && !grid.containsKey(column)) {
          finals.put(column, Csv.toDouble(summary.cell(r, column)));
        }
      }
      double wall = summary.has(WALL_SECONDS) ? Csv.toDouble(summary.cell(r, WALL_SECONDS)) : Double.NaN;
      rows.add(new SummaryRow(name, status, outcome, trial, grid, iterations, finals, wall));
    }
    return rows;
  }

  /**
   * The grid keys are the summary columns between run/status/trial and iterations (the layout's contract); without
   * an iterations column, every column that is not a known metric.
   */
  static List<String> gridKeys(Csv summary) {
    List<String> h = summary.header();
    int end = h.indexOf(ITERATIONS);
    List<String> keys = new ArrayList<>();
    if (end >= 0) {
      for (int c = 0; c < end; c++) {
        String col = h.get(c);
        if (!FIXED.contains(col)) keys.add(col);
      }
    } else {
      for (String col : h) {
        if (!FIXED.contains(col) && MetricRegistry.of(col).isEmpty()) keys.add(col);
      }
    }
    return keys;
  }

  /** Full precision (Double.toString round-trips), empty for undefined. */
  public static String number(double v) {
    return Double.isNaN(v) ? "" : Double.toString(v);
  }

  /** A text cell, quoted when it holds a comma or a quote (RFC 4180). */
  public static String text(String s) {
    return s.contains(",") || s.contains("\"") ? "\"" + s.replace("\"", "\"\"") + "\"" : s;
  }
}
