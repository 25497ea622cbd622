package aedyn.study;

import aedyn.config.RunSettings;
import aedyn.metrics.SubspaceEnergy;
import aedyn.model.ModelFamily;
import aedyn.train.LearningCurveRow;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The columns of metrics.csv for a run. Metrics that need the ground truth A (or the true codes) are left
 * out entirely when it is unknown, rather than filled with invented values (SPEC section 1); paper 1's protocol
 * (normalized updates) keeps paper 1's columns alone, every other run adds the objective and the movement of its
 * weights (SPEC section 7).
 */
record MetricColumns(List<String> names) {

    MetricColumns {
        names = List.copyOf(names);
    }

    /**
     * @param matchesAtoms A is known and has one atom per hidden unit, so paper 1's recovery metrics exist
     * @param hasCodes     the samples carry their true codes x*
     */
    static MetricColumns of(RunSettings s, boolean matchesAtoms, boolean hasCodes) {
        boolean general = !s.paperOneUpdates();
        List<String> names = new ArrayList<>(List.of("loss"));
        if (general) names.add("objective");
        if (general) names.addAll(ModelFamily.of(s.model()).ownColumns());
        if (matchesAtoms) {
            names.addAll(List.of("fro_error", "max_col_error", "spectral_ratio"));
            if (hasCodes && s.model().activation().piecewiseLinear()) {
                names.add("support_recovery");
                if (s.signInvariant()) names.add("sign_recovery");
            }
            names.add("contraction");
        }
        names.addAll(List.of("bias_mean", "grad_norm"));
        if (matchesAtoms && s.populationGradient()) names.add("population_gradient_error");
        int blocks = energyBlockCount(s);
        if (blocks > 0) names.addAll(SubspaceEnergy.columns(blocks));
        if (general) {
            names.add("encoder_movement");
            if (!s.model().tied()) names.add("decoder_movement");
        }
        names.add("seconds");
        return new MetricColumns(names);
    }

    /** J of energy_1 .. energy_J (SPEC section 7): the Gaussian model's spectrum blocks, or metrics.energy-blocks. */
    static int energyBlockCount(RunSettings s) {
        if (s.data().gaussian()) return s.data().options().spectrum().size();
        return s.data().options().energyBlocks().size();
    }

    /** Every metric any of the rows holds, in the order they hold them (a checkpoint keeps them all). */
    static MetricColumns covering(List<LearningCurveRow> rows) {
        Set<String> names = new LinkedHashSet<>();
        for (LearningCurveRow row : rows) names.addAll(row.values().keySet());
        return new MetricColumns(new ArrayList<>(names));
    }

    /** metrics.csv: a header with iteration first, then one row per iteration; undefined values are empty cells. */
    String csv(List<LearningCurveRow> rows) {
        StringBuilder sb = new StringBuilder("iteration,").append(String.join(",", names)).append('\n');
        for (LearningCurveRow row : rows) {
            sb.append(row.iteration());
            for (String name : names) sb.append(',').append(cell(row.get(name)));
            sb.append('\n');
        }
        return sb.toString();
    }

    /**
     * The rows of a metrics.csv this class wrote (full precision, so the values come back exactly); an empty cell
     * is a metric the row does not hold.
     */
    static List<LearningCurveRow> parse(String csv) {
        String[] lines = csv.split("\n");
        String[] header = lines[0].split(",", -1);
        List<LearningCurveRow> rows = new ArrayList<>();
        for (int r = 1; r < lines.length; r++) {
            if (lines[r].isEmpty()) continue;
            String[] cells = lines[r].split(",", -1);
            Map<String, Double> values = new LinkedHashMap<>();
            int iteration = -1;
            for (int i = 0; i < header.length && i < cells.length; i++) {
                if ("iteration".equals(header[i])) {
                    iteration = Integer.parseInt(cells[i]);
                } else if (!cells[i].isEmpty()) {
                    values.put(header[i], Double.parseDouble(cells[i]));
                }
            }
            rows.add(new LearningCurveRow(iteration, values));
        }
        return rows;
    }

    /** Full precision (Double.toString round-trips), empty for undefined. */
    static String cell(double v) {
        return Double.isNaN(v) ? "" : Double.toString(v);
    }
}
