package aedyn.report;

import static aedyn.report.Plots.PALETTE;
import static aedyn.report.Plots.PANEL_HEIGHT;
import static aedyn.report.Plots.PANEL_WIDTH;
import aedyn.report.Plots.Line;
import aedyn.report.Plots.Panel;

import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Font;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.knowm.xchart.CategoryChart;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYSeries;
import org.knowm.xchart.internal.chartpart.Chart;
import org.knowm.xchart.style.AxesChartStyler;
import org.knowm.xchart.style.Styler;
import org.knowm.xchart.style.markers.SeriesMarkers;

/** XChart charts of a plot's panels, one per panel, styled alike. */
final class PlotCharts {
  private PlotCharts() {}

  // ---------------------------------------------------------------- drawing

  /** The charts of a spec, one per panel, styled alike. */
  static List<Chart<?, ?>> draw(PlotSpec spec, StudyResults r) {
    List<Chart<?, ?>> charts = new ArrayList<>();
    List<Panel> panels = PlotPanels.panels(spec, r);
    for (Panel p : panels) {
      Chart<?, ?> chart = spec.accept(new PlotSpec.Visitor<Chart<?, ?>>() {
        @Override
        public Chart<?, ?> curves(PlotSpec.Curves c) {
          return curveChart(c, p);
        }

        @Override
        public Chart<?, ?> finalByCategory(PlotSpec.FinalByCategory f) {
          return barChart(f, p, r.values(f.categoryKey()));
        }

        @Override
        public Chart<?, ?> sweep(PlotSpec.Sweep s) {
          return sweepChart(s, p);
        }

        @Override
        public Chart<?, ?> subspaceCurves(PlotSpec.SubspaceCurves c) {
          return subspaceChart(c, p);
        }

        @Override
        public Chart<?, ?> phaseDiagram(PlotSpec.PhaseDiagram d) {
          return PhaseCharts.chart(d, PhaseDiagrams.panel(d, r, p.title()));
        }
      });
      if (chart.getStyler() instanceof AxesChartStyler a && !spec.logY()) {
        a.setYAxisDecimalPattern(yPattern(p));
      }
      charts.add(chart);
    }
    if (charts.size() == 1) charts.get(0).setTitle(spec.title());
    for (Chart<?, ?> c : charts) fitTitles(c);
    return charts;
  }

  // ---------------------------------------------------------------- labels that fit

  /**
   * A legend label in lines XChart will not cut: XChart truncates every legend line wider than 45 % of the
   * chart ("regime = enco…"), so the label breaks after a ", " or before a " (" where it would.
   */
  static String legend(String label, Font font) {
    double max = PlotText.LEGEND_TEXT_RATIO * PANEL_WIDTH - 2;
    if (PlotText.width(label, font) <= max) return label;
    List<String> parts = new ArrayList<>();
    int start = 0;
    for (int i = 1; i < label.length(); i++) {
      if (label.charAt(i - 1) == ',' && label.charAt(i) == ' ') {
        parts.add(label.substring(start, i));
        start = i + 1;
      } else if (label.startsWith(" (", i)) {
        parts.add(label.substring(start, i));
        start = i + 1;
      }
    }
    parts.add(label.substring(start));
    StringBuilder out = new StringBuilder();
    String line = "";
    for (String p : parts) {
      String joined = line.isEmpty() ? p : line + " " + p;
      if (!line.isEmpty() && PlotText.width(joined, font) > max) {
        out.append(line).append('\n');
        line = p;
      } else {
        line = joined;
      }
    }
    return out.append(line).toString();
  }

