package aedyn.study;

import aedyn.report.RunStatus;
import aedyn.config.RunSettings;
import aedyn.metrics.Matching;
import aedyn.metrics.PopulationGradient;
import aedyn.train.LearningCurveRow;
import org.apache.hadoop.conf.Configuration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** analysis.csv and aggregate.csv computed from hand-made study directories and outcomes, without Spark. */
class AsymptoticsTest {

    @Test
    void oneMinusTauFollowsLemma1() {
        // zeta p = 1/2, delta = 0.2: lambda = 1 - 0.02 = 0.98, tau = 0.5 (0.98 - 0.08) = 0.45
        assertEquals(0.55, Asymptotics.oneMinusTau(4, 0.125, 0.2), 1e-15);
    }

    @Test
    void convergenceRateOfAGeometricLossAndItsIterationsToTarget() {
        // loss(s) = 2 * 0.5^s down to a floor of 2e-6 from s = 20: the window [10 x final, initial / 10] holds
        // s = 4..16 (loss 0.125 .. 3.05e-5), where ln loss falls by exactly ln 2 per iteration.
        double[] loss = new double[31];
        for (int s = 0; s < loss.length; s++) loss[s] = Math.max(2 * Math.pow(0.5, s), 2e-6);
        Asymptotics.Convergence c = Asymptotics.Convergence.of(loss, 1e-3);
        assertEquals(-Math.log(2), c.rate(), 1e-12);
        assertEquals(4, c.first());
        assertEquals(16, c.lastRow());
        assertEquals(-Math.log(2), c.rateLow(), 1e-9, "an exact line has a zero-width interval");
        assertEquals(10, c.toTarget(), "2 * 0.5^10 = 1.95e-3 x 2 is the first loss <= 1e-3 x 2");
        Asymptotics.Convergence flat = Asymptotics.Convergence.of(new double[] {1, 0.9, 0.95, 0.9}, 1e-3);
        assertTrue(Double.isNaN(flat.rate()), "no rows in the window: no rate");
        assertEquals(-1, flat.toTarget());
    }

    @Test
    void sampleSizeSlopeOfAnExactPowerLawPerModel(@TempDir Path dir) throws IOException {
        StringBuilder summary = new StringBuilder("run,status,trial,data.model,data.samples,iterations,loss,fro_error,wall_seconds\n");
        for (String model : List.of("mixture", "nonneg-sparse")) {
            for (long n : new long[] {1000, 10000, 100000}) {
                for (int t = 0; t < 2; t++) {
                    double fro = (model.equals("mixture") ? 3.0 : 5.0) * Math.pow(n, model.equals("mixture") ? -0.5 : -0.25);
                    summary.append(model).append(n).append(t).append(",finished,").append(t).append(',').append(model)
                            .append(',').append(n).append(",5,0.1,").append(fro).append(",1.0\n");
                }
            }
        }
        summary.append("broken,diverged,0,mixture,1000,0,1,1e9,1\n");
        Files.writeString(dir.resolve("summary.csv"), summary);
        Asymptotics.Result r = Asymptotics.analyze(dir.toString(), Analysis.named("sample-size"), new Configuration());
        Map<String, List<Double>> cols = StudyTestSupport.columns(dir.resolve("analysis.csv"));
        assertEquals(List.of(-0.5, -0.25), cols.get("slope").stream().map(v -> Math.round(v * 1e9) / 1e9).toList());
        assertEquals(6.0, cols.get("points").get(0), "diverged runs do not count");
        assertEquals(-0.5, cols.get("slope_top_decade").get(0), 1e-12);
        assertEquals(1.0, cols.get("r2").get(1), 1e-12);
        assertTrue(r.text().contains("data.model=mixture: slope -0.500"), r.text());
    }

