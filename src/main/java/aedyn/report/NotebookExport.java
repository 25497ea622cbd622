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
 * {@link Plots#plan} with matplotlib, and, stored as those cells' outputs, the job's own PNGs and
 * tables, so the notebook reads on GitHub or in VS Code without being run. The CSV files it loads
 * are copied into a folder beside the notebook named like it (figure2.ipynb → figure2/), and the
 * notebook reads them by relative path. Cell ids are fixed and nothing time-dependent is written,
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
        addAnalysis(nb, Csv.parse(new String(StudyResults.readAll(in), StandardCharsets.UTF_8)));
      }
    }
    Files.createDirectories(parent);
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
    for (String f : List.of("summary.csv", "aggregate.csv", "analysis.csv", "study.conf")) {
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
    cells.add(code(cells, setupCode(r, dataFolder), List.of()));
    cells.add(markdown(cells, "## Runs\n\nFinal-iteration values per run (`summary.csv`)."));
    cells.add(code(cells, "display(summary)", List.of(table(r.summary()))));
    if (r.aggregate().isPresent()) {
      cells.add(markdown(cells, "## Aggregate over trials\n\nMean, standard deviation and 95 % "
          + "confidence interval per grid point (`aggregate.csv`)."));
      cells.add(code(cells, "display(aggregate)", List.of(table(r.aggregate().get()))));
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

  /**
   * The study's analysis (study.analysis, analysis.csv) as a table at the end of the notebook: for paper-claims it
   * holds the verdict of every cell.
   */
  @SuppressWarnings("unchecked")
  static void addAnalysis(Map<String, Object> nb, Csv analysis) {
    List<Object> cells = (List<Object>) nb.get("cells");
    cells.add(markdown(cells, "## Analysis\n\nThe study's analysis (`analysis.csv`, study.analysis); for "
        + "`paper-claims`: per cell of the other grid keys, every initialization's mean final fro_error and "
        + "loss / (nσ²/2), and whether paper 1's Figure 2 and Figure 3 claims hold there."));
    cells.add(code(cells, "analysis = pd.read_csv(DATA / \"analysis.csv\")\ndisplay(analysis)",
        List.of(table(analysis))));
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
        + "code cells redraw them with pandas and matplotlib from the CSV files in `")
        .append(dataFolder).append("/` (run all cells to check).\n\n");
    md.append("**Environment**: Spark ").append(joinOr(r.environment("spark_version")))
        .append(", Java ").append(joinOr(r.environment("java_version")))
        .append(", BLAS ").append(joinOr(r.environment("blas"))).append(".\n\n");
    md.append("## Configuration\n\nThe resolved study configuration (`study.conf`):\n\n");
    md.append("```hocon\n").append(r.config().isEmpty() ? "# study.conf is missing" :
        r.config().strip()).append("\n```");
    return md.toString();
  }

  static String joinOr(List<String> values) {
    return values.isEmpty() ? "(not recorded)" : String.join("; ", values);
  }

  static String setupCode(StudyResults r, String dataFolder) {
    StringBuilder py = new StringBuilder();
    py.append("import pathlib\n\nimport matplotlib.pyplot as plt\nimport numpy as np\nimport pandas as pd\n\n");
    py.append("DATA = pathlib.Path(").append(pyStr(dataFolder)).append(")\n");
    py.append("GRID = ").append(pyList(r.gridKeys())).append("\n");
    py.append("SYMBOL = {");
    List<String> sym = new ArrayList<>();
    for (String k : r.gridKeys()) sym.add(pyStr(k) + ": " + pyStr(Plots.keySymbol(k)));
    py.append(String.join(", ", sym)).append("}\n\n");
    py.append(SETUP);
    if (PlotPlan.hasEnergyBlocks(r)) py.append("\n\n\n").append(SUBSPACE_SETUP);
    return py.toString();
  }

  /** Helpers shared by the plot cells; mirror Plots' panels, lines, colours and axis rules. */
  static final String SETUP = String.join("\n",
      "summary = pd.read_csv(DATA / \"summary.csv\")",
      "aggregate = pd.read_csv(DATA / \"aggregate.csv\") if (DATA / \"aggregate.csv\").exists() "
          + "else None",
      "analysis = pd.read_csv(DATA / \"analysis.csv\") if (DATA / \"analysis.csv\").exists() "
          + "else None",
      "curves = pd.concat(",
      "    [pd.read_csv(DATA / \"runs\" / run / \"metrics.csv\").assign(run=run)",
      "     for run in summary[\"run\"]],",
      "    ignore_index=True,",
      ").merge(summary[[\"run\"] + GRID], on=\"run\")",
      "",
      "",
      "def groups(frame, keys):",
      "    \"\"\"(title, rows) per combination of the keys' values, in first-seen order.\"\"\"",
      "    if not keys:",
      "        return [(\"\", frame)]",
      "    out = []",
      "    by = keys[0] if len(keys) == 1 else keys  # one key: scalar values on every pandas",
      "    for values, rows in frame.groupby(by, sort=False):",
      "        values = values if isinstance(values, tuple) else (values,)",
      "        out.append((\", \".join(f\"{SYMBOL.get(k, k)} = {v}\" for k, v in zip(keys, values)),"
          + " rows))",
      "    return out",
      "",
      "",
      "def panel_grid(count):",
      "    cols = max(1, min(3, count))",
      "    rows = -(-count // cols)",
      "    fig, axes = plt.subplots(rows, cols, figsize=(5.2 * cols, 4 * rows), squeeze=False)",
      "    for ax in axes.flat[count:]:",
      "        ax.set_visible(False)",
      "    return fig, axes.flat",
      "",
      "",
      "def plot_curves(metric, ylabel, panel_keys, line_key, logy, title):",
      "    \"\"\"A metric against iteration: a panel per panel_keys value, a line per line_key.\"\"\"",
      "    panels = groups(curves, panel_keys)",
      "    fig, axes = panel_grid(len(panels))",
      "    for ax, (name, frame) in zip(axes, panels):",
      "        for value, rows in frame.groupby(line_key or \"run\", sort=False):",
      "            mean = rows.groupby(\"iteration\")[metric].mean().dropna()",
      "            ax.plot(mean.index, mean.values, lw=2, label=str(value))",
      "        predicted = [DATA / \"runs\" / run / \"ntk_prediction.csv\" for run in frame[\"run\"].unique()]",
      "        predicted = [pd.read_csv(f) for f in predicted if metric == \"loss\" and f.exists()]",
      "        if predicted:  # SPEC 8.3's loss of kernel gradient descent with K_inf, from each run's own residual",
      "            mean = pd.concat(predicted).groupby(\"iteration\")[\"predicted_loss\"].mean()",
      "            ax.plot(mean.index, mean.values, \"k--\", lw=1.5, label=\"K∞ prediction\")",
      "        ax.set_title(name or title)",
      "        ax.set_xlabel(\"iteration s\")",
      "        ax.set_ylabel(ylabel)",
      "        if logy:",
      "            ax.set_yscale(\"log\")",
      "        if metric == \"support_recovery\":",
      "            ax.set_ylim(0, 1)",
      "        ax.grid(alpha=0.3)",
      "        ax.legend()",
      "    fig.tight_layout()",
      "    plt.show()",
      "",
      "",
      "def final_table(metric):",
      "    \"\"\"Per grid point: mean and 95 % interval (aggregate.csv), else the runs' mean.\"\"\"",
      "    if aggregate is not None and f\"{metric}_mean\" in aggregate.columns:",
      "        table = aggregate[GRID].copy()",
      "        table[\"mean\"] = aggregate[f\"{metric}_mean\"]",
      "        table[\"low\"] = aggregate[f\"{metric}_ci95_low\"]",
      "        table[\"high\"] = aggregate[f\"{metric}_ci95_high\"]",
      "        return table",
      "    # a final metric of summary.csv, or a per-run result of analysis.csv (such as the convergence rate)",
      "    source = summary if metric in summary.columns else \\",
      "        summary[[\"run\"] + GRID].merge(analysis[[\"run\", metric]], on=\"run\")",
      "    table = source.groupby(GRID, sort=False, as_index=False)[metric].mean()",
      "    table = table.rename(columns={metric: \"mean\"})",
      "    table[\"low\"] = float(\"nan\")",
      "    table[\"high\"] = float(\"nan\")",
      "    return table",
      "",
      "",
      "def plot_final_by_category(metric, ylabel, category_key, series_keys, title):",
      "    \"\"\"Final metric per category (e.g. init), one bar per series; 95 % CI error bars.\"\"\"",
      "    table = final_table(metric)",
      "    categories = list(dict.fromkeys(summary[category_key]))",
      "    series = groups(table, series_keys)",
      "    width = 0.8 / len(series)",
      "    fig, ax = plt.subplots(figsize=(5.2, 4))",
      "    for k, (name, rows) in enumerate(series):",
      "        rows = rows.set_index(category_key).reindex(categories)",
      "        err = ((rows[\"high\"] - rows[\"low\"]) / 2).fillna(0).values",
      "        x = [c + (k - (len(series) - 1) / 2) * width for c in range(len(categories))]",
      "        ax.bar(x, rows[\"mean\"].values, width, yerr=err if err.any() else None, capsize=4,",
      "               label=name or metric)",
      "    ax.set_xticks(range(len(categories)))",
      "    ax.set_xticklabels(categories)",
      "    ax.set_xlabel(f\"{SYMBOL.get(category_key, category_key)} (initialization)\")",
      "    ax.set_ylabel(\"final \" + ylabel)",
      "    ax.set_title(title)",
      "    ax.grid(alpha=0.3, axis=\"y\")",
      "    if len(series) > 1:",
      "        ax.legend(loc=\"upper left\")",
      "    fig.tight_layout()",
      "    plt.show()",
      "",
      "",
      "def plot_sweep(metric, ylabel, x_key, xlabel, line_keys, logx, logy, title):",
      "    \"\"\"Final metric against a swept value, a line per line_keys value, 95 % CI band.\"\"\"",
      "    table = final_table(metric)",
      "    fig, ax = plt.subplots(figsize=(5.2, 4))",
      "    for name, rows in groups(table, line_keys):",
      "        rows = rows.sort_values(x_key)",
      "        label = name or metric",
      "        if logx and logy and len(rows) >= 3:  # the power the line follows, as the report's legend gives it",
      "            label += \" (slope %.2f)\" % np.polyfit(np.log(rows[x_key]), np.log(rows[\"mean\"]), 1)[0]",
      "        (line,) = ax.plot(rows[x_key], rows[\"mean\"], marker=\"o\", lw=2, label=label)",
      "        if rows[\"low\"].notna().any():",
      "            ax.fill_between(rows[x_key], rows[\"low\"], rows[\"high\"], color=line.get_color(),",
      "                            alpha=0.25, lw=0)",
      "    if logx:",
      "        ax.set_xscale(\"log\")",
      "    if logy:",
      "        ax.set_yscale(\"log\")",
      "    ax.set_xlabel(xlabel)",
      "    ax.set_ylabel(ylabel)",
      "    ax.set_title(title)",
      "    ax.grid(alpha=0.3)",
      "    ax.legend()",
      "    fig.tight_layout()",
      "    plt.show()");

  /** Paper 3's helper, for studies with energy blocks: mirrors PlotPanels.subspacePanels and PlotCharts.subspaceChart. */
  static final String SUBSPACE_SETUP = String.join("\n",
      "import json",
      "",
      "",
      "def energy_blocks(run):",
      "    \"\"\"run.json's energy_blocks: dims, rest_dim, pca_levels (SPEC 7).\"\"\"",
      "    return json.loads((DATA / \"runs\" / run / \"run.json\").read_text())[\"energy_blocks\"]",
      "",
      "",
      "def block_dim(blocks, column):",
      "    if column == \"energy_rest\":",
      "        return blocks[\"rest_dim\"]",
      "    return blocks[\"dims\"][int(column.split(\"_\")[1]) - 1]",
      "",
      "",
      "def plot_subspace(metrics, ylabel, panel_keys, line_key, per_dimension, pca_levels, title):",
      "    \"\"\"Curves against iteration with the PCA levels dashed, or the energy per direction of each block.\"\"\"",
      "    panels = groups(curves, panel_keys)",
      "    fig, axes = panel_grid(len(panels))",
      "    for ax, (name, frame) in zip(axes, panels):",
      "        blocks = energy_blocks(frame[\"run\"].iloc[0])",
      "        if per_dimension:",
      "            for column in metrics:",
      "                mean = frame.groupby(\"iteration\")[column].mean().dropna()",
      "                d = block_dim(blocks, column)",
      "                block = column.split(\"_\")[1]",
      "                label = (\"rest\" if block == \"rest\" else f\"block {block}\") + f\" (d = {d})\"",
      "                ax.plot(mean.index, mean.values / d, lw=2, label=label)",
      "        else:",
      "            for value, rows in frame.groupby(line_key or \"run\", sort=False):",
      "                mean = rows.groupby(\"iteration\")[metrics[0]].mean().dropna()",
      "                label = f\"{SYMBOL.get(line_key, line_key)} = {value}\" if line_key else str(value)",
      "                ax.plot(mean.index, mean.values, lw=2, label=label)",
      "        if pca_levels:",
      "            for j, level in enumerate(blocks[\"pca_levels\"]):",
      "                ax.axhline(level, color=\"gray\", ls=\"--\", lw=1.2, label=\"PCA: levels\" if j == 0 else None)",
      "        ax.set_title(name or title)",
      "        ax.set_xlabel(\"iteration s\")",
      "        ax.set_ylabel(ylabel)",
      "        ax.grid(alpha=0.3)",
      "        ax.legend(fontsize=\"small\", loc=\"lower right\" if per_dimension else \"upper right\")",
      "    fig.tight_layout()",
      "    plt.show()");

  static String plotCall(PlotSpec spec) {
    return spec.accept(new PlotSpec.Visitor<>() {
      @Override
      public String curves(PlotSpec.Curves c) {
        return "plot_curves(" + String.join(", ", pyStr(c.metric()), pyStr(c.yLabel()),
            pyList(c.panelKeys()), pyKey(c.lineKey()), pyBool(c.logY()), pyStr(c.title())) + ")";
      }

      @Override
      public String finalByCategory(PlotSpec.FinalByCategory f) {
        return "plot_final_by_category(" + String.join(", ", pyStr(f.metric()), pyStr(f.yLabel()),
            pyStr(f.categoryKey()), pyList(f.seriesKeys()), pyStr(f.title())) + ")";
      }

      @Override
      public String sweep(PlotSpec.Sweep s) {
        return "plot_sweep(" + String.join(", ", pyStr(s.metric()), pyStr(s.yLabel()),
            pyStr(s.xKey()), pyStr(s.xLabel()), pyList(s.lineKeys()), pyBool(s.logX()),
            pyBool(s.logY()), pyStr(s.title())) + ")";
      }

      @Override
      public String subspaceCurves(PlotSpec.SubspaceCurves c) {
        return "plot_subspace(" + String.join(", ", pyList(c.metrics()), pyStr(c.yLabel()),
            pyList(c.panelKeys()), pyKey(c.lineKey()), pyBool(c.perDimension()),
            pyBool(c.pcaLevels()), pyStr(c.title())) + ")";
      }
    });
  }

  static String pyKey(String key) {
    return key == null ? "None" : pyStr(key);
  }

  static String pyStr(String s) {
    return Json.quote(s); // a JSON string literal is a valid Python string literal
  }

  static String pyList(List<String> l) {
    List<String> q = new ArrayList<>();
    for (String s : l) q.add(pyStr(s));
    return "[" + String.join(", ", q) + "]";
  }

  static String pyBool(boolean b) {
    return b ? "True" : "False";
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
