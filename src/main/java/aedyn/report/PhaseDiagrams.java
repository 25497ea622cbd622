package aedyn.report;

import static aedyn.report.Plots.keyLabel;
import static aedyn.report.Plots.keySymbol;
import aedyn.report.Plots.Line;
import aedyn.report.Plots.Panel;

import java.awt.Color;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * A boundary study's phase diagram (SPEC 9, issue "where the theorems hold"): which plot it gets and the numbers
 * each panel shows, from probes.csv, boundary.csv and analysis.csv's scaling law. x is the scaling key z (the last
 * numeric outer key, as analysis.csv's law uses), y the searched key; one panel per combination of the other outer
 * keys, as analysis.csv has one law per combination.
 */
final class PhaseDiagrams {
  private PhaseDiagrams() {}

  /** The success fraction's colour scale, p = 0 to p = 1: viridis without its palest yellow, which white hides. */
  static final List<String> COLORS = List.of("#440154", "#3b528b", "#21918c", "#5ec962", "#b5de2b");

  /** One probe: at z, the searched key's value, its success fraction and whether probes.csv flags it. */
  record ProbePoint(double z, double value, double p, int trials, int successes, boolean flagged) {}

  /**
   * One outer point's boundary: x* and its interval, an open end NaN; or censored ("below", "above") with x*
   * NaN, drawn at {@code edge}, the smallest or largest value tried there.
   */
  record BoundaryPoint(double z, double estimate, double low, double high, String censored, double edge) {
    boolean isCensored() {
      return !"none".equals(censored);
    }
  }

  /** analysis.csv's scaling law of a panel, and its line x* = e^c z^α over the panel's z. */
  record Law(double alpha, double alphaLow, double alphaHigh, double intercept, double[] z, double[] x,
      String label) {}

  /** One panel: its title and what it draws. */
  record PhasePanel(String title, List<ProbePoint> probes, List<BoundaryPoint> boundaries, Optional<Law> law) {
    /** The same numbers as the report's generic lines: one per success fraction, the boundary, the law. */
    Panel asPanel() {
      List<Line> lines = new ArrayList<>();
      Map<Double, List<ProbePoint>> byP = new java.util.TreeMap<>();
      for (ProbePoint pp : probes) byP.computeIfAbsent(pp.p(), k -> new ArrayList<>()).add(pp);
      byP.forEach((p, pts) -> lines.add(new Line(String.format(Locale.ROOT, "p̂ = %.3g", p),
          pts.stream().mapToDouble(ProbePoint::z).toArray(), pts.stream().mapToDouble(ProbePoint::value).toArray(),
          null, null)));
      List<BoundaryPoint> found = boundaries.stream().filter(b -> !b.isCensored()).toList();
      lines.add(new Line("boundary", found.stream().mapToDouble(BoundaryPoint::z).toArray(),
          found.stream().mapToDouble(BoundaryPoint::estimate).toArray(),
          found.stream().mapToDouble(BoundaryPoint::low).toArray(),
          found.stream().mapToDouble(BoundaryPoint::high).toArray()));
      law.ifPresent(l -> lines.add(new Line(l.label(), l.z(), l.x(), null, null)));
      return new Panel(title, lines);
    }
  }

  // ---------------------------------------------------------------- the plan

  /** The outer keys: boundary.csv's columns before "boundary". */
  static List<String> outerKeys(BoundaryResults b) {
    List<String> h = b.boundaries().header();
    int i = h.indexOf("boundary");
    return i < 0 ? List.of() : List.copyOf(h.subList(0, i));
  }

  /** The scaling key z: the last outer key whose every value is a number; null without one. */
  static String scalingKey(BoundaryResults b) {
    List<String> keys = outerKeys(b);
    for (int k = keys.size() - 1; k >= 0; k--) {
      String key = keys.get(k);
      if (b.boundaries().size() > 0 && b.boundaries().strings(key).stream().allMatch(Csv::isNumber)) return key;
    }
    return null;
  }