    @Test
    void contractionInTheLinearPhaseAgainstOneMinusTau(@TempDir Path dir) throws IOException {
        Files.writeString(dir.resolve("summary.csv"), "run,status,trial,train.learning-rate,iterations,fro_error,wall_seconds\n"
                + "lr4,finished,0,4,12,1e-6,1\n");
        Path run = Files.createDirectories(dir.resolve("runs/lr4"));
        // fro(s) = 0.8 * 0.6^s (squares contract by 0.36) down to a floor of 5e-3 (reached at s = 10); max_col_error = fro / 2.
        StringBuilder m = new StringBuilder("iteration,fro_error,max_col_error\n");
        for (int s = 0; s <= 12; s++) {
            double fro = Math.max(0.8 * Math.pow(0.6, s), 5e-3);
            m.append(s).append(',').append(fro).append(',').append(fro / 2).append('\n');
        }
        Files.writeString(run.resolve("metrics.csv"), m);
        Files.writeString(run.resolve("run.json"), "{\"learning_rate\": 4.0, \"activation_probability_min\": 0.125}\n");
        Asymptotics.analyze(dir.toString(), Analysis.named("contraction"), new Configuration());
        Map<String, List<Double>> cols = StudyTestSupport.columns(dir.resolve("analysis.csv"));
        // linear phase: fro(s+1) >= 10 * 5e-3, i.e. 0.6^(s+1) >= 0.0625 -> s + 1 <= 5.43 -> s = 0..4
        assertEquals(0.0, cols.get("first_row").get(0));
        assertEquals(4.0, cols.get("last_row").get(0));
        assertEquals(0.36, cols.get("empirical_contraction").get(0), 1e-12);
        double expected = 0;
        for (int s = 0; s <= 4; s++) expected += Asymptotics.oneMinusTau(4, 0.125, 0.4 * Math.pow(0.6, s)) / 5;
        assertEquals(expected, cols.get("one_minus_tau").get(0), 1e-12);
        assertEquals(5.0, cols.get("rows_within_bound").get(0));
    }

    @Test
    void populationGradientOfTheMixtureByHand() {
        // n = 2, m = 1, A = e1, W = (cos t, sin t), b = -0.1, p = 1: g = -lambda A + (lambda + b)^2 W.
        double t = 0.3;
        double[] a = {1, 0};
        double[] w = {Math.cos(t), Math.sin(t)};
        double[] g = PopulationGradient.mixture(a, w, new double[] {-0.1}, new double[] {1}, 2, 1, Matching.identity(1));
        double lambda = Math.cos(t);
        double c = (lambda - 0.1) * (lambda - 0.1);
        assertEquals(-lambda + c * Math.cos(t), g[0], 1e-15);
        assertEquals(c * Math.sin(t), g[1], 1e-15);
        assertEquals(0.5, PopulationGradient.relativeError(new double[] {g[0] * 1.5, g[1] * 1.5}, g), 1e-15);
    }

    @Test
    void aggregateHasMeanSdAndIntervalPerGridPointOverFinishedTrials() {
        MetricColumns columns = new MetricColumns(List.of("loss", "fro_error", "max_col_error", "spectral_ratio",
                "support_recovery", "contraction", "bias_mean", "grad_norm", "seconds"));
        List<RunOutcome> outcomes = new java.util.ArrayList<>();
        double[][] fro = {{1, 2, 3}, {10, 20, 30}};
        String[] sigma = {"0.01", "0.02"};
        for (int g = 0; g < 2; g++) {
            for (int t = 0; t < 3; t++) {
                outcomes.add(outcome(sigma[g], t, columns, fro[g][t], RunStatus.FINISHED));
            }
            outcomes.add(outcome(sigma[g], 3, columns, 1e6, RunStatus.DIVERGED));
        }
        String csv = Aggregate.csv(List.of("data.noise-sigma"), outcomes);
        String[] lines = csv.split("\n");
        List<String> header = List.of(lines[0].split(","));
        assertEquals("data.noise-sigma", header.get(0));
        assertEquals(List.of("loss_mean", "loss_sd", "loss_ci95_low", "loss_ci95_high", "fro_error_mean"), header.subList(1, 6));
        assertEquals("runs", header.get(header.size() - 1));
        String[] second = lines[2].split(",", -1);
        assertEquals("0.02", second[0]);
        assertEquals(20.0, Double.parseDouble(second[header.indexOf("fro_error_mean")]), 1e-12);
        assertEquals(10.0, Double.parseDouble(second[header.indexOf("fro_error_sd")]), 1e-12);
        double half = Stats.tQuantile(0.975, 2) * 10 / Math.sqrt(3);   // 4.3027 * 10 / sqrt 3 = 24.84
        assertEquals(20 - half, Double.parseDouble(second[header.indexOf("fro_error_ci95_low")]), 1e-9);
        assertEquals(20 + half, Double.parseDouble(second[header.indexOf("fro_error_ci95_high")]), 1e-9);
        assertEquals("3", second[header.size() - 1], "the diverged trial is left out");
        assertEquals(3, lines.length);
    }

    private static RunOutcome outcome(String sigma, int trial, MetricColumns columns, double fro, RunStatus status) {
        RunSpec spec = new RunSpec("s" + sigma + "t" + trial, Map.of("data.noise-sigma", Double.parseDouble(sigma)), trial,
                null, (RunSettings) null, 1, 2);
        Map<String, Double> v = new java.util.LinkedHashMap<>();
        v.put("loss", fro / 10);
        v.put("fro_error", fro);
        v.put("max_col_error", fro / 2);
        v.put("spectral_ratio", fro / 3);
        v.put("support_recovery", 1.0);
        v.put("bias_mean", 0.0);
        v.put("grad_norm", 0.1);
        v.put("seconds", 0.01);
        LearningCurveRow row = new LearningCurveRow(5, v);
        return new RunOutcome(spec, status, null, List.of(row), columns, 1, java.util.Optional.empty());
    }

