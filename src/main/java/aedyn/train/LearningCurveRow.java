package aedyn.train;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Row s of the learning curve: the metrics of the pass at the parameters of iteration s, by their metrics.csv
 * names (SPEC sections 4 and 7), in the order they were measured. A metric the row does not hold (it needs the
 * ground truth, the true codes, or the next row, like contraction) reads as NaN.
 */
public record LearningCurveRow(int iteration, Map<String, Double> values) {

    public LearningCurveRow {
        values = Collections.unmodifiableMap(new LinkedHashMap<>(values));
    }

    /** The value of metric {@code name}, NaN when the row has none. */
    public double get(String name) {
        Double v = values.get(name);
        return v == null ? Double.NaN : v;
    }

    public double loss() {
        return get("loss");
    }

    public double froError() {
        return get("fro_error");
    }

    /** The same row with metric {@code name} set to {@code value} (contraction, once the next row is known). */
    public LearningCurveRow with(String name, double value) {
        Map<String, Double> copy = new LinkedHashMap<>(values);
        copy.put(name, value);
        return new LearningCurveRow(iteration, copy);
    }

    /** The same row with these metrics set (those known once the next row is). */
    public LearningCurveRow with(Map<String, Double> more) {
        Map<String, Double> copy = new LinkedHashMap<>(values);
        copy.putAll(more);
        return new LearningCurveRow(iteration, copy);
    }
}
