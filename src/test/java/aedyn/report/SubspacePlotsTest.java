package aedyn.report;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.apache.hadoop.conf.Configuration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Paper 3's plots from a hand-made study with energy blocks: PCA levels on the learning curves, energies per direction. */
class SubspacePlotsTest {

  @Test
  void learningCurvesCarryThePcaLevelsAndEnergiesAreDividedByTheBlockDimension(@TempDir Path dir)
      throws Exception {
    Files.writeString(dir.resolve("summary.csv"),
        "run,status,trial,model.width,iterations,loss,wall_seconds\n"
            + "w8,finished,0,8,2,1,1\nw16,finished,0,16,2,1,1\n");
    for (String run : List.of("w8", "w16")) {
      Path r = Files.createDirectories(dir.resolve("runs").resolve(run));
      Files.writeString(r.resolve("metrics.csv"), "iteration,loss,energy_1,energy_rest\n"
          + "0,14.5,0.0,0.0\n1,7.0,1.0,0.5\n2,3.0,2.0,1.5\n");
      Files.writeString(r.resolve("run.json"), "{\"energy_blocks\": {\"dims\": [2], \"rest_dim\": 3,"
          + " \"pca_levels\": [14.5, 6.5]}}\n");
    }
    StudyResults results = StudyResults.read(dir.toString(), new Configuration());
    List<PlotSpec> specs = Plots.plan(results);
    List<String> names = specs.stream().map(PlotSpec::name).toList();
    assertEquals(1, names.stream().filter("learning_curves"::equals).count(), names.toString());
    assertTrue(names.contains("energy_curves"), names.toString());
    PlotSpec.SubspaceCurves loss = (PlotSpec.SubspaceCurves) specs.stream()
        .filter(s -> s.name().equals("learning_curves")).findFirst().orElseThrow();
    assertEquals("model.width", loss.lineKey());
    List<Plots.Panel> panels = Plots.panels(loss, results);
    assertEquals(1, panels.size());
    List<Plots.Line> lines = panels.get(0).lines();
    assertEquals(List.of("m = 8", "m = 16", "PCA: levels", "PCA: block 1"),
        lines.stream().map(Plots.Line::label).toList());
    assertArrayEquals(new double[] {6.5, 6.5}, lines.get(3).y());
    assertArrayEquals(new double[] {0, 2}, lines.get(3).x());

    PlotSpec energy = specs.stream().filter(s -> s.name().equals("energy_curves")).findFirst().orElseThrow();
    List<Plots.Panel> ep = Plots.panels(energy, results);
    assertEquals(2, ep.size(), "one panel per grid point");
    List<Plots.Line> el = ep.get(0).lines();
    assertEquals(List.of("block 1 (d = 2)", "rest (d = 3)"), el.stream().map(Plots.Line::label).toList());
    assertArrayEquals(new double[] {0, 0.5, 1}, el.get(0).y(), 1e-15);
    assertArrayEquals(new double[] {0, 0.5 / 3, 0.5}, el.get(1).y(), 1e-15);
    assertFalse(Plots.draw(energy, results).isEmpty());

    String code = NotebookExport.plotCall(loss);
    assertEquals("study.draw(\"learning_curves\")", code, "the plot's cell calls the module by the plot's name");
  }
}
