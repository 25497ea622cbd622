package aedyn.report;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.awt.Font;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.geom.Rectangle2D;
import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.util.ArrayList;
import java.util.List;
import javax.xml.parsers.DocumentBuilderFactory;
import org.apache.hadoop.conf.Configuration;
import org.junit.jupiter.api.Test;
import org.knowm.xchart.internal.chartpart.Chart;
import org.knowm.xchart.internal.series.Series;
import org.w3c.dom.NodeList;

/**
 * Every label of the committed ntk-theory and mean-field-spiked studies' plots as drawn: it names what a line is,
 * fits its panel (measured with the fonts' own metrics, and where XChart actually drew it), and reads as text in
 * the SVG.
 */
class PlotLabelsTest {
  static final List<String> STUDIES = List.of("notebooks-export/ntk-theory", "notebooks-export/mean-field-spiked");

  static List<List<Chart<?, ?>>> allCharts(String dir) throws Exception {
    StudyResults r = StudyResults.read(dir, new Configuration());
    List<List<Chart<?, ?>>> out = new ArrayList<>();
    for (PlotSpec spec : Plots.plan(r)) out.add(Plots.draw(spec, r));
    return out;
  }

  @Test
  void legendLinesAreNarrowerThanWhereXChartCutsThem() throws Exception {
    // FontMetrics of an antialiased raster, not the code's TextLayout: an independent measure of the same font
    Graphics2D g = new BufferedImage(1, 1, BufferedImage.TYPE_INT_RGB).createGraphics();
    g.setRenderingHint(RenderingHints.KEY_TEXT_ANTIALIASING, RenderingHints.VALUE_TEXT_ANTIALIAS_ON);
    int lines = 0;
    for (String dir : STUDIES) {
      for (List<Chart<?, ?>> charts : allCharts(dir)) {
        for (Chart<?, ?> c : charts) {
          Font font = c.getStyler().getLegendFont();
          for (Series s : c.getSeriesCollection()) {
            for (String line : s.getLabel().split("\n")) {
              double w = g.getFontMetrics(font).getStringBounds(line, g).getWidth();
              assertTrue(w <= 0.45 * c.getWidth(), dir + ": legend line '" + line + "' is " + w + " px wide, XChart cuts"
                  + " at " + 0.45 * c.getWidth());
              lines++;
            }
          }
        }
      }
    }
    assertTrue(lines > 50, "legend lines measured: " + lines);
  }

  @Test
  void everyLabelLandsInsideItsPanel() throws Exception {
    int titles = 0;
    for (String dir : STUDIES) {
      for (List<Chart<?, ?>> charts : allCharts(dir)) {
        for (Chart<?, ?> c : charts) {
          PlotText g = new PlotText(false);
          g.expect(c);
          c.paint(g, Plots.PANEL_WIDTH, Plots.PANEL_HEIGHT);
          for (PlotText.Drawn d : g.drawn()) {
            Rectangle2D b = d.bounds();
            String what = d.label() == null ? "a tick label" : "'" + d.label().text() + "'";
            assertTrue(b.getMinX() >= 0 && b.getMinY() >= 0 && b.getMaxX() <= Plots.PANEL_WIDTH
                && b.getMaxY() <= Plots.PANEL_HEIGHT, dir + ": " + what + " drawn at " + b + ", outside the panel");
            if (d.label() != null) titles++;
          }
        }
      }
    }
    assertTrue(titles > 100, "labels found where XChart drew them: " + titles);
  }

  @Test
  void legendsNameTheNetworkItsTwinAndTheKernelsLevel() throws Exception {
    StudyResults r = StudyResults.read(STUDIES.get(0), new Configuration());
    List<String> labels = new ArrayList<>();
    List<String> titles = new ArrayList<>();
    for (PlotSpec spec : Plots.plan(r)) {
      titles.add(spec.title());
      for (Plots.Panel p : Plots.panels(spec, r)) {
        titles.add(p.title());
        for (Plots.Line l : p.lines()) labels.add(l.label());
      }
    }
    for (String l : labels) assertFalse(l.matches("(?i).*\\b(true|false)\\b.*"), "a bare boolean in a legend: " + l);
    assertTrue(labels.contains("network") && labels.contains("linearized twin") && labels.contains("K∞ prediction"));
    assertTrue(labels.stream().anyMatch(l -> l.startsWith("linearized twin, regime = joint")), labels.toString());
    for (String t : titles) assertFalse(t.contains("Λ"), "λ upper-cased: " + t);
    // λ_min(K(0)) and its infinite-width level share one panel; the level has no plot of its own
    List<String> names = Plots.plan(r).stream().map(PlotSpec::name).toList();
    assertFalse(names.contains("sweep_infinite_lambda_min_vs_model_width"), names.toString());
    PlotSpec kernel = Plots.plan(r).stream().filter(s -> s.name().equals("sweep_kernel_lambda_min_0_vs_model_width"))
        .findFirst().orElseThrow();
    assertEquals("λ_min(K(0)) against m", kernel.title());
    List<String> kernelLines = Plots.panels(kernel, r).get(0).lines().stream().map(Plots.Line::label).toList();
    assertEquals(List.of("K∞ level, regime = encoder-only", "K∞ level, regime = joint"),
        kernelLines.stream().filter(l -> l.startsWith("K∞")).toList());
    // the level is analysis.csv's infinite_lambda_min of that regime's runs
    Plots.Line joint = Plots.panels(kernel, r).get(0).lines().stream()
        .filter(l -> l.label().equals("K∞ level, regime = joint")).findFirst().orElseThrow();
    Csv analysis = Csv.parse(java.nio.file.Files.readString(java.nio.file.Path.of(STUDIES.get(0), "analysis.csv")));
    for (int i = 0; i < analysis.size(); i++) {
      var row = analysis.row(i);
      if (!row.get("run").contains("train.regime=joint") || !row.get("run").contains("model.width=512_")) continue;
      assertEquals(Double.parseDouble(row.get("infinite_lambda_min")), joint.y()[2], 1e-12);
    }
  }

  @Test
  void svgKeepsItsLabelsAsText() throws Exception {
    StudyResults r = StudyResults.read(STUDIES.get(0), new Configuration());
    PlotSpec kernel = Plots.plan(r).stream().filter(s -> s.name().equals("sweep_kernel_lambda_min_0_vs_model_width"))
        .findFirst().orElseThrow();
    byte[] svg = Plots.svg(Plots.draw(kernel, r));
    var f = DocumentBuilderFactory.newInstance();
    f.setFeature("http://apache.org/xml/features/nonvalidating/load-external-dtd", false);
    NodeList texts = f.newDocumentBuilder().parse(new ByteArrayInputStream(svg)).getElementsByTagName("text");
    List<String> words = new ArrayList<>();
    for (int i = 0; i < texts.getLength(); i++) words.add(texts.item(i).getTextContent());
    assertTrue(words.contains("λ_min(K(0)) against m"), words.toString());
    assertTrue(words.contains("linearized twin, regime = joint"), words.toString());
    assertTrue(words.contains("m (hidden units)"), words.toString());
    for (int i = 0; i < texts.getLength(); i++) {
      String style = texts.item(i).getAttributes().getNamedItem("style").getNodeValue();
      assertTrue(style.contains("font-size:"), "a size on every label: " + style);
    }
    // the PNG of the same plot is still drawn (outlines rasterized as before)
    assertTrue(Plots.png(Plots.draw(kernel, r)).length > 1000);
  }
}
