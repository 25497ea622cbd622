package aedyn.report;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.awt.Color;
import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import javax.imageio.ImageIO;
import org.apache.hadoop.conf.Configuration;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYSeries;
import org.knowm.xchart.internal.chartpart.Chart;

/**
 * The phase diagram of a boundary study, on a study directory written by hand: a width search (paper 2's m*(N))
 * over N = 32, 128, 512 for two regimes, with a censored point, an open interval end, a flagged probe and a
 * separated (bracket) point. Every expected number below is read off the hand-written files or worked by hand.
 */
class PhaseDiagramTest {
  @TempDir Path tmp;

  static final String CONF = String.join("\n",
      "study { name = width-boundary, outcome = \"loss <= 0.01 * loss_0\"",
      "  grid { \"train.regime\" = [encoder-only, joint], \"data.samples\" = [32, 128, 512] }",
      "  search { key = \"model.width\", from = 8, to = 1024, scale = log, direction = increasing,",
      "           resolution = 0.3, trials = 4 } }", "");

  /** (regime, N, width, successes of 4, flag) */
  static final String[][] PROBES = {
      {"encoder-only", "32", "8", "0", ""}, {"encoder-only", "32", "30", "1", ""},
      {"encoder-only", "32", "91", "2", ""}, {"encoder-only", "32", "1024", "4", ""},
      {"encoder-only", "128", "8", "0", ""}, {"encoder-only", "128", "91", "1", ""},
      {"encoder-only", "128", "305", "3", ""}, {"encoder-only", "128", "1024", "4", ""},
      {"encoder-only", "512", "8", "0", ""}, {"encoder-only", "512", "1024", "0", ""},
      {"joint", "32", "8", "1", ""}, {"joint", "32", "91", "4", ""}, {"joint", "32", "1024", "4", ""},
      {"joint", "128", "8", "0", ""}, {"joint", "128", "30", "3", "non-monotone"},
      {"joint", "128", "91", "2", ""}, {"joint", "128", "1024", "4", ""},
      {"joint", "512", "8", "0", ""}, {"joint", "512", "91", "0", ""}, {"joint", "512", "305", "2", ""},
      {"joint", "512", "1024", "4", ""}};

  static Path study(Path dir) throws Exception {
    Files.createDirectories(dir);
    Files.writeString(dir.resolve("study.conf"), CONF);
    StringBuilder summary = new StringBuilder("run,status,trial,train.regime,data.samples,model.width,iterations,loss\n");
    StringBuilder probes = new StringBuilder("train.regime,data.samples,value,trials,successes,p,p_low,p_high,flag\n");
    int k = 0;
    for (String[] p : PROBES) {
      double prob = Integer.parseInt(p[3]) / 4.0;
      probes.append(String.join(",", p[0], p[1], p[2], "4", p[3], Double.toString(prob), "0.0", "1.0", p[4]))
          .append('\n');
      Path run = Files.createDirectories(dir.resolve("runs/r" + k));
      Files.writeString(run.resolve("metrics.csv"), "iteration,loss\n0,1.0\n100,0.001\n");
      summary.append(String.join(",", "r" + k++, "finished", "0", p[0], p[1], p[2], "100", "0.001")).append('\n');
    }
    Files.writeString(dir.resolve("summary.csv"), summary.toString());
    Files.writeString(dir.resolve("probes.csv"), probes.toString());
    Files.writeString(dir.resolve("boundary.csv"), String.join("\n",
        "train.regime,data.samples,boundary,boundary_low,boundary_high,censored,probes,interval",
        "encoder-only,32,60.0,25.0,150.0,none,4,profile",
        "encoder-only,128,180.0,95.0,,none,4,profile",
        "encoder-only,512,,,,above,2,none",
        "joint,32,20.0,8.0,91.0,none,3,bracket",
        "joint,128,70.0,30.0,200.0,none,4,profile",
        "joint,512,305.0,91.0,1024.0,none,4,bracket", ""));
    Files.writeString(dir.resolve("analysis.csv"), String.join("\n",
        "train.regime,scaling_key,searched_key,alpha,alpha_low,alpha_high,intercept,used,censored,unbounded",
        "encoder-only,data.samples,model.width,0.79,0.31,1.27,1.3,1,1,1",
        "joint,data.samples,model.width,0.5,0.31,0.73," + Math.log(4) + ",3,0,0", ""));
    return dir;
  }