    /**
     * phases on hand-made curves: logistic energies e_j(s) = E_j / (1 + exp(-(s - c_j))) with centres c = 10, 30 and
     * (for the rest) 20, so half energy is reached at s = 10, 30, 20: block 2 after the rest, out of eigenvalue order.
     * A fourth block that stays at its start is not learned. The loss plateaus at 7 until the rest starts.
     */
    @Test
    void phasesOfHandMadeEnergyCurves(@TempDir Path dir) throws IOException {
        Files.writeString(dir.resolve("summary.csv"), "run,status,trial,train.l2,iterations,loss,wall_seconds\n"
                + "a,finished,0,0.25,60,1,1\n");
        Path run = Files.createDirectories(dir.resolve("runs/a"));
        double[] top = {2, 1, 1e-6, 3};
        double[] centre = {10, 30, 0, 20};
        StringBuilder m = new StringBuilder("iteration,loss,energy_1,energy_2,energy_3,energy_rest\n");
        for (int s = 0; s <= 60; s++) {
            m.append(s).append(',').append(s < 15 ? 7 : 1);
            for (int j = 0; j < 4; j++) {
                double e = j == 2 ? 1e-6 : top[j] / (1 + Math.exp(-(s - centre[j])));
                m.append(',').append(e);
            }
            m.append('\n');
        }
        Files.writeString(run.resolve("metrics.csv"), m);
        // Gaussian data, blocks of 2 x 8, 2 x 4, 1 x 2 over a bulk of 3 x 1 (n = 8); linear tied mean-field, m = 16,
        // l2 = 0.25: kappa = 4, closed form d max(0, 1 - 4 / (2 lambda)) = 1.5, 1, 0 and 0 for the bulk.
        Files.writeString(run.resolve("run.json"), """
                {"model": "gaussian", "learning_rate": 0.04, "width": 16, "l2": 0.25, "scale": "mean-field",
                 "architecture": "tied", "activation": "linear", "bias_init": 0.0,
                 "energy_blocks": {"dims": [2, 2, 1], "rest_dim": 3, "eigenvalue_sums": [16.0, 8.0, 2.0], "trace": 29.0,
                                   "pca_levels": [14.5, 6.5, 2.5, 1.5]}}
                """);
        Asymptotics.Result r = Asymptotics.analyze(dir.toString(), Analysis.named("phases"), new Configuration());
        Map<String, List<Double>> cols = StudyTestSupport.columns(dir.resolve("analysis.csv"));
        assertEquals(List.of(10.0, 30.0, 0.0, 20.0), cols.get("half_energy_iteration"));
        assertEquals(0.4, cols.get("half_energy_time").get(0), 1e-12);
        assertEquals(List.of(1.5, 1.0, 0.0, 0.0), cols.get("closed_form_energy"));
        assertEquals(List.of(8.0, 4.0, 2.0, 1.0), cols.get("eigenvalue"));
        assertEquals(List.of(6.5, 2.5, 1.5, 0.0), cols.get("pca_level"));
        assertEquals(4.0, cols.get("kappa").get(0), 1e-12);
        List<String> lines = Files.readAllLines(dir.resolve("analysis.csv"));
        List<String> header = List.of(lines.get(0).split(",", -1));
        List<String> learned = lines.subList(1, 5).stream().map(l -> l.split(",", -1)[header.indexOf("learned")]).toList();
        assertEquals(List.of("true", "true", "false", "true"), learned);
        List<String> order = lines.subList(1, 5).stream().map(l -> l.split(",", -1)[header.indexOf("order")]).toList();
        assertEquals(List.of("1", "3", "", "2"), order);
        assertTrue(lines.get(1).split(",", -1)[header.indexOf("in_order")].equals("false"));
        // block 1's plateau: the loss when the next learned block (2) first reaches 1 % of its final energy, at s = 26
        assertEquals(1.0, cols.get("loss_at_next_onset").get(0), 0.0);
        assertTrue(r.text().contains("NOT in eigenvalue order"), r.text());
        assertEquals(0.75 * 2, PhasesAnalysis.linearMeanFieldEnergy(2, 8, 4), 1e-15);
        assertEquals(0.0, PhasesAnalysis.linearMeanFieldEnergy(3, 1, 4), 0.0);
    }
}
