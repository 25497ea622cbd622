package aedyn.report;

import aedyn.metrics.MetricRegistry;

/**
 * A plot's axes as every drawing of it shows them: the report's XChart charts ({@link PlotCharts}) and the
 * exported notebook's matplotlib figures (through plots.json) both take their labels, scales, limits and legend
 * place from here, so the two cannot drift apart.
 *
 * @param yMin the y axis' lower end, null for the data's own
 * @param yMax the y axis' upper end, null for the data's own
 */
public record PlotAxes(String xLabel, String yLabel, boolean logX, boolean logY, Double yMin, Double yMax,
    Legend legend) {

  /** Where a plot's legend goes. */
  public enum Legend {
    UPPER_RIGHT, LOWER_RIGHT, BELOW
  }

  static final String ITERATION = "iteration s";

  /** The axes of a spec. */
  static PlotAxes of(PlotSpec spec) {
    return spec.accept(new PlotSpec.Visitor<>() {
      @Override
      public PlotAxes curves(PlotSpec.Curves c) {
        // a fraction (support recovery) spans [0, 1] and rises: its legend goes low
        boolean fraction = MetricRegistry.fraction(c.metric());
        return new PlotAxes(ITERATION, c.yLabel(), false, c.logY(), fraction ? 0.0 : null,
            fraction ? 1.0 : null, fraction ? Legend.LOWER_RIGHT : Legend.UPPER_RIGHT);
      }

      @Override
      public PlotAxes finalByCategory(PlotSpec.FinalByCategory f) {
        return new PlotAxes(Plots.keySymbol(f.categoryKey()) + " (initialization)", "final " + f.yLabel(),
            false, false, 0.0, null, Legend.BELOW);
      }

      @Override
      public PlotAxes sweep(PlotSpec.Sweep s) {
        return new PlotAxes(s.xLabel(), s.yLabel(), s.logX(), s.logY(), null, null, Legend.BELOW);
      }

      @Override
      public PlotAxes subspaceCurves(PlotSpec.SubspaceCurves c) {
        // energies rise to their plateaus, the loss falls to its floor: keep the legend off the curves
        return new PlotAxes(ITERATION, c.yLabel(), false, false, null, null,
            c.perDimension() ? Legend.LOWER_RIGHT : Legend.UPPER_RIGHT);
      }

      @Override
      public PlotAxes phaseDiagram(PlotSpec.PhaseDiagram d) {
        // y spans the search's range (the values it could try), not only the values it tried
        return new PlotAxes(Plots.keyLabel(d.scalingKey()), Plots.keyLabel(d.searchedKey()) + ", searched",
            d.logX(), d.logY(), d.yMin(), d.yMax(), Legend.BELOW);
      }
    });
  }
}