  static PlotSpec.PhaseDiagram diagram(StudyResults r) {
    List<PlotSpec> specs = Plots.plan(r);
    return assertInstanceOf(PlotSpec.PhaseDiagram.class, specs.get(0), "the phase diagram comes first");
  }

  @Test
  void planAxesAndCaptionFollowTheSearch() throws Exception {
    StudyResults r = StudyResults.read(study(tmp.resolve("s")).toString(), new Configuration());
    PlotSpec.PhaseDiagram d = diagram(r);
    assertEquals("phase_diagram_model_width_vs_data_samples", d.name());
    assertEquals("model.width", d.searchedKey());
    assertEquals("data.samples", d.scalingKey());
    assertEquals(List.of("train.regime"), d.panelKeys());
    PlotAxes axes = PlotAxes.of(d);
    assertEquals("N (samples)", axes.xLabel());
    assertEquals("m (hidden units), searched", axes.yLabel());
    assertTrue(axes.logX(), "N from 32 to 512 spans more than a decade");
    assertTrue(axes.logY(), "study.search.scale = log over 8 .. 1024");
    assertEquals(8 / 1.25, axes.yMin(), 1e-12);
    assertEquals(1024 * 1.25, axes.yMax(), 1e-12);
    String c = d.caption();
    for (String part : List.of("loss <= 0.01 * loss_0", "over 4 trials", "where m is large", "from 8 to 1024",
        "0.3 wide in ln m", "profile likelihood", "the bracket between", "Open triangles", "SPEC 9.4",
        "One panel per regime")) {
      assertTrue(c.contains(part), "caption names " + part + ": " + c);
    }
    assertEquals("phase-diagram", NotebookPlan.kind(d));
  }

  @Test
  void panelsHoldEveryProbeTheBoundaryAndTheLaw() throws Exception {
    StudyResults r = StudyResults.read(study(tmp.resolve("s")).toString(), new Configuration());
    PlotSpec.PhaseDiagram d = diagram(r);
    List<PhaseDiagrams.PhasePanel> panels = PhaseDiagrams.panels(d, r);
    assertEquals(List.of("regime = encoder-only", "regime = joint"),
        panels.stream().map(PhaseDiagrams.PhasePanel::title).toList());
    for (PhaseDiagrams.PhasePanel panel : panels) {
      String regime = panel.title().substring("regime = ".length());
      List<double[]> expected = new ArrayList<>();
      for (String[] p : PROBES) {
        if (p[0].equals(regime)) {
          expected.add(new double[] {Double.parseDouble(p[1]), Double.parseDouble(p[2]), Integer.parseInt(p[3]) / 4.0});
        }
      }
      assertEquals(expected.size(), panel.probes().size());
      for (int i = 0; i < expected.size(); i++) {
        PhaseDiagrams.ProbePoint got = panel.probes().get(i);
        assertEquals(expected.get(i)[0], got.z());
        assertEquals(expected.get(i)[1], got.value());
        assertEquals(expected.get(i)[2], got.p());
      }
    }
    PhaseDiagrams.PhasePanel enc = panels.get(0);
    PhaseDiagrams.PhasePanel joint = panels.get(1);
    assertEquals(List.of(30.0), joint.probes().stream().filter(PhaseDiagrams.ProbePoint::flagged)
        .map(PhaseDiagrams.ProbePoint::value).toList());
    // the censored point sits at the largest width tried there, 1024; the open end is NaN
    PhaseDiagrams.BoundaryPoint cens = enc.boundaries().get(2);
    assertEquals("above", cens.censored());
    assertEquals(1024.0, cens.edge());
    assertTrue(Double.isNaN(enc.boundaries().get(1).high()));
    assertEquals(180.0, enc.boundaries().get(1).estimate());
    // joint's law: alpha = 1/2, c = ln 4, so m* = 4 sqrt(N): 4 sqrt(32) = 22.627..., 4 sqrt(512) = 90.509...
    PhaseDiagrams.Law law = joint.law().orElseThrow();
    assertEquals(32.0, law.z()[0], 1e-9);
    assertEquals(512.0, law.z()[law.z().length - 1], 1e-9);
    assertEquals(22.627416997969522, law.x()[0], 1e-9);
    assertEquals(90.50966799187809, law.x()[law.x().length - 1], 1e-9);
    assertEquals("m* = e^c N^α, α = 0.50 [0.31, 0.73]", law.label());
    assertEquals("m* = e^c N^α, α = 0.79 [0.31, 1.27]", enc.law().orElseThrow().label());
    // the generic lines: one per success fraction (joint has 0, 1/4, 1/2, 3/4, 1), the boundary, the law
    Plots.Panel generic = Plots.panels(d, r).get(1);
    assertEquals(List.of("p̂ = 0.00", "p̂ = 0.250", "p̂ = 0.500", "p̂ = 0.750", "p̂ = 1.00", "boundary", law.label()),
        generic.lines().stream().map(Plots.Line::label).toList());
  }

