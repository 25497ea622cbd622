package aedyn.report;

import static aedyn.report.Plots.PANEL_HEIGHT;
import static aedyn.report.Plots.PANEL_WIDTH;
import aedyn.report.PhaseDiagrams.BoundaryPoint;
import aedyn.report.PhaseDiagrams.PhasePanel;
import aedyn.report.PhaseDiagrams.ProbePoint;

import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Font;
import java.awt.FontMetrics;
import java.awt.Graphics2D;
import java.awt.geom.AffineTransform;
import java.awt.geom.Path2D;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYSeries;
import org.knowm.xchart.style.Styler;
import org.knowm.xchart.style.markers.Marker;
import org.knowm.xchart.style.markers.SeriesMarkers;

/**
 * The XChart drawing of a phase diagram's panel: probes as circles coloured by p (one hidden series per colour, as
 * XChart colours a series, not a point), the boundary as black diamonds with interval bars, censored boundaries as
 * open triangles at the edge of the values tried, the law as a line, and a colour bar for p at the right, which
 * XChart has none of: the chart paints into the panel less a strip, and the bar is painted into the strip.
 */
final class PhaseCharts {
  private PhaseCharts() {}

  /** Width of the colour bar's strip at the panel's right. */
  static final int BAR_STRIP = 62;
  static final Color BOUNDARY = Color.BLACK;
  static final Color LAW = new Color(0xd62728);

  /** A chart that leaves a strip at its right for the colour bar of p. */
  static final class WithColourBar extends XYChart {
    private final List<String> stops;

    WithColourBar(List<String> stops) {
      super(PANEL_WIDTH, PANEL_HEIGHT);
      this.stops = stops;
    }

    @Override
    public void paint(Graphics2D g, int width, int height) {
      super.paint(g, width - BAR_STRIP, height);
      colourBar(g, width - BAR_STRIP, height, stops);
    }
  }

