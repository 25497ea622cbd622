package aedyn.report;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.apache.hadoop.conf.Configuration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Captions, titles and tables say what is true for the study at hand (study.name, study.paper, run.json). */
class StudyCaptionsTest {
  @TempDir Path tmp;

  /** The figure2 fixture with its study.conf's study block replaced. */
  Path study(String folder, String studyBlock) throws Exception {
    Path dir = FakeStudy.figure2(tmp.resolve(folder), 20);
    String conf = Files.readString(dir.resolve("study.conf"));
    Files.writeString(dir.resolve("study.conf"),
        conf.replace("study { name = figure2, trials = 1 }", studyBlock));
    return dir;
  }

  static Map<String, PlotSpec> plan(Path dir) throws Exception {
    return Plots.plan(StudyResults.read(dir.toString(), new Configuration())).stream()
        .collect(Collectors.toMap(PlotSpec::name, s -> s));
  }

  @Test
  void onlyAStudyOfPaperOneNamesItsFigures() throws Exception {
    Map<String, PlotSpec> paper1 =
        plan(study("f2", "study { name = figure2, paper = dynamics-2019 }"));
    assertTrue(paper1.get("learning_curves").caption().contains("(paper 1, Figure 2)"));
    assertTrue(paper1.get("recovery_error_by_init").caption().contains("(paper 1, Figure 3)"));
    for (String block : List.of("study { name = ntk-width, paper = ntk-joint-training }",
        "study { name = mine }")) {
      for (PlotSpec s : plan(study("other" + block.length(), block)).values()) {
        assertFalse(s.caption().contains("paper 1") || s.caption().contains("Figure"), s.caption());
      }
    }
  }

  @Test
  void titleAndNotebookNameTheStudyAndItsPaper() throws Exception {
    Path dir = study("out-folder", "study { name = ntk-width, paper = ntk-joint-training }");
    StudyReport.write(dir.toString(), new Configuration());
    String html = Files.readString(dir.resolve("report.html"), StandardCharsets.UTF_8);
    assertTrue(html.contains("<h1>Study report: ntk-width</h1>"), "study.name, not the folder");
    assertTrue(html.contains("reproduces paper 2"));
    assertFalse(html.contains("Dynamics of gradient descent"));
    String intro = NotebookExport.intro(StudyResults.read(dir.toString(), new Configuration()), "d");
    assertTrue(intro.startsWith("# Study `ntk-width`"), intro);
    assertTrue(intro.contains("It reproduces paper 2: Nguyen, Wong, Hegde (2019), *Benefits of jointly"));
    assertFalse(intro.contains("Dynamics of gradient descent"), intro);
    // a study written before study.paper: no paper claimed, the folder names it when study.name is absent
    Path old = study("old-study", "");
    String oldIntro = NotebookExport.intro(StudyResults.read(old.toString(), new Configuration()), "d");
    assertTrue(oldIntro.startsWith("# Study `old-study`"), oldIntro);
    assertTrue(oldIntro.contains("It reproduces no paper"), oldIntro);
  }

  @Test
  void titlesUseLabelsAndSayFinalOnlyOfValuesAtTheEnd() throws Exception {
    Path dir = study("f2", "study { name = figure2 }");
    // convergence's per-run results beside summary.csv (analysis.csv), values of the loss at s = 0
    StringBuilder analysis = new StringBuilder("run,initial_loss\n");
    for (String noise : FakeStudy.NOISES) {
      for (String init : FakeStudy.INITS) analysis.append(FakeStudy.run(noise, init)).append(",2.5\n");
    }
    Files.writeString(dir.resolve("analysis.csv"), analysis.toString());
    Map<String, PlotSpec> specs = plan(dir);
    List<String> columns = List.of("fro_error", "max_col_error", "support_recovery", "initial_loss",
        "data.noise-sigma", "init.kind");
    for (PlotSpec s : specs.values()) {
      for (String c : columns) {
        assertFalse(s.title().matches(".*(^|\\s)" + java.util.regex.Pattern.quote(c) + "(\\s|$).*"),
            s.title() + " names the column " + c);
      }
    }
    PlotSpec.Sweep initial = (PlotSpec.Sweep) specs.get("sweep_initial_loss_vs_data_noise_sigma");
    assertEquals("Loss at s = 0 against σ_η", initial.title());
    assertEquals("loss at s = 0", initial.yLabel());
    PlotSpec.Sweep fro = (PlotSpec.Sweep) specs.get("sweep_fro_error_vs_data_noise_sigma");
    assertEquals("Final ‖π(W) − A‖_F against σ_η", fro.title());
    assertEquals("final ‖π(W) − A‖_F", fro.yLabel());
    assertEquals("Support recovery against iteration", specs.get("support_recovery_curves").title());
  }

  @Test
  void theDataTableShowsTheWidthAndTheDictionaryOnlyWhereThereIsOne() throws Exception {
    Path paper1 = study("f2", "study { name = figure2 }");
    StudyReport.write(paper1.toString(), new Configuration());
    String html = Files.readString(paper1.resolve("report.html"), StandardCharsets.UTF_8);
    String data = html.substring(html.indexOf("<section id=\"data\">"));
    assertTrue(data.contains("<th>m (hidden units)</th>") && data.contains("<th>atoms of A (data.m)</th>"));
    // paper 1's tied model has one hidden unit per atom: width m = data.m = 10 when run.json has no width
    assertTrue(data.contains("<td class=\"num\">784</td><td class=\"num\">10000</td><td class=\"num\">10</td>"
        + "<td class=\"num\">10</td>"), data);

    Path images = study("images", "study { name = mean-field-fashion-mnist, paper = mean-field-tied }");
    for (Path run : Files.list(images.resolve("runs")).toList()) {
      String json = Files.readString(run.resolve("run.json"));
      Files.writeString(run.resolve("run.json"), json.replace("\"n\": 784, \"m\": 10", "\"model\": \"idx\", "
          + "\"n\": 784, \"width\": 1024, \"m\": 4").replace("\"incoherence\": 3.1, \"spectral_norm_A\": 1.4",
          "\"incoherence\": null, \"spectral_norm_A\": null"));
    }
    StudyReport.write(images.toString(), new Configuration());
    String imagesHtml = Files.readString(images.resolve("report.html"), StandardCharsets.UTF_8);
    String imagesData = imagesHtml.substring(imagesHtml.indexOf("<section id=\"data\">"));
    assertTrue(imagesData.contains("<td>idx</td><td class=\"num\">784</td><td class=\"num\">10000</td>"
        + "<td class=\"num\">1024</td>"), imagesData);
    assertFalse(imagesData.contains("atoms of A") || imagesData.contains("<th>k</th>"), imagesData);
  }
}
