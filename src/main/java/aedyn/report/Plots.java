package aedyn.report;

import aedyn.metrics.MetricRegistry;
import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Font;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.util.ArrayList;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import javax.imageio.ImageIO;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.knowm.xchart.CategoryChart;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYSeries;
import org.knowm.xchart.internal.chartpart.Chart;
import org.knowm.xchart.style.AxesChartStyler;
import org.knowm.xchart.style.Styler;
import org.knowm.xchart.style.markers.SeriesMarkers;
import de.erichseifert.vectorgraphics2d.Document;
import de.erichseifert.vectorgraphics2d.VectorGraphics2D;
import de.erichseifert.vectorgraphics2d.svg.SVGProcessor;
import de.erichseifert.vectorgraphics2d.util.PageSize;

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
      case "model.architecture" -> "architecture";
      case "train.l2" -> "λ₂";
      case "init.kind" -> "init";
      case "init.delta" -> "δ";
      case "train.iterations" -> "T";
      case "train.learning-rate" -> "ζ";
      default -> key;
    };
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

  // ---------------------------------------------------------------- which plots

  /**
   * The plots a study gets. Lines are the initializations (init.kind, else the first non-numeric
   * grid key, else the last key); panels are the other keys' combinations (paper 1's Figure 2: one
   * panel per noise level). Numeric keys with several values also get sweep plots.
   */
  public static List<PlotSpec> plan(StudyResults r) {
    List<PlotSpec> specs = new ArrayList<>();
    List<String> keys = r.gridKeys();
    String lineKey = lineKey(r);
    List<String> panelKeys = new ArrayList<>(keys);
    if (lineKey != null) panelKeys.remove(lineKey);
    String lines = lineKey == null ? "one line per run" : "one line per " + keySymbol(lineKey);
    String panels = panelKeys.isEmpty() ? "" : ", one panel per "
        + String.join(" × ", panelKeys.stream().map(Plots::keySymbol).toList());
    String trials = r.summary().has("trial") && r.aggregate().isPresent()
        ? " Trials of one grid point are averaged." : "";

    for (String metric : CURVE_METRICS) {
      if (!r.hasMetric(metric)) continue;
      if (metric.equals("loss") && hasEnergyBlocks(r)) continue; // drawn with its PCA levels below
      // XChart labels a log axis at powers of ten only: below two decades a linear axis reads better
      double[] all = allMetricValues(r, metric);
      boolean logY = isErrorMetric(metric) && positive(all) && spansDecades(all, 2);
      String name = switch (metric) {
        case "loss" -> "learning_curves";
        default -> metric + "_curves";
      };
      String title = switch (metric) {
        case "loss" -> "Learning curves";
        case "fro_error" -> "Recovery error ‖π(W) − A‖_F against iteration";
        case "support_recovery" -> "Support recovery against iteration";
        default -> metric + " against iteration";
      };
      String caption = switch (metric) {
        case "loss" -> "Reconstruction loss against iteration s (paper 1, Figure 2), " + lines
            + panels + "." + trials;
        default -> metricLabel(metric) + " against iteration s, " + lines + panels + "."
            + trials;
      };
      specs.add(new PlotSpec.Curves(name, title, caption, metric, metricLabel(metric),
          panelKeys, lineKey, logY));
    }

    if (lineKey != null && !r.numeric(lineKey) && r.hasFinal("fro_error")) {
      specs.add(new PlotSpec.FinalByCategory("recovery_error_by_init",
          "Final recovery error per " + keySymbol(lineKey),
          "Final ‖π(W) − A‖_F per " + keySymbol(lineKey) + " (paper 1, Figure 3)"
              + (panelKeys.isEmpty() ? "" : ", one bar per "
                  + String.join(" × ", panelKeys.stream().map(Plots::keySymbol).toList()))
              + (r.aggregate().isPresent() ? "; error bars are 95 % confidence intervals." : "."),
          "fro_error", metricLabel("fro_error"), lineKey, panelKeys));
    }

    for (String x : keys) {
      if (!r.numeric(x) || r.values(x).size() < 2) continue;
      double[] xs = r.values(x).stream().mapToDouble(Csv::toDouble).toArray();
      boolean logX = spansDecades(xs, 1);
      List<String> others = new ArrayList<>(keys);
      others.remove(x);
      boolean band = r.aggregate().isPresent();
      for (String metric : SWEEP_METRICS) {
        if (!r.hasFinal(metric)) continue;
        double[] ys = r.runs().stream().mapToDouble(run -> r.finalValue(run, metric)).toArray();
        boolean logY = isErrorMetric(metric) && positive(ys) && (logX || spansDecades(ys, 2));
        String xs1 = keySymbol(x);
        specs.add(new PlotSpec.Sweep("sweep_" + metric + "_vs_" + slug(x),
            "Final " + metric + " against " + xs1,
            "Final " + metricLabel(metric) + " against " + keyLabel(x)
                + (others.isEmpty() ? "" : ", one line per "
                    + String.join(" × ", others.stream().map(Plots::keySymbol).toList()))
                + (band ? "; shaded: 95 % confidence band over trials" : "")
                + (logX && logY ? "; log-log axes." : logX ? "; logarithmic x axis." : "."),
            metric, metricLabel(metric), x, keyLabel(x), others, logX, logY, band));
      }
    }
    specs.addAll(subspacePlots(r));
    return specs;
  }

  static String lineKey(StudyResults r) {
    List<String> keys = r.gridKeys();
    if (keys.contains("init.kind")) return "init.kind";
    for (String k : keys) if (!r.numeric(k)) return k;
    return keys.isEmpty() ? null : keys.get(keys.size() - 1);
  }

  static String slug(String key) {
    return key.replaceAll("[^A-Za-z0-9]+", "_");
  }

  static boolean positive(double[] v) {
    boolean any = false;
    for (double d : v) {
      if (Double.isNaN(d)) continue;
      if (!(d > 0) || Double.isInfinite(d)) return false;
      any = true;
    }
    return any;
  }

  /** max/min ≥ 10^decades over the positive finite values. */
  static boolean spansDecades(double[] v, int decades) {
    double lo = Double.POSITIVE_INFINITY, hi = 0;
    for (double d : v) {
      if (d > 0 && Double.isFinite(d)) {
        lo = Math.min(lo, d);
        hi = Math.max(hi, d);
      }
    }
    return hi > 0 && hi / lo >= Math.pow(10, decades) * (1 - 1e-9);
  }

  static double[] allMetricValues(StudyResults r, String metric) {
    List<Double> all = new ArrayList<>();
    for (StudyResults.Run run : r.runs()) {
      if (!run.metrics().has(metric)) continue;
      for (double d : run.metrics().doubles(metric)) all.add(d);
    }
    return all.stream().mapToDouble(Double::doubleValue).toArray();
  }

  // ---------------------------------------------------------------- the numbers

  /** The panels and lines a spec shows, computed from the study (shared by tests and drawing). */
  public static List<Panel> panels(PlotSpec spec, StudyResults r) {
    // Java 17 has no pattern switch; the interface is sealed, so these three are all.
    if (spec instanceof PlotSpec.Curves c) return curvePanels(c, r);
    if (spec instanceof PlotSpec.FinalByCategory f) return List.of(barPanel(f, r));
    if (spec instanceof PlotSpec.SubspaceCurves c) return subspacePanels(c, r);
    return List.of(sweepPanel((PlotSpec.Sweep) spec, r));
  }

  static String combo(Map<String, String> grid, List<String> keys) {
    List<String> parts = new ArrayList<>();
    for (String k : keys) parts.add(keySymbol(k) + " = " + grid.get(k));
    return String.join(", ", parts);
  }

  /** Groups runs by the values of keys, in first-seen order. */
  static Map<String, List<StudyResults.Run>> groupBy(List<StudyResults.Run> runs,
      List<String> keys) {
    Map<String, List<StudyResults.Run>> g = new LinkedHashMap<>();
    for (StudyResults.Run run : runs) {
      g.computeIfAbsent(combo(run.grid(), keys), k -> new ArrayList<>()).add(run);
    }
    return g;
  }

  static List<Panel> curvePanels(PlotSpec.Curves c, StudyResults r) {
    List<Panel> panels = new ArrayList<>();
    for (Map.Entry<String, List<StudyResults.Run>> p : groupBy(r.runs(), c.panelKeys())
        .entrySet()) {
      List<Line> lines = new ArrayList<>();
      Map<String, List<StudyResults.Run>> byLine = c.lineKey() == null
          ? groupByName(p.getValue())
          : groupByValue(p.getValue(), c.lineKey());
      for (Map.Entry<String, List<StudyResults.Run>> l : byLine.entrySet()) {
        Line line = meanCurve(l.getKey(), l.getValue(), c.metric(), c.logY());
        if (line.x().length > 0) lines.add(line);
      }
      String title = p.getKey().isEmpty() ? c.title() : p.getKey();
      panels.add(new Panel(title, lines));
    }
    return panels;
  }

  static Map<String, List<StudyResults.Run>> groupByName(List<StudyResults.Run> runs) {
    Map<String, List<StudyResults.Run>> g = new LinkedHashMap<>();
    for (StudyResults.Run run : runs) g.put(run.name(), List.of(run));
    return g;
  }

  static Map<String, List<StudyResults.Run>> groupByValue(List<StudyResults.Run> runs,
      String key) {
    Map<String, List<StudyResults.Run>> g = new LinkedHashMap<>();
    for (StudyResults.Run run : runs) {
      g.computeIfAbsent(run.grid().get(key), k -> new ArrayList<>()).add(run);
    }
    return g;
  }

  /** Mean over the runs of metric at each iteration; points undefined in every run are dropped. */
  static Line meanCurve(String label, List<StudyResults.Run> runs, String metric, boolean log) {
    Map<Double, double[]> sums = new java.util.TreeMap<>();
    for (StudyResults.Run run : runs) {
      Csv m = run.metrics();
      if (!m.has(metric) || !m.has("iteration")) continue;
      double[] it = m.doubles("iteration");
      double[] v = m.doubles(metric);
      for (int i = 0; i < it.length; i++) {
        if (!Double.isFinite(v[i]) || Double.isNaN(it[i])) continue;
        double[] s = sums.computeIfAbsent(it[i], k -> new double[2]);
        s[0] += v[i];
        s[1] += 1;
      }
    }
    List<double[]> pts = new ArrayList<>();
    sums.forEach((it, s) -> {
      double mean = s[0] / s[1];
      if (!log || mean > 0) pts.add(new double[] {it, mean});
    });
    double[] x = pts.stream().mapToDouble(p -> p[0]).toArray();
    double[] y = pts.stream().mapToDouble(p -> p[1]).toArray();
    return new Line(label, x, y, null, null);
  }

  static Panel barPanel(PlotSpec.FinalByCategory f, StudyResults r) {
    List<Line> lines = new ArrayList<>();
    List<String> categories = r.values(f.categoryKey());
    for (Map.Entry<String, List<StudyResults.Run>> s : groupBy(r.runs(), f.seriesKeys())
        .entrySet()) {
      double[] x = new double[categories.size()];
      double[] y = new double[categories.size()];
      double[] lo = new double[categories.size()];
      double[] hi = new double[categories.size()];
      for (int c = 0; c < categories.size(); c++) {
        x[c] = c;
        List<StudyResults.Run> runs = new ArrayList<>();
        for (StudyResults.Run run : s.getValue()) {
          if (categories.get(c).equals(run.grid().get(f.categoryKey()))) runs.add(run);
        }
        double[] stats = finalStats(r, runs, f.metric());
        y[c] = stats[0];
        lo[c] = stats[1];
        hi[c] = stats[2];
      }
      String label = s.getKey().isEmpty() ? f.metric() : s.getKey();
      lines.add(new Line(label, x, y, lo, hi));
    }
    return new Panel(f.title(), lines);
  }

  /**
   * {mean, ci low, ci high} of a final metric over runs of one grid point: the aggregate.csv row
   * when there is one, otherwise the mean of summary.csv's values and no interval (NaN).
   */
  static double[] finalStats(StudyResults r, List<StudyResults.Run> runs, String metric) {
    if (runs.isEmpty()) return new double[] {Double.NaN, Double.NaN, Double.NaN};
    Optional<Map<String, String>> agg = aggregateRow(r, runs.get(0).grid());
    if (agg.isPresent() && agg.get().containsKey(metric + "_mean")) {
      Map<String, String> a = agg.get();
      return new double[] {Csv.toDouble(a.get(metric + "_mean")),
          Csv.toDouble(a.get(metric + "_ci95_low")), Csv.toDouble(a.get(metric + "_ci95_high"))};
    }
    double sum = 0;
    int n = 0;
    for (StudyResults.Run run : runs) {
      double v = r.finalValue(run, metric);
      if (Double.isFinite(v)) {
        sum += v;
        n++;
      }
    }
    return new double[] {n == 0 ? Double.NaN : sum / n, Double.NaN, Double.NaN};
  }

  /** The aggregate.csv row whose grid point columns equal the grid (numbers compared as numbers). */
  static Optional<Map<String, String>> aggregateRow(StudyResults r, Map<String, String> grid) {
    if (r.aggregate().isEmpty()) return Optional.empty();
    Csv a = r.aggregate().get();
    rows:
    for (int i = 0; i < a.size(); i++) {
      Map<String, String> row = a.row(i);
      for (Map.Entry<String, String> g : grid.entrySet()) {
        String v = row.get(g.getKey());
        if (v == null) continue rows;
        if (!sameValue(v, g.getValue())) continue rows;
      }
      return Optional.of(row);
    }
    return Optional.empty();
  }

  static boolean sameValue(String a, String b) {
    if (a.equals(b)) return true;
    return Csv.isNumber(a) && Csv.isNumber(b) && Csv.toDouble(a) == Csv.toDouble(b);
  }

  static Panel sweepPanel(PlotSpec.Sweep s, StudyResults r) {
    List<Line> lines = new ArrayList<>();
    for (Map.Entry<String, List<StudyResults.Run>> g : groupBy(r.runs(), s.lineKeys())
        .entrySet()) {
      Map<Double, List<StudyResults.Run>> byX = new java.util.TreeMap<>();
      for (StudyResults.Run run : g.getValue()) {
        byX.computeIfAbsent(Csv.toDouble(run.grid().get(s.xKey())), k -> new ArrayList<>())
            .add(run);
      }
      List<double[]> pts = new ArrayList<>();
      for (Map.Entry<Double, List<StudyResults.Run>> e : byX.entrySet()) {
        double[] st = finalStats(r, e.getValue(), s.metric());
        if (!Double.isFinite(st[0]) || (s.logY() && st[0] <= 0)) continue;
        pts.add(new double[] {e.getKey(), st[0], st[1], st[2]});
      }
      double[] x = pts.stream().mapToDouble(p -> p[0]).toArray();
      double[] y = pts.stream().mapToDouble(p -> p[1]).toArray();
      double[] lo = pts.stream().mapToDouble(p -> p[2]).toArray();
      double[] hi = pts.stream().mapToDouble(p -> p[3]).toArray();
      String label = g.getKey().isEmpty() ? s.metric() : g.getKey();
      if (x.length > 0) lines.add(new Line(label, x, y, lo, hi));
    }
    return new Panel(s.title(), lines);
  }

  // ---------------------------------------------------------------- paper 3: subspace energies

  /** Whether the study's runs measured eigen-block energies (energy_1 .. energy_rest, SPEC section 7). */
  static boolean hasEnergyBlocks(StudyResults r) {
    return r.hasMetric("energy_rest");
  }

  /** The energy columns of the study, energy_1 .. energy_J then energy_rest. */
  static List<String> energyColumns(StudyResults r) {
    for (StudyResults.Run run : r.runs()) {
      List<String> cols = run.metrics().header().stream().filter(MetricRegistry.ENERGY::names).toList();
      if (!cols.isEmpty()) return cols;
    }
    return List.of();
  }

  /**
   * Paper 3's plots for a study with energy blocks: the learning curves with the PCA levels (one line
   * per width when the grid sweeps model.width, so the approach to the mean-field limit shows), and
   * the energy per direction of every block against iteration (the phases), one panel per grid point.
   */
  static List<PlotSpec> subspacePlots(StudyResults r) {
    if (!hasEnergyBlocks(r)) return List.of();
    List<String> keys = r.gridKeys();
    String lineKey = keys.contains("model.width") ? "model.width" : lineKey(r);
    List<String> panelKeys = new ArrayList<>(keys);
    if (lineKey != null) panelKeys.remove(lineKey);
    String panels = panelKeys.isEmpty() ? "" : ", one panel per "
        + String.join(" × ", panelKeys.stream().map(Plots::keySymbol).toList());
    String lines = lineKey == null ? "one line per run" : "one line per " + keySymbol(lineKey);
    List<PlotSpec> specs = new ArrayList<>();
    specs.add(new PlotSpec.SubspaceCurves("learning_curves", "Learning curves and PCA levels",
        "Reconstruction loss against iteration s, " + lines + panels + "; dashed: the PCA levels"
            + " (SPEC 7), the loss of the best projection onto eigen-blocks 1..j, ½ Σ of the"
            + " eigenvalues outside them. A curve that plateaus at a level has learned blocks 1..j.",
        List.of("loss"), metricLabel("loss"), panelKeys, lineKey, false, true));
    String everyPanel = keys.isEmpty() ? "" : ", one panel per "
        + String.join(" × ", keys.stream().map(Plots::keySymbol).toList());
    specs.add(new PlotSpec.SubspaceCurves("energy_curves", "Energy per direction of each eigen-block",
        "energy_j / d_j = ‖P_j W‖²_F / (m d_j) against iteration s, one line per eigen-block (largest"
            + " eigenvalues first, then the rest)" + everyPanel + ". The blocks rise one after the other"
            + " (paper 3's phases); l2 lowers the plateaus.",
        energyColumns(r), "energy_j / d_j", keys, null, true, false));
    return specs;
  }

  /** d_j of an energy column from a run's run.json (energy_blocks.dims, rest_dim); NaN when unknown. */
  static double blockDim(StudyResults.Run run, String column) {
    if (!(run.info().get("energy_blocks") instanceof Map<?, ?> eb)) return Double.NaN;
    if (column.equals("energy_rest")) {
      return eb.get("rest_dim") instanceof Number d ? d.doubleValue() : Double.NaN;
    }
    int j = Integer.parseInt(column.substring("energy_".length())) - 1;
    return eb.get("dims") instanceof List<?> dims && j < dims.size()
        && dims.get(j) instanceof Number d ? d.doubleValue() : Double.NaN;
  }

  /** run.json's energy_blocks.pca_levels (element j: blocks 1..j learned); empty when absent. */
  static List<Double> pcaLevels(StudyResults.Run run) {
    if (!(run.info().get("energy_blocks") instanceof Map<?, ?> eb)
        || !(eb.get("pca_levels") instanceof List<?> levels)) {
      return List.of();
    }
    List<Double> out = new ArrayList<>();
    for (Object l : levels) if (l instanceof Number v) out.add(v.doubleValue());
    return out;
  }

  /** The label of PCA level j, also the notebook's. */
  static String levelLabel(int j) {
    return j == 0 ? "PCA: levels" : j == 1 ? "PCA: block 1" : "PCA: blocks 1-" + j;
  }

  /**
   * The panels of a SubspaceCurves plot. Reference lines (PCA levels) are lines whose label starts
   * with "PCA:", spanning the panel's iterations; they are taken from the panel's first run.
   */
  static List<Panel> subspacePanels(PlotSpec.SubspaceCurves c, StudyResults r) {
    List<Panel> panels = new ArrayList<>();
    for (Map.Entry<String, List<StudyResults.Run>> p : groupBy(r.runs(), c.panelKeys())
        .entrySet()) {
      List<Line> lines = new ArrayList<>();
      double last = 0;
      if (c.perDimension()) {
        for (String metric : c.metrics()) {
          Line mean = meanCurve(metric, p.getValue(), metric, false);
          double d = blockDim(p.getValue().get(0), metric);
          if (mean.x().length == 0 || !(d > 0)) continue;
          double[] y = mean.y().clone();
          for (int i = 0; i < y.length; i++) y[i] /= d;
          String block = metric.substring("energy_".length());
          String what = block.equals("rest") ? "rest" : "block " + block;
          lines.add(new Line(what + " (d = " + (int) d + ")", mean.x(), y, null, null));
        }
      } else {
        Map<String, List<StudyResults.Run>> byLine = c.lineKey() == null
            ? groupByName(p.getValue())
            : groupByValue(p.getValue(), c.lineKey());
        for (Map.Entry<String, List<StudyResults.Run>> l : byLine.entrySet()) {
          String label = c.lineKey() == null ? l.getKey() : keySymbol(c.lineKey()) + " = " + l.getKey();
          Line line = meanCurve(label, l.getValue(), c.metrics().get(0), false);
          if (line.x().length > 0) lines.add(line);
        }
      }
      for (Line l : lines) if (l.x().length > 0) last = Math.max(last, l.x()[l.x().length - 1]);
      if (c.pcaLevels()) {
        List<Double> levels = pcaLevels(p.getValue().get(0));
        for (int j = 0; j < levels.size(); j++) {
          lines.add(new Line(levelLabel(j), new double[] {0, last},
              new double[] {levels.get(j), levels.get(j)}, null, null));
        }
      }
      panels.add(new Panel(p.getKey().isEmpty() ? c.title() : p.getKey(), lines));
    }
    return panels;
  }

  static XYChart subspaceChart(PlotSpec.SubspaceCurves c, Panel p) {
    XYChart chart = iterationChart(p.title(), c.yLabel());
    chart.getStyler().setLegendFont(new Font(Font.SANS_SERIF, Font.PLAIN, 10));
    // energies rise to their plateaus, the loss falls to its floor: keep the legend off the curves
    chart.getStyler().setLegendPosition(c.perDimension() ? Styler.LegendPosition.InsideSE
        : Styler.LegendPosition.InsideNE);
    int i = 0;
    for (Line l : p.lines()) {
      XYSeries s = chart.addSeries(l.label(), l.x(), l.y());
      s.setMarker(SeriesMarkers.NONE);
      if (l.label().startsWith("PCA:")) {
        s.setLineColor(Color.GRAY);
        s.setLineStyle(new BasicStroke(1.2f, BasicStroke.CAP_BUTT, BasicStroke.JOIN_MITER, 10f,
            new float[] {6f, 4f}, 0f));
        s.setShowInLegend(l.label().equals(levelLabel(0)));
      } else {
        s.setLineColor(color(i++));
        s.setLineWidth(2f);
      }
    }
    return chart;
  }

  // ---------------------------------------------------------------- drawing

  /** The charts of a spec, one per panel, styled alike. */
  public static List<Chart<?, ?>> draw(PlotSpec spec, StudyResults r) {
    List<Chart<?, ?>> charts = new ArrayList<>();
    List<Panel> panels = panels(spec, r);
    boolean single = panels.size() == 1;
    for (Panel p : panels) {
      if (spec instanceof PlotSpec.Curves c) charts.add(curveChart(c, p));
      else if (spec instanceof PlotSpec.SubspaceCurves c) charts.add(subspaceChart(c, p));
      else if (spec instanceof PlotSpec.FinalByCategory f) {
        charts.add(barChart(f, p, r.values(f.categoryKey())));
      } else charts.add(sweepChart((PlotSpec.Sweep) spec, p));
    }
    if (single && !charts.isEmpty()) charts.get(0).setTitle(spec.title());
    for (int i = 0; i < charts.size(); i++) {
      if (charts.get(i).getStyler() instanceof AxesChartStyler a && !isLogY(spec)) {
        a.setYAxisDecimalPattern(yPattern(panels.get(i)));
      }
    }
    return charts;
  }

  static boolean isLogY(PlotSpec spec) {
    return spec instanceof PlotSpec.Curves c ? c.logY()
        : spec instanceof PlotSpec.Sweep s && s.logY();
  }

  /** "0.###" reads best (0.05, not .05) unless the values are tiny, then scientific notation. */
  static String yPattern(Panel p) {
    double max = 0;
    for (Line l : p.lines()) {
      for (double v : l.y()) if (Double.isFinite(v)) max = Math.max(max, Math.abs(v));
      if (l.high() != null) {
        for (double v : l.high()) if (Double.isFinite(v)) max = Math.max(max, Math.abs(v));
      }
    }
    return max == 0 || max >= 0.01 ? "0.###" : "0.##E0";
  }

  static Color color(int i) {
    return Color.decode(PALETTE.get(i % PALETTE.size()));
  }

  static void style(Styler st) {
    st.setChartBackgroundColor(Color.WHITE);
    st.setPlotBackgroundColor(Color.WHITE);
    st.setPlotBorderColor(Color.GRAY);
    st.setLegendBorderColor(Color.LIGHT_GRAY);
    st.setLegendPosition(Styler.LegendPosition.InsideNE);
    st.setChartTitleBoxBackgroundColor(Color.WHITE);
    st.setChartTitleBoxBorderColor(Color.WHITE);
    st.setChartTitleFont(new Font(Font.SANS_SERIF, Font.BOLD, 14));
    st.setLegendFont(new Font(Font.SANS_SERIF, Font.PLAIN, 11));
    st.setAntiAlias(true);
    st.setLocale(Locale.ROOT);
    if (st instanceof AxesChartStyler a) {
      a.setAxisTitleFont(new Font(Font.SANS_SERIF, Font.PLAIN, 12));
      a.setAxisTickLabelsFont(new Font(Font.SANS_SERIF, Font.PLAIN, 11));
      a.setPlotGridLinesColor(new Color(0xE0E0E0));
      a.setXAxisTickMarkSpacingHint(70);
    }
  }

  /** An empty panel of lines against iteration s, styled like every chart of the report. */
  static XYChart iterationChart(String title, String yLabel) {
    XYChart chart = new XYChart(PANEL_WIDTH, PANEL_HEIGHT);
    chart.setTitle(title);
    chart.setXAxisTitle("iteration s");
    chart.setYAxisTitle(yLabel);
    style(chart.getStyler());
    chart.getStyler().setDefaultSeriesRenderStyle(XYSeries.XYSeriesRenderStyle.Line);
    return chart;
  }

  static XYChart curveChart(PlotSpec.Curves c, Panel p) {
    XYChart chart = iterationChart(p.title(), c.yLabel());
    chart.getStyler().setYAxisLogarithmic(c.logY());
    if (MetricRegistry.fraction(c.metric())) {
      chart.getStyler().setYAxisMin(0.0).setYAxisMax(1.0);
      chart.getStyler().setLegendPosition(Styler.LegendPosition.InsideSE);
    }
    int i = 0;
    for (Line l : p.lines()) {
      XYSeries s = chart.addSeries(l.label(), l.x(), l.y());
      s.setMarker(SeriesMarkers.NONE);
      s.setLineColor(color(i));
      s.setLineWidth(2f);
      i++;
    }
    return chart;
  }

  static CategoryChart barChart(PlotSpec.FinalByCategory f, Panel p, List<String> categories) {
    CategoryChart chart = new CategoryChart(PANEL_WIDTH, PANEL_HEIGHT);
    chart.setTitle(p.title());
    chart.setXAxisTitle(keySymbol(f.categoryKey()) + " (initialization)");
    chart.setYAxisTitle("final " + f.yLabel());
    style(chart.getStyler());
    chart.getStyler().setLegendVisible(p.lines().size() > 1);
    chart.getStyler().setLegendPosition(Styler.LegendPosition.OutsideS);
    chart.getStyler().setYAxisMin(0.0);
    chart.getStyler().setErrorBarsColor(Color.BLACK);
    int i = 0;
    for (Line l : p.lines()) {
      List<Number> y = new ArrayList<>();
      List<Number> err = new ArrayList<>();
      boolean anyErr = false;
      for (int c = 0; c < l.y().length; c++) {
        y.add(Double.isFinite(l.y()[c]) ? l.y()[c] : 0.0);
        double half = (l.high()[c] - l.low()[c]) / 2;
        anyErr |= Double.isFinite(half);
        err.add(Double.isFinite(half) ? half : 0.0);
      }
      var s = anyErr ? chart.addSeries(l.label(), categories, y, err)
          : chart.addSeries(l.label(), categories, y);
      s.setFillColor(color(i));
      i++;
    }
    return chart;
  }

  static XYChart sweepChart(PlotSpec.Sweep s, Panel p) {
    XYChart chart = new XYChart(PANEL_WIDTH, PANEL_HEIGHT);
    chart.setTitle(p.title());
    chart.setXAxisTitle(s.xLabel());
    chart.setYAxisTitle("final " + s.yLabel());
    style(chart.getStyler());
    chart.getStyler().setXAxisLogarithmic(s.logX());
    if (s.logX()) chart.getStyler().setXAxisTickLabelsFormattingFunction(Plots::powerOfTen);
    else chart.getStyler().setXAxisDecimalPattern("0.####");
    chart.getStyler().setLegendPosition(Styler.LegendPosition.OutsideS);
    chart.getStyler().setYAxisLogarithmic(s.logY());
    chart.getStyler().setMarkerSize(7);
    int i = 0;
    for (Line l : p.lines()) {
      Color c = color(i);
      if (s.band() && l.low() != null && hasBand(l)) {
        double floor = minPositive(l.y()) / 10;
        int n = l.x().length;
        double[] bx = new double[2 * n];
        double[] by = new double[2 * n];
        for (int k = 0; k < n; k++) {
          bx[k] = l.x()[k];
          by[k] = bandValue(l.low()[k], l.y()[k], s.logY(), floor);
          bx[2 * n - 1 - k] = l.x()[k];
          by[2 * n - 1 - k] = bandValue(l.high()[k], l.y()[k], s.logY(), floor);
        }
        XYSeries band = chart.addSeries(l.label() + " 95% CI", bx, by);
        band.setXYSeriesRenderStyle(XYSeries.XYSeriesRenderStyle.PolygonArea);
        band.setMarker(SeriesMarkers.NONE);
        band.setFillColor(new Color(c.getRed(), c.getGreen(), c.getBlue(), 60));
        band.setLineColor(new Color(c.getRed(), c.getGreen(), c.getBlue(), 0));
        band.setShowInLegend(false);
      }
      XYSeries line = chart.addSeries(l.label(), l.x(), l.y());
      line.setXYSeriesRenderStyle(XYSeries.XYSeriesRenderStyle.Line);
      line.setMarker(SeriesMarkers.CIRCLE);
      line.setMarkerColor(c);
      line.setLineColor(c);
      line.setLineWidth(2f);
      i++;
    }
    return chart;
  }

  /** 1000 → "10³": tick labels of a logarithmic axis, in the papers' notation. */
  static String powerOfTen(Double v) {
    if (v == null || !(v > 0)) return String.valueOf(v);
    double e = Math.log10(v);
    long k = Math.round(e);
    if (Math.abs(e - k) > 1e-9) return String.format(Locale.ROOT, "%.3g", v);
    String sup = "⁰¹²³⁴⁵⁶⁷⁸⁹";
    StringBuilder b = new StringBuilder("10");
    if (k < 0) b.append('⁻');
    for (char c : Long.toString(Math.abs(k)).toCharArray()) b.append(sup.charAt(c - '0'));
    return b.toString();
  }

  static boolean hasBand(Line l) {
    for (int k = 0; k < l.x().length; k++) {
      if (Double.isFinite(l.low()[k]) && Double.isFinite(l.high()[k])) return true;
    }
    return false;
  }

  static double bandValue(double v, double mean, boolean log, double floor) {
    if (!Double.isFinite(v)) return mean;
    return log && v <= 0 ? floor : v;
  }

  static double minPositive(double[] v) {
    double m = Double.POSITIVE_INFINITY;
    for (double d : v) if (d > 0) m = Math.min(m, d);
    return Double.isInfinite(m) ? 1e-12 : m;
  }

  // ---------------------------------------------------------------- encoding

  static int columns(int panels) {
    return Math.max(1, Math.min(MAX_COLUMNS, panels));
  }

  /** All panels side by side (at most three a row) in one PNG. */
  public static byte[] png(List<Chart<?, ?>> charts) throws IOException {
    int cols = columns(charts.size());
    int rows = (charts.size() + cols - 1) / cols;
    BufferedImage img =
        new BufferedImage(cols * PANEL_WIDTH, rows * PANEL_HEIGHT, BufferedImage.TYPE_INT_RGB);
    Graphics2D g = img.createGraphics();
    g.setColor(Color.WHITE);
    g.fillRect(0, 0, img.getWidth(), img.getHeight());
    g.setRenderingHint(RenderingHints.KEY_ANTIALIASING, RenderingHints.VALUE_ANTIALIAS_ON);
    paintGrid(g, charts, cols);
    g.dispose();
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    ImageIO.write(img, "png", out);
    return out.toByteArray();
  }

  /** The same layout as an SVG document (VectorGraphics2D, which XChart's own SVG export uses). */
  public static byte[] svg(List<Chart<?, ?>> charts) throws IOException {
    int cols = columns(charts.size());
    int rows = (charts.size() + cols - 1) / cols;
    VectorGraphics2D g = new VectorGraphics2D();
    paintGrid(g, charts, cols);
    Document doc = new SVGProcessor().getDocument(g.getCommands(),
        new PageSize(0, 0, cols * PANEL_WIDTH, rows * PANEL_HEIGHT));
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    doc.writeTo(out);
    return out.toByteArray();
  }

  static void paintGrid(Graphics2D g, List<Chart<?, ?>> charts, int cols) {
    for (int i = 0; i < charts.size(); i++) {
      Graphics2D sub = (Graphics2D) g.create();
      sub.translate((i % cols) * PANEL_WIDTH, (i / cols) * PANEL_HEIGHT);
      sub.setClip(0, 0, PANEL_WIDTH, PANEL_HEIGHT);
      charts.get(i).paint(sub, PANEL_WIDTH, PANEL_HEIGHT);
      sub.dispose();
    }
  }

  /** A written plot: its spec, the two files' names under plots/, and the PNG's bytes (report.html embeds them). */
  public record Written(PlotSpec spec, String png, String svg, int panels, byte[] pngBytes) {}

  /** One plot's encoded files. */
  private record Rendered(PlotSpec spec, byte[] png, byte[] svg, int panels) {}

  /**
   * Renders every planned plot of the study into plotsDir as NAME.png and NAME.svg. Plots are independent, so
   * they are drawn on one thread per core (the SVG encoding dominates a study's report time), then written in order.
   */
  public static List<Written> writeAll(StudyResults r, FileSystem fs, Path plotsDir)
      throws IOException {
    fs.mkdirs(plotsDir);
    List<PlotSpec> specs = plan(r);
    int threads = Math.max(1, Math.min(specs.size(), Runtime.getRuntime().availableProcessors()));
    ExecutorService pool = Executors.newFixedThreadPool(threads);
    try {
      List<Future<Rendered>> futures = new ArrayList<>();
      for (PlotSpec spec : specs) {
        futures.add(pool.submit(() -> {
          List<Chart<?, ?>> charts = draw(spec, r);
          return charts.isEmpty() ? null : new Rendered(spec, png(charts), svg(charts), charts.size());
        }));
      }
      List<Written> written = new ArrayList<>();
      for (Future<Rendered> f : futures) {
        Rendered p = f.get();
        if (p == null) continue;
        write(fs, new Path(plotsDir, p.spec().name() + ".png"), p.png());
        write(fs, new Path(plotsDir, p.spec().name() + ".svg"), p.svg());
        written.add(new Written(p.spec(), p.spec().name() + ".png", p.spec().name() + ".svg", p.panels(), p.png()));
      }
      return written;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IOException("interrupted while drawing plots", e);
    } catch (ExecutionException e) {
      throw e.getCause() instanceof IOException io ? io : new IOException("drawing a plot failed", e.getCause());
    } finally {
      pool.shutdown();
    }
  }

  static void write(FileSystem fs, Path p, byte[] bytes) throws IOException {
    try (OutputStream out = fs.create(p, true)) {
      out.write(bytes);
    }
  }
}
