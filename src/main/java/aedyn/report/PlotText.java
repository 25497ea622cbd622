package aedyn.report;

import java.awt.Font;
import java.awt.Graphics2D;
import java.awt.Shape;
import java.awt.font.FontRenderContext;
import java.awt.font.TextLayout;
import java.awt.geom.GeneralPath;
import java.awt.geom.PathIterator;
import java.awt.geom.Rectangle2D;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.knowm.xchart.CategoryChart;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.internal.chartpart.Chart;
import org.knowm.xchart.internal.series.Series;
import org.knowm.xchart.style.AxesChartStyler;
import org.knowm.xchart.style.Styler;
import de.erichseifert.vectorgraphics2d.VectorGraphics2D;

/**
 * The words of a chart as XChart draws them. XChart fills every label as its glyphs' outline (a GeneralPath from
 * TextLayout), so an SVG of it has no text; this Graphics2D recognizes the outlines of the chart's own labels
 * (title, axis titles, legend lines) and draws them as text instead (SVG {@code <text>}), and records where every
 * outline went, so a test or the layout can check that no label leaves its panel.
 */
final class PlotText extends VectorGraphics2D {

  /** A label the chart draws: its words and font. */
  record Label(String text, Font font) {}

  /** One filled text outline: the label it is (null: not one of the chart's words, e.g. a tick) and its bounds. */
  record Drawn(Label label, Rectangle2D bounds) {}

  /** XChart measures legend labels with this context (Legend_), and truncates them at 45 % of the chart's width. */
  static final FontRenderContext LEGEND_FRC = new FontRenderContext(null, true, false);
  static final double LEGEND_TEXT_RATIO = 0.45;

  // shared by the clones that create() makes, as VectorGraphics2D clones itself for every sub-context
  private final Map<String, Label> labels = new HashMap<>();
  private final List<Drawn> drawn = new ArrayList<>();
  private final boolean asText;

  /** @param asText draw recognized labels as text; otherwise fill their outlines as XChart asked */
  PlotText(boolean asText) {
    this.asText = asText;
  }

  /** Makes the chart's labels recognizable; call before painting it. */
  void expect(Chart<?, ?> chart) {
    labels.clear();
    for (Label l : labels(chart)) {
      for (FontRenderContext frc : List.of(getFontRenderContext(), LEGEND_FRC)) {
        labels.putIfAbsent(signature(new TextLayout(l.text(), l.font(), frc).getOutline(null)), l);
      }
    }
  }

  List<Drawn> drawn() {
    return drawn;
  }

  @Override
  public void fill(Shape s) {
    if (!(s instanceof GeneralPath)) {
      super.fill(s);
      return;
    }
    Label label = labels.get(signature(s));
    drawn.add(new Drawn(label, getTransform().createTransformedShape(s).getBounds2D()));
    if (label == null || !asText) {
      super.fill(s);
      return;
    }
    Graphics2D g = (Graphics2D) create();
    g.setFont(label.font());
    Rectangle2D b = s.getBounds2D();
    // the y axis' title is drawn turned a quarter left: its outline is taller than wide
    if (b.getHeight() > b.getWidth() && label.text().length() > 1) g.rotate(-Math.PI / 2);
    g.drawString(label.text(), 0f, 0f);
    g.dispose();
  }

  /**
   * An outline's shape, up to rotation by quarter turns: its segment kinds and its long side (to 0.1 px). Two
   * different labels have different glyphs, so different segment sequences.
   */
  static String signature(Shape s) {
    StringBuilder b = new StringBuilder();
    double[] c = new double[6];
    for (PathIterator it = s.getPathIterator(null); !it.isDone(); it.next()) b.append((char) ('a' + it.currentSegment(c)));
    Rectangle2D r = s.getBounds2D();
    return b.append(':').append(Math.round(Math.max(r.getWidth(), r.getHeight()) * 10)).toString();
  }

  /** The words a chart draws: title, axis titles and every line of every legend label, with their fonts. */
  static List<Label> labels(Chart<?, ?> chart) {
    Styler st = chart.getStyler();
    Set<Label> out = new LinkedHashSet<>();
    if (chart.getTitle() != null && !chart.getTitle().isEmpty()) out.add(new Label(chart.getTitle(), st.getChartTitleFont()));
    if (st instanceof AxesChartStyler a) {
      for (String t : axisTitles(chart)) {
        if (t != null && !t.isEmpty()) out.add(new Label(t, a.getAxisTitleFont()));
      }
    }
    for (Series s : chart.getSeriesCollection()) {
      for (String line : s.getLabel().split("\n")) if (!line.isEmpty()) out.add(new Label(line, st.getLegendFont()));
    }
    return List.copyOf(out);
  }

  static List<String> axisTitles(Chart<?, ?> chart) {
    if (chart instanceof XYChart x) return java.util.Arrays.asList(x.getXAxisTitle(), x.getYAxisTitle());
    if (chart instanceof CategoryChart c) return java.util.Arrays.asList(c.getXAxisTitle(), c.getYAxisTitle());
    return List.of();
  }

  /** A label's width in a font, as XChart's legend measures it. */
  static double width(String text, Font font) {
    return new TextLayout(text, font, LEGEND_FRC).getBounds().getWidth();
  }
}
