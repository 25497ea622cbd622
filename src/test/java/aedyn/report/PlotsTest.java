package aedyn.report;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import javax.imageio.ImageIO;
import org.apache.hadoop.conf.Configuration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.internal.chartpart.Chart;

class PlotsTest {
  @TempDir Path tmp;

  static Map<String, PlotSpec> byName(List<PlotSpec> specs) {
    return specs.stream().collect(Collectors.toMap(PlotSpec::name, s -> s));
  }

  @Test
  void readsTheStudyLayout() throws Exception {
    StudyResults r = StudyResults.read(FakeStudy.figure2(tmp.resolve("f2"), 50).toString(),
        new Configuration());
    assertEquals(List.of("data.noise-sigma", "init.kind"), r.gridKeys());
    assertEquals(9, r.runs().size());
    assertEquals(FakeStudy.figure2Runs(), r.runs().stream().map(StudyResults.Run::name).toList());
    assertEquals(51, r.runs().get(0).metrics().size(), "rows s = 0..T");
    assertEquals("4.1.0", r.runs().get(0).manifest(m -> m.platform().sparkVersion()).orElseThrow());
    assertEquals(0.01, ((Number) r.runs().get(0).manifest(m -> m.origin().grid()).orElseThrow()
        .get("data.noise-sigma")).doubleValue());
    assertTrue(r.numeric("data.noise-sigma"));
    assertFalse(r.numeric("init.kind"));
    assertTrue(r.config().contains("figure2"));
    assertTrue(Double.isNaN(r.runs().get(0).metrics().doubles("contraction")[50]),
        "an empty cell is undefined");
  }

  @Test
  void figure2IsOnePanelPerNoiseLevelAndOneLinePerInit() throws Exception {
    StudyResults r = StudyResults.read(FakeStudy.figure2(tmp.resolve("f2"), 50).toString(),
        new Configuration());
    PlotSpec.Curves lc = (PlotSpec.Curves) byName(Plots.plan(r)).get("learning_curves");
    assertEquals("init.kind", lc.lineKey());
    assertEquals(List.of("data.noise-sigma"), lc.panelKeys());
    List<Plots.Panel> panels = Plots.panels(lc, r);
    assertEquals(FakeStudy.NOISES.size(), panels.size());
    for (int p = 0; p < panels.size(); p++) {
      Plots.Panel panel = panels.get(p);
      assertEquals("σ_η = " + FakeStudy.NOISES.get(p), panel.title());
      assertEquals(FakeStudy.INITS,
          panel.lines().stream().map(Plots.Line::label).toList());
      double sigma = Double.parseDouble(FakeStudy.NOISES.get(p));
      for (int i = 0; i < 3; i++) {
        Plots.Line line = panel.lines().get(i);
        assertEquals(51, line.x().length);
        for (int s = 0; s <= 50; s += 7) {
          assertEquals(s, line.x()[s]);
          assertEquals(FakeStudy.loss(sigma, i, s), line.y()[s], 1e-5 * line.y()[s]);
        }
      }
    }
    List<Chart<?, ?>> charts = Plots.draw(lc, r);
    assertEquals(3, charts.size());
    for (Chart<?, ?> c : charts) {
      assertEquals(3, c.getSeriesCollection().size(), "one line per init");
      assertEquals("iteration s", ((XYChart) c).getXAxisTitle());
      assertTrue(((XYChart) c).getYAxisTitle().contains("½‖y − ŷ‖²"));
    }
  }

  @Test
  void figure3IsFinalFroErrorPerInit() throws Exception {
    StudyResults r = StudyResults.read(FakeStudy.figure2(tmp.resolve("f2"), 50).toString(),
        new Configuration());
    PlotSpec.FinalByCategory f3 =
        (PlotSpec.FinalByCategory) byName(Plots.plan(r)).get("recovery_error_by_init");
    Plots.Panel panel = Plots.panels(f3, r).get(0);
    assertEquals(3, panel.lines().size(), "one bar series per noise level");
    for (Plots.Line l : panel.lines()) {
      assertArrayEquals(new double[] {FakeStudy.fro(0, 50), FakeStudy.fro(1, 50),
          FakeStudy.fro(2, 50)}, l.y(), 1e-4);
    }
  }

  @Test
  void axesAreLogarithmicOnlyWhereValuesSpanTwoDecades() throws Exception {
    assertTrue(PlotPlan.spansDecades(new double[] {1e3, 1e5}, 2));
    assertFalse(PlotPlan.spansDecades(new double[] {0.01, 0.03}, 2));
    assertFalse(PlotPlan.positive(new double[] {0.0, 1.0}));
    StudyResults r = StudyResults.read(FakeStudy.figure2(tmp.resolve("f2"), 50).toString(),
        new Configuration());
    Map<String, PlotSpec> specs = byName(Plots.plan(r));
    // fixture fro_error runs from 4.2 down to 0.053: less than two decades
    assertFalse(((PlotSpec.Curves) specs.get("fro_error_curves")).logY());
    assertFalse(((PlotSpec.Curves) specs.get("support_recovery_curves")).logY());
    assertEquals("‖π(W) − A‖_F", ((PlotSpec.Curves) specs.get("fro_error_curves")).yLabel());
  }

