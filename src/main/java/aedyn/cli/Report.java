package aedyn.cli;

import aedyn.report.Plots;
import aedyn.report.StudyReport;
import org.apache.hadoop.conf.Configuration;

/** {@code Report STUDY_DIR}: (re)writes plots/ and report.html of a finished study. */
public final class Report {
  private Report() {}

  public static void main(String[] args) throws Exception {
    if (args.length != 1 || args[0].equals("-h") || args[0].equals("--help")) {
      System.err.println("usage: aedyn.cli.Report STUDY_DIR\n"
          + "  writes STUDY_DIR/plots/*.png|*.svg and STUDY_DIR/report.html from the study's CSV "
          + "files\n  (STUDY_DIR may be any Hadoop file system URI: file://, hdfs://, s3a://)");
      System.exit(args.length == 1 ? 0 : 2);
    }
    StudyReport.Result r = StudyReport.write(args[0], new Configuration());
    for (Plots.Written w : r.plots()) {
      System.out.println("plot   " + w.spec().name() + " (" + w.panels() + " panel"
          + (w.panels() == 1 ? "" : "s") + ")");
    }
    System.out.println("report " + r.report());
  }
}
