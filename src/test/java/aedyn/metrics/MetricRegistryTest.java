package aedyn.metrics;

import aedyn.data.CodeModel;
import aedyn.data.EigenBlocks;
import aedyn.data.GroundTruth;
import aedyn.data.Matrices;
import aedyn.data.SampleBlock;
import aedyn.data.SampleGenerator;
import aedyn.data.SampleSource;
import aedyn.model.Activation;
import aedyn.model.ModelFamily;
import aedyn.model.ModelSpec;
import aedyn.model.Parameters;
import aedyn.model.PassModel;
import aedyn.model.PassSums;
import aedyn.model.Scale;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.SplittableRandom;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The registry: the loop's values and metrics.csv's columns come from the same declarations, so for every
 * combination of a run's facts the values measured at a row (and those the next row adds) are exactly the columns;
 * paper 1's columns are its protocol's alone; values are checked against sums written out here.
 */
class MetricRegistryTest {
    static final int N = 6;
    static final int M = 3;

    /** Paper 1's protocol: figure2's metrics.csv header, in its order. */
    @Test
    void paperOneKeepsItsOwnColumns() {
        RunFacts paperOne = new RunFacts(RunFacts.Model.paperOne(true), RunFacts.Data.atoms(true, false), RunFacts.Measured.NOTHING_ELSE);
        assertEquals(List.of("loss", "fro_error", "max_col_error", "spectral_ratio", "support_recovery", "contraction",
                "bias_mean", "grad_norm", "seconds"), MetricRegistry.columns(paperOne));
        RunFacts sparse = new RunFacts(RunFacts.Model.paperOne(true), RunFacts.Data.atoms(true, true),
                new RunFacts.Measured(true, false));
        assertEquals(List.of("loss", "fro_error", "max_col_error", "spectral_ratio", "support_recovery",
                "sign_recovery", "contraction", "bias_mean", "grad_norm", "population_gradient_error", "seconds"),
                MetricRegistry.columns(sparse));
    }

    /** A general untied run on Gaussian data with two eigen-blocks: the columns of the mean-field studies. */
    @Test
    void aGeneralRunAddsObjectiveOutputNormEnergiesAndMovement() {
        RunFacts general = new RunFacts(RunFacts.Model.general(false, false, true), RunFacts.Data.withoutAtoms(2),
                RunFacts.Measured.NOTHING_ELSE);
        List<String> columns = MetricRegistry.columns(general);
        assertEquals(List.of("loss", "objective", "output_norm", "bias_mean", "grad_norm"), columns.subList(0, 5));
        assertEquals(List.of("energy_1", "energy_2", "energy_rest", "encoder_movement", "decoder_movement", "seconds"),
                columns.subList(columns.size() - 6, columns.size()));
        RunFacts tiedPaperOneKernel = new RunFacts(RunFacts.Model.general(true, true, false),
                RunFacts.Data.withoutAtoms(0), RunFacts.Measured.NOTHING_ELSE);
        assertFalse(MetricRegistry.columns(tiedPaperOneKernel).contains("output_norm"));
        assertFalse(MetricRegistry.columns(tiedPaperOneKernel).contains("decoder_movement"));
    }

    /** For every combination of facts, what a row measures plus what the next row adds is exactly the columns. */
    @Test
    void everyMeasuredValueHasItsColumnAndEveryColumnItsValue() {
        Fixture f = new Fixture();
        int combinations = 0;
        for (int bits = 0; bits < 1 << 8; bits++) {
            for (int blocks : new int[] {0, 2}) {
                RunFacts facts = new RunFacts(
                        new RunFacts.Model(bit(bits, 0) ? RunFacts.Protocol.PAPER_ONE : RunFacts.Protocol.GENERAL,
                                bit(bits, 6), bit(bits, 3), bit(bits, 7)),
                        new RunFacts.Data(bit(bits, 1), bit(bits, 2), bit(bits, 4), blocks),
                        new RunFacts.Measured(bit(bits, 5), false));
                Map<String, Double> row = MetricRegistry.measure(facts, f.context());
                Map<String, Double> next = MetricRegistry.fromNextRow(facts, row, row);
                Set<String> measured = new LinkedHashSet<>(row.keySet());
                measured.addAll(next.keySet());
                List<String> columns = MetricRegistry.columns(facts);
                assertEquals(new LinkedHashSet<>(columns), measured, facts.toString());
                List<String> inOrder = new ArrayList<>(columns);
                inOrder.retainAll(row.keySet());
                assertEquals(inOrder, new ArrayList<>(row.keySet()), "a row holds its values in column order: " + facts);
                combinations++;
            }
        }
        assertEquals(512, combinations);
    }

