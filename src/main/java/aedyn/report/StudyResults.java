package aedyn.report;

import aedyn.metrics.MetricRegistry;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;

/**
 * Everything a finished study left in its directory (the output layout of the study runner), read
 * through Hadoop's FileSystem so a study on file://, hdfs:// or s3a:// reads the same way.
 *
 * @param studyDir the study directory as given
 * @param config the text of study.conf ("" when absent)
 * @param summary summary.csv: one row per run, final-iteration values
 * @param aggregate aggregate.csv, present only when the study ran several trials per grid point
 * @param analysis analysis.csv when it has a row per run (a "run" column), as study.analysis = convergence writes
 * @param gridKeys the swept configuration paths (for example data.noise-sigma, init.kind), in order
 * @param runs one entry per row of summary.csv, in the same order
 */
public record StudyResults(
    String studyDir,
    String config,
    Csv summary,
    Optional<Csv> aggregate,
    Optional<Csv> analysis,
    List<String> gridKeys,
    List<Run> runs) {

  /** Columns of summary.csv that are never grid keys, besides the registry's metrics. */
  static final Set<String> SUMMARY_FIXED = Set.of("run", "status", "trial", "iterations");

  /**
   * One training run.
   *
   * @param name the run's directory name under runs/
   * @param status "finished" or "diverged"
   * @param grid grid key → value as written in summary.csv
   * @param metrics runs/NAME/metrics.csv, rows s = 0..T (empty when the file is missing)
   * @param info run.json, flat keys (empty when missing)
   * @param prediction runs/NAME/ntk_prediction.csv (iteration, predicted_loss; SPEC 8.3), empty when missing
   */
  public record Run(String name, String status, Map<String, String> grid, Csv metrics,
      Map<String, Object> info, Csv prediction) {
    public Run {
      grid = Collections.unmodifiableMap(new LinkedHashMap<>(grid));
      info = Collections.unmodifiableMap(new LinkedHashMap<>(info));
    }

    /** "init.kind=pca, data.noise-sigma=0.01" for legends and titles. */
    public String gridLabel() {
      List<String> parts = new ArrayList<>();
      grid.forEach((k, v) -> parts.add(k + "=" + v));
      return String.join(", ", parts);
    }
  }

  public StudyResults {
    Objects.requireNonNull(studyDir, "studyDir");
    gridKeys = List.copyOf(gridKeys);
    runs = List.copyOf(runs);
  }

  /** Reads a study directory; summary.csv must exist, everything else is optional. */
  public static StudyResults read(String studyDir, Configuration hadoopConf) throws IOException {
    Path dir = new Path(studyDir);
    FileSystem fs = dir.getFileSystem(hadoopConf);
    Path summaryPath = new Path(dir, "summary.csv");
    if (!fs.exists(summaryPath)) {
      throw new IOException("not a study directory (no summary.csv): " + studyDir);
    }
    Csv summary = Csv.parse(readText(fs, summaryPath));
    Optional<Csv> aggregate = Optional.empty();
    Path aggPath = new Path(dir, "aggregate.csv");
    if (fs.exists(aggPath)) aggregate = Optional.of(Csv.parse(readText(fs, aggPath)));
    Optional<Csv> analysis = Optional.empty();
    Path analysisPath = new Path(dir, "analysis.csv");
    if (fs.exists(analysisPath)) {
      Csv a = Csv.parse(readText(fs, analysisPath));
      if (a.has("run")) analysis = Optional.of(a);
    }
    Path confPath = new Path(dir, "study.conf");
    String config = fs.exists(confPath) ? readText(fs, confPath) : "";

    List<String> gridKeys = gridKeys(summary);
    List<Run> runs = new ArrayList<>();
    for (int r = 0; r < summary.size(); r++) {
      String name = summary.cell(r, "run");
      String status = summary.has("status") ? summary.cell(r, "status") : "";
      Map<String, String> grid = new LinkedHashMap<>();
      for (String k : gridKeys) grid.put(k, summary.cell(r, k));
      Path runDir = new Path(new Path(dir, "runs"), name);
      Path metricsPath = new Path(runDir, "metrics.csv");
      Csv metrics = fs.exists(metricsPath)
          ? Csv.parse(readText(fs, metricsPath))
          : new Csv(List.of("iteration"), List.of());
      Path infoPath = new Path(runDir, "run.json");
      Map<String, Object> info =
          fs.exists(infoPath) ? Json.parseObject(readText(fs, infoPath)) : Map.of();
      Path predictionPath = new Path(runDir, "ntk_prediction.csv");
      Csv prediction = fs.exists(predictionPath)
          ? Csv.parse(readText(fs, predictionPath))
          : new Csv(List.of("iteration"), List.of());
      runs.add(new Run(name, status, grid, metrics, info, prediction));
    }
    return new StudyResults(studyDir, config, summary, aggregate, analysis, gridKeys, runs);
  }

  /**
   * The grid keys are the summary columns between run/status/trial and iterations (the layout's
   * contract); without an iterations column, every column that is not a known metric.
   */
  static List<String> gridKeys(Csv summary) {
    List<String> h = summary.header();
    int end = h.indexOf("iterations");
    List<String> keys = new ArrayList<>();
    if (end >= 0) {
      for (int c = 0; c < end; c++) {
        String col = h.get(c);
        if (!col.equals("run") && !col.equals("status") && !col.equals("trial")) keys.add(col);
      }
    } else {
      for (String col : h) {
        if (!SUMMARY_FIXED.contains(col) && MetricRegistry.of(col).isEmpty()) keys.add(col);
      }
    }
    return keys;
  }

  /** Distinct values of a grid key in run order. */
  public List<String> values(String gridKey) {
    Set<String> s = new LinkedHashSet<>();
    for (Run r : runs) s.add(r.grid().get(gridKey));
    return List.copyOf(s);
  }

  /** True when every value of the grid key is a number (a sweep axis rather than a choice). */
  public boolean numeric(String gridKey) {
    for (String v : values(gridKey)) if (!Csv.isNumber(v)) return false;
    return true;
  }

  /** Whether any run's metrics.csv has this column with at least one defined value. */
  public boolean hasMetric(String column) {
    for (Run r : runs) {
      if (!r.metrics().has(column)) continue;
      for (double v : r.metrics().doubles(column)) if (!Double.isNaN(v)) return true;
    }
    return false;
  }

  /** Whether summary.csv has this column with at least one defined value. */
  public boolean hasFinal(String column) {
    Csv table = summary.has(column) ? summary : analysis.filter(a -> a.has(column)).orElse(null);
    if (table == null) return false;
    for (double v : table.doubles(column)) if (!Double.isNaN(v)) return true;
    return false;
  }

  /**
   * A run's value of a per-run column: summary.csv's final metrics first, then analysis.csv's per-run results
   * (such as the convergence rate); NaN when neither has it.
   */
  public double finalValue(Run run, String column) {
    int row = runs.indexOf(run);
    if (summary.has(column)) return Csv.toDouble(summary.cell(row, column));
    if (analysis.isPresent() && analysis.get().has(column)) {
      Csv a = analysis.get();
      for (int i = 0; i < a.size(); i++) {
        if (run.name().equals(a.cell(i, "run"))) return Csv.toDouble(a.cell(i, column));
      }
    }
    return Double.NaN;
  }

  /** Distinct values of a run.json field over the runs (e.g. spark_version), in run order. */
  public List<String> environment(String field) {
    Set<String> s = new LinkedHashSet<>();
    for (Run r : runs) {
      Object v = r.info().get(field);
      if (v != null) s.add(String.valueOf(v));
    }
    return List.copyOf(s);
  }

  static String readText(FileSystem fs, Path p) throws IOException {
    try (InputStream in = fs.open(p)) {
      return new String(readAll(in), StandardCharsets.UTF_8);
    }
  }

  static byte[] readAll(InputStream in) throws IOException {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    in.transferTo(out);
    return out.toByteArray();
  }
}