  @Test
  void coloursRunAlongTheScale() {
    List<String> stops = PhaseDiagrams.COLORS;
    assertEquals(new Color(0x440154), PhaseDiagrams.color(stops, 0));
    assertEquals(new Color(0x21918c), PhaseDiagrams.color(stops, 0.5));
    assertEquals(new Color(0xb5de2b), PhaseDiagrams.color(stops, 1));
    assertEquals(new Color(0xb5de2b), PhaseDiagrams.color(stops, 1.5), "clamped");
    // halfway between #440154 and #3b528b: (68+59)/2 = 63.5 -> 64, (1+82)/2 = 41.5 -> 42, (84+139)/2 = 111.5 -> 112
    assertEquals(new Color(64, 42, 112), PhaseDiagrams.color(stops, 0.125));
  }

  @SuppressWarnings("unchecked")
  static Map<String, XYSeries> series(Chart<?, ?> chart) throws Exception {
    var f = Chart.class.getDeclaredField("seriesMap");
    f.setAccessible(true);
    return (Map<String, XYSeries>) f.get(chart);
  }

  @Test
  void chartsDrawProbesByColourTheBoundaryAndAColourBar() throws Exception {
    StudyResults r = StudyResults.read(study(tmp.resolve("s")).toString(), new Configuration());
    PlotSpec.PhaseDiagram d = diagram(r);
    List<Chart<?, ?>> charts = Plots.draw(d, r);
    assertEquals(2, charts.size());
    Map<String, XYSeries> joint = series(charts.get(1));
    assertTrue(joint.containsKey("m* = e^c N^α, α = 0.50 [0.31, 0.73]"), joint.keySet().toString());
    assertTrue(joint.get("boundary m* (95 % interval)").isShowInLegend());
    assertArrayEquals(new double[] {20, 70, 305}, joint.get("boundary m* (95 % interval)").getYData());
    assertTrue(joint.containsKey("non-monotone probe"));
    // every probe is drawn once, in the colour of its p
    int probes = 0;
    for (XYSeries s : joint.values()) {
      if (!s.getName().startsWith("probes ")) continue;
      assertFalse(s.isShowInLegend());
      for (int i = 0; i < s.getXData().length; i++) {
        double z = s.getXData()[i];
        double v = s.getYData()[i];
        double p = joint(z, v);
        assertEquals(PhaseDiagrams.color(d.colors(), p), s.getMarkerColor(), "probe at " + z + ", " + v);
        probes++;
      }
    }
    assertEquals(11, probes);
    Map<String, XYSeries> enc = series(charts.get(0));
    assertArrayEquals(new double[] {1024}, enc.get("censored above the values tried").getYData());
    // the open end of N = 128's interval runs to the largest width tried there
    assertTrue(enc.values().stream().anyMatch(s -> s.getName().startsWith("interval ")
        && java.util.Arrays.equals(s.getYData(), new double[] {95, 1024})));

    BufferedImage png = ImageIO.read(new ByteArrayInputStream(Plots.png(charts)));
    assertEquals(2 * Plots.PANEL_WIDTH, png.getWidth());
    // the colour bar of the second panel: p near 1 at its top, near 0 at its bottom
    int barX = 2 * Plots.PANEL_WIDTH - PhaseCharts.BAR_STRIP + 8 + 7;
    assertClose(new Color(0xb5de2b), new Color(png.getRGB(barX, 62)));
    assertClose(new Color(0x440154), new Color(png.getRGB(barX, Plots.PANEL_HEIGHT - 82)));
  }

  static double joint(double z, double v) {
    for (String[] p : PROBES) {
      if (p[0].equals("joint") && Double.parseDouble(p[1]) == z && Double.parseDouble(p[2]) == v) {
        return Integer.parseInt(p[3]) / 4.0;
      }
    }
    throw new AssertionError("no joint probe at " + z + ", " + v);
  }

