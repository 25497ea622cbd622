package aedyn.report;

import static aedyn.report.Plots.keySymbol;
import aedyn.report.Plots.Line;
import aedyn.report.Plots.Panel;

import org.apache.commons.math3.stat.regression.SimpleRegression;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/** The numbers each plot shows: its panels and lines, computed from the study's files. */
final class PlotPanels {
  private PlotPanels() {}

  /** The panels and lines a spec shows, computed from the study (shared by tests and drawing). */
  static List<Panel> panels(PlotSpec spec, StudyResults r) {
    return spec.accept(new PlotSpec.Visitor<>() {
      @Override
      public List<Panel> curves(PlotSpec.Curves c) {
        return curvePanels(c, r);
      }

      @Override
      public List<Panel> finalByCategory(PlotSpec.FinalByCategory f) {
        return List.of(barPanel(f, r));
      }

      @Override
      public List<Panel> sweep(PlotSpec.Sweep s) {
        return List.of(sweepPanel(s, r));
      }

      @Override
      public List<Panel> subspaceCurves(PlotSpec.SubspaceCurves c) {
        return subspacePanels(c, r);
      }

      @Override
      public List<Panel> phaseDiagram(PlotSpec.PhaseDiagram d) {
        return PhaseDiagrams.panels(d, r).stream().map(PhaseDiagrams.PhasePanel::asPanel).toList();
      }
    });
  }

  static String combo(Map<String, String> grid, List<String> keys) {
    List<String> parts = new ArrayList<>();
    for (String k : keys) parts.add(Plots.keyValue(k, grid.get(k)));
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
        String label = c.lineKey() == null ? l.getKey() : Plots.valueName(c.lineKey(), l.getKey());
        Line line = meanCurve(label, l.getValue(), c.metric(), c.logY());
        if (line.x().length > 0) lines.add(line);
      }
      if (c.metric().equals("loss")) {
        // SPEC 8.3's loss of kernel gradient descent with K_inf, from the runs' own residuals
        Line predicted = meanCurve("K∞ prediction", p.getValue(), StudyResults.Run::prediction, "predicted_loss",
            c.logY());
        if (predicted.x().length > 0) lines.add(predicted);
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
    return meanCurve(label, runs, StudyResults.Run::metrics, metric, log);
  }

  /** The same over another per-run table with an iteration column (ntk_prediction.csv). */
  static Line meanCurve(String label, List<StudyResults.Run> runs,
      java.util.function.Function<StudyResults.Run, Csv> table, String metric, boolean log) {
    Map<Double, double[]> sums = new java.util.TreeMap<>();
    for (StudyResults.Run run : runs) {
      Csv m = table.apply(run);
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
    List<Line> lines = sweepLines(s, s.metric(), s.lineKeys(), "", r);
    if (s.reference() != null) {
      // the reference (K∞'s level) is one value per grid point whatever the network: one dashed line per other key
      List<String> keys = s.lineKeys().stream().filter(k -> !k.equals("model.linearize")).toList();
      lines.addAll(sweepLines(s, s.reference(), keys, REFERENCE_PREFIX, r));
    }
    return new Panel(s.title(), lines);
  }

  /** Labels of a sweep's reference lines start so (drawn dashed, without a slope). */
  static final String REFERENCE_PREFIX = "K∞ level";

  static List<Line> sweepLines(PlotSpec.Sweep s, String metric, List<String> lineKeys, String prefix,
      StudyResults r) {
    List<Line> lines = new ArrayList<>();
    for (Map.Entry<String, List<StudyResults.Run>> g : groupBy(r.runs(), lineKeys)
        .entrySet()) {
      Map<Double, List<StudyResults.Run>> byX = new java.util.TreeMap<>();
      for (StudyResults.Run run : g.getValue()) {
        byX.computeIfAbsent(Csv.toDouble(run.grid().get(s.xKey())), k -> new ArrayList<>())
            .add(run);
      }
      List<double[]> pts = new ArrayList<>();
      for (Map.Entry<Double, List<StudyResults.Run>> e : byX.entrySet()) {
        double[] st = finalStats(r, e.getValue(), metric);
        if (!Double.isFinite(st[0]) || (s.logY() && st[0] <= 0)) continue;
        pts.add(new double[] {e.getKey(), st[0], st[1], st[2]});
      }
      double[] x = pts.stream().mapToDouble(p -> p[0]).toArray();
      double[] y = pts.stream().mapToDouble(p -> p[1]).toArray();
      double[] lo = pts.stream().mapToDouble(p -> p[2]).toArray();
      double[] hi = pts.stream().mapToDouble(p -> p[3]).toArray();
      String label = !prefix.isEmpty() ? (g.getKey().isEmpty() ? prefix : prefix + ", " + g.getKey())
          : g.getKey().isEmpty() ? metric : g.getKey();
      if (prefix.isEmpty() && s.logX() && s.logY() && x.length >= 3) {
        label += String.format(Locale.ROOT, " (slope %.2f)", logLogSlope(x, y));
      }
      if (x.length > 0) lines.add(new Line(label, x, y, lo, hi));
    }
    return lines;
  }

  /** The least-squares slope of ln y against ln x: the power a log-log line follows (m^-1/2 in the lazy regime). */
  static double logLogSlope(double[] x, double[] y) {
    SimpleRegression fit = new SimpleRegression();
    for (int k = 0; k < x.length; k++) fit.addData(Math.log(x[k]), Math.log(y[k]));
    return fit.getSlope();
  }

  /** d_j of an energy column from a run's run.json (energy_blocks.dims, rest_dim); NaN when unknown. */
  static double blockDim(StudyResults.Run run, String column) {
    return run.manifest().flatMap(RunManifest::energyBlocksReport).map(eb -> eb.dim(column)).orElse(Double.NaN);
  }

  /** run.json's energy_blocks.pca_levels (element j: blocks 1..j learned); empty when absent. */
  static List<Double> pcaLevels(StudyResults.Run run) {
    return run.manifest().flatMap(RunManifest::energyBlocksReport).map(RunManifest.EnergyBlocksReport::pcaLevels)
        .orElse(List.of());
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
          String label = c.lineKey() == null ? l.getKey() : Plots.keyValue(c.lineKey(), l.getKey());
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
}
