package aedyn.report;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.apache.hadoop.conf.Configuration;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class NotebookExportTest {
  @TempDir Path tmp;

  static final byte[] PNG_SIGNATURE = {(byte) 0x89, 'P', 'N', 'G', '\r', '\n', 0x1a, '\n'};
  static final Set<String> MIME = Set.of("image/png", "text/plain", "text/html");

  @SuppressWarnings("unchecked")
  static <T> T get(Object map, String key) {
    assertTrue(map instanceof Map, "expected an object holding '" + key + "'");
    assertTrue(((Map<?, ?>) map).containsKey(key), "missing key '" + key + "'");
    return (T) ((Map<?, ?>) map).get(key);
  }

  static String text(Object source) {
    if (source instanceof String s) return s;
    StringBuilder b = new StringBuilder();
    for (Object line : (List<?>) source) b.append((String) line);
    return b.toString();
  }

  /** Checks nbformat 4.5's structure; returns the number of image outputs. */
  static int validateStructure(Map<String, Object> nb) {
    assertEquals(4L, ((Number) get(nb, "nbformat")).longValue());
    assertTrue(((Number) get(nb, "nbformat_minor")).longValue() >= 5, "cell ids need 4.5");
    Map<String, Object> meta = get(nb, "metadata");
    assertEquals("python3", get(get(meta, "kernelspec"), "name"));
    assertEquals("python", get(get(meta, "language_info"), "name"));
    Set<String> ids = new HashSet<>();
    int images = 0;
    for (Object cell : (List<?>) get(nb, "cells")) {
      String type = get(cell, "cell_type");
      assertTrue(Set.of("markdown", "code").contains(type), type);
      String id = get(cell, "id");
      assertTrue(id.matches("[a-zA-Z0-9_-]{1,64}") && ids.add(id), "cell id " + id);
      assertTrue(get(cell, "metadata") instanceof Map);
      text(get(cell, "source"));
      if (type.equals("markdown")) {
        assertFalse(((Map<?, ?>) cell).containsKey("outputs"));
        continue;
      }
      assertTrue(((Map<?, ?>) cell).containsKey("execution_count"));
      for (Object out : (List<?>) get(cell, "outputs")) {
        assertEquals("display_data", get(out, "output_type"));
        assertTrue(get(out, "metadata") instanceof Map);
        Map<String, Object> data = get(out, "data");
        assertTrue(MIME.containsAll(data.keySet()), data.keySet().toString());
        assertTrue(data.containsKey("text/plain"), "every output has a text/plain fallback");
        if (data.containsKey("image/png")) {
          byte[] png = Base64.getDecoder().decode((String) data.get("image/png"));
          assertArrayEquals(PNG_SIGNATURE, Arrays.copyOf(png, 8));
          images++;
        }
        if (data.containsKey("text/html")) {
          assertTrue(text(data.get("text/html")).contains("<table"));
        }
      }
    }
    return images;
  }

  @Test
  void exportsAFigure2StudyAsAValidNotebook() throws Exception {
    Path study = FakeStudy.figure2(tmp.resolve("study/figure2"), 20);
    StudyReport.write(study.toString(), new Configuration());
    Path out = tmp.resolve("nb/figure2.ipynb");
    NotebookExport.Result res = NotebookExport.export(study.toString(), out, new Configuration());

    Map<String, Object> nb = Json.parseObject(Files.readString(out, StandardCharsets.UTF_8));
    int images = validateStructure(nb);
    long plotFiles;
    try (var files = Files.list(study.resolve("plots"))) {
      plotFiles = files.filter(p -> p.toString().endsWith(".png")).count();
    }
    assertEquals(plotFiles, images, "one stored image per plot the job drew");
    assertEquals(res.plots(), images);

    List<?> cells = get(nb, "cells");
    String first = text(get(cells.get(0), "source"));
    assertEquals("markdown", get(cells.get(0), "cell_type"));
    assertTrue(first.contains("train { iterations = 20"), "configuration is in the first cell");
    String setup = text(get(cells.get(1), "source"));
    assertTrue(setup.contains("pd.read_csv(DATA / \"summary.csv\")"));
    assertTrue(setup.contains("DATA = pathlib.Path(\"figure2\")"), "relative to the notebook");
    // the stored table is the summary: each run appears in it
    String table = text(get(get(((List<?>) get(cells.get(3), "outputs")).get(0), "data"),
        "text/html"));
    for (String run : FakeStudy.figure2Runs()) assertTrue(table.contains(run), run);

    // the CSVs it loads are next to it
    Path data = tmp.resolve("nb/figure2");
    assertTrue(Files.exists(data.resolve("summary.csv")));
    for (String run : FakeStudy.figure2Runs()) {
      assertTrue(Files.exists(data.resolve("runs").resolve(run).resolve("metrics.csv")), run);
    }
    assertEquals(2 + 2 * 9, res.copiedFiles(), "summary, study.conf and 9 × (metrics, run.json)");

    // exporting again gives the same bytes (reviewable diffs in notebooks-export/)
    byte[] once = Files.readAllBytes(out);
    NotebookExport.export(study.toString(), out, new Configuration());
    assertArrayEquals(once, Files.readAllBytes(out));
  }

  @Test
  void rendersPlotsItselfWhenTheStudyHasNoPlotsFolder() throws Exception {
    Path study = FakeStudy.sampleSweep(tmp.resolve("study/samples"));
    Path out = tmp.resolve("nb/samples.ipynb");
    NotebookExport.export(study.toString(), out, new Configuration());
    Map<String, Object> nb = Json.parseObject(Files.readString(out));
    assertEquals(Plots.plan(StudyResults.read(study.toString(), new Configuration())).size(),
        validateStructure(nb));
    assertTrue(Files.exists(tmp.resolve("nb/samples/aggregate.csv")));
    String all = Files.readString(out);
    assertTrue(all.contains("display(aggregate)"));
  }

  /** A python3 that can import every module named, if one is installed. */
  static Optional<String> python(String... modules) {
    for (String py : List.of("/usr/bin/python3", "python3")) {
      List<String> cmd = new ArrayList<>(List.of(py, "-c", "import " + String.join(", ", modules)));
      try {
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        p.getInputStream().readAllBytes();
        if (p.waitFor(60, TimeUnit.SECONDS) && p.exitValue() == 0) return Optional.of(py);
      } catch (IOException | InterruptedException e) {
        // not this one
      }
    }
    return Optional.empty();
  }

  static String run(Path dir, String... cmd) throws Exception {
    ProcessBuilder pb = new ProcessBuilder(cmd).directory(dir.toFile()).redirectErrorStream(true);
    pb.environment().put("MPLBACKEND", "Agg");
    Process p = pb.start();
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertTrue(p.waitFor(300, TimeUnit.SECONDS), "python timed out");
    assertEquals(0, p.exitValue(), out);
    return out;
  }

  @Test
  void nbformatAcceptsTheNotebook() throws Exception {
    Optional<String> py = python("nbformat");
    Assumptions.assumeTrue(py.isPresent(), "no python3 with nbformat (apt: python3-nbformat)");
    Path study = FakeStudy.figure2(tmp.resolve("figure2"), 10);
    Path out = tmp.resolve("nb/figure2.ipynb");
    NotebookExport.export(study.toString(), out, new Configuration());
    String result = run(out.getParent(), py.get(), "-c",
        "import nbformat, sys\n"
            + "nb = nbformat.read(sys.argv[1], as_version=4)\n"
            + "nbformat.validate(nb)\n"
            + "print('valid', nb.nbformat, nb.nbformat_minor, len(nb.cells))\n",
        out.toString());
    assertTrue(result.contains("valid 4 5"), result);
  }

  /** Runs every code cell, as Jupyter would, and counts the figures they draw. */
  static final String EXECUTE = String.join("\n",
      "import json, os, sys",
      "sys.path.insert(0, os.getcwd())  # Jupyter runs a notebook with its folder on the path",
      "import matplotlib",
      "matplotlib.use('Agg')",
      "import matplotlib.pyplot as plt",
      "shown = []",
      "def show(*a, **k):",
      "    ax = [a for a in plt.gcf().axes if a.get_visible()][0]",
      "    shown.append({'title': ax.get_title(), 'x': ax.get_xlabel(), 'y': ax.get_ylabel(),",
      "                  'xscale': ax.get_xscale(), 'yscale': ax.get_yscale(), 'ylim': list(ax.get_ylim()),",
      "                  'legend': ax.get_legend() is not None})",
      "    plt.close('all')",
      "plt.show = show",
      "nb = json.load(open(sys.argv[1], encoding='utf-8'))",
      "env = {'display': lambda obj: print(type(obj).__name__, getattr(obj, 'shape', ''))}",
      "for cell in nb['cells']:",
      "    if cell['cell_type'] == 'code':",
      "        exec(compile(''.join(cell['source']), cell['id'], 'exec'), env)",
      "print('figures', len(shown))",
      "for f in shown:",
      "    print('figure', json.dumps(f, ensure_ascii=False))",
      "");

  @Test
  void codeCellsRunAndRedrawEveryPlot() throws Exception {
    Optional<String> py = python("pandas", "matplotlib");
    Assumptions.assumeTrue(py.isPresent(),
        "no python3 with pandas and matplotlib (apt: python3-pandas python3-matplotlib)");
    for (Path study : List.of(FakeStudy.figure2(tmp.resolve("s/figure2"), 10),
        FakeStudy.sampleSweep(tmp.resolve("s/samples")))) {
      Path out = tmp.resolve("nb").resolve(study.getFileName() + ".ipynb");
      NotebookExport.Result res = NotebookExport.export(study.toString(), out,
          new Configuration());
      Path script = tmp.resolve("execute.py");
      Files.writeString(script, EXECUTE);
      String result = run(out.getParent(), py.get(), script.toString(), out.toString());
      assertTrue(result.contains("figures " + res.plots()), result);
      assertTrue(result.contains("DataFrame (9, ") || result.contains("DataFrame (30, "), result);
    }
  }

  /** The committed notebooks run the module the exporter ships (re-export them after changing it). */
  @Test
  void theCommittedNotebooksShipTheCurrentModule() throws Exception {
    assertEquals(Files.readString(Path.of("src/main/resources/aedyn/notebook/aedyn_plots.py")),
        Files.readString(Path.of("notebooks-export/aedyn_plots.py")));
  }

  /** Every figure the cells drew, as the execute script printed it (title, labels, scales, y range). */
  static List<Map<String, Object>> figures(String result) {
    List<Map<String, Object>> out = new ArrayList<>();
    for (String line : result.split("\n")) {
      if (line.startsWith("figure {")) out.add(Json.parseObject(line.substring("figure ".length())));
    }
    return out;
  }

  static Map<String, Object> figure(List<Map<String, Object>> figures, String title) {
    return figures.stream().filter(f -> title.equals(f.get("title"))).findFirst()
        .orElseThrow(() -> new AssertionError("no figure titled " + title + " in " + figures));
  }

  /**
   * The notebook exported from a study committed in notebooks-export/ runs, and its figures have the axes the
   * report's charts have: support recovery from 0 to 1, the recovery error on a log axis, the sweeps' log-log
   * axes, the bars' initializations.
   */
  @Test
  void theExportedPythonRedrawsCommittedStudies() throws Exception {
    Optional<String> py = python("pandas", "matplotlib");
    Assumptions.assumeTrue(py.isPresent(),
        "no python3 with pandas and matplotlib (apt: python3-pandas python3-matplotlib)");
    Path script = tmp.resolve("execute.py");
    Files.writeString(script, EXECUTE);
    Map<String, List<Map<String, Object>>> drawn = new java.util.HashMap<>();
    for (String name : List.of("figure2", "mean-field-spiked")) {
      Path out = tmp.resolve("nb").resolve(name + ".ipynb");
      NotebookExport.Result res = NotebookExport.export(Path.of("notebooks-export", name).toString(), out,
          new Configuration());
      assertTrue(Files.exists(tmp.resolve("nb/aedyn_plots.py")), "the module beside the notebook");
      assertTrue(Files.exists(tmp.resolve("nb").resolve(name).resolve("plots.json")), "the plan beside the data");
      String result = run(out.getParent(), py.get(), script.toString(), out.toString());
      assertTrue(result.contains("figures " + res.plots()), result);
      drawn.put(name, figures(result));
    }
    List<Map<String, Object>> f2 = drawn.get("figure2");
    Map<String, Object> support = f2.stream().filter(f -> "support recovery (fraction of samples)".equals(f.get("y")))
        .findFirst().orElseThrow();
    assertEquals("iteration s", support.get("x"));
    assertEquals(List.of(0.0, 1.0), ((List<?>) support.get("ylim")).stream().map(v -> ((Number) v).doubleValue())
        .toList(), "a fraction spans [0, 1]");
    Map<String, Object> error = f2.stream().filter(f -> "‖π(W) − A‖_F".equals(f.get("y"))).findFirst().orElseThrow();
    assertEquals("log", error.get("yscale"));
    Map<String, Object> bars = figure(f2, "Final recovery error per init");
    assertEquals("init (initialization)", bars.get("x"));
    assertEquals("final ‖π(W) − A‖_F", bars.get("y"));
    assertEquals(0.0, ((Number) ((List<?>) bars.get("ylim")).get(0)).doubleValue());
    Map<String, Object> sweep = figure(drawn.get("mean-field-spiked"), "Final loss ½‖y − ŷ‖² against m");
    assertEquals("m (hidden units)", sweep.get("x"));
    assertEquals(List.of("log", "log"), List.of(sweep.get("xscale"), sweep.get("yscale")));
    assertEquals("linear", figure(drawn.get("mean-field-spiked"), "Final ‖V − V⁰‖_F / ‖V⁰‖_F against m").get("yscale"));
  }
}
