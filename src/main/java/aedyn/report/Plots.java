package aedyn.report;

import aedyn.metrics.MetricRegistry;

import java.io.IOException;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.List;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.knowm.xchart.internal.chartpart.Chart;

/**
 * Plain functions from a study's results to charts: which plots a study gets ({@link #plan}), the
 * numbers each shows ({@link #panels}), XChart charts ({@link #draw}) and their PNG and SVG bytes.
 */
public final class Plots {
  private Plots() {}

  public static final int PANEL_WIDTH = 520;
  public static final int PANEL_HEIGHT = 400;
  public static final int MAX_COLUMNS = 3;

  /** matplotlib's tab10, so the notebook's redrawings use the job's colours in the same order. */
  public static final List<String> PALETTE = List.of("#1f77b4", "#ff7f0e", "#2ca02c", "#d62728",
      "#9467bd", "#8c564b", "#e377c2", "#7f7f7f", "#bcbd22", "#17becf");

  /** Metrics drawn against iteration, in this order, when present (the registry says which). */
  static final List<String> CURVE_METRICS = MetricRegistry.againstIteration();

  /**
   * Final metrics drawn against each swept numeric key, when present: summary.csv's, then analysis.csv's per-run
   * results of the convergence analysis (SPEC section 7), as the registry declares them.
   */
  static final List<String> SWEEP_METRICS = MetricRegistry.againstGridKey();

  /** One line of a panel: x and y with undefined (NaN) points already dropped. */
  public record Line(String label, double[] x, double[] y, double[] low, double[] high) {}

  /** One panel of a figure. */
  public record Panel(String title, List<Line> lines) {}

  // ---------------------------------------------------------------- labels

  /** Axis title of a metric column, with the papers' symbols and the unit, from the registry. */
  public static String metricLabel(String metric) {
    return MetricRegistry.title(metric);
  }

  /** A short symbol for a grid key, for panel titles and legends ("σ_η = 0.01"). */
  public static String keySymbol(String key) {
    return switch (key) {
      case "data.noise-sigma" -> "σ_η";
      case "data.samples" -> "N";
      case "data.n" -> "n";
      case "data.k" -> "k";
      case "model.m", "data.m", "model.width" -> "m";
      case "train.regime" -> "regime";
      case "model.linearize" -> "linearized";
      case "model.architecture" -> "architecture";
      case "model.activation" -> "activation";
      case "train.l2" -> "λ₂";
      case "init.kind" -> "init";
      case "init.delta" -> "δ";
      case "train.iterations" -> "T";
      case "train.learning-rate" -> "ζ";
      default -> key;
    };
  }

  /**
   * A grid value as a legend or panel title names it: model.linearize's false/true are the network and its
   * linearized twin (SPEC 8.4), not a bare boolean; other values are themselves.
   */
  public static String valueName(String key, String value) {
    if ("model.linearize".equals(key)) {
      if ("false".equalsIgnoreCase(value)) return NETWORK;
      if ("true".equalsIgnoreCase(value)) return TWIN;
    }
    return value;
  }

  /** "σ_η = 0.01", or the value's own name where it has one ("linearized twin"). */
  public static String keyValue(String key, String value) {
    String name = valueName(key, value);
    return name.equals(value) ? keySymbol(key) + " = " + value : name;
  }

  /** The grid values with a name of their own, per key: plots.json carries them to the notebook's legends. */
  public static Map<String, Map<String, String>> valueNames(List<String> keys) {
    Map<String, Map<String, String>> names = new LinkedHashMap<>();
    if (keys.contains("model.linearize")) {
      Map<String, String> linearize = new LinkedHashMap<>(); // in order: plots.json is written deterministically
      linearize.put("false", NETWORK);
      linearize.put("true", TWIN);
      names.put("model.linearize", linearize);
    }
    return names;
  }

  static final String NETWORK = "network";
  static final String TWIN = "linearized twin";

  /** A grid key as a caption counts it: "one line per σ_η", "one line per network/linearized twin × regime". */
  public static String captionSymbol(String key) {
    return "model.linearize".equals(key) ? NETWORK + "/" + TWIN : keySymbol(key);
  }

  /** Axis title of a numeric grid key, with unit. */
  public static String keyLabel(String key) {
    return switch (key) {
      case "data.noise-sigma" -> "σ_η (noise standard deviation)";
      case "data.samples" -> "N (samples)";
      case "data.n" -> "n (input dimension)";
      case "data.k" -> "k (nonzeros per code)";
      case "model.m", "data.m", "model.width" -> "m (hidden units)";
      case "train.l2" -> "λ₂ (l2 weight)";
      case "init.delta" -> "δ (initial perturbation)";
      case "train.iterations" -> "T (iterations)";
      case "train.learning-rate" -> "ζ (learning rate)";
      default -> key;
    };
  }

  /** Errors, norms and losses: drawn on a log axis where their values span decades. */
  static boolean isErrorMetric(String metric) {
    return MetricRegistry.logAxis(metric);
  }

  // ---------------------------------------------------------------- entry points

  /** The plots a study gets ({@link PlotPlan}). */
  public static List<PlotSpec> plan(StudyResults r) {
    return PlotPlan.plan(r);
  }

  /** The panels and lines a spec shows, computed from the study (shared by tests and drawing). */
  public static List<Panel> panels(PlotSpec spec, StudyResults r) {
    return PlotPanels.panels(spec, r);
  }

  /** The charts of a spec, one per panel, styled alike. */
  public static List<Chart<?, ?>> draw(PlotSpec spec, StudyResults r) {
    return PlotCharts.draw(spec, r);
  }

  /** All panels side by side (at most three a row) in one PNG. */
  public static byte[] png(List<Chart<?, ?>> charts) throws IOException {
    return PlotFiles.png(charts);
  }

  /** The same layout as an SVG document. */
  public static byte[] svg(List<Chart<?, ?>> charts) throws IOException {
    return PlotFiles.svg(charts);
  }

  /** A written plot: its spec, the two files' names under plots/, and the PNG's bytes (report.html embeds them). */
  public record Written(PlotSpec spec, String png, String svg, int panels, byte[] pngBytes) {}

  /** Renders every planned plot of the study into plotsDir as NAME.png and NAME.svg. */
  public static List<Written> writeAll(StudyResults r, FileSystem fs, Path plotsDir)
      throws IOException {
    return PlotFiles.writeAll(r, fs, plotsDir);
  }
}
