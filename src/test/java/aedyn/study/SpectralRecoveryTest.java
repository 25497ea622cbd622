package aedyn.study;

import aedyn.config.ConfigException;
import aedyn.config.ConfigProblem;
import aedyn.data.GroundTruth;
import aedyn.data.Npy;
import aedyn.data.Seeds;
import aedyn.report.Json;
import org.apache.hadoop.conf.Configuration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * An overcomplete dictionary (m = 1.5 n) recovered from nothing: the spectral start, then the threshold autoencoder
 * (paper 1, sparse coding). From a start perturbed by δ = 0.2 the same descent reaches max_col_error 0.031 by
 * iteration 10, so the spectral start has to be about that good.
 */
class SpectralRecoveryTest {
    static final String STUDY = """
            study { name = spectral-e2e, seed = 3 }
            data { model = sparse, n = 128, m = 192, k = 2, samples = 100000, noise-sigma = 0.005 }
            model { activation = threshold, threshold = 0.5 }
            init { kind = spectral }
            bias { init = 0, schedule = constant }
            train { iterations = 40, learning-rate = "m/k", checkpoint-every = 0 }
            """;

    @Test
    void spectralStartThenDescentRecoversAnOvercompleteDictionary(@TempDir Path dir) throws IOException {
        long start = System.nanoTime();
        Path run = StudyTestSupport.runStudy(dir, STUDY).resolve("runs/run");
        double seconds = (System.nanoTime() - start) / 1e9;
        Map<String, List<Double>> metrics = StudyTestSupport.columns(run.resolve("metrics.csv"));
        List<Double> maxCol = metrics.get("max_col_error");
        double atStart = maxCol.get(0);
        double atEnd = maxCol.get(40);
        Map<String, Object> manifest = Json.parseObject(Files.readString(run.resolve("run.json")));
        @SuppressWarnings("unchecked")
        Map<String, Object> spectral = (Map<String, Object>) manifest.get("spectral_init");
        System.out.printf("spectral start: max_col_error %.4f, after 40 iterations %.4f; %s; whole study %.1f s%n",
                atStart, atEnd, spectral, seconds);
        assertEquals(192, ((Number) spectral.get("atoms_found")).intValue(), "every atom found: " + spectral);
        assertTrue(atStart < 0.5, "spectral start max_col_error " + atStart);
        assertTrue(atEnd < 0.1, "after descent max_col_error " + atEnd);
        assertEquals(193, Files.readAllLines(run.resolve("spectral.csv")).size(), "a header and one row per column");

        // The same closeness without the job's matching: A redrawn from the run's data seed, each atom's nearest
        // column of W up to sign, and every column the nearest of exactly one atom.
        long dataSeed = ((Number) manifest.get("data_seed")).longValue();
        double[] a = GroundTruth.draw(128, 192, Seeds.derive(dataSeed, 1)).a();
        double[] w;
        try (InputStream in = Files.newInputStream(run.resolve("W.npy"))) {
            w = Npy.readMatrix(in, "W.npy", 128, 192).columnMajor();
        }
        boolean[] taken = new boolean[192];
        double worst = 0;
        for (int i = 0; i < 192; i++) {
            int best = -1;
            double bestDot = 0;
            for (int j = 0; j < 192; j++) {
                double d = 0;
                for (int t = 0; t < 128; t++) d += a[i * 128 + t] * w[j * 128 + t];
                if (Math.abs(d) > Math.abs(bestDot)) {
                    bestDot = d;
                    best = j;
                }
            }
            assertTrue(!taken[best], "column " + best + " is the nearest of two atoms");
            taken[best] = true;
            worst = Math.max(worst, Math.sqrt(Math.max(0, 2 - 2 * Math.abs(bestDot))));
        }
        assertEquals(atEnd, worst, 1e-9, "the job's max_col_error against the nearest-column distance");
    }

    @Test
    void spectralIsRefusedWhereItHasNoMeaning(@TempDir Path dir) throws IOException {
        Path file = dir.resolve("s.conf");
        Files.writeString(file, """
                data { model = mixture }
                init { kind = spectral, spectral { max-eigen-ratio = 1.5, pool = 1 } }
                """);
        ConfigException e = assertThrows(ConfigException.class, () -> StudyPlan.load(file.toString(), List.of(),
                dir.resolve("out").toString(), new Configuration()));
        Map<String, ConfigProblem> p = new java.util.HashMap<>();
        for (ConfigProblem x : e.problems()) p.put(x.key(), x);
        assertEquals("spectral", p.get("init.kind").value().replace("\"", ""));
        assertTrue(p.get("init.kind").allowed().contains("data.model = sparse, nonneg-sparse or file"), p.toString());
        assertTrue(p.get("init.spectral.max-eigen-ratio").allowed().contains("(0, 1)"), p.toString());
        assertTrue(p.get("init.spectral.pool").allowed().contains("at least 2"), p.toString());
    }
}