  static XYChart chart(PlotSpec.PhaseDiagram d, PhasePanel p) {
    PlotAxes axes = PlotAxes.of(d);
    XYChart chart = new WithColourBar(d.colors());
    chart.setTitle(p.title());
    chart.setXAxisTitle(axes.xLabel());
    chart.setYAxisTitle(axes.yLabel());
    PlotCharts.style(chart.getStyler());
    chart.getStyler().setDefaultSeriesRenderStyle(XYSeries.XYSeriesRenderStyle.Scatter);
    chart.getStyler().setLegendPosition(PlotCharts.position(axes.legend()));
    chart.getStyler().setLegendLayout(Styler.LegendLayout.Vertical);
    chart.getStyler().setLegendFont(new Font(Font.SANS_SERIF, Font.PLAIN, 10));
    chart.getStyler().setXAxisLogarithmic(axes.logX());
    chart.getStyler().setYAxisLogarithmic(axes.logY());
    if (axes.logX()) chart.getStyler().setXAxisTickLabelsFormattingFunction(PlotCharts::powerOfTen);
    else chart.getStyler().setXAxisDecimalPattern("0.####");
    if (axes.logY()) chart.getStyler().setYAxisTickLabelsFormattingFunction(PlotCharts::powerOfTen);
    else chart.getStyler().setYAxisDecimalPattern("0.####");
    PlotCharts.limits(chart.getStyler(), axes);
    padX(chart, p, axes.logX());
    chart.getStyler().setMarkerSize(8);

    // probes, one series per colour (p takes trials + 1 values at most)
    Map<Integer, List<ProbePoint>> byColour = new LinkedHashMap<>();
    for (ProbePoint pp : p.probes()) {
      byColour.computeIfAbsent(PhaseDiagrams.color(d.colors(), pp.p()).getRGB(), k -> new ArrayList<>()).add(pp);
    }
    int k = 0;
    for (Map.Entry<Integer, List<ProbePoint>> e : byColour.entrySet()) {
      XYSeries s = chart.addSeries("probes " + k++, xs(e.getValue(), ProbePoint::z), xs(e.getValue(), ProbePoint::value));
      s.setMarker(SeriesMarkers.CIRCLE);
      s.setMarkerColor(new Color(e.getKey(), true));
      s.setShowInLegend(false);
    }
    List<ProbePoint> flagged = p.probes().stream().filter(ProbePoint::flagged).toList();
    if (!flagged.isEmpty()) {
      XYSeries s = chart.addSeries("non-monotone probe", xs(flagged, ProbePoint::z), xs(flagged, ProbePoint::value));
      s.setMarker(new Ring());
      s.setMarkerColor(LAW);
    }

    // the boundary with its interval bars; an open end runs to the last value tried
    List<BoundaryPoint> found = p.boundaries().stream().filter(b -> !b.isCensored() && Double.isFinite(b.estimate()))
        .toList();
    int bar = 0;
    for (BoundaryPoint b : found) {
      double lo = Double.isFinite(b.low()) ? b.low() : triedEdge(p, b.z(), false);
      double hi = Double.isFinite(b.high()) ? b.high() : triedEdge(p, b.z(), true);
      if (!Double.isFinite(lo) || !Double.isFinite(hi)) continue;
      XYSeries s = chart.addSeries("interval " + bar++, new double[] {b.z(), b.z()}, new double[] {lo, hi});
      s.setXYSeriesRenderStyle(XYSeries.XYSeriesRenderStyle.Line);
      s.setMarker(new Cap());
      s.setMarkerColor(BOUNDARY);
      s.setLineColor(BOUNDARY);
      s.setLineWidth(1.5f);
      s.setShowInLegend(false);
    }
    if (!found.isEmpty()) {
      XYSeries s = chart.addSeries("boundary " + Plots.keySymbol(d.searchedKey()) + "* (95 % interval)",
          xs(found, BoundaryPoint::z), xs(found, BoundaryPoint::estimate));
      s.setMarker(new OpenDiamond()); // open: a probe at x* (a bracket's mixed value) shows through
      s.setMarkerColor(BOUNDARY);
    }
    for (String side : List.of("below", "above")) {
      List<BoundaryPoint> cens = p.boundaries().stream()
          .filter(b -> side.equals(b.censored()) && Double.isFinite(b.edge())).toList();
      if (cens.isEmpty()) continue;
      XYSeries s = chart.addSeries("censored " + side + " the values tried", xs(cens, BoundaryPoint::z),
          xs(cens, BoundaryPoint::edge));
      s.setMarker(new OpenTriangle(side.equals("above")));
      s.setMarkerColor(BOUNDARY);
    }
    p.law().ifPresent(l -> {
      XYSeries s = chart.addSeries(l.label(), l.z(), l.x());
      s.setXYSeriesRenderStyle(XYSeries.XYSeriesRenderStyle.Line);
      s.setMarker(SeriesMarkers.NONE);
      s.setLineColor(LAW);
      s.setLineWidth(2f);
    });
    return chart;
  }

  /** Room at both ends of x, so that the first and last outer points' markers are not cut by the frame. */
  static void padX(XYChart chart, PhasePanel p, boolean log) {
    double lo = PhaseDiagrams.min(xs(p.probes(), ProbePoint::z));
    double hi = PhaseDiagrams.max(xs(p.probes(), ProbePoint::z));
    if (!(hi >= lo)) return;
    if (log) {
      chart.getStyler().setXAxisMin(lo / 1.15);
      chart.getStyler().setXAxisMax(hi * 1.15);
    } else {
      double pad = hi > lo ? 0.06 * (hi - lo) : Math.max(1, Math.abs(lo) * 0.1);
      chart.getStyler().setXAxisMin(lo - pad);
      chart.getStyler().setXAxisMax(hi + pad);
    }
  }

  /** The smallest or largest value tried at z: where a bar's open end is drawn to. */
  static double triedEdge(PhasePanel p, double z, boolean largest) {
    double[] v = p.probes().stream().filter(pp -> pp.z() == z).mapToDouble(ProbePoint::value).toArray();
    return largest ? PhaseDiagrams.max(v) : PhaseDiagrams.min(v);
  }

  static <T> double[] xs(List<T> items, java.util.function.ToDoubleFunction<T> f) {
    return items.stream().mapToDouble(f).toArray();
  }

