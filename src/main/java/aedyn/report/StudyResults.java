package aedyn.report;


import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;
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
 * @param analysis analysis.csv's rows when it has a row per run (a "run" column), as study.analysis = convergence
 *     writes; none otherwise
 * @param gridKeys the swept configuration paths (for example data.noise-sigma, init.kind), in order
 * @param runs one entry per row of summary.csv, in the same order
 * @param boundary a boundary study's probes.csv, boundary.csv and scaling law (SPEC 9); empty for other studies
 */
public record StudyResults(
    String studyDir,
    String config,
    Csv summary,
    Optional<Csv> aggregate,
    List<AnalysisRow> analysis,
    List<String> gridKeys,
    List<Run> runs,
    Optional<BoundaryResults> boundary) {

  /**
   * One training run.
   *
   * @param row its row of summary.csv: name (its directory under runs/), status, trial, grid values as written there
   * @param metrics runs/NAME/metrics.csv, rows s = 0..T (empty when the file is missing)
   * @param manifest runs/NAME/run.json (empty when missing)
   * @param prediction runs/NAME/ntk_prediction.csv (iteration, predicted_loss; SPEC 8.3), empty when missing
   */
  public record Run(SummaryRow row, Csv metrics, Optional<RunManifest> manifest, Csv prediction) {

    public String name() {
      return row.run();
    }

    public RunStatus status() {
      return row.status();
    }

    /** grid key → value as written in summary.csv. */
    public Map<String, String> grid() {
      return row.grid();
    }

    /** "init.kind=pca, data.noise-sigma=0.01" for legends and titles. */
    public String gridLabel() {
      List<String> parts = new ArrayList<>();
      grid().forEach((k, v) -> parts.add(k + "=" + v));
      return String.join(", ", parts);
    }

    /** A part of run.json, empty when the run has none (no run.json, or a run.json without that part). */
    public <T> Optional<T> manifest(Function<RunManifest, T> part) {
      return manifest.map(part);
    }
  }

  public StudyResults {
    Objects.requireNonNull(studyDir, "studyDir");
    analysis = List.copyOf(analysis);
    gridKeys = List.copyOf(gridKeys);
    runs = List.copyOf(runs);
    Objects.requireNonNull(boundary, "boundary");
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
    Path analysisPath = new Path(dir, "analysis.csv");
    List<AnalysisRow> analysis = fs.exists(analysisPath)
        ? AnalysisRow.read(Csv.parse(readText(fs, analysisPath)), SummaryRow.gridKeys(summary))
        : List.of();
    Path confPath = new Path(dir, "study.conf");
    String config = fs.exists(confPath) ? readText(fs, confPath) : "";

    Path runsDir = new Path(dir, "runs");
    Map<String, Optional<RunManifest>> manifests = new LinkedHashMap<>();
    for (String name : summary.strings(SummaryRow.RUN)) {
      Path infoPath = new Path(new Path(runsDir, name), "run.json");
      manifests.put(name, fs.exists(infoPath) ? Optional.of(readManifest(fs, infoPath)) : Optional.empty());
    }
    List<SummaryRow> rows = SummaryRow.read(summary,
        name -> manifests.get(name).map(RunManifest::status).orElse(RunStatus.FINISHED));
    List<String> gridKeys = SummaryRow.gridKeys(summary);
    List<Run> runs = new ArrayList<>();
    for (SummaryRow row : rows) {
      Path runDir = new Path(runsDir, row.run());
      Path metricsPath = new Path(runDir, "metrics.csv");
      Csv metrics = fs.exists(metricsPath)
          ? Csv.parse(readText(fs, metricsPath))
          : new Csv(List.of("iteration"), List.of());
      Path predictionPath = new Path(runDir, "ntk_prediction.csv");
      Csv prediction = fs.exists(predictionPath)
          ? Csv.parse(readText(fs, predictionPath))
          : new Csv(List.of("iteration"), List.of());
      runs.add(new Run(row, metrics, manifests.get(row.run()), prediction));
    }
    return new StudyResults(studyDir, config, summary, aggregate, analysis, gridKeys, runs,
        BoundaryResults.read(fs, dir, config));
  }

  private static RunManifest readManifest(FileSystem fs, Path p) throws IOException {
    try {
      return RunManifest.read(readText(fs, p));
    } catch (IllegalArgumentException e) {
      throw new IOException(p + ": not a run.json (" + e.getMessage() + ")", e);
    }
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
    if (summary.has(column)) {
      for (double v : summary.doubles(column)) if (!Double.isNaN(v)) return true;
      return false;
    }
    return analysis.stream().anyMatch(a -> !Double.isNaN(a.value(column)));
  }

  /**
   * A run's value of a per-run column: summary.csv's final metrics first, then analysis.csv's per-run results
   * (such as the convergence rate); NaN when neither has it.
   */
  public double finalValue(Run run, String column) {
    if (run.row().finals().containsKey(column)) return run.row().finals().get(column);
    for (AnalysisRow a : analysis) {
      if (a.run().equals(run.name()) && a.results().containsKey(column)) return a.value(column);
    }
    return Double.NaN;
  }

  /** Distinct values of a part of the runs' platforms (e.g. Platform::sparkVersion), in run order. */
  public List<String> environment(Function<RunManifest.Platform, String> field) {
    Set<String> s = new LinkedHashSet<>();
    for (Run r : runs) r.manifest(RunManifest::platform).map(field).ifPresent(s::add);
    return List.copyOf(s);
  }

  /**
   * The same by run.json's name of the field, for the notebook's export: spark_version, java_version or blas.
   *
   * @deprecated name the part: {@link #environment(Function)}
   */
  @Deprecated
  public List<String> environment(String field) {
    return environment(switch (field) {
      case "spark_version" -> RunManifest.Platform::sparkVersion;
      case "java_version" -> RunManifest.Platform::javaVersion;
      case "blas" -> RunManifest.Platform::blas;
      default -> throw new IllegalArgumentException("not a field of the runs' platform: " + field);
    });
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
