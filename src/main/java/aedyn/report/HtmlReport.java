package aedyn.report;

import aedyn.choice.Choice;
import aedyn.config.Paper;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Function;

/**
 * report.html of a study: configuration, environment, the run table, the aggregate table and the
 * plots. Self-contained so it reads offline and survives being mailed alone: inline CSS, images as
 * data: URIs (the SVG/PNG files under plots/ are linked relatively as well), no external resource.
 * A tiny inline script records on body's data-* attributes how many images displayed and whether
 * any resource or script failed, which the headless-browser test reads back.
 */
public final class HtmlReport {
  private HtmlReport() {}

  /** A run.json field shown per run in the data table, under its heading. */
  record Fact(String heading, Function<RunManifest, Object> value) {
    /** The field's value as run.json writes it (an integral double as an integer); null when absent. */
    Object of(StudyResults.Run run) {
      Object v = run.manifest().filter(RunManifest::complete).map(value).orElse(null);
      return v instanceof Double d && d == Math.rint(d) && Math.abs(d) < 1e15 ? (Object) (long) (double) d : v;
    }
  }

  /**
   * Run.json fields shown per run in the data table, with their headings: the data's own dimensions,
   * the model's width, and the dictionary's atoms, sparsity and constants only for data drawn from one
   * (data.m and data.k mean nothing for images or Gaussian data).
   */
  static List<Fact> runFacts(StudyResults r) {
    List<Fact> facts = new ArrayList<>(List.of(new Fact("data seed", m -> m.origin().dataSeed()),
        new Fact("init seed", m -> m.origin().initSeed()), new Fact("data", m -> m.data().model()),
        new Fact("n", m -> m.data().n()), new Fact("N", m -> m.data().samples()),
        // a run written before "width" was recorded has width m (paper 1's tied model)
        new Fact("m (hidden units)", m -> m.training().width() > 0 ? m.training().width() : m.data().m())));
    if (r.runs().stream().anyMatch(HtmlReport::hasDictionary)) {
      facts.addAll(List.of(new Fact("atoms of A (data.m)", m -> m.data().m()), new Fact("k", m -> m.data().k()),
          new Fact("μ (incoherence)", m -> m.truth().incoherence()),
          new Fact("‖A‖₂", m -> m.truth().spectralNormA())));
    }
    facts.add(new Fact("wall (s)", RunManifest::wallSeconds));
    // a column no run.json fills (a field older or newer studies do not record) is left out
    facts.removeIf(f -> r.runs().stream().allMatch(run -> f.of(run) == null));
    return facts;
  }

  /** Whether the run's data was drawn from a dictionary A (data.m atoms, k nonzeros per code). */
  static boolean hasDictionary(StudyResults.Run run) {
    return run.manifest().filter(RunManifest::complete)
        .map(m -> m.truth().spectralNormA() != null || m.data().model().generative()).orElse(false);
  }

