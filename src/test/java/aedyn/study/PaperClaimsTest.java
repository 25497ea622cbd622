package aedyn.study;

import org.apache.hadoop.conf.Configuration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** study.analysis = paper-claims on a hand-made study directory: the verdicts per cell, computed by hand. */
class PaperClaimsTest {

    @Test
    void verdictsPerCellFollowTheStatedRules(@TempDir Path dir) throws IOException {
        // n = 100, sigma = 0.1: the noise floor n sigma^2 / 2 is 0.5.
        StringBuilder summary = new StringBuilder("run,status,trial,bias.schedule,init.kind,iterations,loss,fro_error,wall_seconds\n");
        // geometric: perturb recovers (0.1 and 0.3 -> mean 0.2 < 0.5 x 0.9), every loss within 1.2 x 0.5 = 0.6.
        row(dir, summary, "geometric", "perturb", 0, "finished", 0.55, 0.1);
        row(dir, summary, "geometric", "perturb", 1, "finished", 0.55, 0.3);
        row(dir, summary, "geometric", "pca", 0, "finished", 0.58, 0.9);
        row(dir, summary, "geometric", "random", 0, "finished", 0.59, 1.0);
        // constant: perturb 0.5 is not below 0.5 x min(0.9, 1.0) = 0.45; pca's loss 1.0 is 2x the floor.
        row(dir, summary, "constant", "perturb", 0, "finished", 0.55, 0.5);
        row(dir, summary, "constant", "pca", 0, "finished", 1.0, 0.9);
        row(dir, summary, "constant", "random", 0, "finished", 0.55, 1.0);
        // contraction: Figure 3 holds, but a diverged random run means Figure 2 does not.
        row(dir, summary, "contraction", "perturb", 0, "finished", 0.55, 0.1);
        // halving-slow: perturb is far ahead of the others but never moved from its start 0.8: Figure 3 fails.
        row(dir, summary, "halving-slow", "perturb", 0, "finished", 0.55, 0.8);
        row(dir, summary, "halving-slow", "pca", 0, "finished", 0.55, 3.0);
        row(dir, summary, "halving-slow", "random", 0, "finished", 0.55, 4.0);
        row(dir, summary, "contraction", "pca", 0, "finished", 0.55, 0.9);
        row(dir, summary, "contraction", "random", 0, "finished", 0.55, 1.0);
        row(dir, summary, "contraction", "random", 1, "diverged", Double.NaN, Double.NaN);
        Files.writeString(dir.resolve("summary.csv"), summary);

        Asymptotics.Result r = Asymptotics.analyze(dir.toString(), Analysis.named("paper-claims"), new Configuration());
        List<String> lines = Files.readAllLines(dir.resolve("analysis.csv"));
        assertEquals("bias.schedule,fro_perturb_start,fro_perturb_mean,fro_perturb_sd,loss_over_floor_perturb,finished_perturb,"
                + "fro_pca_start,fro_pca_mean,fro_pca_sd,loss_over_floor_pca,finished_pca,"
                + "fro_random_start,fro_random_mean,fro_random_sd,loss_over_floor_random,finished_random,"
                + "figure2_loss_reaches_floor,figure3_perturb_recovers_others_do_not",
                lines.get(0));
        assertEquals(5, lines.size());
        String[] geometric = lines.get(1).split(",", -1);
        assertEquals("geometric", geometric[0]);
        assertEquals(0.8, Double.parseDouble(geometric[1]), 1e-12, "fro_error of row 0");
        assertEquals(0.2, Double.parseDouble(geometric[2]), 1e-12);
        assertEquals(Math.sqrt(0.02), Double.parseDouble(geometric[3]), 1e-12, "sample sd of 0.1 and 0.3");
        assertEquals(1.1, Double.parseDouble(geometric[4]), 1e-12, "0.55 / 0.5");
        assertEquals("2/2", geometric[5]);
        assertTrue(lines.get(1).endsWith(",true,true"), lines.get(1));
        assertTrue(lines.get(2).startsWith("constant,") && lines.get(2).endsWith(",false,false"), lines.get(2));
        assertTrue(lines.get(3).startsWith("contraction,") && lines.get(3).endsWith(",false,true"), lines.get(3));
        assertTrue(lines.get(3).contains(",1/2,"), "one of two random runs finished: " + lines.get(3));
        assertTrue(lines.get(4).startsWith("halving-slow,") && lines.get(4).endsWith(",true,false"), lines.get(4));
        assertTrue(r.text().contains("bias.schedule=geometric:") && r.text().contains("Figure 2 holds, Figure 3 holds"), r.text());
    }

    private static void row(Path dir, StringBuilder summary, String schedule, String init, int trial, String status,
                            double loss, double fro) throws IOException {
        String name = schedule + "_" + init + "_" + trial;
        summary.append(name).append(',').append(status).append(',').append(trial).append(',').append(schedule).append(',')
                .append(init).append(",10,").append(Double.isNaN(loss) ? "" : loss).append(',')
                .append(Double.isNaN(fro) ? "" : fro).append(",1\n");
        Path run = Files.createDirectories(dir.resolve("runs").resolve(name));
        Files.writeString(run.resolve("run.json"), "{\"n\": 100, \"noise_sigma\": 0.1, \"status\": \"" + status + "\"}");
        // every run starts at fro_error 0.8 (row 0)
        Files.writeString(run.resolve("metrics.csv"), "iteration,loss,fro_error\n0,1,0.8\n10," + loss + "," + fro + "\n");
    }
}