  /**
   * Paints the chart once to see where its titles land, and shortens a title that leaves the panel to its
   * words before the parenthetical gloss (which the caption still gives): "final ‖f − f_lin‖ / ‖Y − f‖".
   */
  static void fitTitles(Chart<?, ?> chart) {
    PlotText g = new PlotText(false);
    g.expect(chart);
    chart.paint(g, PANEL_WIDTH, PANEL_HEIGHT);
    for (PlotText.Drawn d : g.drawn()) {
      if (d.label() == null || inside(d.bounds())) continue;
      String text = d.label().text();
      if (text.equals(chart.getTitle())) chart.setTitle(withoutGloss(text));
      if (chart instanceof XYChart x) {
        if (text.equals(x.getYAxisTitle())) x.setYAxisTitle(withoutGloss(text));
        if (text.equals(x.getXAxisTitle())) x.setXAxisTitle(withoutGloss(text));
      } else if (chart instanceof CategoryChart c) {
        if (text.equals(c.getYAxisTitle())) c.setYAxisTitle(withoutGloss(text));
        if (text.equals(c.getXAxisTitle())) c.setXAxisTitle(withoutGloss(text));
      }
    }
  }

  /** Whether drawn text lies within the panel. */
  static boolean inside(java.awt.geom.Rectangle2D b) {
    return b.getMinX() >= 0 && b.getMinY() >= 0 && b.getMaxX() <= PANEL_WIDTH && b.getMaxY() <= PANEL_HEIGHT;
  }

  /** A label without its trailing parenthetical gloss: "λ_min(K(0)) (tangent kernel at s = 0)" → "λ_min(K(0))". */
  static String withoutGloss(String label) {
    String bare = label.replaceFirst(" \\([^()]*(\\([^()]*\\)[^()]*)*\\)$", "");
    return bare.isEmpty() ? label : bare;
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

  /** The panel's last iteration (the largest x of its lines). */
  static double lastIteration(Panel p) {
    double last = 0;
    for (Line l : p.lines()) {
      for (double x : l.x()) last = Math.max(last, x);
    }
    return last;
  }

  /** An empty panel of lines against iteration s, styled like every chart of the report. */
  static XYChart iterationChart(String title, PlotAxes axes) {
    XYChart chart = new XYChart(PANEL_WIDTH, PANEL_HEIGHT);
    chart.setTitle(title);
    chart.setXAxisTitle(axes.xLabel());
    chart.setYAxisTitle(axes.yLabel());
    style(chart.getStyler());
    chart.getStyler().setDefaultSeriesRenderStyle(XYSeries.XYSeriesRenderStyle.Line);
    chart.getStyler().setLegendPosition(position(axes.legend()));
    return chart;
  }

  /** The axes' y limits, where they set any. */
  static void limits(AxesChartStyler st, PlotAxes axes) {
    if (axes.yMin() != null) st.setYAxisMin(axes.yMin());
    if (axes.yMax() != null) st.setYAxisMax(axes.yMax());
  }

  static Styler.LegendPosition position(PlotAxes.Legend legend) {
    return switch (legend) {
      case UPPER_RIGHT -> Styler.LegendPosition.InsideNE;
      case LOWER_RIGHT -> Styler.LegendPosition.InsideSE;
      case BELOW -> Styler.LegendPosition.OutsideS;
    };
  }

  static XYChart curveChart(PlotSpec.Curves c, Panel p) {
    PlotAxes axes = PlotAxes.of(c);
    XYChart chart = iterationChart(p.title(), axes);
    chart.getStyler().setYAxisLogarithmic(axes.logY());
    limits(chart.getStyler(), axes);
    int i = 0;
    for (Line l : p.lines()) {
      XYSeries s = chart.addSeries(legend(l.label(), chart.getStyler().getLegendFont()), l.x(), l.y());
      s.setMarker(SeriesMarkers.NONE);
      s.setLineColor(color(i));
      s.setLineWidth(2f);
      i++;
    }
    IterationTicks.apply(chart, lastIteration(p));
    return chart;
  }

  static CategoryChart barChart(PlotSpec.FinalByCategory f, Panel p, List<String> categories) {
    CategoryChart chart = new CategoryChart(PANEL_WIDTH, PANEL_HEIGHT);
    PlotAxes axes = PlotAxes.of(f);
    chart.setTitle(p.title());
    chart.setXAxisTitle(axes.xLabel());
    chart.setYAxisTitle(axes.yLabel());
    style(chart.getStyler());
    chart.getStyler().setLegendVisible(p.lines().size() > 1);
    chart.getStyler().setLegendPosition(position(axes.legend()));
    limits(chart.getStyler(), axes);
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
      String name = legend(l.label(), chart.getStyler().getLegendFont());
      var s = anyErr ? chart.addSeries(name, categories, y, err) : chart.addSeries(name, categories, y);
      s.setFillColor(color(i));
      i++;
    }
    return chart;
  }

