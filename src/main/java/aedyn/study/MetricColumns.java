package aedyn.study;

import aedyn.train.LearningCurveRow;

import java.util.ArrayList;
import java.util.List;
import java.util.function.ToDoubleFunction;

/**
 * The columns of metrics.csv for a run. Metrics that need the ground truth A (or the true codes) are left
 * out entirely when it is unknown, rather than filled with invented values (SPEC section 1).
 */
record MetricColumns(List<String> names, List<ToDoubleFunction<LearningCurveRow>> values) {

    static MetricColumns of(boolean hasTruth, boolean hasCodes, boolean signs, boolean population) {
        List<String> names = new ArrayList<>();
        List<ToDoubleFunction<LearningCurveRow>> values = new ArrayList<>();
        add(names, values, "loss", LearningCurveRow::loss);
        if (hasTruth) {
            add(names, values, "fro_error", LearningCurveRow::froError);
            add(names, values, "max_col_error", LearningCurveRow::maxColumnError);
            add(names, values, "spectral_ratio", LearningCurveRow::spectralRatio);
            if (hasCodes) {
                add(names, values, "support_recovery", LearningCurveRow::supportRecovery);
                if (signs) add(names, values, "sign_recovery", LearningCurveRow::signRecovery);
            }
            add(names, values, "contraction", LearningCurveRow::contraction);
        }
        add(names, values, "bias_mean", LearningCurveRow::biasMean);
        add(names, values, "grad_norm", LearningCurveRow::gradNorm);
        if (hasTruth && population) add(names, values, "population_gradient_error", LearningCurveRow::populationGradientError);
        add(names, values, "seconds", LearningCurveRow::seconds);
        return new MetricColumns(List.copyOf(names), List.copyOf(values));
    }

    private static void add(List<String> names, List<ToDoubleFunction<LearningCurveRow>> values, String name,
                            ToDoubleFunction<LearningCurveRow> f) {
        names.add(name);
        values.add(f);
    }

    /** metrics.csv: a header with iteration first, then one row per iteration; undefined values are empty cells. */
    String csv(List<LearningCurveRow> rows) {
        StringBuilder sb = new StringBuilder("iteration,").append(String.join(",", names)).append('\n');
        for (LearningCurveRow row : rows) {
            sb.append(row.iteration());
            for (ToDoubleFunction<LearningCurveRow> f : values) sb.append(',').append(cell(f.applyAsDouble(row)));
            sb.append('\n');
        }
        return sb.toString();
    }

    /**
     * The rows of a metrics.csv this class wrote (full precision, so the values come back exactly); columns a
     * run did not record are NaN.
     */
    static List<LearningCurveRow> parse(String csv) {
        String[] lines = csv.split("\n");
        List<String> header = List.of(lines[0].split(",", -1));
        List<LearningCurveRow> rows = new ArrayList<>();
        for (int r = 1; r < lines.length; r++) {
            if (lines[r].isEmpty()) continue;
            String[] cells = lines[r].split(",", -1);
            java.util.function.ToDoubleFunction<String> col = name -> {
                int i = header.indexOf(name);
                return i < 0 || i >= cells.length || cells[i].isEmpty() ? Double.NaN : Double.parseDouble(cells[i]);
            };
            rows.add(new LearningCurveRow((int) col.applyAsDouble("iteration"), col.applyAsDouble("loss"),
                    col.applyAsDouble("fro_error"), col.applyAsDouble("max_col_error"), col.applyAsDouble("spectral_ratio"),
                    col.applyAsDouble("support_recovery"), col.applyAsDouble("sign_recovery"),
                    col.applyAsDouble("contraction"), col.applyAsDouble("bias_mean"), col.applyAsDouble("grad_norm"),
                    col.applyAsDouble("population_gradient_error"), col.applyAsDouble("seconds")));
        }
        return rows;
    }

    /** Full precision (Double.toString round-trips), empty for undefined. */
    static String cell(double v) {
        return Double.isNaN(v) ? "" : Double.toString(v);
    }
}