  /** The colour bar of p in the strip [x0, x0 + BAR_STRIP) beside the plot: 0 at the bottom, 1 at the top. */
  static void colourBar(Graphics2D g0, int x0, int height, List<String> stops) {
    Graphics2D g = (Graphics2D) g0.create();
    int top = 60;
    int bottom = height - 80;
    int x = x0 + 8;
    int w = 14;
    int steps = 64;
    for (int i = 0; i < steps; i++) {
      double p = (i + 0.5) / steps;
      int y1 = bottom - (int) Math.round((i + 1) * (bottom - top) / (double) steps);
      int y2 = bottom - (int) Math.round(i * (bottom - top) / (double) steps);
      g.setColor(PhaseDiagrams.color(stops, p));
      g.fillRect(x, y1, w, y2 - y1);
    }
    g.setColor(Color.GRAY);
    g.setStroke(new BasicStroke(1f));
    g.drawRect(x, top, w, bottom - top);
    g.setFont(new Font(Font.SANS_SERIF, Font.PLAIN, 10));
    FontMetrics fm = g.getFontMetrics();
    g.setColor(Color.DARK_GRAY);
    for (double t : new double[] {0, 0.25, 0.5, 0.75, 1}) {
      int y = bottom - (int) Math.round(t * (bottom - top));
      g.drawLine(x + w, y, x + w + 3, y);
      String label = t == 0 ? "0" : t == 1 ? "1" : String.valueOf(t);
      g.drawString(label, x + w + 5, y + fm.getAscent() / 2 - 1);
    }
    // the bar's title, upright along its side
    String title = "success fraction p̂";
    AffineTransform keep = g.getTransform();
    g.setFont(new Font(Font.SANS_SERIF, Font.PLAIN, 11));
    fm = g.getFontMetrics();
    g.translate(x0 + BAR_STRIP - 6, (top + bottom) / 2.0 + fm.stringWidth(title) / 2.0);
    g.rotate(-Math.PI / 2);
    g.drawString(title, 0, 0);
    g.setTransform(keep);
    g.dispose();
  }

  /** An open triangle: a censored boundary, pointing the way it lies beyond the values tried. */
  static final class OpenTriangle extends Marker {
    private final boolean up;

    OpenTriangle(boolean up) {
      this.up = up;
    }

    @Override
    public void paint(Graphics2D g, double x, double y, int size) {
      double h = size * 1.2;
      double s = up ? -1 : 1;
      Path2D.Double t = new Path2D.Double();
      t.moveTo(x - h / 2, y - s * h / 3);
      t.lineTo(x + h / 2, y - s * h / 3);
      t.lineTo(x, y + s * 2 * h / 3);
      t.closePath();
      g.setStroke(new BasicStroke(1.6f));
      g.draw(t);
    }
  }

  /** An open diamond round the boundary x*, larger than a probe's circle. */
  static final class OpenDiamond extends Marker {
    @Override
    public void paint(Graphics2D g, double x, double y, int size) {
      double h = size * 0.95;
      Path2D.Double d = new Path2D.Double();
      d.moveTo(x, y - h);
      d.lineTo(x + h, y);
      d.lineTo(x, y + h);
      d.lineTo(x - h, y);
      d.closePath();
      g.setStroke(new BasicStroke(2f));
      g.draw(d);
    }
  }

  /** An open circle round a probe probes.csv flags as non-monotone. */
  static final class Ring extends Marker {
    @Override
    public void paint(Graphics2D g, double x, double y, int size) {
      double r = size * 0.95;
      g.setStroke(new BasicStroke(1.6f));
      g.draw(new java.awt.geom.Ellipse2D.Double(x - r, y - r, 2 * r, 2 * r));
    }
  }

  /** A horizontal tick: the cap of an interval bar. */
  static final class Cap extends Marker {
    @Override
    public void paint(Graphics2D g, double x, double y, int size) {
      g.setStroke(new BasicStroke(1.5f));
      g.draw(new java.awt.geom.Line2D.Double(x - size / 2.0, y, x + size / 2.0, y));
    }
  }
}