  static XYChart sweepChart(PlotSpec.Sweep s, Panel p) {
    XYChart chart = new XYChart(PANEL_WIDTH, PANEL_HEIGHT);
    PlotAxes axes = PlotAxes.of(s);
    chart.setTitle(p.title());
    chart.setXAxisTitle(axes.xLabel());
    chart.setYAxisTitle(axes.yLabel());
    style(chart.getStyler());
    chart.getStyler().setXAxisLogarithmic(axes.logX());
    if (axes.logX()) chart.getStyler().setXAxisTickLabelsFormattingFunction(PlotCharts::powerOfTen);
    else chart.getStyler().setXAxisDecimalPattern("0.####");
    chart.getStyler().setLegendPosition(position(axes.legend()));
    chart.getStyler().setYAxisLogarithmic(axes.logY());
    limits(chart.getStyler(), axes);
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
        XYSeries band = chart.addSeries(legend(l.label(), chart.getStyler().getLegendFont()) + " 95% CI", bx, by);
        band.setXYSeriesRenderStyle(XYSeries.XYSeriesRenderStyle.PolygonArea);
        band.setMarker(SeriesMarkers.NONE);
        band.setFillColor(new Color(c.getRed(), c.getGreen(), c.getBlue(), 60));
        band.setLineColor(new Color(c.getRed(), c.getGreen(), c.getBlue(), 0));
        band.setShowInLegend(false);
      }
      XYSeries line = chart.addSeries(legend(l.label(), chart.getStyler().getLegendFont()), l.x(), l.y());
      line.setXYSeriesRenderStyle(XYSeries.XYSeriesRenderStyle.Line);
      line.setMarker(SeriesMarkers.CIRCLE);
      line.setMarkerColor(c);
      line.setLineColor(c);
      line.setLineWidth(2f);
      if (l.label().startsWith(PlotPanels.REFERENCE_PREFIX)) {
        // K∞'s level: dashed, in the colour of the network line of its regime drawn before it
        line.setMarker(SeriesMarkers.NONE);
        line.setLineStyle(new BasicStroke(1.5f, BasicStroke.CAP_BUTT, BasicStroke.JOIN_MITER, 10f,
            new float[] {6f, 4f}, 0f));
      }
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

  static XYChart subspaceChart(PlotSpec.SubspaceCurves c, Panel p) {
    XYChart chart = iterationChart(p.title(), PlotAxes.of(c));
    chart.getStyler().setLegendFont(new Font(Font.SANS_SERIF, Font.PLAIN, 10));
    int i = 0;
    for (Line l : p.lines()) {
      XYSeries s = chart.addSeries(legend(l.label(), chart.getStyler().getLegendFont()), l.x(), l.y());
      s.setMarker(SeriesMarkers.NONE);
      if (l.label().startsWith("PCA:")) {
        s.setLineColor(Color.GRAY);
        s.setLineStyle(new BasicStroke(1.2f, BasicStroke.CAP_BUTT, BasicStroke.JOIN_MITER, 10f,
            new float[] {6f, 4f}, 0f));
        s.setShowInLegend(l.label().equals(PlotPanels.levelLabel(0)));
      } else {
        s.setLineColor(color(i++));
        s.setLineWidth(2f);
      }
    }
    IterationTicks.apply(chart, lastIteration(p));
    return chart;
  }
}