  /** The study's phase diagram: present for a boundary study with a numeric outer key and at least one probe. */
  static Optional<PlotSpec.PhaseDiagram> plan(StudyResults r) {
    if (r.boundary().isEmpty()) return Optional.empty();
    BoundaryResults b = r.boundary().get();
    String z = scalingKey(b);
    if (z == null || b.probes().size() == 0 || !b.probes().has("value") || !b.probes().has("p")) {
      return Optional.empty();
    }
    BoundaryResults.Search s = b.search();
    List<String> panelKeys = new ArrayList<>(outerKeys(b));
    panelKeys.remove(z);
    double[] zs = b.boundaries().doubles(z);
    boolean logX = PlotPlan.positive(zs) && PlotPlan.spansDecades(zs, 1);
    double lo = Math.min(s.from(), min(b.probes().doubles("value")));
    double hi = Math.max(s.to(), max(b.probes().doubles("value")));
    // XChart labels a log axis at powers of ten only: a search within one decade is drawn on a linear axis
    boolean logY = s.logScale() && lo > 0 && hi / lo >= 10 * (1 - 1e-9);
    double yMin = logY ? lo / 1.25 : lo - 0.05 * (hi - lo);
    double yMax = logY ? hi * 1.25 : hi + 0.05 * (hi - lo);
    String x = keySymbol(s.key());
    String g = s.logScale() ? "ln " + x : x;
    StringBuilder c = new StringBuilder();
    c.append("Phase diagram of the boundary search (SPEC 9): every probe of ").append(keyLabel(s.key()))
        .append(" at each ").append(keyLabel(z)).append(" (").append(String.join(", ", zValues(b, z))).append(")").append(", coloured by its success fraction p̂ = successes / trials")
        .append(s.trials() > 0 ? " over " + s.trials() + " trials" : "").append(" (colour bar)");
    if (!s.outcome().isBlank()) c.append("; a run succeeds when ").append(s.outcome().strip());
    c.append(", success expected where ").append(x).append(s.increasing() ? " is large" : " is small")
        .append(". The search bisects ").append(x).append(" from ").append(number(s.from())).append(" to ")
        .append(number(s.to()));
    if (Double.isFinite(s.resolution())) {
      c.append(" until the bracket is ").append(number(s.resolution())).append(" wide in ").append(g);
    }
    c.append(". Open black diamonds: the boundary ").append(x).append("* where p = 1/2, by maximum likelihood of a"
        + " logistic in ").append(g).append(" over every probe of the point; bars: its 95 % interval");
    Set<String> kinds = new LinkedHashSet<>(b.boundaries().has("interval")
        ? b.boundaries().strings("interval") : List.of());
    List<String> how = new ArrayList<>();
    if (kinds.contains("profile")) how.add("by profile likelihood");
    if (kinds.contains("bracket")) {
      how.add((how.isEmpty() ? "" : "or, ") + "where the probes are separated (no maximum-likelihood estimate),"
          + " the bracket between the last probe with no success and the first with no failure");
    }
    if (!how.isEmpty()) c.append(" (").append(String.join(" ", how)).append(")");
    c.append(", an open end drawn to the last value tried.");
    boolean censored = b.boundaries().has("censored")
        && b.boundaries().strings("censored").stream().anyMatch(v -> !"none".equals(v));
    if (censored) {
      c.append(" Open triangles: censored boundaries (every probe on one side of 1/2), beyond the values tried:"
          + " ▽ below the smallest, △ above the largest.");
    }
    c.append(" Line: the scaling law ").append(x).append("* = e^c ").append(keySymbol(z)).append("^α, ln ")
        .append(x).append("* = α ln ").append(keySymbol(z)).append(" + c by weighted least squares over the"
            + " uncensored boundaries (SPEC 9.4), α with its 95 % interval in the legend");
    boolean anyLaw = b.laws().filter(l -> l.has("alpha"))
        .map(l -> java.util.Arrays.stream(l.doubles("alpha")).anyMatch(Double::isFinite)).orElse(false);
    c.append(anyLaw ? "; no line where α is undefined (fewer than two boundaries with a bounded interval)."
        : "; here α is undefined everywhere (fewer than two boundaries with a bounded interval in each panel), so"
            + " no line is drawn.");
    if (logX || logY) c.append(logX && logY ? " Log-log axes." : logX ? " Logarithmic x axis." : " Logarithmic y axis.");
    if (!panelKeys.isEmpty()) {
      c.append(" One panel per ").append(String.join(" × ", panelKeys.stream().map(Plots::keySymbol).toList()))
          .append(".");
    }
    return Optional.of(new PlotSpec.PhaseDiagram("phase_diagram_" + PlotPlan.slug(s.key()) + "_vs_" + PlotPlan.slug(z),
        "Phase diagram: " + x + "* against " + keySymbol(z), c.toString(), s.key(), z, panelKeys, logX, logY,
        yMin, yMax, COLORS));
  }

