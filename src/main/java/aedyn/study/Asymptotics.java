package aedyn.study;

import aedyn.data.HadoopFiles;
import aedyn.metrics.MetricRegistry;
import aedyn.report.Csv;
import aedyn.report.AnalysisRow;
import aedyn.report.StudyResults;
import org.apache.hadoop.conf.Configuration;

import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * The large-sample analyses of a finished study directory, written to analysis.csv and returned as text
 * (README, "Asymptotics"). Only finished runs count.
 * <ul>
 *   <li>{@code sample-size}: for each combination of the other grid values, the least-squares slope of
 *       ln(final fro_error) against ln N (N = data.samples), with its 95 % interval, and the slope between the
 *       two largest N alone (where a floor shows as a slope near 0);</li>
 *   <li>{@code population}: the same for the final population_gradient_error, ||g - g_pop||_F / ||g_pop||_F
 *       (expected near -1/2 until paper 1's gamma term dominates);</li>
 *   <li>{@code contraction}: per run, the empirical per-step contraction fro(s+1)^2 / fro(s)^2 over the linear
 *       phase against 1 - tau_s, tau_s = zeta p_min (lambda_min - 2 delta_s^2) of Lemma 1 / Theorem 4, with
 *       delta_s = max_col_error(s) and lambda_min = 1 - delta_s^2 / 2 (unit columns: ||W_i - A_i||^2 = 2 - 2 lambda_i).</li>
 *   <li>{@code convergence} (SPEC section 7): per run, the linear-convergence rate, the least-squares slope of
 *       ln loss against s over the rows whose loss lies between 10 x its final value and 1/10 of its initial one,
 *       with its 95 % interval; the iterations to reach study.target-loss x the initial loss; the final movement.</li>
 *   <li>{@code phases} (SPEC section 7, paper 3): per run and eigen-block, the first iteration at which energy_j
 *       reaches half its final value, the order in which the blocks are learned, the final energy beside the
 *       closed form of the linear tied mean-field model ({@link #linearMeanFieldEnergy}), the PCA level of the
 *       block and the loss where the next block starts.</li>
 * </ul>
 */
public final class Asymptotics {
    public static final String FILE = "analysis.csv";
    /** The linear phase: rows whose next error is still this many times the run's final error. */
    static final double ABOVE_FLOOR = 10;

    private Asymptotics() {
    }

    /** analysis.csv's text and the same numbers for a terminal. */
    public record Result(String csv, String text) {
    }

    /** Computes the analysis {@code kind} of the study in {@code studyDir} and writes analysis.csv there. */
    public static Result analyze(String studyDir, Analysis kind, Configuration hadoop) throws IOException {
        StudyResults r = StudyResults.read(studyDir, hadoop);
        Result result = switch (kind) {
            case SAMPLE_SIZE -> slopes(r, MetricRegistry.FRO_ERROR.column(), Analysis.SAMPLE_SIZE.label());
            case POPULATION -> slopes(r, MetricRegistry.POPULATION_GRADIENT_ERROR.column(), Analysis.POPULATION.label());
            case CONTRACTION -> contraction(r);
            case CONVERGENCE -> convergence(r, targetLoss(r));
            case PAPER_CLAIMS -> PaperClaims.analyze(r);
            case PHASES -> PhasesAnalysis.phases(r);
            case NTK -> KernelAnalysis.analyze(r, hadoop);
            case NONE -> throw new IllegalArgumentException("study.analysis = none computes nothing; one of "
                    + String.join(", ", Analysis.names().subList(1, Analysis.names().size())));
        };
        HadoopFiles.writeText(studyDir + "/" + FILE, hadoop, result.csv());
        return result;
    }

    static Result slopes(StudyResults r, String metric, String kind) {
        String x = "data.samples";
        if (!r.gridKeys().contains(x)) throw new IllegalArgumentException("the study does not sweep " + x);
        List<String> others = new ArrayList<>(r.gridKeys());
        others.remove(x);
        Map<List<String>, List<double[]>> groups = new LinkedHashMap<>();
        for (int i = 0; i < r.runs().size(); i++) {
            StudyResults.Run run = r.runs().get(i);
            List<String> key = others.stream().map(k -> run.grid().get(k)).toList();
            List<double[]> points = groups.computeIfAbsent(key, k -> new ArrayList<>());
            if (!run.status().finished() || !r.summary().has(metric)) continue;
            double n = Csv.toDouble(run.grid().get(x));
            double y = Csv.toDouble(r.summary().cell(i, metric));
            if (n > 0 && y > 0 && Double.isFinite(y)) points.add(new double[] {n, y});
        }
        List<String> header = new ArrayList<>(others);
        header.addAll(List.of("metric", "points", "samples_min", "samples_max", "value_at_min", "value_at_max",
                "slope", "slope_ci95_low", "slope_ci95_high", "r2", "slope_top_decade"));
        StringBuilder csv = new StringBuilder(String.join(",", header)).append('\n');
        StringBuilder text = new StringBuilder(String.format(Locale.ROOT,
                "%s: final %s against N = data.samples, least-squares slope of ln(%s) on ln N%n", kind, metric, metric));
        for (Map.Entry<List<String>, List<double[]>> g : groups.entrySet()) {
            List<double[]> pts = g.getValue();
            List<String> cells = new ArrayList<>(g.getKey().stream().map(Summary::csvText).toList());
            String label = label(others, g.getKey());
            if (pts.stream().mapToDouble(p -> p[0]).distinct().count() < 2) {
                text.append("  ").append(label).append(": fewer than two sample sizes finished, no slope\n");
                continue;
            }
            double[] lx = pts.stream().mapToDouble(p -> Math.log(p[0])).toArray();
            double[] ly = pts.stream().mapToDouble(p -> Math.log(p[1])).toArray();
            Stats.Line line = Stats.fit(lx, ly);
            double nMin = pts.stream().mapToDouble(p -> p[0]).min().orElseThrow();
            double nMax = pts.stream().mapToDouble(p -> p[0]).max().orElseThrow();
            double nBelow = pts.stream().mapToDouble(p -> p[0]).filter(v -> v < nMax).max().orElseThrow();
            double yMin = geometricMean(pts, nMin);
            double yMax = geometricMean(pts, nMax);
            double top = Math.log(yMax / geometricMean(pts, nBelow)) / Math.log(nMax / nBelow);
            cells.addAll(List.of(metric, Integer.toString(line.points()), num(nMin), num(nMax), num(yMin), num(yMax),
                    num(line.slope()), num(line.slopeLow()), num(line.slopeHigh()), num(line.r2()), num(top)));
            csv.append(String.join(",", cells)).append('\n');
            text.append(String.format(Locale.ROOT,
                    "  %s: slope %.3f (95%% CI %.3f .. %.3f, R^2 %.3f, %d runs), %s %.3g at N = %.0f -> %.3g at N = %.0f;"
                            + " slope over the last step in N %.3f%n",
                    label, line.slope(), line.slopeLow(), line.slopeHigh(), line.r2(), line.points(), metric, yMin, nMin,
                    yMax, nMax, top));
        }
        return new Result(csv.toString(), text.toString());
    }

    static Result contraction(StudyResults r) {
        List<String> columns = List.of("zeta", "p_min", "first_row", "last_row", "rows", "empirical_contraction",
                "contraction_min", "contraction_max", "one_minus_tau", "one_minus_tau_min", "one_minus_tau_max",
                "rows_within_bound");
        List<AnalysisRow> rows = new ArrayList<>();
        StringBuilder text = new StringBuilder(String.format(Locale.ROOT,
                "contraction: fro(s+1)^2/fro(s)^2 in the linear phase (fro(s+1) >= %.0f x final) against 1 - tau_s,"
                        + " tau_s = zeta p (lambda - 2 delta_s^2)%n", ABOVE_FLOOR));
        for (StudyResults.Run run : r.runs()) {
            if (!run.status().finished()) continue;
            Optional<Double> zetaValue = run.manifest(m -> m.training().learningRate());
            Optional<Double> pValue = run.manifest(m -> m.training().activationProbabilityMin());
            if (zetaValue.isEmpty() || pValue.isEmpty()) continue;
            double zeta = zetaValue.get();
            double p = pValue.get();
            Phase ph = Phase.of(run.metrics().doubles(MetricRegistry.FRO_ERROR.column()),
                    run.metrics().doubles(MetricRegistry.MAX_COL_ERROR.column()), zeta, p);
            rows.add(AnalysisRow.of(run, columns, List.of(num(zeta), num(p), Integer.toString(ph.first()),
                    Integer.toString(ph.last()), Integer.toString(ph.rows()), num(ph.empirical()), num(ph.contractionMin()),
                    num(ph.contractionMax()), num(ph.oneMinusTau()), num(ph.oneMinusTauMin()), num(ph.oneMinusTauMax()),
                    Integer.toString(ph.withinBound()))));
            text.append(ph.rows() == 0
                    ? String.format(Locale.ROOT, "  %s: no linear phase (the error starts within %.0f x its final value)%n",
                    run.gridLabel().isEmpty() ? run.name() : run.gridLabel(), ABOVE_FLOOR)
                    : String.format(Locale.ROOT,
                    "  %s: rows %d..%d, empirical %.4f (min %.4f, max %.4f) vs 1 - tau %.4f (%.4f .. %.4f); within the bound at %d of %d rows%n",
                    run.gridLabel().isEmpty() ? run.name() : run.gridLabel(), ph.first(), ph.last(), ph.empirical(),
                    ph.contractionMin(), ph.contractionMax(), ph.oneMinusTau(), ph.oneMinusTauMin(), ph.oneMinusTauMax(),
                    ph.withinBound(), ph.rows()));
        }
        return new Result(AnalysisRow.csv(r.gridKeys(), columns, rows), text.toString());
    }

    /**
     * The linear phase of one learning curve: rows s < T with fro(s+1) >= ABOVE_FLOOR fro(T). The empirical
     * contraction is the geometric mean of fro(s+1)^2 / fro(s)^2 over them; 1 - tau_s is averaged likewise
     * (arithmetically).
     */
    record Phase(int first, int last, int rows, double empirical, double contractionMin, double contractionMax,
                 double oneMinusTau, double oneMinusTauMin, double oneMinusTauMax, int withinBound) {

        static Phase of(double[] fro, double[] maxCol, double zeta, double p) {
            int t = fro.length - 1;
            double floor = fro[t];
            int first = -1;
            int last = -1;
            double logSum = 0;
            double tauSum = 0;
            double cMin = Double.POSITIVE_INFINITY;
            double cMax = Double.NEGATIVE_INFINITY;
            double tMin = Double.POSITIVE_INFINITY;
            double tMax = Double.NEGATIVE_INFINITY;
            int rows = 0;
            int within = 0;
            for (int s = 0; s < t; s++) {
                if (!(fro[s + 1] >= ABOVE_FLOOR * floor)) continue;
                if (first < 0) first = s;
                last = s;
                double c = (fro[s + 1] * fro[s + 1]) / (fro[s] * fro[s]);
                double oneMinusTau = Asymptotics.oneMinusTau(zeta, p, maxCol[s]);
                logSum += Math.log(c);
                tauSum += oneMinusTau;
                cMin = Math.min(cMin, c);
                cMax = Math.max(cMax, c);
                tMin = Math.min(tMin, oneMinusTau);
                tMax = Math.max(tMax, oneMinusTau);
                rows++;
                if (c <= oneMinusTau) within++;
            }
            if (rows == 0) return new Phase(-1, -1, 0, Double.NaN, Double.NaN, Double.NaN, Double.NaN, Double.NaN, Double.NaN, 0);
            return new Phase(first, last, rows, Math.exp(logSum / rows), cMin, cMax, tauSum / rows, tMin, tMax, within);
        }
    }

    /** study.target-loss of the study's own study.conf (the default of reference.conf when it has none). */
    static double targetLoss(StudyResults r) {
        com.typesafe.config.Config c = com.typesafe.config.ConfigFactory.parseString(r.config())
                .withFallback(com.typesafe.config.ConfigFactory.defaultReference());
        return c.getDouble("study.target-loss");
    }

    static Result convergence(StudyResults r, double target) {
        // the per-run results the report plots are the registry's columns (MetricRegistry.RATE, ...)
        String rate = MetricRegistry.RATE.column();
        List<String> columns = List.of("width", MetricRegistry.INITIAL_LOSS.column(), MetricRegistry.INITIAL_OUTPUT_NORM.column(),
                "final_loss", "window_first", "window_last", rate, rate + "_ci95_low", rate + "_ci95_high",
                "loss_factor_per_iteration", "target_loss_ratio", MetricRegistry.ITERATIONS_TO_TARGET.column(),
                MetricRegistry.ENCODER_MOVEMENT.column(), MetricRegistry.DECODER_MOVEMENT.column());
        List<AnalysisRow> rows = new ArrayList<>();
        StringBuilder text = new StringBuilder(String.format(Locale.ROOT,
                "convergence: slope of ln loss on s where loss is within [10 x final, initial / 10];"
                        + " iterations to loss <= %.3g x initial%n", target));
        for (StudyResults.Run run : r.runs()) {
            String loss = MetricRegistry.LOSS.column();
            String encoder = MetricRegistry.ENCODER_MOVEMENT.column();
            String decoder = MetricRegistry.DECODER_MOVEMENT.column();
            String outputNorm = MetricRegistry.OUTPUT_NORM.column();
            if (!run.status().finished() || !run.metrics().has(loss)) continue;
            Convergence c = Convergence.of(run.metrics().doubles(loss), target);
            double[] enc = run.metrics().has(encoder) ? run.metrics().doubles(encoder) : new double[0];
            double[] dec = run.metrics().has(decoder) ? run.metrics().doubles(decoder) : new double[0];
            Optional<Integer> width = run.manifest(m -> m.training().width());
            double outputNorm0 = run.metrics().has(outputNorm) ? run.metrics().doubles(outputNorm)[0] : Double.NaN;
            rows.add(AnalysisRow.of(run, columns, List.of(width.map(Object::toString).orElse(""), num(c.initial()), num(outputNorm0), num(c.last()),
                    Integer.toString(c.first()), Integer.toString(c.lastRow()), num(c.rate()), num(c.rateLow()),
                    num(c.rateHigh()), num(Math.exp(c.rate())), num(target),
                    c.toTarget() < 0 ? "" : Integer.toString(c.toTarget()),
                    num(enc.length == 0 ? Double.NaN : enc[enc.length - 1]),
                    num(dec.length == 0 ? Double.NaN : dec[dec.length - 1]))));
            text.append(String.format(Locale.ROOT, "  %s: rate %.4g per iteration (95%% CI %.4g .. %.4g, rows %d..%d), %s%n",
                    run.gridLabel().isEmpty() ? run.name() : run.gridLabel(), c.rate(), c.rateLow(), c.rateHigh(),
                    c.first(), c.lastRow(), c.toTarget() < 0 ? "target not reached" : "target at s = " + c.toTarget()));
        }
        return new Result(AnalysisRow.csv(r.gridKeys(), columns, rows), text.toString());
    }

    /**
     * The linear convergence of one learning curve (SPEC section 7): ln loss(s) fitted by a line over the rows with
     * 10 x final <= loss(s) <= initial / 10; {@code toTarget} is the first s with loss(s) <= target x loss(0), -1 if none.
     */
    record Convergence(double initial, double last, int first, int lastRow, double rate, double rateLow,
                       double rateHigh, int toTarget) {

        static Convergence of(double[] loss, double target) {
            double initial = loss[0];
            double last = loss[loss.length - 1];
            List<double[]> window = new ArrayList<>();
            int toTarget = -1;
            for (int s = 0; s < loss.length; s++) {
                if (toTarget < 0 && loss[s] <= target * initial) toTarget = s;
                if (loss[s] > 0 && loss[s] >= ABOVE_FLOOR * last && loss[s] <= initial / ABOVE_FLOOR) window.add(new double[] {s, loss[s]});
            }
            if (window.size() < 2) {
                return new Convergence(initial, last, -1, -1, Double.NaN, Double.NaN, Double.NaN, toTarget);
            }
            Stats.Line line = Stats.fit(window.stream().mapToDouble(p -> p[0]).toArray(),
                    window.stream().mapToDouble(p -> Math.log(p[1])).toArray());
            return new Convergence(initial, last, (int) window.get(0)[0], (int) window.get(window.size() - 1)[0],
                    line.slope(), line.slopeLow(), line.slopeHigh(), toTarget);
        }
    }

    /** 1 - tau with tau = zeta p (lambda - 2 delta^2), lambda = 1 - delta^2 / 2 (Lemma 1, Theorem 4 (i)). */
    static double oneMinusTau(double zeta, double p, double delta) {
        double lambda = 1 - delta * delta / 2;
        return 1 - zeta * p * (lambda - 2 * delta * delta);
    }

    private static double geometricMean(List<double[]> pts, double n) {
        double s = 0;
        int c = 0;
        for (double[] p : pts) {
            if (p[0] == n) {
                s += Math.log(p[1]);
                c++;
            }
        }
        return Math.exp(s / c);
    }

    /** "key=value, key=value" for the text of an analysis; "all runs" without keys. */
    static String label(List<String> keys, List<String> values) {
        if (keys.isEmpty()) return "all runs";
        List<String> parts = new ArrayList<>();
        for (int i = 0; i < keys.size(); i++) parts.add(keys.get(i) + "=" + values.get(i));
        return String.join(", ", parts);
    }

    private static String num(double v) {
        return MetricColumns.cell(v);
    }
}
