package aedyn.report;

import java.util.List;

/**
 * What one plot of a study shows, independent of who draws it: {@link Plots} renders it with
 * XChart, and {@link NotebookExport} writes the same records (with their {@link PlotAxes}) to the
 * exported notebook's plots.json, which the project's Python module aedyn_plots.py draws with
 * matplotlib, so the job's image and the notebook's redrawing cannot drift apart. A new kind needs a
 * drawing function there too (its DRAW table, keyed by {@link NotebookPlan#kind}).
 */
public sealed interface PlotSpec {

  /** File stem under plots/ (name.png, name.svg). */
  String name();

  String title();

  /** One sentence under the figure in report.html and above it in the notebook. */
  String caption();

  /** Whether the y axis is logarithmic (the kinds that may choose say so in a component). */
  default boolean logY() {
    return false;
  }

  /**
   * Calls the visitor's method for this kind. Every kind is a record of this sealed interface and
   * must implement this, and every {@link Visitor} has one method per kind: a new plot kind does not
   * compile until the chart, the panels and the notebook all handle it.
   */
  <R> R accept(Visitor<R> v);

  /** One method per plot kind. */
  interface Visitor<R> {
    R curves(Curves c);

    R finalByCategory(FinalByCategory f);

    R sweep(Sweep s);

    R subspaceCurves(SubspaceCurves c);

    R phaseDiagram(PhaseDiagram d);
  }

  /**
   * A metric against iteration s: one panel per combination of panelKeys' values, one line per
   * value of lineKey (trials of the same grid point averaged). Paper 1's Figure 2 for metric loss.
   */
  record Curves(String name, String title, String caption, String metric, String yLabel,
      List<String> panelKeys, String lineKey, boolean logY) implements PlotSpec {
    public Curves {
      panelKeys = List.copyOf(panelKeys);
    }

    @Override
    public <R> R accept(Visitor<R> v) {
      return v.curves(this);
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

    @Override
    public <R> R accept(Visitor<R> v) {
      return v.finalByCategory(this);
    }
  }

  /**
   * A final metric against a numeric grid key, one line per combination of lineKeys' values, with a
   * 95 % confidence band from aggregate.csv when the study ran trials. reference, when not null, is a second
   * metric drawn dashed in the same panel (λ_min(K(0)) beside its infinite-width level λ_min(K∞)).
   */
  record Sweep(String name, String title, String caption, String metric, String yLabel,
      String xKey, String xLabel, List<String> lineKeys, boolean logX, boolean logY,
      boolean band, String reference) implements PlotSpec {
    public Sweep {
      lineKeys = List.copyOf(lineKeys);
    }

    /** A sweep without a reference metric. */
    public Sweep(String name, String title, String caption, String metric, String yLabel, String xKey, String xLabel,
        List<String> lineKeys, boolean logX, boolean logY, boolean band) {
      this(name, title, caption, metric, yLabel, xKey, xLabel, lineKeys, logX, logY, band, null);
    }

    @Override
    public <R> R accept(Visitor<R> v) {
      return v.sweep(this);
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

    @Override
    public <R> R accept(Visitor<R> v) {
      return v.subspaceCurves(this);
    }
  }

  // ---------------------------------------------------------------- boundary studies (SPEC 9)

  /**
   * A boundary study's phase diagram ({@link PhaseDiagrams}): every probe of probes.csv at (scaling key, searched
   * value), coloured by its success fraction p on the scale {@code colors} (evenly spaced stops from p = 0 to p = 1);
   * each outer point's boundary x* with its interval (censored ones at the edge of the values tried); the scaling
   * law x* = e^c z^α of analysis.csv as a line. One panel per combination of panelKeys' values (a regime, a model).
   *
   * @param yMin the y axis' lower end (the search's lower end, with room for its markers)
   * @param yMax the y axis' upper end
   */
  record PhaseDiagram(String name, String title, String caption, String searchedKey, String scalingKey,
      List<String> panelKeys, boolean logX, boolean logY, double yMin, double yMax, List<String> colors)
      implements PlotSpec {
    public PhaseDiagram {
      panelKeys = List.copyOf(panelKeys);
      colors = List.copyOf(colors);
    }

    @Override
    public <R> R accept(Visitor<R> v) {
      return v.phaseDiagram(this);
    }
  }
}
