package aedyn.metrics;

import aedyn.data.Matrices;
import aedyn.metrics.Metric.Axis;
import aedyn.metrics.Metric.Driver;
import aedyn.metrics.Metric.Family;
import aedyn.metrics.Metric.NextRow;
import aedyn.metrics.Metric.Pass;
import aedyn.metrics.Metric.PerRun;
import aedyn.metrics.Metric.Plot;
import aedyn.model.PassSums;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Every metric of a learning curve (SPEC sections 4 and 7) and every per-run result the plots draw, each declared
 * once, in metrics.csv's column order. The loop measures what applies to a run, metrics.csv has exactly those
 * columns, and summary.csv, the plots' labels and lists and the analyses read the same declarations. Adding a
 * driver-side metric is one entry here (and its test).
 */
public final class MetricRegistry {
    private MetricRegistry() {
    }

    public static final Metric LOSS = new Metric("loss", "loss ½‖y − ŷ‖²", "mean over samples", f -> true,
            new Driver(r -> r.sums().meanLoss()), Plot.BOTH, Axis.LOG, true);
    public static final Metric OBJECTIVE = new Metric("objective", "objective: loss + (λ₂/2)(‖U‖²_F + ‖V‖²_F)", "",
            RunFacts::general, new Driver(r -> r.sums().meanLoss() + 0.5 * r.inputs().l2() * r.theta().squaredNorm()),
            Plot.NONE, Axis.LOG, true);
    public static final Metric OUTPUT_NORM = new Metric("output_norm", "‖ŷ‖", "output scale, root mean square",
            f -> f.general() && f.model().outputNorm(), new Pass(PassSums::outputNorm), Plot.NONE, Axis.LOG, true);
    public static final Metric FRO_ERROR = new Metric("fro_error", "‖π(W) − A‖_F", "", f -> f.data().matchesAtoms(),
            new Driver(r -> r.recovery().froError()), Plot.BOTH, Axis.LOG, true);
    public static final Metric MAX_COL_ERROR = new Metric("max_col_error", "max_i ‖π(W)_i − A_i‖₂", "",
            f -> f.data().matchesAtoms(), new Driver(r -> r.recovery().maxColumnError()), Plot.AGAINST_GRID_KEY, Axis.LOG, true);
    public static final Metric SPECTRAL_RATIO = new Metric("spectral_ratio", "‖π(W) − A‖₂ / ‖A‖₂", "",
            f -> f.data().matchesAtoms(), new Driver(r -> r.recovery().spectralRatio()), Plot.NONE, Axis.LOG, true);
    public static final Metric SUPPORT_RECOVERY = new Metric("support_recovery", "support recovery",
            "fraction of samples", MetricRegistry::supportDefined, new Pass(PassSums::supportRecovery), Plot.BOTH,
            Axis.FRACTION, true);
    public static final Metric SIGN_RECOVERY = new Metric("sign_recovery", "sign recovery", "fraction of samples",
            f -> supportDefined(f) && f.data().signInvariant(), new Pass(PassSums::signRecovery), Plot.NONE, Axis.FRACTION,
            true);
    /** fro_error(s+1)² / fro_error(s)² (SPEC section 4; Theorem 4 predicts at most 1 − τ near A). */
    public static final Metric CONTRACTION = new Metric("contraction", "fro_error(s+1)² / fro_error(s)²", "",
            f -> f.data().matchesAtoms(), new NextRow("fro_error", (now, next) -> (next * next) / (now * now)), Plot.NONE,
            Axis.LINEAR, false);
    public static final Metric BIAS_MEAN = new Metric("bias_mean", "mean bias b̄", "", f -> true,
            new Driver(r -> Matrices.mean(r.theta().b())), Plot.NONE, Axis.LINEAR, true);
    /** ‖G‖_F over every trained parameter (SPEC section 7). */
    public static final Metric GRAD_NORM = new Metric("grad_norm", "‖g‖_F", "gradient norm", f -> true,
            new Driver(r -> r.trained(r.gradient()).norm()), Plot.NONE, Axis.LOG, true);
    /**
     * ‖θ‖_F over the same trained parameters as grad_norm: near ‖θ⁰‖_F in paper 2's lazy regime, bounded by l2 and
     * growing with the width's scale in paper 3's mean-field runs (not in paper 1's protocol, whose columns stay its own).
     */
    public static final Metric WEIGHT_NORM = new Metric("weight_norm", "‖θ‖_F", "norm of the trained weights",
            RunFacts::general, new Driver(r -> r.trained(r.theta()).norm()), Plot.AGAINST_GRID_KEY, Axis.LOG, true);
    public static final Metric POPULATION_GRADIENT_ERROR = new Metric("population_gradient_error",
            "‖g − g_pop‖_F / ‖g_pop‖_F", "", f -> f.data().matchesAtoms() && f.measured().populationGradient(),
            new Driver(MetricRegistry::populationGradientError), Plot.AGAINST_GRID_KEY, Axis.LOG, true);
    /** energy_1 .. energy_J, energy_rest = ‖P_j W‖²_F / m (SPEC section 7), drawn by the subspace plots. */
    public static final Metric ENERGY = new Metric("energy_", "energy_j = ‖P_j W‖²_F / m", "",
            f -> f.data().energyBlocks() > 0, new Family(f -> SubspaceEnergy.columns(f.data().energyBlocks()),
            r -> SubspaceEnergy.energies(r.theta().encoder(), r.n(), r.m(), r.inputs().energyBlocks())),
            Plot.NONE, Axis.LINEAR, true);
    public static final Metric ENCODER_MOVEMENT = new Metric("encoder_movement", "‖V − V⁰‖_F / ‖V⁰‖_F",
            "encoder movement", RunFacts::general,
            new Driver(r -> Matrices.relativeDistance(r.theta().v(), r.initial().v())), Plot.AGAINST_GRID_KEY, Axis.LOG,
            true);
    public static final Metric DECODER_MOVEMENT = new Metric("decoder_movement", "‖U − U⁰‖_F / ‖U⁰‖_F",
            "decoder movement", f -> f.general() && !f.model().tied(),
            new Driver(r -> Matrices.relativeDistance(r.theta().u(), r.initial().u())), Plot.AGAINST_GRID_KEY, Axis.LOG,
            true);
    // the tangent kernel on the probe (SPEC 8.1), at the rows metrics.ntk-every picks; T is always one of them
    public static final Metric KERNEL_LAMBDA_MIN = new Metric("kernel_lambda_min", "λ_min(K)",
            "tangent kernel on the probe", f -> f.measured().kernelProbe(),
            new Driver(r -> r.kernelValue(RowContext.KernelRow::lambdaMin)), Plot.NONE, Axis.LOG, true);
    public static final Metric KERNEL_LAMBDA_MAX = new Metric("kernel_lambda_max", "λ_max(K)",
            "tangent kernel on the probe", f -> f.measured().kernelProbe(),
            new Driver(r -> r.kernelValue(RowContext.KernelRow::lambdaMax)), Plot.NONE, Axis.LOG, true);
    public static final Metric KERNEL_DRIFT = new Metric("kernel_drift", "‖K(s) − K(0)‖_F / ‖K(0)‖_F",
            "kernel drift", f -> f.measured().kernelProbe(), new Driver(r -> r.kernelValue(RowContext.KernelRow::drift)),
            Plot.AGAINST_GRID_KEY, Axis.LOG, true);
    public static final Metric SECONDS = new Metric("seconds", "wall time of the iteration", "s", f -> true,
            new Driver(r -> (System.nanoTime() - r.startNanos()) / 1e9), Plot.NONE, Axis.LINEAR, false);