    /** The driver-side values against sums written out here (SPEC sections 4 and 7). */
    @Test
    void valuesAreTheSpecsFormulas() {
        Fixture f = new Fixture();
        RunFacts facts = new RunFacts(RunFacts.Model.general(false, true, true), new RunFacts.Data(true, true, true, 2),
                new RunFacts.Measured(true, false));
        Map<String, Double> v = MetricRegistry.measure(facts, f.context());
        double loss = f.sums.meanLoss();
        assertEquals(loss, v.get("loss"), 0.0);
        assertEquals(loss + 0.5 * f.l2 * (squares(f.theta.v()) + squares(f.theta.u())), v.get("objective"), 1e-15);
        assertEquals(Math.sqrt(squares(f.gradient.v()) + squares(f.gradient.u()) + squares(f.gradient.b())),
                v.get("grad_norm"), 1e-12);
        assertEquals(Math.sqrt(squares(diff(f.theta.v(), f.initial.v())) / squares(f.initial.v())),
                v.get("encoder_movement"), 1e-12);
        assertEquals(Math.sqrt(squares(diff(f.theta.u(), f.initial.u())) / squares(f.initial.u())),
                v.get("decoder_movement"), 1e-12);
        double mean = 0;
        for (double b : f.theta.b()) mean += b / M;
        assertEquals(mean, v.get("bias_mean"), 1e-15);
        // energy_j = ||P_j V||^2 / m with P_j the projector on e_j: the squares of row j of V, over m
        double e1 = 0;
        for (int i = 0; i < M; i++) e1 += f.theta.v()[i * N] * f.theta.v()[i * N] / M;
        assertEquals(e1, v.get("energy_1"), 1e-15);
        assertTrue(v.get("support_recovery") >= 0 && v.get("support_recovery") <= 1);
        double fro = Math.sqrt(squares(diff(f.matching.align(f.theta.v(), N), f.truth.a())));
        assertEquals(fro, v.get("fro_error"), 1e-12);
        Map<String, Double> later = Map.of("fro_error", 2 * fro);
        assertEquals(4.0, MetricRegistry.fromNextRow(facts, v, later).get("contraction"), 1e-12);
    }

    /** weight_norm: ‖θ‖_F over the trained parts (b when learned, U when trained), for general runs only. */
    @Test
    void weightNormIsTheNormOfTheTrainedParameters() {
        Fixture f = new Fixture();
        RunFacts general = new RunFacts(RunFacts.Model.general(false, true, true), RunFacts.Data.atoms(true, false),
                RunFacts.Measured.NOTHING_ELSE);
        double joint = Math.sqrt(squares(f.theta.v()) + squares(f.theta.u()) + squares(f.theta.b()));
        assertEquals(joint, MetricRegistry.measure(general, f.context()).get("weight_norm"), 1e-12);
        // encoder only (no decoder gradient), constant bias: ||V||_F alone
        Parameters encoderOnly = Parameters.gradient(N, M, f.gradient.v(), null, f.gradient.b(), false, true);
        RowContext.Inputs fixedBias = new RowContext.Inputs(f.truth, f.l2, null, null, false);
        RowContext row = RowContext.of(0, f.sums, f.theta, f.initial, encoderOnly, f.matching, fixedBias, 0);
        assertEquals(Math.sqrt(squares(f.theta.v())), MetricRegistry.measure(general, row).get("weight_norm"), 1e-12);
        RunFacts paperOne = new RunFacts(RunFacts.Model.paperOne(true), RunFacts.Data.atoms(true, false), RunFacts.Measured.NOTHING_ELSE);
        assertFalse(MetricRegistry.columns(paperOne).contains("weight_norm"));
        assertTrue(MetricRegistry.logAxis("weight_norm") && MetricRegistry.inSummary("weight_norm"));
        assertTrue(MetricRegistry.againstGridKey().contains("weight_norm"));
    }

    /** A value that is NaN at a row is absent there: a metric may be measured at some rows only. */
    @Test
    void aValueMissingAtARowIsAbsentNotWritten() {
        Fixture f = new Fixture();
        RunFacts facts = new RunFacts(RunFacts.Model.general(false, true, true), RunFacts.Data.atoms(true, false),
                RunFacts.Measured.NOTHING_ELSE);
        RowContext uncoded = RowContext.of(0, new PassSums(N, M, 2), f.theta, f.initial, f.gradient, f.matching,
                f.inputs, System.nanoTime());
        Map<String, Double> v = MetricRegistry.measure(facts, uncoded);
        assertFalse(v.containsKey("support_recovery"), "no sample had its code: no value, an empty cell");
        assertFalse(v.containsKey("output_norm"), "the kernel measured no output: no value");
        assertTrue(v.containsKey("fro_error"), "the driver's values do not depend on the pass");
        assertTrue(MetricRegistry.measure(facts, f.context()).keySet().containsAll(List.of("support_recovery", "output_norm")));
    }

