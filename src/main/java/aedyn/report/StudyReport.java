package aedyn.report;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
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

  /** Reads the study directory and writes its plots and report.html (existing ones replaced). */
  public static Result write(String studyDir, Configuration hadoopConf) throws IOException {
    // Charts are painted off-screen; without this a JVM with no display may try to open one.
    if (System.getProperty("java.awt.headless") == null) {
      System.setProperty("java.awt.headless", "true");
    }
    StudyResults r = StudyResults.read(studyDir, hadoopConf);
    Path dir = new Path(studyDir);
    // A private instance: switching off .crc side files on file:// must not leak into the cached
    // FileSystem the study runner writes its results through.
    try (FileSystem fs = FileSystem.newInstance(dir.toUri(), hadoopConf)) {
      fs.setWriteChecksum(false);
      Path plotsDir = new Path(dir, "plots");
      List<Plots.Written> plots = Plots.writeAll(r, fs, plotsDir);
      Map<String, byte[]> pngs = new LinkedHashMap<>();
      for (Plots.Written w : plots) {
        try (InputStream in = fs.open(new Path(plotsDir, w.png()))) {
          pngs.put(w.png(), StudyResults.readAll(in));
        }
      }
      Path report = new Path(dir, "report.html");
      try (OutputStream out = fs.create(report, true)) {
        out.write(HtmlReport.render(r, plots, pngs).getBytes(StandardCharsets.UTF_8));
      }
      return new Result(fs.makeQualified(report).toString(), plots);
    }
  }

  /** {@link #write(String, Configuration)} with a default Hadoop configuration. */
  public static Result write(String studyDir) throws IOException {
    return write(studyDir, new Configuration());
  }
}
