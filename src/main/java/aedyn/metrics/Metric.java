package aedyn.metrics;

import aedyn.model.PassSums;

import java.util.List;
import java.util.Map;
import java.util.function.DoubleBinaryOperator;
import java.util.function.Function;
import java.util.function.Predicate;
import java.util.function.ToDoubleFunction;

/**
 * One metric, declared once in {@link MetricRegistry}: its column, its axis title, when a run has it, how it is
 * computed, how it is drawn and whether its final value goes to summary.csv (and aggregate.csv). A value that is
 * NaN at some row is absent there (an empty cell): a metric may be measured at some rows only.
 *
 * @param column    the metrics.csv column (for a family of columns, their common prefix, e.g. "energy_")
 * @param label     the axis title's symbol or words ("‖π(W) − A‖_F")
 * @param unit      what the value counts or its plain name, shown in parentheses after the label ("" for none)
 * @param appliesTo whether a run with these facts has the metric (its column and its values)
 * @param source    how and where the value is computed
 * @param plot      which plots draw it
 * @param axis      its value axis
 * @param summary   its last row's value is a final metric of summary.csv and aggregate.csv
 */
public record Metric(String column, String label, String unit, Predicate<RunFacts> appliesTo, Source source,
                     Plot plot, Axis axis, boolean summary) {

    /** Where a metric's value comes from: its columns for a run, and its values at a row. */
    public sealed interface Source {
        /** The columns of a metric declared under {@code column}, for a run with these facts that has it. */
        default List<String> columns(String column, RunFacts facts) {
            return List.of(column);
        }

        /** Puts the values at the row into {@code out} under their columns; NaN values are left out. */
        default void measure(String column, RowContext row, RunFacts facts, Map<String, Double> out) {
        }

        /** Whether {@code name} is one of the columns declared under {@code column}. */
        default boolean names(String column, String name) {
            return name.equals(column);
        }
    }

    /** Computed per row on the driver from the row's context. */
    public record Driver(ToDoubleFunction<RowContext> value) implements Source {
        @Override
        public void measure(String column, RowContext row, RunFacts facts, Map<String, Double> out) {
            put(out, column, value.applyAsDouble(row));
        }
    }

    /** Summed in the pass by the kernel (its sums carry it), read from the pass's sums. */
    public record Pass(ToDoubleFunction<PassSums> value) implements Source {
        @Override
        public void measure(String column, RowContext row, RunFacts facts, Map<String, Double> out) {
            put(out, column, value.applyAsDouble(row.sums()));
        }
    }

    /**
     * A family of columns named from the run's facts (each starting with the declared column) and computed
     * together on the driver, one value per column.
     */
    public record Family(Function<RunFacts, List<String>> names, Function<RowContext, double[]> values)
            implements Source {
        @Override
        public List<String> columns(String column, RunFacts facts) {
            return names.apply(facts);
        }

        @Override
        public void measure(String column, RowContext row, RunFacts facts, Map<String, Double> out) {
            double[] v = values.apply(row);
            List<String> all = names.apply(facts);
            if (v.length != all.size()) {
                throw new IllegalStateException(column + ": " + v.length + " values for " + all.size() + " columns");
            }
            for (int j = 0; j < v.length; j++) put(out, all.get(j), v[j]);
        }

        @Override
        public boolean names(String column, String name) {
            return name.startsWith(column);
        }
    }

    /** Known once the next row is: row s's value from {@code of} at rows s and s + 1 (empty on the last row). */
    public record NextRow(String of, DoubleBinaryOperator value) implements Source {
    }

    /** A per-run result of an analysis over the whole curve (analysis.csv or summary.csv), never a metrics.csv column. */
    public record PerRun() implements Source {
        @Override
        public List<String> columns(String column, RunFacts facts) {
            return List.of();
        }
    }

    /** Which plots draw a metric: against the iteration s, or its final value against a swept grid key. */
    public enum Plot {
        NONE, AGAINST_ITERATION, AGAINST_GRID_KEY, BOTH;

        public boolean againstIteration() {
            return this == AGAINST_ITERATION || this == BOTH;
        }

        public boolean againstGridKey() {
            return this == AGAINST_GRID_KEY || this == BOTH;
        }
    }

    /** The value axis. */
    public enum Axis {
        /** Linear. */
        LINEAR,
        /** Logarithmic where the values are positive and span decades (errors, norms, losses). */
        LOG,
        /** A fraction: linear from 0 to 1. */
        FRACTION
    }

    /** The axis title: the label and, in parentheses, the unit. */
    public String title() {
        return unit.isEmpty() ? label : label + " (" + unit + ")";
    }

    /** Whether this declaration names {@code name}: its column, or one of its family's. */
    public boolean names(String name) {
        return source.names(column, name);
    }

    /** The metrics.csv columns this metric gives a run with these facts (none where it does not apply). */
    public List<String> columns(RunFacts facts) {
        return appliesTo.test(facts) ? source.columns(column, facts) : List.of();
    }

    /** Puts this metric's values at the row into {@code out}, under its columns, where the run has it. */
    void measure(RowContext row, RunFacts facts, Map<String, Double> out) {
        if (appliesTo.test(facts)) source.measure(column, row, facts, out);
    }

    private static void put(Map<String, Double> out, String column, double value) {
        if (!Double.isNaN(value)) out.put(column, value);
    }
}
