package aedyn.report;

import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYSeries;

/**
 * Round ticks on an iteration axis: steps of 1, 2 or 5 × 10^k, wide enough apart that their labels
 * never touch. XChart places the ticks of an axis whose values are equally spaced (s = 0, 1, ..., T)
 * on every j-th value, which gives steps like 27 and labels that run together ("112128144160"); its
 * general rule rounds the step it derives from the tick spacing hint, so {@link #apply} hands it a
 * hint that leads to this class's step and keeps it off the equally-spaced rule.
 * <p>XChart 4.0 offers no way to set tick positions; the hint and the extra point are its levers.
 */
final class IterationTicks {
  private IterationTicks() {}

  /** The iteration axis's width in pixels in a panel: the panel less the y axis's labels and title. */
  static final double AXIS_PIXELS = Plots.PANEL_WIDTH - 90;
  /** Pixels per character of the tick labels' 11 pt font, and the least gap between two labels. */
  static final double CHAR_PIXELS = 7;
  static final double MIN_SPACING = 70;

  /**
   * The smallest step of 1, 2 or 5 × 10^k (at least 1: iterations are whole) whose ticks on 0..last,
   * spread over pixels, are at least MIN_SPACING apart and one label plus two characters wide.
   */
  static long step(double last, double pixels) {
    if (!(last > 0)) return 1;
    int digits = Long.toString((long) Math.ceil(last)).length();
    double spacing = Math.max(MIN_SPACING, (digits + 2) * CHAR_PIXELS);
    double least = last * spacing / pixels; // the step whose ticks are exactly spacing apart
    for (long decade = 1; ; decade *= 10) {
      for (long m : new long[] {1, 2, 5}) {
        if (m * decade >= least) return m * decade;
      }
    }
  }

  /**
   * Sets the chart's iteration axis to 0..last with ticks every {@link #step}: the spacing hint that
   * makes XChart's rounding land on that step, and an undefined point at s = last + 1/2 (beyond the
   * axis, not drawn) on the first line so the axis values are not equally spaced.
   */
  static void apply(XYChart chart, double last) {
    if (!(last > 0)) return;
    long step = step(last, AXIS_PIXELS);
    chart.getStyler().setXAxisMin(0.0).setXAxisMax(last);
    chart.getStyler().setXAxisTickMarkSpacingHint((int) Math.round(step * AXIS_PIXELS / last));
    chart.getStyler().setXAxisDecimalPattern("0");
    for (XYSeries s : chart.getSeriesCollection()) {
      double[] x = s.getXData();
      if (x.length == 0) continue;
      double[] y = s.getYData();
      double[] x1 = java.util.Arrays.copyOf(x, x.length + 1);
      double[] y1 = java.util.Arrays.copyOf(y, y.length + 1);
      x1[x.length] = last + 0.5;
      y1[y.length] = Double.NaN;
      chart.updateXYSeries(s.getName(), x1, y1, null);
      return;
    }
  }
}
