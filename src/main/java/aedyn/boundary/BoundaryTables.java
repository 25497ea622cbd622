package aedyn.boundary;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * probes.csv and boundary.csv, written as the study's other tables are (summary.csv, aggregate.csv): a header,
 * the outer keys first, an undefined number as an empty cell, numbers in Java's shortest round-trip form, text
 * with a comma or quote quoted.
 */
public final class BoundaryTables {
    public static final String PROBES = "probes.csv";
    public static final String BOUNDARY = "boundary.csv";
    /** probes.csv's flag for a probe that contradicts monotonicity beyond both Wilson intervals */
    public static final String NON_MONOTONE = "non-monotone";

    private BoundaryTables() {
    }

    /** One outer point: its values of the outer keys, every probe there, and its boundary. */
    public record OuterPoint(Map<String, ?> keys, List<Probe> probes, Boundary boundary) {
    }

    /**
     * probes.csv: the outer keys, then value, trials, successes, p, p_low, p_high (Wilson 95 %) and flag, one row
     * per probe (same-value probes pooled), sorted by value within each outer point.
     */
    public static String probesCsv(List<String> outerKeys, List<OuterPoint> points, Direction direction,
                                   boolean integerKey) {
        List<String> header = new ArrayList<>(outerKeys);
        header.addAll(List.of("value", "trials", "successes", "p", "p_low", "p_high", "flag"));
        StringBuilder sb = new StringBuilder(String.join(",", header)).append('\n');
        for (OuterPoint point : points) {
            Set<Double> flagged = BisectionSearch.contradictions(point.probes(), direction);
            for (Probe p : LogisticBoundary.pool(point.probes())) {
                List<String> cells = keyCells(outerKeys, point);
                Wilson w = p.wilson();
                cells.add(integerKey ? Long.toString(Math.round(p.value())) : cell(p.value()));
                cells.add(Integer.toString(p.trials()));
                cells.add(Integer.toString(p.successes()));
                cells.add(cell(p.p()));
                cells.add(cell(w.low()));
                cells.add(cell(w.high()));
                cells.add(flagged.contains(p.value()) ? NON_MONOTONE : "");
                sb.append(String.join(",", cells)).append('\n');
            }
        }
        return sb.toString();
    }

    /**
     * boundary.csv: the outer keys, then boundary, boundary_low, boundary_high, censored (none, below, above),
     * probes, and interval: how the interval was obtained (profile: profile likelihood of the logistic fit;
     * bracket: separated probes, no MLE; none: censored). Censored rows and unbounded ends have empty cells.
     */
    public static String boundaryCsv(List<String> outerKeys, List<OuterPoint> points) {
        List<String> header = new ArrayList<>(outerKeys);
        header.addAll(List.of("boundary", "boundary_low", "boundary_high", "censored", "probes", "interval"));
        StringBuilder sb = new StringBuilder(String.join(",", header)).append('\n');
        for (OuterPoint point : points) {
            Boundary b = point.boundary();
            List<String> cells = keyCells(outerKeys, point);
            cells.add(cell(b.estimate()));
            cells.add(cell(b.low()));
            cells.add(cell(b.high()));
            cells.add(b.censored().csv());
            cells.add(Integer.toString(b.probes()));
            cells.add(b.interval().csv());
            sb.append(String.join(",", cells)).append('\n');
        }
        return sb.toString();
    }

    private static List<String> keyCells(List<String> outerKeys, OuterPoint point) {
        List<String> cells = new ArrayList<>();
        for (String k : outerKeys) cells.add(text(String.valueOf(point.keys().get(k))));
        return cells;
    }

    /** A number's cell: empty when undefined (NaN or infinite), else Double.toString. */
    static String cell(double v) {
        return Double.isFinite(v) ? Double.toString(v) : "";
    }

    static String text(String s) {
        return s.contains(",") || s.contains("\"") || s.contains("\n") ? "\"" + s.replace("\"", "\"\"") + "\"" : s;
    }
}
