package aedyn.study;

import aedyn.config.DataModel;
import aedyn.metrics.MetricRegistry;
import aedyn.model.Activation;
import aedyn.model.ModelSpec;
import aedyn.model.Scale;
import aedyn.report.Csv;
import aedyn.report.StudyResults;
import org.apache.hadoop.conf.Configuration;

import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

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
    public static Result analyze(String studyDir, String kind, Configuration hadoop) throws IOException {
        StudyResults r = StudyResults.read(studyDir, hadoop);
        Result result = switch (Analysis.named(kind)) {
            case SAMPLE_SIZE -> slopes(r, MetricRegistry.FRO_ERROR.column(), "sample-size");
            case POPULATION -> slopes(r, MetricRegistry.POPULATION_GRADIENT_ERROR.column(), "population");
            case CONTRACTION -> contraction(r);
            case CONVERGENCE -> convergence(r, targetLoss(r));
            case PAPER_CLAIMS -> PaperClaims.analyze(r);
            case PHASES -> phases(r);
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
            if (!"finished".equals(run.status()) || !r.summary().has(metric)) continue;
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
        List<String> header = new ArrayList<>(List.of("run"));
        header.addAll(r.gridKeys());
        header.addAll(List.of("zeta", "p_min", "first_row", "last_row", "rows", "empirical_contraction",
                "contraction_min", "contraction_max", "one_minus_tau", "one_minus_tau_min", "one_minus_tau_max",
                "rows_within_bound"));
        StringBuilder csv = new StringBuilder(String.join(",", header)).append('\n');
        StringBuilder text = new StringBuilder(String.format(Locale.ROOT,
                "contraction: fro(s+1)^2/fro(s)^2 in the linear phase (fro(s+1) >= %.0f x final) against 1 - tau_s,"
                        + " tau_s = zeta p (lambda - 2 delta_s^2)%n", ABOVE_FLOOR));
        for (StudyResults.Run run : r.runs()) {
            if (!"finished".equals(run.status())) continue;
            Object zetaValue = run.info().get("learning_rate");
            Object pValue = run.info().get("activation_probability_min");
            if (!(zetaValue instanceof Number) || !(pValue instanceof Number)) continue;
            double zeta = ((Number) zetaValue).doubleValue();
            double p = ((Number) pValue).doubleValue();
            Phase ph = Phase.of(run.metrics().doubles(MetricRegistry.FRO_ERROR.column()),
                    run.metrics().doubles(MetricRegistry.MAX_COL_ERROR.column()), zeta, p);
            List<String> cells = new ArrayList<>(List.of(Summary.csvText(run.name())));
            for (String k : r.gridKeys()) cells.add(Summary.csvText(run.grid().get(k)));
            cells.addAll(List.of(num(zeta), num(p), Integer.toString(ph.first()), Integer.toString(ph.last()),
                    Integer.toString(ph.rows()), num(ph.empirical()), num(ph.contractionMin()), num(ph.contractionMax()),
                    num(ph.oneMinusTau()), num(ph.oneMinusTauMin()), num(ph.oneMinusTauMax()),
                    Integer.toString(ph.withinBound())));
            csv.append(String.join(",", cells)).append('\n');
            text.append(ph.rows() == 0
                    ? String.format(Locale.ROOT, "  %s: no linear phase (the error starts within %.0f x its final value)%n",
                    run.gridLabel().isEmpty() ? run.name() : run.gridLabel(), ABOVE_FLOOR)
                    : String.format(Locale.ROOT,
                    "  %s: rows %d..%d, empirical %.4f (min %.4f, max %.4f) vs 1 - tau %.4f (%.4f .. %.4f); within the bound at %d of %d rows%n",
                    run.gridLabel().isEmpty() ? run.name() : run.gridLabel(), ph.first(), ph.last(), ph.empirical(),
                    ph.contractionMin(), ph.contractionMax(), ph.oneMinusTau(), ph.oneMinusTauMin(), ph.oneMinusTauMax(),
                    ph.withinBound(), ph.rows()));
        }
        return new Result(csv.toString(), text.toString());
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
        List<String> header = new ArrayList<>(List.of("run"));
        header.addAll(r.gridKeys());
        header.addAll(List.of("width", "initial_loss", "initial_output_norm", "final_loss", "window_first", "window_last", "rate",
                "rate_ci95_low", "rate_ci95_high", "loss_factor_per_iteration", "target_loss_ratio",
                "iterations_to_target", MetricRegistry.ENCODER_MOVEMENT.column(), MetricRegistry.DECODER_MOVEMENT.column()));
        StringBuilder csv = new StringBuilder(String.join(",", header)).append('\n');
        StringBuilder text = new StringBuilder(String.format(Locale.ROOT,
                "convergence: slope of ln loss on s where loss is within [10 x final, initial / 10];"
                        + " iterations to loss <= %.3g x initial%n", target));
        for (StudyResults.Run run : r.runs()) {
            String loss = MetricRegistry.LOSS.column();
            String encoder = MetricRegistry.ENCODER_MOVEMENT.column();
            String decoder = MetricRegistry.DECODER_MOVEMENT.column();
            String outputNorm = MetricRegistry.OUTPUT_NORM.column();
            if (!"finished".equals(run.status()) || !run.metrics().has(loss)) continue;
            Convergence c = Convergence.of(run.metrics().doubles(loss), target);
            double[] enc = run.metrics().has(encoder) ? run.metrics().doubles(encoder) : new double[0];
            double[] dec = run.metrics().has(decoder) ? run.metrics().doubles(decoder) : new double[0];
            Object width = run.info().get("width");
            List<String> cells = new ArrayList<>(List.of(Summary.csvText(run.name())));
            for (String k : r.gridKeys()) cells.add(Summary.csvText(run.grid().get(k)));
            double outputNorm0 = run.metrics().has(outputNorm) ? run.metrics().doubles(outputNorm)[0] : Double.NaN;
            cells.addAll(List.of(width == null ? "" : width.toString(), num(c.initial()), num(outputNorm0), num(c.last()),
                    Integer.toString(c.first()), Integer.toString(c.lastRow()), num(c.rate()), num(c.rateLow()),
                    num(c.rateHigh()), num(Math.exp(c.rate())), num(target),
                    c.toTarget() < 0 ? "" : Integer.toString(c.toTarget()),
                    num(enc.length == 0 ? Double.NaN : enc[enc.length - 1]),
                    num(dec.length == 0 ? Double.NaN : dec[dec.length - 1])));
            csv.append(String.join(",", cells)).append('\n');
            text.append(String.format(Locale.ROOT, "  %s: rate %.4g per iteration (95%% CI %.4g .. %.4g, rows %d..%d), %s%n",
                    run.gridLabel().isEmpty() ? run.name() : run.gridLabel(), c.rate(), c.rateLow(), c.rateHigh(),
                    c.first(), c.lastRow(), c.toTarget() < 0 ? "target not reached" : "target at s = " + c.toTarget()));
        }
        return new Result(csv.toString(), text.toString());
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

    /** A block counts as learned when its final energy per dimension is at least this share of the largest block's. */
    static final double LEARNED_SHARE = 0.1;
    /** The next block has started when its energy first reaches this share of its final value. */
    static final double ONSET = 0.01;

    /**
     * The phases of subspace learning (paper 3): one row per run and eigen-block (energy_1 .. energy_J, energy_rest).
     * half_energy_iteration is the first s with energy_j(s) >= energy_j(T) / 2, half_energy_time = zeta s (the
     * mean-field time); a block is learned when its energy at least doubled and its final energy per dimension is at
     * least {@link #LEARNED_SHARE} of the largest block's; order ranks the learned blocks by half-energy iteration and
     * in_order says whether that ranking follows the eigenvalues (block 1 first). closed_form_energy is the long-run
     * energy of the linear tied mean-field model under gradient flow with l2 (README, "Paper 3"), given for Gaussian
     * data, whose blocks each hold one eigenvalue. pca_level is the loss of the best projection onto blocks 1..j
     * (SPEC section 7; 0 for the rest), loss_at_next_onset the loss when the next block first reaches
     * {@link #ONSET} of its final energy (the plateau after block j; the final loss for the last learned block).
     */
    static Result phases(StudyResults r) {
        List<String> header = new ArrayList<>(List.of("run"));
        header.addAll(r.gridKeys());
        header.addAll(List.of("block", "dim", "eigenvalue", "width", "l2", "kappa", "initial_energy", "final_energy",
                "final_energy_per_dim", "closed_form_energy", "half_energy_iteration", "half_energy_time", "learned",
                "order", "in_order", "pca_level", "loss_at_next_onset", "final_loss"));
        StringBuilder csv = new StringBuilder(String.join(",", header)).append('\n');
        StringBuilder text = new StringBuilder("phases: per eigen-block, the first iteration with energy_j >= half its final"
                + " value (t = zeta s); final energies against the closed form of the linear tied mean-field model\n");
        for (StudyResults.Run run : r.runs()) {
            if (!"finished".equals(run.status())) continue;
            List<String> blocks = run.metrics().header().stream().filter(MetricRegistry.ENERGY::names).toList();
            if (blocks.isEmpty() || !run.metrics().has(MetricRegistry.LOSS.column()) || run.metrics().size() == 0) continue;
            RunPhases ph = RunPhases.of(run, blocks);
            String label = run.gridLabel().isEmpty() ? run.name() : run.gridLabel();
            StringBuilder line = new StringBuilder("  ").append(label).append(":");
            for (int j = 0; j < blocks.size(); j++) {
                BlockPhase b = ph.blocks().get(j);
                List<String> cells = new ArrayList<>(List.of(Summary.csvText(run.name())));
                for (String k : r.gridKeys()) cells.add(Summary.csvText(run.grid().get(k)));
                cells.addAll(List.of(b.name(), Integer.toString(b.dim()), num(b.eigenvalue()), Integer.toString(ph.width()),
                        num(ph.l2()), num(ph.kappa()), num(b.initial()), num(b.last()), num(b.last() / b.dim()),
                        num(b.closedForm()), Integer.toString(b.halfIteration()), num(ph.zeta() * b.halfIteration()),
                        Boolean.toString(b.learned()), b.order() < 0 ? "" : Integer.toString(b.order()),
                        Boolean.toString(ph.inOrder()), num(b.pcaLevel()), num(b.lossAtNextOnset()), num(ph.finalLoss())));
                csv.append(String.join(",", cells)).append('\n');
                line.append(String.format(Locale.ROOT, " %s %s half at s = %d, final %.4g%s;", b.name(),
                        b.learned() ? "learned," : "not learned,", b.halfIteration(), b.last(),
                        Double.isNaN(b.closedForm()) ? "" : String.format(Locale.ROOT, " (closed form %.4g)", b.closedForm())));
            }
            line.append(String.format(Locale.ROOT, " learned blocks %s; final loss %.4g%n",
                    ph.inOrder() ? "in eigenvalue order" : "NOT in eigenvalue order", ph.finalLoss()));
            text.append(line);
        }
        return new Result(csv.toString(), text.toString());
    }

    /** One block's phase: see {@link #phases}. */
    record BlockPhase(String name, int dim, double eigenvalue, double initial, double last, double closedForm,
                      int halfIteration, boolean learned, int order, double pcaLevel, double lossAtNextOnset) {
    }

    /** A run's blocks, in column order (energy_1 .. energy_J, energy_rest), and what they share. */
    record RunPhases(List<BlockPhase> blocks, boolean inOrder, int width, double zeta, double l2, double kappa,
                     double finalLoss) {

        static RunPhases of(StudyResults.Run run, List<String> names) {
            Map<String, Object> info = run.info();
            int width = info.get("width") instanceof Number w ? w.intValue() : -1;
            double zeta = info.get("learning_rate") instanceof Number z ? z.doubleValue() : Double.NaN;
            double l2 = info.get("l2") instanceof Number v ? v.doubleValue() : 0;
            boolean meanField = Scale.MEAN_FIELD.label().equals(info.get("scale"));
            // Per unit of mean-field time the penalty pulls by eta l2 / zeta = m l2 (the step is zeta m).
            double kappa = meanField ? width * l2 : Double.NaN;
            boolean closedForm = meanField && ModelSpec.Architecture.TIED.label().equals(info.get("architecture"))
                    && Activation.Kind.LINEAR.label().equals(info.get("activation"))
                    && DataModel.GAUSSIAN.label().equals(info.get("model")) && !(info.get("bias_init") instanceof Number b && b.doubleValue() != 0);
            Map<?, ?> eb = info.get("energy_blocks") instanceof Map<?, ?> e ? e : Map.of();
            List<?> dims = eb.get("dims") instanceof List<?> d ? d : List.of();
            List<?> sums = eb.get("eigenvalue_sums") instanceof List<?> v ? v : List.of();
            List<?> levels = eb.get("pca_levels") instanceof List<?> v ? v : List.of();
            double trace = eb.get("trace") instanceof Number t ? t.doubleValue() : Double.NaN;
            int restDim = eb.get("rest_dim") instanceof Number d ? d.intValue() : 0;

            int count = names.size();
            double[] loss = run.metrics().doubles(MetricRegistry.LOSS.column());
            int t = loss.length - 1;
            double[][] e = new double[count][];
            int[] dim = new int[count];
            double[] eigenvalue = new double[count];
            double outside = trace;
            for (int j = 0; j < count; j++) {
                e[j] = run.metrics().doubles(names.get(j));
                boolean rest = "energy_rest".equals(names.get(j));
                if (!rest && j < dims.size() && j < sums.size()) {
                    dim[j] = ((Number) dims.get(j)).intValue();
                    double sum = ((Number) sums.get(j)).doubleValue();
                    eigenvalue[j] = sum / dim[j];
                    outside -= sum;
                } else if (rest) {
                    dim[j] = restDim;
                    eigenvalue[j] = restDim > 0 ? Math.max(0, outside) / restDim : Double.NaN;
                } else {
                    dim[j] = 1;
                    eigenvalue[j] = Double.NaN;
                }
            }
            double maxPerDim = 0;
            for (int j = 0; j < count; j++) if (dim[j] > 0) maxPerDim = Math.max(maxPerDim, e[j][t] / dim[j]);
            int[] half = new int[count];
            boolean[] learned = new boolean[count];
            int[] onset = new int[count];
            for (int j = 0; j < count; j++) {
                half[j] = firstReaching(e[j], 0.5 * e[j][t]);
                onset[j] = firstReaching(e[j], ONSET * e[j][t]);
                learned[j] = dim[j] > 0 && e[j][t] >= 2 * e[j][0] && e[j][t] / dim[j] >= LEARNED_SHARE * maxPerDim;
            }
            // Order: rank of the half-energy iteration among learned blocks (ties share a rank).
            int[] order = new int[count];
            boolean inOrder = true;
            int previous = -1;
            for (int j = 0; j < count; j++) {
                if (!learned[j]) {
                    order[j] = -1;
                    continue;
                }
                int rank = 1;
                for (int i = 0; i < count; i++) if (learned[i] && half[i] < half[j]) rank++;
                order[j] = rank;
                if (previous >= 0 && half[j] < half[previous]) inOrder = false;
                previous = j;
            }
            int capacity = width;
            List<BlockPhase> out = new ArrayList<>();
            for (int j = 0; j < count; j++) {
                double cf = Double.NaN;
                if (closedForm && dim[j] > 0 && width > 0) {
                    cf = linearMeanFieldEnergy(Math.min(dim[j], Math.max(capacity, 0)), eigenvalue[j], kappa);
                    capacity -= dim[j];
                }
                boolean rest = "energy_rest".equals(names.get(j));
                double level = rest ? 0 : j + 1 < levels.size() ? ((Number) levels.get(j + 1)).doubleValue() : Double.NaN;
                int next = -1;
                for (int i = j + 1; i < count; i++) {
                    if (learned[i]) {
                        next = i;
                        break;
                    }
                }
                double plateau = next < 0 ? loss[t] : loss[onset[next]];
                out.add(new BlockPhase(names.get(j).substring("energy_".length()), dim[j], eigenvalue[j], e[j][0], e[j][t],
                        cf, half[j], learned[j], order[j], level, plateau));
            }
            return new RunPhases(out, inOrder, width, zeta, l2, kappa, loss[t]);
        }
    }

    /** The first s with x(s) >= level (x's last index when none, which cannot happen for a level <= x(T)). */
    static int firstReaching(double[] x, double level) {
        for (int s = 0; s < x.length; s++) if (x[s] >= level) return s;
        return x.length - 1;
    }

    /**
     * The long-run energy of {@code dim} directions of eigenvalue {@code lambda} for the linear tied mean-field model
     * under gradient flow with l2 (README, "Paper 3"): each direction holds max(0, 1 - kappa / (2 lambda)), where
     * kappa = m lambda_2 is the penalty's pull per unit of mean-field time.
     */
    public static double linearMeanFieldEnergy(int dim, double lambda, double kappa) {
        if (dim <= 0 || !(lambda > 0)) return 0;
        return dim * Math.max(0, 1 - kappa / (2 * lambda));
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
