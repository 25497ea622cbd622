package aedyn.study;

import aedyn.init.Init;
import aedyn.metrics.MetricRegistry;
import aedyn.report.Csv;
import aedyn.report.StudyResults;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Stream;

/**
 * study.analysis = paper-claims: whether paper 1's two experimental claims hold in each cell of a study whose grid
 * sweeps init.kind over perturb, pca and random (a cell: one value of every other grid key, all trials).
 * <ul>
 * <li>Figure 2, "the loss reaches the noise floor": for every initialization the mean final loss is at most
 * {@link #LOSS_TOLERANCE} times nσ²/2, the loss of the noise alone.</li>
 * <li>Figure 3, "the perturbed start recovers A, PCA and random starts do not": the perturbed start's mean final
 * fro_error is at most {@link #RECOVERY_MARGIN} times its mean initial one (it moved towards A) and below
 * {@link #RECOVERY_MARGIN} times the smaller of the PCA and random ones.</li>
 * </ul>
 * Diverged runs count as not reaching the floor and not recovering (their final values are missing).
 */
final class PaperClaims {
    static final double LOSS_TOLERANCE = 1.2;
    static final double RECOVERY_MARGIN = 0.5;
    static final List<String> INITS = Stream.of(Init.Kind.PERTURB, Init.Kind.PCA, Init.Kind.RANDOM).map(Init.Kind::label).toList();

    private PaperClaims() {
    }

    static Asymptotics.Result analyze(StudyResults r) {
        String initKey = "init.kind";
        if (!r.gridKeys().contains(initKey)) throw new IllegalArgumentException("the study does not sweep " + initKey);
        List<String> others = new ArrayList<>(r.gridKeys());
        others.remove(initKey);
        // cell -> init -> finished runs' (fro, loss ratio); plus run counts
        Map<List<String>, Map<String, List<double[]>>> cells = new LinkedHashMap<>();
        Map<List<String>, Map<String, Integer>> counts = new LinkedHashMap<>();
        for (int i = 0; i < r.runs().size(); i++) {
            StudyResults.Run run = r.runs().get(i);
            String init = run.grid().get(initKey);
            if (!INITS.contains(init)) continue;
            List<String> key = others.stream().map(k -> run.grid().get(k)).toList();
            Map<String, List<double[]>> byInit = cells.computeIfAbsent(key, k -> new LinkedHashMap<>());
            counts.computeIfAbsent(key, k -> new LinkedHashMap<>()).merge(init, 1, Integer::sum);
            List<double[]> values = byInit.computeIfAbsent(init, k -> new ArrayList<>());
            if (!run.status().finished()) continue;
            double n = run.manifest(m -> (double) m.data().n()).orElse(Double.NaN);
            double sigma = run.manifest(m -> m.data().noiseSigma()).orElse(Double.NaN);
            double floor = n * sigma * sigma / 2;
            String froError = MetricRegistry.FRO_ERROR.column();
            double fro = Csv.toDouble(r.summary().cell(i, froError));
            double loss = Csv.toDouble(r.summary().cell(i, MetricRegistry.LOSS.column()));
            double start = run.metrics().has(froError) && run.metrics().rows().size() > 0
                    ? run.metrics().doubles(froError)[0] : Double.NaN;
            values.add(new double[] {fro, loss / floor, start});
        }
        List<String> header = new ArrayList<>(others);
        for (String init : INITS) {
            header.addAll(List.of("fro_" + init + "_start", "fro_" + init + "_mean", "fro_" + init + "_sd",
                    "loss_over_floor_" + init, "finished_" + init));
        }
        header.addAll(List.of("figure2_loss_reaches_floor", "figure3_perturb_recovers_others_do_not"));
        StringBuilder csv = new StringBuilder(String.join(",", header)).append('\n');
        StringBuilder text = new StringBuilder(String.format(Locale.ROOT,
                "paper-claims: Figure 2 holds when every init's mean final loss <= %.1f x n sigma^2 / 2; Figure 3 when"
                        + " perturb's mean final fro_error <= %.1f x its initial one and < %.1f x min(pca, random)%n",
                LOSS_TOLERANCE, RECOVERY_MARGIN, RECOVERY_MARGIN));
        for (Map.Entry<List<String>, Map<String, List<double[]>>> cell : cells.entrySet()) {
            List<String> row = new ArrayList<>(cell.getKey().stream().map(Summary::csvText).toList());
            boolean figure2 = true;
            Map<String, Double> fro = new LinkedHashMap<>();
            double perturbStart = Double.NaN;
            StringBuilder line = new StringBuilder();
            for (String init : INITS) {
                List<double[]> v = cell.getValue().getOrDefault(init, List.of());
                int all = counts.get(cell.getKey()).getOrDefault(init, 0);
                double froMean = mean(v, 0);
                double ratio = mean(v, 1);
                fro.put(init, froMean);
                if (INITS.get(0).equals(init)) perturbStart = mean(v, 2);
                figure2 &= all > 0 && v.size() == all && ratio <= LOSS_TOLERANCE;
                row.addAll(List.of(MetricColumns.cell(mean(v, 2)), MetricColumns.cell(froMean), MetricColumns.cell(sd(v, 0)), MetricColumns.cell(ratio), v.size() + "/" + all));
                line.append(String.format(Locale.ROOT, " %s fro %.3f loss/floor %.2f (%d/%d);", init, froMean, ratio,
                        v.size(), all));
            }
            double others3 = Math.min(fro.get(INITS.get(1)), fro.get(INITS.get(2)));
            boolean figure3 = fro.get(INITS.get(0)) < RECOVERY_MARGIN * others3
                    && fro.get(INITS.get(0)) <= RECOVERY_MARGIN * perturbStart;
            row.add(Boolean.toString(figure2));
            row.add(Boolean.toString(figure3));
            csv.append(String.join(",", row)).append('\n');
            text.append("  ").append(Asymptotics.label(others, cell.getKey())).append(':').append(line)
                    .append(" Figure 2 ").append(figure2 ? "holds" : "fails").append(", Figure 3 ")
                    .append(figure3 ? "holds" : "fails").append('\n');
        }
        return new Asymptotics.Result(csv.toString(), text.toString());
    }

    private static double mean(List<double[]> v, int i) {
        if (v.isEmpty()) return Double.NaN;
        double s = 0;
        for (double[] x : v) s += x[i];
        return s / v.size();
    }

    private static double sd(List<double[]> v, int i) {
        if (v.size() < 2) return Double.NaN;
        double m = mean(v, i);
        double s = 0;
        for (double[] x : v) s += (x[i] - m) * (x[i] - m);
        return Math.sqrt(s / (v.size() - 1));
    }
}