  @Test
  void aLogLogSweepGivesEachLinesFittedSlope() throws Exception {
    StudyResults r = StudyResults.read(FakeStudy.sampleSweep(tmp.resolve("slope")).toString(),
        new Configuration());
    PlotSpec.Sweep s = (PlotSpec.Sweep) byName(Plots.plan(r)).get("sweep_fro_error_vs_data_samples");
    // FakeStudy's final fro_error falls like c / sqrt(N): slope -1/2 on log-log axes, whatever c
    for (Plots.Line line : Plots.panels(s, r).get(0).lines()) {
      assertTrue(line.label().endsWith(" (slope -0.50)"), line.label());
    }
    assertEquals(-0.5, PlotPanels.logLogSlope(new double[] {1, 4, 16}, new double[] {3, 1.5, 0.75}), 1e-12);
  }

  @Test
  void sampleSweepIsLogLogWithConfidenceBands() throws Exception {
    StudyResults r = StudyResults.read(FakeStudy.sampleSweep(tmp.resolve("sw")).toString(),
        new Configuration());
    assertEquals(List.of("data.samples", "init.kind"), r.gridKeys(), "trial is not a grid key");
    PlotSpec.Sweep s = (PlotSpec.Sweep) byName(Plots.plan(r)).get("sweep_fro_error_vs_data_samples");
    assertTrue(s.logX() && s.logY() && s.band());
    assertEquals("N (samples)", s.xLabel());
    Plots.Panel p = Plots.panels(s, r).get(0);
    assertEquals(2, p.lines().size());
    Plots.Line perturb = p.lines().get(0);
    assertArrayEquals(new double[] {1e3, 1e4, 1e5, 1e6, 1e7}, perturb.x());
    for (int k = 0; k < 5; k++) {
      double mean = FakeStudy.sweepFro((long) perturb.x()[k], 0);
      assertEquals(mean, perturb.y()[k], 1e-5 * mean);
      assertEquals(0.8 * mean, perturb.low()[k], 1e-5 * mean);
      assertEquals(1.2 * mean, perturb.high()[k], 1e-5 * mean);
    }
    // noise levels 0.01..0.03 span less than two decades: linear axis there
    StudyResults f2 = StudyResults.read(FakeStudy.figure2(tmp.resolve("f2"), 5).toString(),
        new Configuration());
    PlotSpec.Sweep noise =
        (PlotSpec.Sweep) byName(Plots.plan(f2)).get("sweep_loss_vs_data_noise_sigma");
    assertFalse(noise.logX());
    assertFalse(noise.band(), "no aggregate.csv, no band");
    // band polygon + line per init
    assertEquals(4, Plots.draw(s, r).get(0).getSeriesCollection().size());
  }

  @Test
  void writesValidPngAndSvgFiles() throws Exception {
    Path dir = FakeStudy.figure2(tmp.resolve("f2"), 50);
    StudyReport.Result res = StudyReport.write(dir.toString(), new Configuration());
    assertFalse(res.plots().isEmpty());
    for (Plots.Written w : res.plots()) {
      Path png = dir.resolve("plots").resolve(w.png());
      byte[] bytes = Files.readAllBytes(png);
      assertArrayEquals(new byte[] {(byte) 0x89, 'P', 'N', 'G', '\r', '\n', 0x1a, '\n'},
          java.util.Arrays.copyOf(bytes, 8));
      var img = ImageIO.read(png.toFile());
      int cols = Math.min(3, w.panels());
      assertEquals(cols * Plots.PANEL_WIDTH, img.getWidth());
      String svg = Files.readString(dir.resolve("plots").resolve(w.svg()), StandardCharsets.UTF_8);
      assertTrue(svg.contains("<svg") && svg.trim().endsWith("</svg>"), w.svg());
      var factory = javax.xml.parsers.DocumentBuilderFactory.newInstance();
      // the SVG names the SVG 1.1 DTD; well-formedness needs no network
      factory.setFeature("http://apache.org/xml/features/nonvalidating/load-external-dtd", false);
      var doc = factory.newDocumentBuilder().parse(dir.resolve("plots").resolve(w.svg()).toFile());
      assertEquals("svg", doc.getDocumentElement().getLocalName() == null
          ? doc.getDocumentElement().getTagName() : doc.getDocumentElement().getLocalName());
    }
    assertTrue(Files.exists(dir.resolve("report.html")));
  }
}
