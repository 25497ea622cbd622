package aedyn.report;

import aedyn.data.HadoopFiles;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;

/**
 * The end of a study: plots under {@code <study dir>/plots/} (PNG and SVG) and
 * {@code <study dir>/report.html}. The study runner calls {@link #write(String, Configuration)}
 * once the study's CSV files are written; {@code aedyn.cli.Report} calls it for an old study.
 */
public final class StudyReport {
  private StudyReport() {}

  /** What was written. */
  public record Result(String report, List<Plots.Written> plots) {}

  /** Charts are painted off-screen; without this a JVM with no display may try to open one. */
  static void headless() {
    if (System.getProperty("java.awt.headless") == null) {
      System.setProperty("java.awt.headless", "true");
    }
  }

  /**
   * Draws one throwaway chart, so that Java2D, fonts and the chart classes are loaded (about two seconds in a
   * fresh JVM) while a study trains rather than after it. Never fails: the real report reports its own errors.
   */
  public static void warmUp() {
    try {
      headless();
      org.knowm.xchart.XYChart chart = new org.knowm.xchart.XYChart(64, 48);
      chart.addSeries("warm-up", new double[] {0, 1}, new double[] {1, 0});
      List<org.knowm.xchart.internal.chartpart.Chart<?, ?>> charts = List.of(chart);
      Plots.png(charts);
      Plots.svg(charts);
    } catch (Throwable ignored) {
      // only a head start: nothing depends on it
    }
  }

  /** Reads the study directory and writes its plots and report.html (existing ones replaced). */
  public static Result write(String studyDir, Configuration hadoopConf) throws IOException {
    headless();
    StudyResults r = StudyResults.read(studyDir, hadoopConf);
    Path dir = new Path(studyDir);
    FileSystem fs = dir.getFileSystem(hadoopConf);
    Path plotsDir = new Path(dir, "plots");
    List<Plots.Written> plots = Plots.writeAll(r, fs, plotsDir);
    Map<String, byte[]> pngs = new LinkedHashMap<>();
    for (Plots.Written w : plots) pngs.put(w.png(), w.pngBytes());
    Path report = new Path(dir, "report.html");
    byte[] html = HtmlReport.render(r, plots, pngs).getBytes(StandardCharsets.UTF_8);
    HadoopFiles.writeAtomically(fs, report, out -> out.write(html));
    return new Result(fs.makeQualified(report).toString(), plots);
  }

  /** {@link #write(String, Configuration)} with a default Hadoop configuration. */
  public static Result write(String studyDir) throws IOException {
    return write(studyDir, new Configuration());
  }
}