    /** Labels, plot lists and axes the report reads. */
    @Test
    void theReportReadsLabelsListsAndAxes() {
        assertEquals("‖π(W) − A‖_F", MetricRegistry.title("fro_error"));
        assertEquals("support recovery (fraction of samples)", MetricRegistry.title("support_recovery"));
        assertEquals("wall time (s)", MetricRegistry.title("wall_seconds"));
        assertEquals(MetricRegistry.ENERGY, MetricRegistry.of("energy_3").orElseThrow());
        assertEquals("data.n", MetricRegistry.title("data.n"));
        assertEquals(List.of("loss", "fro_error", "support_recovery"), MetricRegistry.againstIteration());
        assertTrue(MetricRegistry.againstGridKey().containsAll(List.of("max_col_error", "rate", "initial_output_norm")));
        assertTrue(MetricRegistry.logAxis("grad_norm"));
        assertFalse(MetricRegistry.logAxis("bias_mean"));
        assertTrue(MetricRegistry.fraction("sign_recovery"));
        assertFalse(MetricRegistry.inSummary("seconds"));
        assertFalse(MetricRegistry.inSummary("contraction"));
        assertTrue(MetricRegistry.inSummary("energy_rest"));
        for (Metric m : MetricRegistry.ALL) {
            assertNotEquals(m.column(), m.title(), "every declared metric has a label of its own");
            assertEquals(1, MetricRegistry.ALL.stream().filter(o -> o.names(m.column())).count(), m.column());
        }
    }

    private static boolean bit(int bits, int i) {
        return (bits >> i & 1) == 1;
    }

    static double squares(double[] x) {
        double s = 0;
        for (double v : x) s += v * v;
        return s;
    }

    static double[] diff(double[] a, double[] b) {
        double[] d = new double[a.length];
        for (int i = 0; i < d.length; i++) d[i] = a[i] - b[i];
        return d;
    }

    /** An untied relu model near A after one pass over coded samples, with two one-dimensional eigen-blocks. */
    static final class Fixture {
        final GroundTruth truth = GroundTruth.draw(N, M, 3);
        final double l2 = 0.01;
        final Parameters initial;
        final Parameters theta;
        final Matching matching;
        final PassSums sums;
        final Parameters gradient;
        final RowContext.Inputs inputs;

        Fixture() {
            SplittableRandom random = new SplittableRandom(5);
            double[] v0 = truth.a().clone();
            double[] noise = Matrices.gaussian(N, M, random);
            for (int i = 0; i < v0.length; i++) v0[i] += 0.2 * noise[i];
            double[] u0 = Matrices.gaussian(N, M, random);
            initial = new Parameters(N, M, v0, u0, new double[] {-0.1, -0.1, -0.1});
            double[] v = v0.clone();
            double[] u = u0.clone();
            for (int i = 0; i < v.length; i++) {
                v[i] += 0.05 * random.nextGaussian();
                u[i] += 0.05 * random.nextGaussian();
            }
            theta = new Parameters(N, M, v, u, new double[] {-0.2, 0.1, 0.0});
            ModelSpec spec = new ModelSpec(ModelSpec.Architecture.UNTIED, Scale.STANDARD, new Activation.Relu(),
                    ModelSpec.Regime.JOINT, N, M);
            ModelFamily family = ModelFamily.of(spec);
            matching = Matching.of(truth.a(), theta.encoder(), N, M, true);
            PassModel model = family.passModel(theta, matching.neuronOfAtom(), matching.sign());
            SampleGenerator g = new SampleGenerator(CodeModel.Mixture.uniform(M), truth.a(), N, 0.02, 5);
            SampleBlock block = SampleSource.generated(g, 256).block(0, 0);
            sums = model.newSums();
            model.accumulate(block, sums);
            sums.complete();
            gradient = family.meanGradient(sums);
            double[] e1 = new double[N];
            double[] e2 = new double[N];
            e1[0] = 1;
            e2[1] = 1;
            EigenBlocks blocks = new EigenBlocks(N, List.of(e1, e2), new double[] {2, 1}, 4);
            inputs = new RowContext.Inputs(truth, l2, new double[] {1.0 / 3, 1.0 / 3, 1.0 / 3}, blocks, true);
        }

        RowContext context() {
            return RowContext.of(0, sums, theta, initial, gradient, matching, inputs, System.nanoTime());
        }
    }
}
