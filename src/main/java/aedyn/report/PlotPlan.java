package aedyn.report;

import aedyn.metrics.MetricRegistry;

import static aedyn.report.Plots.CURVE_METRICS;
import static aedyn.report.Plots.SWEEP_METRICS;
import static aedyn.report.Plots.isErrorMetric;
import static aedyn.report.Plots.keyLabel;
import static aedyn.report.Plots.keySymbol;
import static aedyn.report.Plots.metricLabel;

import aedyn.config.Paper;
import java.util.ArrayList;
import java.util.List;

/**
 * Which plots a study gets, with their titles and captions: the curves against iteration, the final
 * values per initialization and against every swept numeric key, and paper 3's subspace plots.
 */
final class PlotPlan {
  private PlotPlan() {}

  /**
   * The plots a study gets. Lines are the initializations (init.kind, else the first non-numeric
   * grid key, else the last key); panels are the other keys' combinations (paper 1's Figure 2: one
   * panel per noise level). Numeric keys with several values also get sweep plots.
   */
  public static List<PlotSpec> plan(StudyResults r) {
    List<PlotSpec> specs = new ArrayList<>();
    // a boundary study's headline: where its runs succeed (SPEC 9)
    PhaseDiagrams.plan(r).ifPresent(specs::add);
    List<String> keys = r.gridKeys();
    String lineKey = lineKey(r);
    List<String> panelKeys = new ArrayList<>(keys);
    if (lineKey != null) panelKeys.remove(lineKey);
    String lines = lineKey == null ? "one line per run" : "one line per " + Plots.captionSymbol(lineKey);
    String panels = panelKeys.isEmpty() ? "" : ", one panel per "
        + String.join(" × ", panelKeys.stream().map(Plots::captionSymbol).toList());
    String trials = r.summary().has("trial") && r.aggregate().isPresent()
        ? " Trials of one grid point are averaged." : "";
    // paper 1's Figures 2 and 3 compare its initializations: only such a study of paper 1 is them
    boolean paperOneFigures = StudyTitle.of(r).paperOne() && "init.kind".equals(lineKey);

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
        default -> capitalized(shortLabel(metric)) + " against iteration";
      };
      String caption = switch (metric) {
        case "loss" -> "Reconstruction loss against iteration s"
            + (paperOneFigures ? " (paper 1, Figure 2), " : ", ") + lines + panels + "." + trials
            + (r.runs().stream().anyMatch(run -> run.prediction().size() > 0)
                ? " K∞ prediction: the loss of kernel gradient descent with the infinite-width kernel from the"
                    + " runs' own initial residual (SPEC 8.3)." : "");
        default -> metricLabel(metric) + " against iteration s, " + lines + panels + "."
            + trials;
      };
      specs.add(new PlotSpec.Curves(name, title, caption, metric, metricLabel(metric),
          panelKeys, lineKey, logY));
    }

    if (lineKey != null && !r.numeric(lineKey) && r.hasFinal("fro_error")) {
      specs.add(new PlotSpec.FinalByCategory("recovery_error_by_init",
          "Final recovery error per " + keySymbol(lineKey),
          "Final ‖π(W) − A‖_F per " + keySymbol(lineKey) + (paperOneFigures ? " (paper 1, Figure 3)" : "")
              + (panelKeys.isEmpty() ? "" : ", one bar per "
                  + String.join(" × ", panelKeys.stream().map(Plots::captionSymbol).toList()))
              + (r.aggregate().isPresent() ? "; error bars are 95 % confidence intervals." : "."),
          "fro_error", metricLabel("fro_error"), lineKey, panelKeys));
    }

    for (String x : keys) {
      if (!r.numeric(x) || r.values(x).size() < 2) continue;
      double[] xs = r.values(x).stream().mapToDouble(Csv::toDouble).toArray();
      boolean logX = spansDecades(xs, 1);
      List<String> others = new ArrayList<>(keys);
      others.remove(x);
      // λ_min(K(0)) is drawn with its infinite-width level in one panel, not as a plot of its own
      boolean kernelWithLevel = r.hasFinal(KERNEL_LAMBDA_MIN_0) && r.hasFinal(INFINITE_LAMBDA_MIN);
      for (String metric : SWEEP_METRICS) {
        if (!r.hasFinal(metric)) continue;
        if (kernelWithLevel && metric.equals(INFINITE_LAMBDA_MIN)) continue;
        String reference = kernelWithLevel && metric.equals(KERNEL_LAMBDA_MIN_0) ? INFINITE_LAMBDA_MIN : null;
        double[] ys = r.runs().stream().mapToDouble(run -> r.finalValue(run, metric)).toArray();
        // XChart labels a log axis at powers of ten only: values within one decade would get no y label
        boolean logY = isErrorMetric(metric) && positive(ys) && spansDecades(ys, logX ? 1 : 2);
        // summary.csv holds values at s = T; analysis.csv's per-run results (rate, values at s = 0) are not "final"
        boolean atEnd = r.summary().has(metric);
        // aggregate.csv has intervals of summary.csv's metrics only: no band (and no word of one) for the others
        boolean band = r.aggregate().filter(a -> a.has(metric + "_ci95_low")).isPresent();
        specs.add(new PlotSpec.Sweep("sweep_" + metric + "_vs_" + slug(x),
            (atEnd ? "Final " + shortLabel(metric) : capitalized(shortLabel(metric))) + " against "
                + keySymbol(x),
            (atEnd ? "Final " + metricLabel(metric) : capitalized(metricLabel(metric))) + " against "
                + keyLabel(x)
                + (others.isEmpty() ? "" : ", one line per "
                    + String.join(" × ", others.stream().map(Plots::captionSymbol).toList()))
                + (band ? "; shaded: 95 % confidence band over trials" : "")
                + (reference != null ? "; dashed: " + metricLabel(reference) + ", the level the infinite-width"
                    + " kernel predicts" : "")
                + (logX && logY ? "; log-log axes, the legend giving each line's least-squares slope." : logX ? "; logarithmic x axis." : "."),
            metric, (atEnd ? "final " : "") + metricLabel(metric), x, keyLabel(x), others, logX, logY,
            band, reference));
      }
    }
    specs.addAll(subspacePlots(r));
    return specs;
  }

  static final String KERNEL_LAMBDA_MIN_0 = "kernel_lambda_min_0";
  static final String INFINITE_LAMBDA_MIN = "infinite_lambda_min";

  /** A metric's label without its parenthetical gloss, for titles: "support recovery". */
  static String shortLabel(String metric) {
    String label = metricLabel(metric);
    String bare = label.replaceFirst(" \\([^()]*\\)$", "");
    return bare.isEmpty() ? label : bare;
  }

  /** Upper-cases a leading Latin letter only: a symbol keeps its case (λ_min is not Λ_min, ‖θ‖ stays). */
  static String capitalized(String s) {
    return s.isEmpty() || s.charAt(0) < 'a' || s.charAt(0) > 'z' ? s : Character.toUpperCase(s.charAt(0)) + s.substring(1);
  }

  static String lineKey(StudyResults r) {
    List<String> keys = r.gridKeys();
    // a boundary study: one line per value its search tried, one panel per outer point (not one per probe)
    String searched = r.boundary().map(b -> b.search().key()).orElse(null);
    if (searched != null && keys.contains(searched)) return searched;
    if (keys.contains("init.kind")) return "init.kind";
    // a network and its linearized twin (SPEC 8.4) are drawn in one panel
    if (keys.contains("model.linearize")) return "model.linearize";
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
        + String.join(" × ", panelKeys.stream().map(Plots::captionSymbol).toList());
    String lines = lineKey == null ? "one line per run" : "one line per " + keySymbol(lineKey);
    List<PlotSpec> specs = new ArrayList<>();
    specs.add(new PlotSpec.SubspaceCurves("learning_curves", "Learning curves and PCA levels",
        "Reconstruction loss against iteration s, " + lines + panels + "; dashed: the PCA levels"
            + " (SPEC 7), the loss of the best projection onto eigen-blocks 1..j, ½ Σ of the"
            + " eigenvalues outside them. A curve that plateaus at a level has learned blocks 1..j.",
        List.of("loss"), metricLabel("loss"), panelKeys, lineKey, false, true));
    String everyPanel = keys.isEmpty() ? "" : ", one panel per "
        + String.join(" × ", keys.stream().map(Plots::captionSymbol).toList());
    specs.add(new PlotSpec.SubspaceCurves("energy_curves", "Energy per direction of each eigen-block",
        "energy_j / d_j = ‖P_j W‖²_F / (m d_j) against iteration s, one line per eigen-block (largest"
            + " eigenvalues first, then the rest)" + everyPanel + ". The blocks rise one after the other"
            + (StudyTitle.of(r).paper() == Paper.MEAN_FIELD_TIED ? " (paper 3's phases)" : "")
            + "; l2 lowers the plateaus.",
        energyColumns(r), "energy_j / d_j", keys, null, true, false));
    return specs;
  }
}
