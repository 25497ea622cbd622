package aedyn.report;

import aedyn.config.Paper;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.knowm.xchart.internal.chartpart.Chart;

/**
 * Writes a study as a Jupyter notebook (nbformat 4.5): a markdown cell with the configuration,
 * code cells that load the study's CSV files with pandas and redraw every plot of
 * {@link Plots#plan} through the project's Python module aedyn_plots.py, and, stored as those cells'
 * outputs, the job's own PNGs and tables, so the notebook reads on GitHub or in VS Code without being
 * run. The CSV files it loads are copied into a folder beside the notebook named like it
 * (figure2.ipynb → figure2/) with plots.json, the plot plan ({@link NotebookPlan}) that tells the
 * module every title, axis and scale; the module sits beside the notebook, which reads both by
 * relative path. The cells' code is the template aedyn/notebook/cells.py.in ({@link NotebookCells}). Cell ids are fixed and nothing time-dependent is written,
 * so exporting the same study twice gives the same file.
 */
public final class NotebookExport {
  private NotebookExport() {}

  /** What was written. */
  public record Result(java.nio.file.Path notebook, java.nio.file.Path dataDir, int plots,
      int copiedFiles) {}

  /**
   * Exports studyDir (any Hadoop file system) to the local notebook file out (.ipynb), copying
   * summary.csv, aggregate.csv, study.conf and runs/NAME/{metrics.csv,run.json} next to it.
   */
  public static Result export(String studyDir, java.nio.file.Path out, Configuration hadoopConf)
      throws IOException {
    StudyReport.headless();
    String file = out.getFileName().toString();
    if (!file.endsWith(".ipynb")) {
      throw new IllegalArgumentException("notebook file must end in .ipynb, got " + out);
    }
    String stem = file.substring(0, file.length() - ".ipynb".length());
    java.nio.file.Path parent = out.toAbsolutePath().getParent();
    java.nio.file.Path dataDir = parent.resolve(stem);
    StudyResults r = StudyResults.read(studyDir, hadoopConf);
    int copied = copyData(r, studyDir, dataDir, hadoopConf);

    Path dir = new Path(studyDir);
    FileSystem fs = dir.getFileSystem(hadoopConf);
    List<PlotSpec> specs = Plots.plan(r);
    Map<String, Object> nb = notebook(r, stem, specs, spec -> png(fs, dir, spec, r));
    Path analysisPath = new Path(dir, "analysis.csv");
    if (fs.exists(analysisPath)) {
      try (InputStream in = fs.open(analysisPath)) {
        addAnalysis(nb, StudyTitle.analysis(r), Csv.parse(new String(StudyResults.readAll(in), StandardCharsets.UTF_8)));
      }
    }
    Files.createDirectories(parent);
    // the Python the cells run: the module beside the notebook, the plot plan beside the data
    Files.createDirectories(dataDir);
    Files.writeString(dataDir.resolve("plots.json"), Json.write(NotebookPlan.of(r, specs)),
        StandardCharsets.UTF_8);
    Files.writeString(parent.resolve(NotebookCells.MODULE), NotebookCells.resource(NotebookCells.MODULE),
        StandardCharsets.UTF_8);
    Files.writeString(out, Json.write(nb), StandardCharsets.UTF_8);
    return new Result(out, dataDir, specs.size(), copied);
  }

