package aedyn.study;

import aedyn.boundary.Verdict;

import aedyn.metrics.MetricRegistry;
import aedyn.report.SummaryRow;
import aedyn.train.LearningCurveRow;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.OptionalInt;
import java.util.Set;

/** summary.csv ({@link SummaryRow}): one row per run with its grid values and the metrics of its last learning-curve row. */
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
        List<SummaryRow> rows = new ArrayList<>();
        for (RunOutcome o : outcomes) {
            Map<String, String> grid = new LinkedHashMap<>();
            for (String key : gridKeys) grid.put(key, String.valueOf(o.spec().gridPoint().get(key)));
            LearningCurveRow last = o.last();
            Map<String, Double> finals = new LinkedHashMap<>();
            for (String metric : metrics) finals.put(metric, finalValue(o, metric));
            rows.add(new SummaryRow(o.spec().name(), o.status(), o.outcome().map(Verdict::csv), o.spec().trial(), grid,
                    last == null ? OptionalInt.empty() : OptionalInt.of(last.iteration()), finals, o.wallSeconds()));
        }
        return SummaryRow.csv(gridKeys, metrics, rows);
    }

    static String csvText(String s) {
        return SummaryRow.text(s);
    }
}
