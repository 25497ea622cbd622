package aedyn.cli;

import aedyn.report.NotebookExport;
import java.nio.file.Path;
import org.apache.hadoop.conf.Configuration;

/** {@code ExportNotebook STUDY_DIR [OUT.ipynb]}: a study as a Jupyter notebook (nbformat 4.5). */
public final class ExportNotebook {
  private ExportNotebook() {}

  public static void main(String[] args) throws Exception {
    if (args.length < 1 || args.length > 2 || args[0].equals("-h") || args[0].equals("--help")) {
      System.err.println("usage: aedyn.cli.ExportNotebook STUDY_DIR [OUT.ipynb]\n"
          + "  default OUT.ipynb: notebooks-export/<study name>.ipynb; the CSV files it loads are "
          + "copied\n  into the folder next to it named like the notebook (OUT/), with plots.json, the plot plan\n"
          + "  that aedyn_plots.py (written beside the notebook) draws.");
      System.exit(args.length >= 1 && args.length <= 2 ? 0 : 2);
    }
    String study = args[0].replaceAll("/+$", "");
    Path out = args.length == 2 ? Path.of(args[1])
        : Path.of("notebooks-export", study.substring(study.lastIndexOf('/') + 1) + ".ipynb");
    NotebookExport.Result r = NotebookExport.export(study, out, new Configuration());
    System.out.println("notebook " + r.notebook() + " (" + r.plots() + " plots)");
    System.out.println("data     " + r.dataDir() + " (" + r.copiedFiles() + " files)");
  }
}