  /**
   * @param pngs plot file name (as in {@link Plots.Written#png()}) → its bytes, embedded inline
   */
  public static String render(StudyResults r, List<Plots.Written> plots, Map<String, byte[]> pngs) {
    StringBuilder h = new StringBuilder(64 * 1024);
    StudyTitle study = StudyTitle.of(r);
    String title = "Study report: " + study.name();
    h.append("<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n")
        .append("<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n")
        .append("<title>").append(esc(title)).append("</title>\n")
        .append("<style>\n").append(CSS).append("</style>\n")
        .append("<script>\n").append(SCRIPT).append("</script>\n")
        .append("</head>\n<body>\n");
    h.append("<h1>").append(esc(title)).append("</h1>\n");
    h.append("<p class=\"meta\">Study directory <code>").append(esc(r.studyDir()))
        .append("</code> · ").append(r.runs().size()).append(" runs · ")
        .append(study.paper() == Paper.NONE ? "reproduces no paper"
            : "reproduces " + esc(study.paper().shortName()) + ": "
                + esc(study.paper().citation()).replaceAll("\\*([^*]+)\\*", "<em>$1</em>"))
        .append(" · generated ")
        .append(esc(ZonedDateTime.now().format(DateTimeFormatter.ISO_OFFSET_DATE_TIME)))
        .append("</p>\n");

    h.append("<nav><a href=\"#plots\">Plots</a>")
        .append(r.boundary().isPresent() ? " · <a href=\"#boundary\">Boundary</a>" : "")
        .append(" · <a href=\"#runs\">Runs</a>");
    if (r.aggregate().isPresent()) h.append(" · <a href=\"#aggregate\">Aggregate</a>");
    h.append(" · <a href=\"#data\">Data</a> · <a href=\"#environment\">Environment</a>")
        .append(" · <a href=\"#configuration\">Configuration</a></nav>\n");

    h.append("<section id=\"plots\">\n<h2>Plots</h2>\n");
    if (plots.isEmpty()) h.append("<p>No plot: the study has no metrics to draw.</p>\n");
    for (Plots.Written w : plots) {
      byte[] png = pngs.get(w.png());
      h.append("<figure id=\"plot-").append(esc(w.spec().name())).append("\">\n")
          .append("<img alt=\"").append(esc(w.spec().title())).append("\" src=\"")
          .append(png != null ? "data:image/png;base64," + Base64.getEncoder().encodeToString(png)
              : "plots/" + esc(w.png()))
          .append("\">\n<figcaption>").append(esc(w.spec().caption()))
          .append(" <span class=\"files\">[<a href=\"plots/").append(esc(w.svg()))
          .append("\">SVG</a> · <a href=\"plots/").append(esc(w.png()))
          .append("\">PNG</a>]</span></figcaption>\n</figure>\n");
    }
    h.append("</section>\n");

    r.boundary().ifPresent(b -> {
      // a boundary study's own tables (SPEC 9): x* per outer point, and the scaling law of analysis.csv
      h.append("<section id=\"boundary\">\n<h2>Boundary</h2>\n<p>The boundary per outer point, from "
          + "<code>boundary.csv</code>; every probe is in <code>probes.csv</code>.</p>\n");
      table(h, b.boundaries(), "boundary");
      b.laws().ifPresent(l -> {
        h.append("<p>The scaling law ln x* = α ln z + c (SPEC 9.4), from <code>analysis.csv</code>.</p>\n");
        table(h, l, "law");
      });
      h.append("</section>\n");
    });

    h.append("<section id=\"runs\">\n<h2>Runs</h2>\n<p>Final-iteration values from "
        + "<code>summary.csv</code>.</p>\n");
    table(h, r.summary(), "summary");
    h.append("</section>\n");

    if (r.aggregate().isPresent()) {
      h.append("<section id=\"aggregate\">\n<h2>Aggregate over trials</h2>\n<p>Mean, standard "
          + "deviation and 95 % confidence interval per grid point, from "
          + "<code>aggregate.csv</code>.</p>\n");
      table(h, r.aggregate().get(), "aggregate");
      h.append("</section>\n");
    }

    h.append("<section id=\"data\">\n<h2>")
        .append(r.runs().stream().anyMatch(HtmlReport::hasDictionary) ? "Data and ground truth per run" : "Data per run")
        .append("</h2>\n");
    List<Fact> facts = runFacts(r);
    h.append("<table class=\"data\"><thead><tr><th>run</th>");
    for (Fact f : facts) h.append("<th>").append(esc(f.heading())).append("</th>");
    h.append("</tr></thead><tbody>\n");
    for (StudyResults.Run run : r.runs()) {
      h.append("<tr><td>").append(esc(run.name())).append("</td>");
      for (Fact f : facts) {
        Object value = f.of(run);
        String v = value == null ? "" : value instanceof Choice c ? c.label() : String.valueOf(value);
        h.append(v.isEmpty() || Csv.isNumber(v) ? "<td class=\"num\">" : "<td>").append(esc(number(v)))
            .append("</td>");
      }
      h.append("</tr>\n");
    }
    h.append("</tbody></table>\n</section>\n");

    h.append("<section id=\"environment\">\n<h2>Environment</h2>\n<table class=\"env\">\n");
    env(h, "Spark", r.environment("spark_version"));
    env(h, "Java (job)", r.environment("java_version"));
    env(h, "BLAS", r.environment("blas"));
    env(h, "Java (report)", List.of(System.getProperty("java.version") + " ("
        + System.getProperty("java.vendor") + ")"));
    env(h, "OS", List.of(System.getProperty("os.name") + " " + System.getProperty("os.arch")));
    h.append("</table>\n</section>\n");

    h.append("<section id=\"configuration\">\n<h2>Configuration</h2>\n<p>The resolved study "
        + "configuration (<code>study.conf</code>).</p>\n<pre>")
        .append(esc(r.config().isEmpty() ? "(study.conf is missing)" : r.config()))
        .append("</pre>\n</section>\n");
    h.append("</body>\n</html>\n");
    return h.toString();
  }

