package aedyn.study;

import aedyn.data.HadoopFiles;
import aedyn.data.Npy;
import aedyn.metrics.MetricRegistry;
import aedyn.report.Csv;
import aedyn.report.RunManifest;
import aedyn.report.AnalysisRow;
import aedyn.report.StudyResults;
import org.apache.hadoop.conf.Configuration;

import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * study.analysis = ntk (SPEC section 8, paper 2): per run, lambda_min and lambda_max of K(0) beside K_inf's, the drift
 * at T, the measured rate beside the predicted one and, for a network with a linearized twin (the run of the same
 * trial and grid point but model.linearize), the relative function gap ||f(theta_T) - f_lin(theta'_T)||_F /
 * ||Y - f(theta0)||_F on the probe, from both runs' probe_outputs.npy; per regime, the log-log slopes of the drift and
 * the gap against the width (lazy theory: about -1/2).
 */
final class KernelAnalysis {
    static final String LINEARIZE = "model.linearize";

    private KernelAnalysis() {
    }

    /** One run's row: which network it is, its kernel at the start, the course of its training, and its twin. */
    record Row(StudyResults.Run run, Network network, Start start, Course course, Twin twin) {
    }

    /** The width m, "architecture regime", and whether the run is a linearized twin. */
    record Network(int width, String regime, boolean linearized) {
    }

    /** ||y_hat(0)||, the extreme eigenvalues of K(0) on the probe and those of K_inf (NaN without them). */
    record Start(double outputNorm0, double lambdaMin0, double lambdaMax0, double infMin, double infMax) {
    }

    /** The kernel's drift at T, the measured late rate, K_inf's slowest mode and the rate of its predicted curve. */
    record Course(double drift, double rate, double predicted, double predictionRate) {
    }

    /** A network's twin ("" without one) and the function gap to it (NaN without one). */
    record Twin(String name, double gap) {
    }

    static Asymptotics.Result analyze(StudyResults r, Configuration hadoop) throws IOException {
        Map<String, StudyResults.Run> twins = new HashMap<>();
        for (StudyResults.Run run : r.runs()) if (linearized(run)) twins.put(pairKey(run), run);
        List<Row> rows = new ArrayList<>();
        for (StudyResults.Run run : r.runs()) {
            if (!run.status().finished() || !run.metrics().has(MetricRegistry.KERNEL_LAMBDA_MIN.column())) continue;
            boolean twin = linearized(run);
            StudyResults.Run pair = twin ? null : twins.get(pairKey(run));
            double gap = pair == null || !pair.status().finished() ? Double.NaN : gap(r, run, pair, hadoop);
            Optional<RunManifest.NtkReport> ntk = run.manifest().flatMap(RunManifest::ntkReport);
            double[] loss = run.metrics().doubles(MetricRegistry.LOSS.column());
            rows.add(new Row(run, new Network(run.manifest(m -> m.training().width()).orElse(-1), regime(run), twin),
                    new Start(first(run, MetricRegistry.OUTPUT_NORM.column()),
                            first(run, MetricRegistry.KERNEL_LAMBDA_MIN.column()), first(run, MetricRegistry.KERNEL_LAMBDA_MAX.column()),
                            value(ntk.map(RunManifest.NtkReport::infiniteLambdaMin)),
                            value(ntk.map(RunManifest.NtkReport::infiniteLambdaMax))),
                    new Course(last(run, MetricRegistry.KERNEL_DRIFT.column()), lateRate(loss),
                            value(ntk.map(RunManifest.NtkReport::predictedRate)), predictionRate(r, run, hadoop)),
                    new Twin(pair == null ? "" : pair.name(), gap)));
        }
        return new Asymptotics.Result(csv(r, rows), text(rows));
    }

    /** ||f_T - f_lin,T||_F / ||Y - f(theta0)||_F on the probe (both runs start from the same theta0). */
    static double gap(StudyResults r, StudyResults.Run network, StudyResults.Run twin, Configuration hadoop) throws IOException {
        double[] f = outputs(r, network, hadoop);
        double[] g = outputs(r, twin, hadoop);
        double residual = value(network.manifest().flatMap(RunManifest::ntkReport)
                .map(RunManifest.NtkReport::initialResidualNorm));
        if (f == null || g == null || f.length != g.length) return Double.NaN;
        double d = 0;
        for (int i = 0; i < f.length; i++) d += (f[i] - g[i]) * (f[i] - g[i]);
        return Math.sqrt(d) / residual;
    }

    /** The late rate of the run's ntk_prediction.csv, over the same rows as the measured one (NaN without it). */
    static double predictionRate(StudyResults r, StudyResults.Run run, Configuration hadoop) throws IOException {
        String path = r.studyDir() + "/runs/" + run.name() + "/" + NtkOutputs.PREDICTION;
        if (!HadoopFiles.exists(path, hadoop)) return Double.NaN;
        Csv p = Csv.parse(HadoopFiles.readText(path, hadoop));
        return lateRate(p.doubles("predicted_loss"));
    }

    private static double[] outputs(StudyResults r, StudyResults.Run run, Configuration hadoop) throws IOException {
        String path = r.studyDir() + "/runs/" + run.name() + "/" + NtkOutputs.PROBE_OUTPUTS;
        if (!HadoopFiles.exists(path, hadoop)) return null;
        try (InputStream in = HadoopFiles.open(path, hadoop)) {
            return Npy.readMatrix(in, path, -1, -1).columnMajor();
        }
    }

    /**
     * The measured rate: the slope of ln loss over the second half of the run, where the slowest mode of the kernel
     * (SPEC 8.3's predicted rate) dominates the residual.
     */
    static double lateRate(double[] loss) {
        int from = loss.length / 2;
        if (loss.length - from < 2) return Double.NaN;
        double[] s = new double[loss.length - from];
        double[] y = new double[s.length];
        for (int i = 0; i < s.length; i++) {
            s[i] = from + i;
            y[i] = Math.log(loss[from + i]);
        }
        return Stats.fit(s, y).slope();
    }

    /** The fitted slope of ln y against ln width over the networks of one regime (NaN with fewer than two). */
    static double slope(List<Row> rows, String regime, java.util.function.ToDoubleFunction<Row> y) {
        List<double[]> pts = new ArrayList<>();
        for (Row row : rows) {
            double v = y.applyAsDouble(row);
            Network net = row.network();
            if (!net.linearized() && net.regime().equals(regime) && v > 0 && net.width() > 0) pts.add(new double[] {Math.log(net.width()), Math.log(v)});
        }
        if (pts.size() < 2) return Double.NaN;
        return Stats.fit(pts.stream().mapToDouble(p -> p[0]).toArray(), pts.stream().mapToDouble(p -> p[1]).toArray()).slope();
    }

    private static String csv(StudyResults r, List<Row> rows) {
        // the per-run results the report plots are the registry's columns
        List<String> columns = List.of("width", "regime", "linearized", MetricRegistry.INITIAL_OUTPUT_NORM.column(),
                MetricRegistry.KERNEL_LAMBDA_MIN_0.column(), MetricRegistry.KERNEL_LAMBDA_MAX_0.column(),
                MetricRegistry.INFINITE_LAMBDA_MIN.column(), "infinite_lambda_max", MetricRegistry.KERNEL_DRIFT.column() + "_T",
                MetricRegistry.RATE.column(), MetricRegistry.PREDICTED_RATE.column(), MetricRegistry.PREDICTION_RATE.column(),
                "twin", MetricRegistry.FUNCTION_GAP.column());
        List<AnalysisRow> table = new ArrayList<>();
        for (Row row : rows) {
            Network net = row.network();
            Start k0 = row.start();
            Course c = row.course();
            table.add(AnalysisRow.of(row.run(), columns, List.of(Integer.toString(net.width()), net.regime(), Boolean.toString(net.linearized()),
                    MetricColumns.cell(k0.outputNorm0()), MetricColumns.cell(k0.lambdaMin0()), MetricColumns.cell(k0.lambdaMax0()),
                    MetricColumns.cell(k0.infMin()), MetricColumns.cell(k0.infMax()), MetricColumns.cell(c.drift()), MetricColumns.cell(c.rate()),
                    MetricColumns.cell(c.predicted()), MetricColumns.cell(c.predictionRate()), row.twin().name(), MetricColumns.cell(row.twin().gap()))));
        }
        return AnalysisRow.csv(r.gridKeys(), columns, table);
    }

    private static String text(List<Row> rows) {
        StringBuilder out = new StringBuilder("ntk: the tangent kernel on the probe (SPEC 8); lambda_min of K(0) beside K_inf's,"
                + " drift ||K(T) - K(0)||_F / ||K(0)||_F, rate of ln loss per iteration fitted over s >= T/2 (and over the same rows of K_inf's predicted curve, beside its slowest mode 2 ln|1 - eta lambda_min / N|),"
                + " gap ||f - f_lin||_F / ||Y - f(theta0)||_F at T\n");
        Map<String, Boolean> regimes = new LinkedHashMap<>();
        for (Row row : rows) {
            Network net = row.network();
            Start k0 = row.start();
            Course c = row.course();
            regimes.put(net.regime(), true);
            out.append(String.format(Locale.ROOT, "  m = %d, %s%s: ||y_hat(0)|| %.4g, lambda_min %.4g (K_inf %.4g), lambda_max %.4g (K_inf %.4g),"
                            + " drift %.3g, rate %.4g (K_inf's curve %.4g, its slowest mode %.4g)%s%n", net.width(), net.regime(), net.linearized() ? ", linearized" : "",
                    k0.outputNorm0(), k0.lambdaMin0(), k0.infMin(), k0.lambdaMax0(), k0.infMax(), c.drift(), c.rate(), c.predictionRate(), c.predicted(),
                    Double.isNaN(row.twin().gap()) ? "" : String.format(Locale.ROOT, ", gap to its twin %.3g", row.twin().gap())));
        }
        for (String regime : regimes.keySet()) {
            out.append(String.format(Locale.ROOT, "  %s: log-log slope against the width of the drift %.3f, of the gap %.3f"
                    + " (lazy theory: about -0.5)%n", regime, slope(rows, regime, row -> row.course().drift()),
                    slope(rows, regime, row -> row.twin().gap())));
        }
        return out.toString();
    }

    private static boolean linearized(StudyResults.Run run) {
        return run.manifest(m -> m.training().linearizedTwin()).orElse(false);
    }

    /** "untied joint", the architecture and the regime as run.json says them ("null null" without one). */
    private static String regime(StudyResults.Run run) {
        return run.manifest(m -> label(m.training().architecture()) + " " + label(m.training().regime()))
                .orElse("null null");
    }

    private static String label(aedyn.choice.Choice c) {
        return c == null ? "null" : c.label();
    }

    /** The trial and every grid value but model.linearize: a network's and its twin's are equal. */
    private static String pairKey(StudyResults.Run run) {
        Map<String, String> grid = new LinkedHashMap<>(run.grid());
        grid.remove(LINEARIZE);
        return run.manifest(m -> m.origin().trial()).orElse(null) + "|" + grid;
    }

    private static double value(Optional<Double> v) {
        return v.orElse(Double.NaN);
    }

    private static double first(StudyResults.Run run, String column) {
        if (!run.metrics().has(column)) return Double.NaN;
        double[] v = run.metrics().doubles(column);
        return v.length == 0 ? Double.NaN : v[0];
    }

    /** The last defined value of a column (the row at T). */
    private static double last(StudyResults.Run run, String column) {
        double[] v = run.metrics().doubles(column);
        for (int i = v.length - 1; i >= 0; i--) if (!Double.isNaN(v[i])) return v[i];
        return Double.NaN;
    }
}
