package aedyn.study;

import aedyn.config.DataModel;
import aedyn.metrics.MetricRegistry;
import aedyn.model.Activation;
import aedyn.model.ModelSpec;
import aedyn.model.Scale;
import aedyn.report.RunManifest;
import aedyn.report.AnalysisRow;
import aedyn.report.StudyResults;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/** Paper 3's phases of subspace learning over a finished study: per run and eigen-block, when and how far it is learned. */
final class PhasesAnalysis {
    private PhasesAnalysis() {
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
    static Asymptotics.Result phases(StudyResults r) {
        List<String> columns = List.of("block", "dim", "eigenvalue", "width", "l2", "kappa", "initial_energy", "final_energy",
                "final_energy_per_dim", "closed_form_energy", "half_energy_iteration", "half_energy_time", "learned",
                "order", "in_order", "pca_level", "loss_at_next_onset", "final_loss");
        List<AnalysisRow> rows = new ArrayList<>();
        StringBuilder text = new StringBuilder("phases: per eigen-block, the first iteration with energy_j >= half its final"
                + " value (t = zeta s); final energies against the closed form of the linear tied mean-field model\n");
        for (StudyResults.Run run : r.runs()) {
            if (!run.status().finished()) continue;
            List<String> blocks = run.metrics().header().stream().filter(MetricRegistry.ENERGY::names).toList();
            if (blocks.isEmpty() || !run.metrics().has(MetricRegistry.LOSS.column()) || run.metrics().size() == 0) continue;
            RunPhases ph = RunPhases.of(run, blocks);
            String label = run.gridLabel().isEmpty() ? run.name() : run.gridLabel();
            StringBuilder line = new StringBuilder("  ").append(label).append(":");
            for (int j = 0; j < blocks.size(); j++) {
                BlockPhase b = ph.blocks().get(j);
                rows.add(AnalysisRow.of(run, columns, List.of(b.name(), Integer.toString(b.dim()), MetricColumns.cell(b.eigenvalue()), Integer.toString(ph.width()),
                        MetricColumns.cell(ph.l2()), MetricColumns.cell(ph.kappa()), MetricColumns.cell(b.initial()), MetricColumns.cell(b.last()), MetricColumns.cell(b.last() / b.dim()),
                        MetricColumns.cell(b.closedForm()), Integer.toString(b.halfIteration()), MetricColumns.cell(ph.zeta() * b.halfIteration()),
                        Boolean.toString(b.learned()), b.order() < 0 ? "" : Integer.toString(b.order()),
                        Boolean.toString(ph.inOrder()), MetricColumns.cell(b.pcaLevel()), MetricColumns.cell(b.lossAtNextOnset()), MetricColumns.cell(ph.finalLoss()))));
                line.append(String.format(Locale.ROOT, " %s %s half at s = %d, final %.4g%s;", b.name(),
                        b.learned() ? "learned," : "not learned,", b.halfIteration(), b.last(),
                        Double.isNaN(b.closedForm()) ? "" : String.format(Locale.ROOT, " (closed form %.4g)", b.closedForm())));
            }
            line.append(String.format(Locale.ROOT, " learned blocks %s; final loss %.4g%n",
                    ph.inOrder() ? "in eigenvalue order" : "NOT in eigenvalue order", ph.finalLoss()));
            text.append(line);
        }
        return new Asymptotics.Result(AnalysisRow.csv(r.gridKeys(), columns, rows), text.toString());
    }

    /** One block's phase: see {@link #phases}. */
    record BlockPhase(String name, int dim, double eigenvalue, double initial, double last, double closedForm,
                      int halfIteration, boolean learned, int order, double pcaLevel, double lossAtNextOnset) {
    }

    /** A run's blocks, in column order (energy_1 .. energy_J, energy_rest), and what they share. */
    record RunPhases(List<BlockPhase> blocks, boolean inOrder, int width, double zeta, double l2, double kappa,
                     double finalLoss) {

        static RunPhases of(StudyResults.Run run, List<String> names) {
            Optional<RunManifest.Training> training = run.manifest(RunManifest::training);
            int width = training.map(RunManifest.Training::width).orElse(-1);
            double zeta = training.map(RunManifest.Training::learningRate).orElse(Double.NaN);
            double l2 = training.map(RunManifest.Training::l2).orElse(0.0);
            boolean meanField = training.map(t -> t.scale() == Scale.MEAN_FIELD).orElse(false);
            // Per unit of mean-field time the penalty pulls by eta l2 / zeta = m l2 (the step is zeta m).
            double kappa = meanField ? width * l2 : Double.NaN;
            boolean closedForm = meanField && training.get().architecture() == ModelSpec.Architecture.TIED
                    && Activation.Kind.LINEAR.label().equals(training.get().activation())
                    && run.manifest(m -> m.data().model() == DataModel.GAUSSIAN).orElse(false)
                    && !(training.get().biasInit() != null && training.get().biasInit() != 0);
            Optional<RunManifest.EnergyBlocksReport> eb = run.manifest().flatMap(RunManifest::energyBlocksReport);
            List<Integer> dims = eb.map(RunManifest.EnergyBlocksReport::dims).orElse(List.of());
            List<Double> sums = eb.map(RunManifest.EnergyBlocksReport::eigenvalueSums).orElse(List.of());
            List<Double> levels = eb.map(RunManifest.EnergyBlocksReport::pcaLevels).orElse(List.of());
            double trace = eb.map(RunManifest.EnergyBlocksReport::trace).orElse(Double.NaN);
            int restDim = eb.map(RunManifest.EnergyBlocksReport::restDim).orElse(0);

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
                    dim[j] = dims.get(j);
                    double sum = sums.get(j);
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
                double level = rest ? 0 : j + 1 < levels.size() ? levels.get(j + 1) : Double.NaN;
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
}
