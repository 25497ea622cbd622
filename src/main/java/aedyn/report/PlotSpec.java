package aedyn.report;

import java.util.List;

/**
 * What one plot of a study shows, independent of who draws it: {@link Plots} renders it with
 * XChart, {@link NotebookExport} turns the same description into matplotlib code, so the job's
 * image and the notebook's redrawing cannot drift apart.
 */
public sealed interface PlotSpec {

  /** File stem under plots/ (name.png, name.svg). */
  String name();

  String title();

  /** One sentence under the figure in report.html and above it in the notebook. */
  String caption();

  /**
   * A metric against iteration s: one panel per combination of panelKeys' values, one line per
   * value of lineKey (trials of the same grid point averaged). Paper 1's Figure 2 for metric loss.
   */
  record Curves(String name, String title, String caption, String metric, String yLabel,
      List<String> panelKeys, String lineKey, boolean logY) implements PlotSpec {
    public Curves {
      panelKeys = List.copyOf(panelKeys);
    }
  }

  /**
   * A final metric per value of categoryKey, one bar series per combination of seriesKeys' values,
   * with 95 % confidence error bars when the study ran trials. Paper 1's Figure 3 for fro_error.
   */
  record FinalByCategory(String name, String title, String caption, String metric, String yLabel,
      String categoryKey, List<String> seriesKeys) implements PlotSpec {
    public FinalByCategory {
      seriesKeys = List.copyOf(seriesKeys);
    }
  }

  /**
   * A final metric against a numeric grid key, one line per combination of lineKeys' values, with a
   * 95 % confidence band from aggregate.csv when the study ran trials.
   */
  record Sweep(String name, String title, String caption, String metric, String yLabel,
      String xKey, String xLabel, List<String> lineKeys, boolean logX, boolean logY,
      boolean band) implements PlotSpec {
    public Sweep {
      lineKeys = List.copyOf(lineKeys);
    }
  }
  // ---------------------------------------------------------------- paper 3

  /**
   * Paper 3's curves against iteration s: one panel per combination of panelKeys' values. With
   * {@code perDimension}, one line per metric (the energy columns energy_1 .. energy_rest, each divided
   * by its block's dimension d_j from run.json); otherwise one line per value of lineKey for the
   * single metric. With {@code pcaLevels}, dashed horizontal lines at the run's PCA reference levels
   * (run.json's energy_blocks.pca_levels, SPEC section 7).
   */
  record SubspaceCurves(String name, String title, String caption, List<String> metrics,
      String yLabel, List<String> panelKeys, String lineKey, boolean perDimension,
      boolean pcaLevels) implements PlotSpec {
    public SubspaceCurves {
      metrics = List.copyOf(metrics);
      panelKeys = List.copyOf(panelKeys);
    }
  }
}
