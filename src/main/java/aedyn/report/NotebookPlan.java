package aedyn.report;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * plots.json, what the exported notebook's Python module (aedyn_plots.py) draws: the study's grid keys, their
 * symbols and, per plot of {@link Plots#plan}, its kind, its {@link PlotSpec} and its {@link PlotAxes}, the
 * same records that draw the job's PNGs.
 */
record NotebookPlan(List<String> grid, Map<String, String> symbols, Map<String, Map<String, String>> valueNames,
    List<Plot> plots) {

  /** One plot: kind names the module's drawing function. */
  record Plot(String kind, PlotSpec spec, PlotAxes axes) {}

  static NotebookPlan of(StudyResults r, List<PlotSpec> specs) {
    Map<String, String> symbols = new LinkedHashMap<>();
    for (String k : r.gridKeys()) symbols.put(k, Plots.keySymbol(k));
    return new NotebookPlan(List.copyOf(r.gridKeys()), symbols, Plots.valueNames(r.gridKeys()),
        specs.stream().map(s -> new Plot(kind(s), s, PlotAxes.of(s))).toList());
  }

  static String kind(PlotSpec spec) {
    return spec.accept(new PlotSpec.Visitor<>() {
      @Override
      public String curves(PlotSpec.Curves c) {
        return "curves";
      }

      @Override
      public String finalByCategory(PlotSpec.FinalByCategory f) {
        return "final-by-category";
      }

      @Override
      public String sweep(PlotSpec.Sweep s) {
        return "sweep";
      }

      @Override
      public String subspaceCurves(PlotSpec.SubspaceCurves c) {
        return "subspace-curves";
      }

      @Override
      public String phaseDiagram(PlotSpec.PhaseDiagram d) {
        return "phase-diagram";
      }
    });
  }
}