  static void env(StringBuilder h, String what, List<String> values) {
    h.append("<tr><th>").append(esc(what)).append("</th><td>")
        .append(values.isEmpty() ? "<span class=\"na\">not recorded</span>"
            : esc(String.join("; ", values)))
        .append("</td></tr>\n");
  }

  static void table(StringBuilder h, Csv csv, String cls) {
    h.append("<div class=\"scroll\"><table class=\"").append(cls).append("\"><thead><tr>");
    for (String c : csv.header()) h.append("<th>").append(esc(c)).append("</th>");
    h.append("</tr></thead><tbody>\n");
    int statusCol = csv.header().indexOf(SummaryRow.STATUS);
    for (List<String> row : csv.rows()) {
      boolean bad = statusCol >= 0 && !RunStatus.FINISHED.label().equals(row.get(statusCol));
      h.append(bad ? "<tr class=\"bad\">" : "<tr>");
      for (String cell : row) {
        boolean num = Csv.isNumber(cell);
        h.append(num ? "<td class=\"num\">" : "<td>").append(esc(num ? number(cell) : cell))
            .append("</td>");
      }
      h.append("</tr>\n");
    }
    h.append("</tbody></table></div>\n");
  }

  /** Integers as they are, other numbers to four significant digits (the CSV keeps them all). */
  static String number(String s) {
    if (!Csv.isNumber(s)) return s;
    if (s.trim().matches("-?\\d+")) return s.trim();
    double d = Double.parseDouble(s);
    if (!Double.isFinite(d)) return s.trim();
    return String.format(Locale.ROOT, "%.4g", d);
  }

  static String esc(String s) {
    StringBuilder b = new StringBuilder(s.length());
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      switch (c) {
        case '<' -> b.append("&lt;");
        case '>' -> b.append("&gt;");
        case '&' -> b.append("&amp;");
        case '"' -> b.append("&quot;");
        case '\'' -> b.append("&#39;");
        default -> b.append(c);
      }
    }
    return b.toString();
  }

  static final String CSS = String.join("\n",
      "body{font-family:'DejaVu Sans',Helvetica,Arial,sans-serif;margin:1.5em auto;"
          + "max-width:1600px;padding:0 1em;color:#222}",
      "h1{font-size:1.5em;margin-bottom:.2em} h2{border-bottom:1px solid #ddd;padding-bottom:.2em;"
          + "margin-top:1.6em}",
      ".meta{color:#666} nav{margin:.6em 0} code,pre{font-family:'DejaVu Sans Mono',monospace}",
      "pre{background:#f6f8fa;border:1px solid #e1e4e8;padding:.8em;overflow:auto}",
      "figure{margin:1em 0 2em 0} figure img{max-width:100%;height:auto;border:1px solid #eee}",
      "figcaption{color:#444;font-size:.95em;margin-top:.3em} .files{color:#888}",
      ".scroll{overflow-x:auto} table{border-collapse:collapse;font-size:.85em}",
      "th,td{border:1px solid #ddd;padding:.25em .5em;text-align:left;white-space:nowrap}",
      "th{background:#f3f3f3} td.num{text-align:right;font-variant-numeric:tabular-nums}",
      "tr.bad td{background:#fde8e8} .na{color:#999}", "");

  static final String SCRIPT = String.join("\n",
      "(function () {",
      "  var errors = [];",
      "  window.addEventListener('error', function (e) {",
      "    var t = e.target;",
      "    errors.push(t && t.tagName ? t.tagName + ' ' + (t.currentSrc || t.src || t.href || '')"
          + ".slice(0, 80) : String(e.message));",
      "  }, true);",
      "  window.addEventListener('load', function () {",
      "    var imgs = document.images, ok = 0;",
      "    for (var i = 0; i < imgs.length; i++) {",
      "      if (imgs[i].complete && imgs[i].naturalWidth > 0) ok++;",
      "    }",
      "    var d = document.body.dataset;",
      "    d.imagesTotal = imgs.length;",
      "    d.imagesOk = ok;",
      "    d.errors = errors.length;",
      "    d.errorList = errors.join(' | ');",
      "    d.loaded = 'yes';",
      "  });",
      "})();", "");
}