    // per-run results of the analyses (SPEC section 7), drawn against swept keys
    public static final Metric RATE = perRun("rate", "linear rate: slope of ln loss per iteration", "", Axis.LINEAR);
    public static final Metric ITERATIONS_TO_TARGET = perRun("iterations_to_target", "iterations to the target loss",
            "", Axis.LINEAR);
    public static final Metric INITIAL_LOSS = perRun("initial_loss", "loss at s = 0", "", Axis.LOG);
    public static final Metric INITIAL_OUTPUT_NORM = perRun("initial_output_norm", "‖ŷ‖ at s = 0", "output scale",
            Axis.LOG);
    // per-run results of study.analysis = ntk (SPEC 8), drawn against the width
    public static final Metric KERNEL_LAMBDA_MIN_0 = perRun("kernel_lambda_min_0", "λ_min(K(0))",
            "tangent kernel at s = 0", Axis.LOG);
    public static final Metric KERNEL_LAMBDA_MAX_0 = perRun("kernel_lambda_max_0", "λ_max(K(0))",
            "tangent kernel at s = 0", Axis.LOG);
    public static final Metric INFINITE_LAMBDA_MIN = perRun("infinite_lambda_min", "λ_min(K∞)",
            "infinite-width kernel", Axis.LOG);
    public static final Metric PREDICTED_RATE = perRun("predicted_rate", "rate predicted by K∞: 2 ln|1 − η λ_min / N|",
            "", Axis.LINEAR);
    public static final Metric PREDICTION_RATE = perRun("prediction_rate",
            "slope of ln predicted_loss over s ≥ T/2 (K∞)", "", Axis.LINEAR);
    public static final Metric FUNCTION_GAP = perRun("function_gap", "‖f(θ_T) − f_lin(θ'_T)‖_F / ‖Y − f(θ⁰)‖_F",
            "gap to the linearized twin", Axis.LOG);
    public static final Metric WALL_SECONDS = new Metric("wall_seconds", "wall time", "s", f -> false, new PerRun(),
            Plot.NONE, Axis.LINEAR, false);