  static void assertClose(Color want, Color got) {
    assertTrue(distance(want, got) < 30, "colour " + got + " is not near " + want);
  }

  static int distance(Color a, Color b) {
    return Math.abs(a.getRed() - b.getRed()) + Math.abs(a.getGreen() - b.getGreen())
        + Math.abs(a.getBlue() - b.getBlue());
  }

  static boolean near(Color a, Color b) {
    return distance(a, b) <= 6;
  }

  static void assertArrayEquals(double[] want, double[] got) {
    org.junit.jupiter.api.Assertions.assertArrayEquals(want, got, 1e-12);
  }

  @Test
  void otherStudiesGetNoPhaseDiagram() throws Exception {
    StudyResults r = StudyResults.read(FakeStudy.figure2(tmp.resolve("f2"), 10).toString(), new Configuration());
    assertTrue(r.boundary().isEmpty());
    assertTrue(Plots.plan(r).stream().noneMatch(s -> s instanceof PlotSpec.PhaseDiagram));
  }

  @Test
  void theNotebookDrawsTheSameDiagram() throws Exception {
    Optional<String> py = NotebookExportTest.python("pandas", "matplotlib");
    Assumptions.assumeTrue(py.isPresent(), "no python3 with pandas and matplotlib");
    Path out = tmp.resolve("nb/width.ipynb");
    NotebookExport.Result res = NotebookExport.export(study(tmp.resolve("s")).toString(), out, new Configuration());
    assertTrue(Files.exists(tmp.resolve("nb/width/probes.csv")) && Files.exists(tmp.resolve("nb/width/boundary.csv")));
    String result = NotebookExportTest.run(out.getParent(), py.get(),
        Path.of("src/test/python/notebook_panels.py").toAbsolutePath().toString(), out.toString());
    assertTrue(result.contains("figures " + res.plots()), result);
    List<Map<String, Object>> panels = new ArrayList<>();
    for (String line : result.split("\n")) {
      if (line.startsWith("panel {")) panels.add(Json.parseObject(line.substring("panel ".length())));
    }
    Map<String, Object> joint = panels.stream().filter(p -> "regime = joint".equals(p.get("title"))).findFirst()
        .orElseThrow(() -> new AssertionError(result));
    assertEquals("N (samples)", joint.get("x"));
    assertEquals("m (hidden units), searched", joint.get("y"));
    assertEquals(List.of("log", "log"), List.of(joint.get("xscale"), joint.get("yscale")));
    assertEquals(List.of(6.4, 1280.0), ((List<?>) joint.get("ylim")).stream()
        .map(v -> ((Number) v).doubleValue()).toList());
    List<?> legend = (List<?>) joint.get("legend");
    assertTrue(legend.contains("m* = e^c N^α, α = 0.50 [0.31, 0.73]"), legend.toString());
    assertTrue(legend.contains("boundary m* (95 % interval)"), legend.toString());
    assertTrue(legend.contains("non-monotone probe"), legend.toString());
    // the probes in the report's colours: p = 1 at (32, 1024), p = 0 at (512, 8), p = 1/2 at (128, 91)
    List<?> points = (List<?>) joint.get("points");
    for (double[] want : new double[][] {{32, 1024, 1}, {512, 8, 0}, {128, 91, 0.5}}) {
      Color colour = PhaseDiagrams.color(PhaseDiagrams.COLORS, want[2]);
      // matplotlib's colour map is a table of 256 colours: p = 1/2 may fall one step off the stop
      assertTrue(points.stream().map(p -> (List<?>) p).anyMatch(p -> ((Number) p.get(0)).doubleValue() == want[0]
          && ((Number) p.get(1)).doubleValue() == want[1] && near(colour, Color.decode((String) p.get(2)))),
          "a probe at " + want[0] + ", " + want[1] + " coloured " + colour + " in " + points);
    }
    Map<String, Object> enc = panels.stream().filter(p -> "regime = encoder-only".equals(p.get("title")))
        .findFirst().orElseThrow();
    assertTrue(((List<?>) enc.get("legend")).contains("censored above the values tried"), enc.toString());
    assertTrue(panels.stream().anyMatch(p -> "success fraction p̂".equals(p.get("y"))), "a colour bar");
  }
}
