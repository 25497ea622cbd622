package aedyn.report;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * One per-run row of analysis.csv (study.analysis = contraction, convergence, phases or ntk; phases writes one a block):
 * the run, its grid values as summary.csv has them, and the analysis' results by column, as text the analysis formatted
 * (an empty cell: undefined), quoted in the file where CSV needs it. The analyses write the table through {@link #csv} and the report reads it back
 * through {@link #read}; a result the report plots is named by the registry (MetricRegistry.RATE, ...).
 */
public record AnalysisRow(String run, Map<String, String> grid, Map<String, String> results) {

  public AnalysisRow {
    grid = Collections.unmodifiableMap(new LinkedHashMap<>(grid));
    results = Collections.unmodifiableMap(new LinkedHashMap<>(results));
  }

  /** The row of {@code run} whose results are {@code cells}, one for each of {@code columns} in order. */
  public static AnalysisRow of(StudyResults.Run run, List<String> columns, List<String> cells) {
    if (columns.size() != cells.size()) {
      throw new IllegalArgumentException(cells.size() + " cells for the " + columns.size() + " columns " + columns);
    }
    Map<String, String> results = new LinkedHashMap<>();
    for (int c = 0; c < columns.size(); c++) results.put(columns.get(c), cells.get(c));
    return new AnalysisRow(run.name(), run.grid(), results);
  }

  /** The table: run, the grid keys, the result columns, then a line per row. */
  public static String csv(List<String> gridKeys, List<String> columns, List<AnalysisRow> rows) {
    List<String> header = new ArrayList<>(List.of(SummaryRow.RUN));
    header.addAll(gridKeys);
    header.addAll(columns);
    StringBuilder out = new StringBuilder(String.join(",", header)).append('\n');
    for (AnalysisRow row : rows) {
      List<String> cells = new ArrayList<>(List.of(SummaryRow.text(row.run())));
      for (String k : gridKeys) cells.add(SummaryRow.text(row.grid().get(k)));
      for (String c : columns) cells.add(SummaryRow.text(row.results().get(c)));
      out.append(String.join(",", cells)).append('\n');
    }
    return out.toString();
  }

  /** The rows of an analysis.csv with a run column, the given grid keys among its columns; none without one. */
  public static List<AnalysisRow> read(Csv table, List<String> gridKeys) {
    if (!table.has(SummaryRow.RUN)) return List.of();
    List<AnalysisRow> rows = new ArrayList<>();
    for (int r = 0; r < table.size(); r++) {
      Map<String, String> grid = new LinkedHashMap<>();
      Map<String, String> results = new LinkedHashMap<>();
      for (String column : table.header()) {
        if (column.equals(SummaryRow.RUN)) continue;
        (gridKeys.contains(column) ? grid : results).put(column, table.cell(r, column));
      }
      rows.add(new AnalysisRow(table.cell(r, SummaryRow.RUN), grid, results));
    }
    return rows;
  }

  /** A result as a number; NaN when it is undefined, not a number or not one of the row's columns. */
  public double value(String column) {
    return Csv.toDouble(results.get(column));
  }
}