  // ---------------------------------------------------------------- the panels

  /** The panels of a phase diagram, in the order their first probe appears in probes.csv. */
  static List<PhasePanel> panels(PlotSpec.PhaseDiagram d, StudyResults r) {
    BoundaryResults b = r.boundary().orElseThrow(() -> new IllegalStateException("not a boundary study"));
    Csv probes = b.probes();
    Csv bounds = b.boundaries();
    Map<String, List<ProbePoint>> byPanel = new LinkedHashMap<>();
    for (int i = 0; i < probes.size(); i++) {
      Map<String, String> row = probes.row(i);
      double p = Csv.toDouble(row.get("p"));
      double v = Csv.toDouble(row.get("value"));
      double z = Csv.toDouble(row.get(d.scalingKey()));
      if (!Double.isFinite(p) || !Double.isFinite(v) || !Double.isFinite(z)) continue;
      byPanel.computeIfAbsent(PlotPanels.combo(row, d.panelKeys()), k -> new ArrayList<>())
          .add(new ProbePoint(z, v, p, (int) Csv.toDouble(row.get("trials")),
              (int) Csv.toDouble(row.get("successes")), !row.getOrDefault("flag", "").isBlank()));
    }
    List<PhasePanel> panels = new ArrayList<>();
    for (Map.Entry<String, List<ProbePoint>> e : byPanel.entrySet()) {
      List<ProbePoint> pts = e.getValue();
      List<BoundaryPoint> bps = new ArrayList<>();
      for (int i = 0; i < bounds.size(); i++) {
        Map<String, String> row = bounds.row(i);
        if (!PlotPanels.combo(row, d.panelKeys()).equals(e.getKey())) continue;
        double z = Csv.toDouble(row.get(d.scalingKey()));
        String censored = row.getOrDefault("censored", "none");
        List<Double> tried = pts.stream().filter(pp -> pp.z() == z).map(ProbePoint::value).toList();
        double edge = tried.isEmpty() ? Double.NaN
            : "below".equals(censored) ? tried.stream().mapToDouble(Double::doubleValue).min().getAsDouble()
                : tried.stream().mapToDouble(Double::doubleValue).max().getAsDouble();
        bps.add(new BoundaryPoint(z, Csv.toDouble(row.get("boundary")), Csv.toDouble(row.get("boundary_low")),
            Csv.toDouble(row.get("boundary_high")), censored.isBlank() ? "none" : censored, edge));
      }
      String title = e.getKey().isEmpty() ? d.title() : e.getKey();
      panels.add(new PhasePanel(title, pts, bps, law(d, b, e.getKey(), bps)));
    }
    return panels;
  }

