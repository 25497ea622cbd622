package aedyn.study;

import aedyn.metrics.MetricRegistry;
import aedyn.train.LearningCurveRow;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/** summary.csv: one row per run with its grid values and the metrics of its last learning-curve row. */
final class Summary {
    private Summary() {
    }

    /** The final metrics of a study: every column of its runs' metrics.csv the registry sends to summary.csv. */
    static List<String> finalMetrics(List<RunOutcome> outcomes) {
        Set<String> metrics = new LinkedHashSet<>();
        for (RunOutcome o : outcomes) {
            for (String name : o.columns().names()) {
                if (MetricRegistry.inSummary(name)) metrics.add(name);
            }
        }
        return List.copyOf(metrics);
    }

    /** The value of {@code metric} in the run's last row; NaN when it has none. */
    static double finalValue(RunOutcome o, String metric) {
        LearningCurveRow last = o.last();
        return last == null || !o.columns().names().contains(metric) ? Double.NaN : last.get(metric);
    }

    static String csv(List<String> gridKeys, List<RunOutcome> outcomes) {
        List<String> metrics = finalMetrics(outcomes);
        List<String> header = new ArrayList<>(List.of("run", "status", "trial"));
        header.addAll(gridKeys);
        header.add("iterations");
        header.addAll(metrics);
        header.add("wall_seconds");
        StringBuilder sb = new StringBuilder(String.join(",", header)).append('\n');
        for (RunOutcome o : outcomes) {
            List<String> cells = new ArrayList<>(List.of(o.spec().name(), o.status(), Integer.toString(o.spec().trial())));
            for (String key : gridKeys) cells.add(csvText(String.valueOf(o.spec().gridPoint().get(key))));
            LearningCurveRow last = o.last();
            cells.add(last == null ? "" : Integer.toString(last.iteration()));
            for (String metric : metrics) cells.add(MetricColumns.cell(finalValue(o, metric)));
            cells.add(Double.toString(o.wallSeconds()));
            sb.append(String.join(",", cells)).append('\n');
        }
        return sb.toString();
    }

    static String csvText(String s) {
        return s.contains(",") || s.contains("\"") ? "\"" + s.replace("\"", "\"\"") + "\"" : s;
    }
}
