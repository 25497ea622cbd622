package aedyn.study;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * aggregate.csv: one row per grid point with, for every final metric, the mean, the sample standard deviation
 * (n - 1) and the 95 % confidence interval mean -+ t_{0.975, n-1} sd / sqrt(n) over the point's finished
 * trials, then {@code runs}, how many finished trials went into it. Diverged runs are left out (summary.csv
 * lists them); cells are empty when fewer than two values (one for the mean) were there to use.
 */
final class Aggregate {
    private Aggregate() {
    }

    static String csv(List<String> gridKeys, List<RunOutcome> outcomes) {
        List<String> metrics = Summary.finalMetrics(outcomes);
        List<String> header = new ArrayList<>(gridKeys);
        for (String metric : metrics) {
            for (String stat : List.of("_mean", "_sd", "_ci95_low", "_ci95_high")) header.add(metric + stat);
        }
        header.add("runs");
        Map<List<String>, List<RunOutcome>> points = new LinkedHashMap<>();
        for (RunOutcome o : outcomes) {
            List<String> point = new ArrayList<>();
            for (String key : gridKeys) point.add(Summary.csvText(String.valueOf(o.spec().gridPoint().get(key))));
            points.computeIfAbsent(point, k -> new ArrayList<>()).add(o);
        }
        StringBuilder sb = new StringBuilder(String.join(",", header)).append('\n');
        for (Map.Entry<List<String>, List<RunOutcome>> e : points.entrySet()) {
            List<RunOutcome> finished = e.getValue().stream().filter(o -> !o.failed()).toList();
            List<String> cells = new ArrayList<>(e.getKey());
            for (String metric : metrics) {
                double[] x = finished.stream().mapToDouble(o -> Summary.finalValue(o, metric))
                        .filter(Double::isFinite).toArray();
                double[] ci = Stats.ci95(x);
                cells.add(MetricColumns.cell(Stats.mean(x)));
                cells.add(MetricColumns.cell(Stats.sd(x)));
                cells.add(MetricColumns.cell(ci[0]));
                cells.add(MetricColumns.cell(ci[1]));
            }
            cells.add(Integer.toString(finished.size()));
            sb.append(String.join(",", cells)).append('\n');
        }
        return sb.toString();
    }
}
