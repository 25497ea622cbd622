package aedyn.study;

import aedyn.config.RunSettings;
import aedyn.metrics.MetricRegistry;
import aedyn.metrics.RunFacts;
import aedyn.model.ModelFamily;
import aedyn.train.LearningCurveRow;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The columns of metrics.csv for a run, as {@link MetricRegistry} declares them. Metrics that need the ground truth
 * A (or the true codes) are left out entirely when it is unknown, rather than filled with invented values (SPEC
 * section 1); paper 1's protocol (normalized updates) keeps paper 1's columns alone, every other run adds the
 * objective and the movement of its weights (SPEC section 7).
 */
record MetricColumns(List<String> names) {

    MetricColumns {
        names = List.copyOf(names);
    }

    /**
     * The columns of a run with these settings: those of every metric of the registry that applies to it.
     *
     * @param matchesAtoms A is known and has one atom per hidden unit, so paper 1's recovery metrics exist
     * @param hasCodes     the samples carry their true codes x*
     */
    static MetricColumns of(RunSettings s, boolean matchesAtoms, boolean hasCodes) {
        return new MetricColumns(MetricRegistry.columns(facts(s, matchesAtoms, hasCodes)));
    }

    /** What a run with these settings can measure (the registry's conditions). */
    static RunFacts facts(RunSettings s, boolean matchesAtoms, boolean hasCodes) {
        RunFacts.Protocol protocol = s.paperOneUpdates() ? RunFacts.Protocol.PAPER_ONE : RunFacts.Protocol.GENERAL;
        return new RunFacts(
                new RunFacts.Model(protocol, s.model().tied(), s.model().activation().piecewiseLinear(),
                        ModelFamily.of(s.model()).measuresOutputNorm()),
                new RunFacts.Data(matchesAtoms, hasCodes, s.measurement().signInvariant(), energyBlockCount(s)),
                new RunFacts.Measured(s.measurement().populationGradient(), s.measurement().ntkProbe() > 0));
    }

    /**
     * Fails unless the loop, measuring with {@code trained} (the facts of the run's training problem), gives exactly
     * these columns: a value without a column would be lost, a column without values would be empty.
     */
    void requireMeasuredBy(RunFacts trained, String run) {
        List<String> measured = MetricRegistry.columns(trained);
        if (!measured.equals(names)) {
            throw new IllegalStateException("run " + run + ": the loop measures " + measured
                    + " but metrics.csv has the columns " + names);
        }
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
        return aedyn.report.SummaryRow.number(v);
    }
}