  /** The panel of that title (panel titles are the combinations, unique within a diagram). */
  static PhasePanel panel(PlotSpec.PhaseDiagram d, StudyResults r, String title) {
    return panels(d, r).stream().filter(p -> p.title().equals(title)).findFirst()
        .orElseThrow(() -> new IllegalArgumentException("no panel " + title));
  }

  /** analysis.csv's law for the panel's combination, with its line over the panel's z; empty when α is undefined. */
  static Optional<Law> law(PlotSpec.PhaseDiagram d, BoundaryResults b, String combo, List<BoundaryPoint> bps) {
    if (b.laws().isEmpty() || bps.isEmpty()) return Optional.empty();
    Csv laws = b.laws().get();
    for (int i = 0; i < laws.size(); i++) {
      Map<String, String> row = laws.row(i);
      if (!PlotPanels.combo(row, d.panelKeys()).equals(combo)) continue;
      double alpha = Csv.toDouble(row.get("alpha"));
      double c = Csv.toDouble(row.get("intercept"));
      if (!Double.isFinite(alpha) || !Double.isFinite(c)) return Optional.empty();
      double zLo = bps.stream().mapToDouble(BoundaryPoint::z).min().getAsDouble();
      double zHi = bps.stream().mapToDouble(BoundaryPoint::z).max().getAsDouble();
      int n = 40;
      double[] z = new double[n];
      double[] x = new double[n];
      for (int k = 0; k < n; k++) {
        // even in ln z, where the law is a straight line
        z[k] = zLo * Math.pow(zHi / zLo, k / (double) (n - 1));
        x[k] = Math.exp(c) * Math.pow(z[k], alpha);
      }
      double lo = Csv.toDouble(row.get("alpha_low"));
      double hi = Csv.toDouble(row.get("alpha_high"));
      String label = String.format(Locale.ROOT, "%s* = e^c %s^α, α = %.2f", keySymbol(d.searchedKey()),
          keySymbol(d.scalingKey()), alpha)
          + (Double.isFinite(lo) && Double.isFinite(hi) ? String.format(Locale.ROOT, " [%.2f, %.2f]", lo, hi) : "");
      return Optional.of(new Law(alpha, lo, hi, c, z, x, label));
    }
    return Optional.empty();
  }

  // ---------------------------------------------------------------- the colour scale

  /** The colour of success fraction p on the scale (linear between evenly spaced stops), p clamped to [0, 1]. */
  static Color color(List<String> stops, double p) {
    double t = Math.max(0, Math.min(1, Double.isFinite(p) ? p : 0)) * (stops.size() - 1);
    int i = Math.min((int) Math.floor(t), stops.size() - 2);
    double f = t - i;
    Color a = Color.decode(stops.get(i));
    Color b = Color.decode(stops.get(i + 1));
    return new Color((int) Math.round(a.getRed() + f * (b.getRed() - a.getRed())),
        (int) Math.round(a.getGreen() + f * (b.getGreen() - a.getGreen())),
        (int) Math.round(a.getBlue() + f * (b.getBlue() - a.getBlue())));
  }

  static String number(double v) {
    return v == Math.rint(v) && Math.abs(v) < 1e15 ? Long.toString((long) v) : String.format(Locale.ROOT, "%.4g", v)
        .replaceFirst("0+$", "").replaceFirst("\\.$", "");
  }

  /** The scaling key's values in boundary.csv, distinct, as written (a log axis labels only powers of ten). */
  static List<String> zValues(BoundaryResults b, String z) {
    return List.copyOf(new LinkedHashSet<>(b.boundaries().strings(z)));
  }

  static double min(double[] v) {
    double m = Double.POSITIVE_INFINITY;
    for (double d : v) if (Double.isFinite(d)) m = Math.min(m, d);
    return m;
  }

  static double max(double[] v) {
    double m = Double.NEGATIVE_INFINITY;
    for (double d : v) if (Double.isFinite(d)) m = Math.max(m, d);
    return m;
  }
}