    /** Every declaration, metrics.csv's columns first in their order, then the per-run results. */
    public static final List<Metric> ALL = List.of(LOSS, OBJECTIVE, OUTPUT_NORM, FRO_ERROR, MAX_COL_ERROR,
            SPECTRAL_RATIO, SUPPORT_RECOVERY, SIGN_RECOVERY, CONTRACTION, BIAS_MEAN, GRAD_NORM, WEIGHT_NORM,
            POPULATION_GRADIENT_ERROR, ENERGY, ENCODER_MOVEMENT, DECODER_MOVEMENT, KERNEL_LAMBDA_MIN, KERNEL_LAMBDA_MAX,
            KERNEL_DRIFT, SECONDS,
            RATE, ITERATIONS_TO_TARGET, INITIAL_LOSS, INITIAL_OUTPUT_NORM, KERNEL_LAMBDA_MIN_0, KERNEL_LAMBDA_MAX_0, INFINITE_LAMBDA_MIN,
            PREDICTED_RATE, PREDICTION_RATE, FUNCTION_GAP, WALL_SECONDS);

    private static Metric perRun(String column, String label, String unit, Axis axis) {
        return new Metric(column, label, unit, f -> false, new PerRun(), Plot.AGAINST_GRID_KEY, axis, false);
    }

    /** A hidden unit's support is defined for a piecewise-linear sigma; it needs A matched and the true codes. */
    private static boolean supportDefined(RunFacts f) {
        return f.data().matchesAtoms() && f.data().codesKnown() && f.model().piecewiseLinear();
    }

    /** ‖g^s − g_pop‖_F / ‖g_pop‖_F against paper 1's expected gradient of the mixture (README, metrics.csv). */
    private static double populationGradientError(RowContext r) {
        return PopulationGradient.relativeError(r.gradient().v(), PopulationGradient.mixture(r.inputs().truth().a(),
                r.theta().v(), r.theta().b(), r.inputs().componentWeights(), r.n(), r.m(), r.matching()));
    }

    /** The metrics.csv columns of a run with these facts, in order (iteration, which is no metric, comes first). */
    public static List<String> columns(RunFacts facts) {
        List<String> out = new ArrayList<>();
        for (Metric metric : ALL) out.addAll(metric.columns(facts));
        return List.copyOf(out);
    }

    /** Row s's values of every metric the run has but those known only at the next row; NaN values are absent. */
    public static Map<String, Double> measure(RunFacts facts, RowContext row) {
        Map<String, Double> out = new LinkedHashMap<>();
        for (Metric metric : ALL) metric.measure(row, facts, out);
        return out;
    }

    /** The values of row s known once row s + 1 is (contraction), from both rows' values. */
    public static Map<String, Double> fromNextRow(RunFacts facts, Map<String, Double> now, Map<String, Double> next) {
        Map<String, Double> out = new LinkedHashMap<>();
        for (Metric metric : ALL) {
            if (metric.source() instanceof NextRow nr && metric.appliesTo().test(facts)) {
                Double a = now.get(nr.of());
                Double b = next.get(nr.of());
                double v = a == null || b == null ? Double.NaN : nr.value().applyAsDouble(a, b);
                if (!Double.isNaN(v)) out.put(metric.column(), v);
            }
        }
        return out;
    }

    /** The declaration of a column (or of a family's column, such as energy_2), if any. */
    public static Optional<Metric> of(String column) {
        return ALL.stream().filter(m -> m.names(column)).findFirst();
    }

    /** The axis title of a column: its declaration's, else the column itself. */
    public static String title(String column) {
        return of(column).map(Metric::title).orElse(column);
    }

    /** The columns drawn against the iteration s, in order. */
    public static List<String> againstIteration() {
        return ALL.stream().filter(m -> m.plot().againstIteration()).map(Metric::column).toList();
    }

    /** The final metrics and per-run results drawn against each swept grid key, in order. */
    public static List<String> againstGridKey() {
        return ALL.stream().filter(m -> m.plot().againstGridKey()).map(Metric::column).toList();
    }

    /** Whether a column's axis may be logarithmic (where its values are positive and span decades). */
    public static boolean logAxis(String column) {
        return of(column).map(m -> m.axis() == Axis.LOG).orElse(false);
    }

    /** Whether a column is a fraction, drawn from 0 to 1. */
    public static boolean fraction(String column) {
        return of(column).map(m -> m.axis() == Axis.FRACTION).orElse(false);
    }

    /** Whether a metrics.csv column's last value is a final metric of summary.csv (and aggregate.csv). */
    public static boolean inSummary(String column) {
        return of(column).map(Metric::summary).orElse(true);
    }
}