  /** The job's PNG of a plot: plots/NAME.png when the study has it, else rendered now. */
  static byte[] png(FileSystem fs, Path dir, PlotSpec spec, StudyResults r) {
    try {
      Path p = new Path(new Path(dir, "plots"), spec.name() + ".png");
      if (fs.exists(p)) {
        try (InputStream in = fs.open(p)) {
          return StudyResults.readAll(in);
        }
      }
      List<Chart<?, ?>> charts = Plots.draw(spec, r);
      return charts.isEmpty() ? null : Plots.png(charts);
    } catch (IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }

  static int copyData(StudyResults r, String studyDir, java.nio.file.Path dataDir,
      Configuration conf) throws IOException {
    Path dir = new Path(studyDir);
    FileSystem fs = dir.getFileSystem(conf);
    if (fs.makeQualified(dir).toUri().equals(dataDir.toAbsolutePath().normalize().toUri())
        || fs.makeQualified(dir).toString().equals("file:" + dataDir.toAbsolutePath().normalize())) {
      return 0; // the notebook sits beside the study it reads: nothing to copy
    }
    Files.createDirectories(dataDir);
    int n = 0;
    for (String f : List.of("summary.csv", "aggregate.csv", "analysis.csv", "study.conf",
        BoundaryResults.PROBES, BoundaryResults.BOUNDARY)) {
      n += copy(fs, new Path(dir, f), dataDir.resolve(f));
    }
    for (StudyResults.Run run : r.runs()) {
      Path runDir = new Path(new Path(dir, "runs"), run.name());
      java.nio.file.Path target = dataDir.resolve("runs").resolve(run.name());
      for (String f : List.of("metrics.csv", "run.json", "ntk_prediction.csv")) {
        n += copy(fs, new Path(runDir, f), target.resolve(f));
      }
    }
    return n;
  }

  static int copy(FileSystem fs, Path from, java.nio.file.Path to) throws IOException {
    if (!fs.exists(from)) return 0;
    Files.createDirectories(to.getParent());
    try (InputStream in = fs.open(from)) {
      Files.write(to, StudyResults.readAll(in));
    }
    return 1;
  }

  // ---------------------------------------------------------------- the notebook

  static Map<String, Object> notebook(StudyResults r, String dataFolder, List<PlotSpec> specs,
      java.util.function.Function<PlotSpec, byte[]> pngs) {
    List<Object> cells = new ArrayList<>();
    cells.add(markdown(cells, intro(r, dataFolder)));
    cells.add(code(cells, NotebookCells.cell("load", Map.of("DATA", dataFolder, "GRID", r.gridKeys())),
        List.of()));
    cells.add(markdown(cells, "## Runs\n\nFinal-iteration values per run (`summary.csv`)."));
    cells.add(code(cells, NotebookCells.cell("summary"), List.of(table(r.summary()))));
    if (r.aggregate().isPresent()) {
      cells.add(markdown(cells, "## Aggregate over trials\n\nMean, standard deviation and 95 % "
          + "confidence interval per grid point (`aggregate.csv`)."));
      cells.add(code(cells, NotebookCells.cell("aggregate"), List.of(table(r.aggregate().get()))));
    }
    for (PlotSpec spec : specs) {
      byte[] png = pngs.apply(spec);
      cells.add(markdown(cells, "## " + spec.title() + "\n\n" + spec.caption()));
      cells.add(code(cells, plotCall(spec), png == null ? List.of() : List.of(image(png))));
    }
    Map<String, Object> kernelspec = new LinkedHashMap<>();
    kernelspec.put("display_name", "Python 3");
    kernelspec.put("language", "python");
    kernelspec.put("name", "python3");
    Map<String, Object> codemirror = new LinkedHashMap<>();
    codemirror.put("name", "ipython");
    codemirror.put("version", 3L);
    Map<String, Object> language = new LinkedHashMap<>();
    language.put("codemirror_mode", codemirror);
    language.put("file_extension", ".py");
    language.put("mimetype", "text/x-python");
    language.put("name", "python");
    language.put("nbconvert_exporter", "python");
    language.put("pygments_lexer", "ipython3");
    language.put("version", "3");
    Map<String, Object> metadata = new LinkedHashMap<>();
    metadata.put("kernelspec", kernelspec);
    metadata.put("language_info", language);
    Map<String, Object> nb = new LinkedHashMap<>();
    nb.put("cells", cells);
    nb.put("metadata", metadata);
    nb.put("nbformat", 4L);
    nb.put("nbformat_minor", 5L);
    return nb;
  }

  /** The study's analysis (study.analysis, analysis.csv) as a table at the end of the notebook, said in words. */
  @SuppressWarnings("unchecked")
  static void addAnalysis(Map<String, Object> nb, String analysis, Csv table) {
    List<Object> cells = (List<Object>) nb.get("cells");
    cells.add(markdown(cells, "## Analysis\n\n" + analysisText(analysis)));
    cells.add(code(cells, NotebookCells.cell("analysis"), List.of(table(table))));
  }

  /** What analysis.csv holds for a study.analysis (docs/outputs.md, "analysis.csv"): only that analysis's words. */
  static String analysisText(String analysis) {
    String what = switch (analysis) {
      case "paper-claims" -> "per cell of the other grid keys, every initialization's mean final fro_error and"
          + " loss / (nσ²/2), and whether paper 1's Figure 2 and Figure 3 claims hold there.";
      case "sample-size", "population" -> "per cell of the other grid keys, the least-squares slope of ln "
          + (analysis.equals("population") ? "population_gradient_error" : "fro_error")
          + " against ln N with its 95 % interval and r².";
      case "contraction" -> "per run, the contraction of fro_error² per iteration in the linear phase beside"
          + " 1 − τ of the contraction theorem.";
      case "convergence" -> "per run, the fitted linear rate of ln loss per iteration, the iterations to the target"
          + " loss, the loss and output scale at s = 0 and the encoder's and decoder's final movement.";
      case "phases" -> "per run and eigen-block, the half-energy iteration and time, the order in which the blocks"
          + " were learned, the final energies beside the linear model's closed form d_j · max(0, 1 − κ/(2λ_j)),"
          + " and the PCA levels (SPEC section 7).";
      case "ntk" -> "per run with a kernel probe, λ_min and λ_max of the empirical tangent kernel K(0) and of the"
          + " infinite-width kernel K∞, the kernel's drift at s = T, the measured rate beside the one K∞"
          + " predicts, and the network's function gap to its linearized twin (SPEC section 8).";
      default -> "its rows as the job wrote them.";
    };
    return "The study's analysis (`analysis.csv`, study.analysis = `" + analysis + "`): " + what;
  }

  static String intro(StudyResults r, String dataFolder) {
    StringBuilder md = new StringBuilder();
    StudyTitle title = StudyTitle.of(r);
    md.append("# Study `").append(title.name()).append("`\n\n");
    md.append(r.runs().size()).append(" runs");
    if (!r.gridKeys().isEmpty()) {
      md.append(" over the grid ");
      List<String> parts = new ArrayList<>();
      for (String k : r.gridKeys()) {
        parts.add("`" + k + "` ∈ {" + String.join(", ", r.values(k)) + "}");
      }
      md.append(String.join(" × ", parts));
    }
    md.append(title.paper() == Paper.NONE ? ". It reproduces no paper (`study.paper = none`).\n\n"
        : ". It reproduces " + title.paper().shortName() + ": " + title.paper().citation() + ".\n\n");
    md.append("The outputs below are the job's own PNGs and tables, stored in the notebook; the "
        + "code cells load the CSV files in `").append(dataFolder).append("/` with pandas and redraw "
        + "the plots with matplotlib through `" + NotebookCells.MODULE + "` (beside this notebook), which "
        + "takes every title, axis and scale from `").append(dataFolder).append("/plots.json`, the "
        + "job's own plot plan (run all cells to check).\n\n");
    md.append("**Environment**: Spark ").append(joinOr(r.environment("spark_version")))
        .append(", Java ").append(joinOr(r.environment("java_version")))
        .append(", BLAS ").append(joinOr(r.environment("blas"))).append(".\n\n");
    md.append("## Configuration\n\nThe resolved study configuration (`study.conf`):\n\n");
    md.append("```hocon\n").append(r.config().isEmpty() ? "# study.conf is missing" :
        r.config().strip()).append("\n```");
    return md.toString();
  }

  /** The plot's cell: a call into the module, which draws the plot plots.json names so. */
  static String plotCall(PlotSpec spec) {
    return NotebookCells.cell("plot", Map.of("PLOT", spec.name()));
  }

  static String joinOr(List<String> values) {
    return values.isEmpty() ? "(not recorded)" : String.join("; ", values);
  }

  // ---------------------------------------------------------------- cells and outputs

  static Map<String, Object> markdown(List<Object> cells, String text) {
    Map<String, Object> c = new LinkedHashMap<>();
    c.put("cell_type", "markdown");
    c.put("id", cellId(cells.size()));
    c.put("metadata", new LinkedHashMap<>());
    c.put("source", lines(text));
    return c;
  }

  static Map<String, Object> code(List<Object> cells, String source, List<Object> outputs) {
    Map<String, Object> c = new LinkedHashMap<>();
    c.put("cell_type", "code");
    c.put("execution_count", null);
    c.put("id", cellId(cells.size()));
    c.put("metadata", new LinkedHashMap<>());
    c.put("outputs", outputs);
    c.put("source", lines(source));
    return c;
  }

  static String cellId(int index) {
    return String.format(Locale.ROOT, "aedyn-%02d", index);
  }

  /** Jupyter's multiline string: a list of lines, each but the last ending in a newline. */
  static List<Object> lines(String text) {
    List<Object> out = new ArrayList<>();
    int start = 0;
    while (start < text.length()) {
      int nl = text.indexOf('\n', start);
      if (nl < 0) {
        out.add(text.substring(start));
        break;
      }
      out.add(text.substring(start, nl + 1));
      start = nl + 1;
    }
    return out;
  }

  static Map<String, Object> image(byte[] png) {
    Map<String, Object> data = new LinkedHashMap<>();
    data.put("image/png", Base64.getEncoder().encodeToString(png));
    data.put("text/plain", List.of("<Figure>"));
    return display(data);
  }

  static Map<String, Object> display(Map<String, Object> data) {
    Map<String, Object> o = new LinkedHashMap<>();
    o.put("data", data);
    o.put("metadata", new LinkedHashMap<>());
    o.put("output_type", "display_data");
    return o;
  }

  /** A table as pandas shows one: an HTML table and an aligned plain-text rendering. */
  static Map<String, Object> table(Csv csv) {
    StringBuilder html = new StringBuilder("<div>\n<table border=\"1\" class=\"dataframe\">\n"
        + "  <thead>\n    <tr style=\"text-align: right;\">\n      <th></th>\n");
    for (String h : csv.header()) {
      html.append("      <th>").append(HtmlReport.esc(h)).append("</th>\n");
    }
    html.append("    </tr>\n  </thead>\n  <tbody>\n");
    for (int r = 0; r < csv.size(); r++) {
      html.append("    <tr>\n      <th>").append(r).append("</th>\n");
      for (String cell : csv.rows().get(r)) {
        html.append("      <td>").append(HtmlReport.esc(cell.isEmpty() ? "NaN" : cell))
            .append("</td>\n");
      }
      html.append("    </tr>\n");
    }
    html.append("  </tbody>\n</table>\n</div>");

    int cols = csv.header().size() + 1;
    String[][] grid = new String[csv.size() + 1][cols];
    grid[0][0] = "";
    for (int c = 1; c < cols; c++) grid[0][c] = csv.header().get(c - 1);
    for (int r = 0; r < csv.size(); r++) {
      grid[r + 1][0] = String.valueOf(r);
      for (int c = 1; c < cols; c++) {
        String cell = csv.rows().get(r).get(c - 1);
        grid[r + 1][c] = cell.isEmpty() ? "NaN" : cell;
      }
    }
    int[] width = new int[cols];
    for (String[] row : grid) {
      for (int c = 0; c < cols; c++) width[c] = Math.max(width[c], row[c].length());
    }
    StringBuilder text = new StringBuilder();
    for (int r = 0; r < grid.length; r++) {
      for (int c = 0; c < cols; c++) {
        String cell = grid[r][c];
        if (c == 0) text.append(cell).append(" ".repeat(width[c] - cell.length()));
        else text.append("  ").append(" ".repeat(width[c] - cell.length())).append(cell);
      }
      if (r + 1 < grid.length) text.append('\n');
    }
    Map<String, Object> data = new LinkedHashMap<>();
    data.put("text/html", lines(html.toString()));
    data.put("text/plain", lines(text.toString()));
    return display(data);
  }
}
