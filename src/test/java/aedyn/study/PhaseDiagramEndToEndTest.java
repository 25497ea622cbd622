package aedyn.study;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import aedyn.report.NotebookExport;
import aedyn.report.PlotSpec;
import aedyn.report.Plots;
import aedyn.report.StudyResults;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.apache.hadoop.conf.Configuration;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A real, tiny boundary study (a search over init.delta at two n, run in local[2]) ends with its phase diagram in
 * report.html, captioned with its search and outcome, and its exported notebook's Python draws the diagram too.
 */
class PhaseDiagramEndToEndTest {
  private static final String STUDY = """
      study { name = tiny-boundary, seed = 5, grid { "data.n" = [16, 32] }
        outcome = "max_col_error <= 0.1"
        search { key = "init.delta", from = 0.05, to = 3.0, scale = log, direction = decreasing,
                 resolution = 0.6, trials = 2 } }
      data { model = mixture, m = 4, samples = 512, noise-sigma = 0.01 }
      model { activation = threshold, threshold = 0.5 }
      init { kind = perturb }
      bias { init = 0, schedule = constant }
      train.iterations = 6
      """;

  @Test
  void theReportAndTheNotebookDrawThePhaseDiagram(@TempDir Path dir) throws Exception {
    Path out = StudyTestSupport.runStudy(dir, STUDY);
    Map<String, List<Double>> probes = StudyTestSupport.columns(out.resolve("probes.csv"));
    StudyResults r = StudyResults.read(out.toString(), new Configuration());
    PlotSpec diagram = Plots.plan(r).get(0);
    assertEquals("phase_diagram_init_delta_vs_data_n", diagram.name());
    // one panel (no other outer key); every probe of probes.csv is in it once
    List<Plots.Panel> panels = Plots.panels(diagram, r);
    assertEquals(1, panels.size());
    int drawn = panels.get(0).lines().stream().filter(l -> l.label().startsWith("p̂ = "))
        .mapToInt(l -> l.x().length).sum();
    assertEquals(probes.get("value").size(), drawn);

    String html = Files.readString(out.resolve("report.html"));
    assertTrue(html.contains("id=\"plot-phase_diagram_init_delta_vs_data_n\""), "the figure is in the report");
    for (String part : List.of("Phase diagram of the boundary search", "a run succeeds when max_col_error &lt;= 0.1",
        "from 0.05 to 3", "95 % interval", "id=\"boundary\"")) {
      assertTrue(html.contains(part), part);
    }
    assertTrue(Files.size(out.resolve("plots/phase_diagram_init_delta_vs_data_n.png")) > 5000);
    // the curves: one line per searched value, one panel per outer point (not one panel per probe)
    assertEquals(2, Plots.panels(Plots.plan(r).get(1), r).size());

    Path py = Path.of("/usr/bin/python3");
    Assumptions.assumeTrue(Files.isExecutable(py) && python(py, dir, "-c", "import pandas, matplotlib").ok(),
        "no python3 with pandas and matplotlib");
    Path nb = dir.resolve("nb/tiny.ipynb");
    NotebookExport.Result res = NotebookExport.export(out.toString(), nb, new Configuration());
    Result ran = python(py, nb.getParent(), Path.of("src/test/python/notebook_panels.py").toAbsolutePath().toString(),
        nb.toString());
    assertTrue(ran.ok(), ran.output());
    assertTrue(ran.output().contains("figures " + res.plots()), ran.output());
    String phase = ran.output().lines().filter(l -> l.contains("\"title\": \"Phase diagram: δ* against n\""))
        .findFirst().orElseThrow(() -> new AssertionError(ran.output()));
    assertTrue(phase.contains("\"y\": \"δ (initial perturbation), searched\""), phase);
    assertTrue(phase.contains("\"yscale\": \"log\""), phase);
    assertTrue(ran.output().contains("success fraction p̂"), "the colour bar");
  }

  record Result(boolean ok, String output) {}

  static Result python(Path py, Path dir, String... args) throws Exception {
    List<String> cmd = new java.util.ArrayList<>(List.of(py.toString()));
    cmd.addAll(List.of(args));
    ProcessBuilder pb = new ProcessBuilder(cmd).directory(dir.toFile()).redirectErrorStream(true);
    pb.environment().put("MPLBACKEND", "Agg");
    Process p = pb.start();
    String text = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    boolean done = p.waitFor(300, TimeUnit.SECONDS);
    return new Result(done && p.exitValue() == 0, text);
  }
}
