package aedyn.study;

import aedyn.report.Csv;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Paper 3 end to end on a small spiked case (n = 8, blocks 2 x 8 and 2 x 4 over a bulk at 1, linear tied mean-field
 * model, width 16, small initialization, full-batch gd on 20,000 samples, lambda_2 = 0 and 4/m): the phase ordering
 * of the subspaces, and the long-run energies against the closed form of the README ("Paper 3") within sampling error.
 */
class MeanFieldPhasesTest {
    private static final int SAMPLES = 20_000;
    private static final String STUDY = """
            study { name = phases, seed = 3, analysis = phases, parallel-runs = 2, grid { "train.l2" = [0, "4/m"] } }
            data { model = gaussian, n = 8, m = 4, samples = 20000, bulk = 1
                   spectrum = [{dim = 2, eigenvalue = 8}, {dim = 2, eigenvalue = 4}] }
            model { architecture = tied, scale = mean-field, activation = linear, width = 16 }
            init { kind = gaussian, scale = "1e-3/sqrt(n)" }
            bias { init = 0, schedule = constant }
            train { optimizer = gd, learning-rate = 0.04, iterations = 200, checkpoint-every = 0 }
            """;
    @TempDir
    static Path dir;
    /** analysis.csv's rows by (l2 as written in the grid, block). */
    private static final Map<String, Map<String, String>> ROWS = new HashMap<>();

    @BeforeAll
    static void run() throws IOException {
        Path out = StudyTestSupport.runStudy(dir, STUDY);
        Csv a = Csv.parse(Files.readString(out.resolve(Asymptotics.FILE)));
        for (int r = 0; r < a.size(); r++) ROWS.put(a.cell(r, "train.l2") + "/" + a.cell(r, "block"), a.row(r));
        assertEquals(6, ROWS.size(), ROWS.keySet().toString());
    }

    private static double value(String l2, String block, String column) {
        return Csv.toDouble(ROWS.get(l2 + "/" + block).get(column));
    }

    /**
     * The top block reaches half its energy first, then the second, then the bulk: each direction's energy grows
     * like exp(2 (2 lambda - kappa) t) from the start, so the larger the eigenvalue, the earlier its phase.
     */
    @Test
    void blocksAreLearnedInEigenvalueOrder() {
        for (String l2 : new String[] {"0", "4/m"}) {
            double first = value(l2, "1", "half_energy_iteration");
            double second = value(l2, "2", "half_energy_iteration");
            assertTrue(first < second, l2 + ": block 1 at s = " + first + ", block 2 at s = " + second);
            assertEquals("true", ROWS.get(l2 + "/1").get("in_order"));
            assertEquals("1", ROWS.get(l2 + "/1").get("order"));
            assertEquals("2", ROWS.get(l2 + "/2").get("order"));
        }
        double bulk = value("0", "rest", "half_energy_iteration");
        assertTrue(value("0", "2", "half_energy_iteration") < bulk, "without l2 the bulk comes last, at s = " + bulk);
        assertEquals("3", ROWS.get("0/rest").get("order"));
        // kappa = m lambda_2 = 4 > 2 x the bulk's eigenvalue: the bulk is never learned.
        assertEquals("false", ROWS.get("4/m/rest").get("learned"));
        // Half energy on the mean-field clock: t = zeta s.
        assertEquals(0.04 * value("0", "1", "half_energy_iteration"), value("0", "1", "half_energy_time"), 1e-12);
    }

    /**
     * Per direction of eigenvalue lambda the long-run energy is max(0, 1 - kappa / (2 lambda)), kappa = m lambda_2
     * (README). Without l2 every direction is learned fully (M = W W^T / m reaches the identity, whatever the sample);
     * with kappa = 4 the blocks hold 2 (1 - 4/16) = 1.5 and 2 (1 - 4/8) = 1 and the bulk 0. The sample covariance
     * moves each eigenvalue by about lambda sqrt(2/N), so the energies by kappa / (2 lambda) sqrt(2 d / N): the
     * tolerance is four of those.
     */
    @Test
    void longRunEnergiesMatchTheClosedForm() {
        double[][] expected = {{2, 2, 4}, {1.5, 1, 0}};
        String[] blocks = {"1", "2", "rest"};
        int[] dims = {2, 2, 4};
        double[] lambdas = {8, 4, 1};
        for (int g = 0; g < 2; g++) {
            String l2 = g == 0 ? "0" : "4/m";
            double kappa = g == 0 ? 0 : 4;
            assertEquals(kappa, value(l2, "1", "kappa"), 1e-12);
            for (int j = 0; j < 3; j++) {
                double sd = kappa / (2 * lambdas[j]) * Math.sqrt(2.0 * dims[j] / SAMPLES);
                double tol = Math.max(4 * sd, 2e-3);
                double e = value(l2, blocks[j], "final_energy");
                assertEquals(expected[g][j], e, tol, l2 + ", block " + blocks[j]);
                assertEquals(expected[g][j], value(l2, blocks[j], "closed_form_energy"), 1e-12, "analysis.csv's closed form");
            }
        }
    }

    /** PCA levels: the loss of the best projection onto blocks 1..j is half the eigenvalues outside them. */
    @Test
    void lossPlateausNearThePcaLevels() {
        assertEquals(0.5 * (2 * 4 + 4 * 1), value("0", "1", "pca_level"), 1e-12);
        assertEquals(0.5 * 4, value("0", "2", "pca_level"), 1e-12);
        // The plateau after block 1 (when block 2 starts) lies within 10 % of its level; the sample's own eigenvalues
        // differ from the population's by about 1 %.
        double plateau = value("0", "1", "loss_at_next_onset");
        assertEquals(6, plateau, 0.6, "loss after block 1");
        assertEquals(2, value("0", "2", "loss_at_next_onset"), 0.2, "loss after block 2");
        // With kappa = 4, the final loss is 1/2 sum over learned directions of lambda (kappa / 2 lambda)^2 plus half
        // the bulk: 2 x 8 x (1/4)^2 / 2 + 2 x 4 x (1/2)^2 / 2 + 4 / 2 = 0.5 + 1 + 2.
        assertEquals(3.5, value("4/m", "1", "final_loss"), 0.1);
    }
}
