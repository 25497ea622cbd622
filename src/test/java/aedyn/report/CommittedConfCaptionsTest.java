package aedyn.report;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigFactory;
import com.typesafe.config.ConfigValue;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.apache.hadoop.conf.Configuration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * For every committed study (conf/**&#47;*.conf): a small fake study with that conf's name, paper, analysis and grid
 * keys, reported and exported as the job would. Its plot captions, report and notebook text cite paper 1 only when
 * the study is paper 1's, and the notebook's analysis section describes the study's own analysis.
 */
class CommittedConfCaptionsTest {
  @TempDir Path tmp;

  /** Words that belong to paper 1's studies alone. */
  static final List<String> PAPER_ONE_WORDS = List.of("paper 1", "Figure 2", "Figure 3", "paper-claims",
      "Dynamics of gradient descent", "Arora");

  /** Words the analysis section must use for each analysis (docs/outputs.md, "analysis.csv"), independently kept. */
  static final Map<String, List<String>> ANALYSIS_WORDS = Map.of(
      "paper-claims", List.of("Figure 2", "Figure 3", "initialization"),
      "sample-size", List.of("slope", "ln N"),
      "population", List.of("population_gradient_error", "ln N"),
      "contraction", List.of("contraction", "τ"),
      "convergence", List.of("rate", "target"),
      "phases", List.of("eigen-block", "order", "closed form"),
      "ntk", List.of("K(0)", "K∞", "linearized twin"));

  @Test
  void everyCommittedStudysTextIsTrueForIt() throws Exception {
    List<Path> confs;
    try (Stream<Path> s = Files.walk(Path.of("conf"))) {
      confs = s.filter(p -> p.toString().endsWith(".conf")).sorted().toList();
    }
    assertTrue(confs.size() >= 15, "committed confs found: " + confs);
    int checkedAnalyses = 0;
    for (Path conf : confs) {
      Config c = ConfigFactory.parseFile(conf.toFile()).resolve();
      if (!c.hasPath("study")) continue;
      String paper = c.hasPath("study.paper") ? c.getString("study.paper") : "none";
      String analysis = c.hasPath("study.analysis") ? c.getString("study.analysis") : "none";
      Path dir = fakeStudy(tmp.resolve(conf.toString().replace('/', '_')), c);
      StudyResults r = StudyResults.read(dir.toString(), new Configuration());

      List<String> text = new ArrayList<>();
      for (PlotSpec s : Plots.plan(r)) {
        text.add(s.title());
        text.add(s.caption());
        for (Plots.Panel p : Plots.panels(s, r)) text.add(p.title());
      }
      // the job's PNGs stand in place (the notebook embeds them): the words are under test here, not the drawing
      Files.createDirectories(dir.resolve("plots"));
      for (PlotSpec s : Plots.plan(r)) Files.write(dir.resolve("plots").resolve(s.name() + ".png"), new byte[] {1});
      Path nb = tmp.resolve("nb").resolve(dir.getFileName() + ".ipynb");
      NotebookExport.export(dir.toString(), nb, new Configuration());
      String notebook = markdownOf(Files.readString(nb, StandardCharsets.UTF_8));
      text.add(notebook);

      if (!paper.equals("dynamics-2019")) {
        for (String t : text) {
          for (String w : PAPER_ONE_WORDS) {
            assertFalse(t.contains(w), conf + " (study.paper = " + paper + "): '" + w + "' in: " + t);
          }
        }
      }
      if (!analysis.equals("none")) {
        int at = notebook.indexOf("## Analysis");
        assertTrue(at >= 0, conf + ": no analysis section");
        String section = notebook.substring(at);
        assertTrue(section.contains("study.analysis = `" + analysis + "`"), conf + ": " + section);
        for (String w : ANALYSIS_WORDS.get(analysis)) {
          assertTrue(section.contains(w), conf + ": the " + analysis + " section lacks '" + w + "': " + section);
        }
        for (Map.Entry<String, List<String>> other : ANALYSIS_WORDS.entrySet()) {
          if (!other.getKey().equals(analysis)) {
            assertFalse(section.contains("`" + other.getKey() + "`"), conf + ": names " + other.getKey());
          }
        }
        checkedAnalyses++;
      }
    }
    assertTrue(checkedAnalyses >= 8, "studies with an analysis checked: " + checkedAnalyses);
  }

  /** The notebook's markdown cells' text without the quoted configuration (which is the conf's own words). */
  static String markdownOf(String ipynb) throws Exception {
    var cells = new com.fasterxml.jackson.databind.ObjectMapper().readTree(ipynb).get("cells");
    StringBuilder b = new StringBuilder();
    for (var cell : cells) {
      if (!cell.get("cell_type").asText().equals("markdown")) continue;
      StringBuilder src = new StringBuilder();
      for (var line : cell.get("source")) src.append(line.asText());
      b.append(src.toString().replaceAll("(?s)```hocon.*?```", "")).append('\n');
    }
    return b.toString();
  }

  /**
   * A finished study of the conf's study block and grid keys (two values of each, or one run without a grid), its
   * runs' curves FakeStudy's, an analysis.csv of one row per run when the conf names an analysis.
   */
  static Path fakeStudy(Path dir, Config c) throws Exception {
    Files.createDirectories(dir);
    List<String> keys = new ArrayList<>();
    List<List<String>> values = new ArrayList<>();
    if (c.hasPath("study.grid")) {
      for (Map.Entry<String, ConfigValue> e : c.getObject("study.grid").entrySet()) {
        List<String> vs = new ArrayList<>();
        for (Object v : (List<?>) e.getValue().unwrapped()) {
          // a structured value (a spectrum) is no CSV cell of its own: such a key stays out of the fake grid
          if (v instanceof List<?> || v instanceof Map<?, ?>) {
            vs.clear();
            break;
          }
          if (vs.size() < 2) vs.add(String.valueOf(v));
        }
        if (vs.isEmpty()) continue;
        keys.add(e.getKey().replace("\"", ""));
        values.add(vs);
      }
    }
    StringBuilder study = new StringBuilder("study { name = \"" + c.getString("study.name") + "\"");
    for (String k : List.of("paper", "analysis")) {
      if (c.hasPath("study." + k)) study.append(", ").append(k).append(" = ").append(c.getString("study." + k));
    }
    FakeStudy.write(dir.resolve("study.conf"), study.append(" }\n").toString());
    List<List<String>> points = new ArrayList<>();
    points.add(List.of());
    for (List<String> vs : values) {
      List<List<String>> next = new ArrayList<>();
      for (List<String> p : points) {
        for (String v : vs) {
          List<String> q = new ArrayList<>(p);
          q.add(v);
          next.add(q);
        }
      }
      points = next;
    }
    StringBuilder summary = new StringBuilder("run,status" + (keys.isEmpty() ? "" : "," + String.join(",", keys))
        + ",iterations,loss,fro_error,wall_seconds\n");
    StringBuilder analysis = new StringBuilder("run,value\n");
    int i = 0;
    for (List<String> p : points) {
      String name = "run" + i;
      FakeStudy.writeRun(dir, name, 10, 0.01, i % 3, keys, p, 1000);
      summary.append(name).append(",finished").append(p.isEmpty() ? "" : "," + String.join(",", p))
          .append(",10,").append(FakeStudy.f(FakeStudy.loss(0.01, i % 3, 10))).append(',')
          .append(FakeStudy.f(FakeStudy.fro(i % 3, 10))).append(",1.0\n");
      analysis.append(name).append(",1.0\n");
      i++;
    }
    FakeStudy.write(dir.resolve("summary.csv"), summary.toString());
    if (c.hasPath("study.analysis")) FakeStudy.write(dir.resolve("analysis.csv"), analysis.toString());
    FakeStudy.write(dir.resolve("_SUCCESS"), "");
    return dir;
  }
}
