package aedyn.study;

import aedyn.config.ConfigException;
import aedyn.config.ConfigProblem;
import aedyn.config.DataSettings;
import aedyn.data.GaussianSpectrum;
import aedyn.report.Json;
import org.apache.hadoop.conf.Configuration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import java.util.zip.GZIPOutputStream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** data.model = gaussian and idx, and metrics.energy-blocks: their keys, their checks and whole runs on them. */
class GaussianAndImageDataTest {

    private static StudyPlan load(Path dir, String conf) throws IOException {
        Path file = dir.resolve("s.conf");
        Files.writeString(file, conf);
        return StudyPlan.load(file.toString(), List.of(), dir.resolve("out").toString(), new Configuration());
    }

    private static Map<String, String> problems(Path dir, String conf) {
        ConfigException e = assertThrows(ConfigException.class, () -> load(dir, conf));
        return e.problems().stream().collect(Collectors.toMap(ConfigProblem::key, ConfigProblem::toString, (a, b) -> a + " | " + b));
    }

    /** A gzip-compressed IDX file of count images of side x side, pixel i of image j = (5 j + 11 i) mod 256. */
    private static Path idxFile(Path dir, String name, int count, int side) throws IOException {
        ByteBuffer b = ByteBuffer.allocate(16 + count * side * side);
        b.putInt(0x803).putInt(count).putInt(side).putInt(side);
        for (int j = 0; j < count; j++) {
            for (int i = 0; i < side * side; i++) b.put((byte) ((5 * j + 11 * i) % 256));
        }
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (GZIPOutputStream gz = new GZIPOutputStream(out)) {
            gz.write(b.array());
        }
        Path p = dir.resolve(name);
        Files.write(p, out.toByteArray());
        return p;
    }

    @Test
    void gaussianKeysAreRead(@TempDir Path dir) throws IOException {
        StudyPlan plan = load(dir, """
                data { model = gaussian, n = 16, m = 4, samples = 1000, bulk = 0.5, rotate = false
                       spectrum = [{dim = 2, eigenvalue = 8}, {dim = 1, eigenvalue = 4}] }
                init.kind = random
                """);
        DataSettings d = plan.runs().get(0).settings().data();
        assertTrue(d.gaussian());
        assertEquals(List.of(new GaussianSpectrum.Block(2, 8), new GaussianSpectrum.Block(1, 4)), d.options().spectrum());
        assertEquals(0.5, d.options().bulk());
        assertFalse(d.options().rotate());
        assertEquals(1.0 / 255, d.options().scale());
    }

    @Test
    void badGaussianAndImageKeysAreNamed(@TempDir Path dir) {
        Map<String, String> p = problems(dir, """
                data { model = gaussian, n = 4, m = 2
                       spectrum = [{dim = 3, eigenvalue = 8}, {dim = 2, eigenvalue = 4}] }
                init.kind = random
                metrics.energy-blocks = [1]
                """);
        assertTrue(p.get("data.spectrum").contains("at most data.n = 4 dimensions; these span 5"), p.toString());
        assertTrue(p.get("metrics.energy-blocks").contains("data.spectrum"), p.toString());

        p = problems(dir, """
                data { model = gaussian, n = 8, m = 2, bulk = -1
                       spectrum = [{dim = 0, eigenvalue = 8}, {dim = 1, eigenvalue = -4}, {dim = 1, eigenvalue = 1},
                                   {dim = 1, eigenvalue = 2}, {dims = 1, eigenvalue = 1}] }
                init.kind = perturb
                """);
        assertTrue(p.get("data.spectrum[0].dim").contains("= 0: an integer >= 1"), p.toString());
        assertTrue(p.get("data.spectrum[1].eigenvalue").contains("= -4.0: a finite number >= 0"), p.toString());
        assertTrue(p.get("data.spectrum[3].eigenvalue").contains("at most the previous block's 1.0"), p.toString());
        assertTrue(p.get("data.spectrum[4].dims").contains("not a key of a block"), p.toString());
        assertTrue(p.get("data.spectrum[4].dim").contains("(missing)"), p.toString());
        assertTrue(p.containsKey("data.bulk"), p.toString());
        assertTrue(p.get("init.kind").contains("perturb needs the ground truth"), p.toString());

        p = problems(dir, """
                data { model = idx, scale = "-1/255", limit = -1, fresh = true }
                init.kind = random
                """);
        assertTrue(p.get("data.path").contains("required when data.model = idx"), p.toString());
        assertTrue(p.get("data.scale").contains("\"-1/255\" (= -0.00392"), p.toString());
        assertTrue(p.get("data.limit").contains("an integer from 0"), p.toString());
        assertTrue(p.get("data.fresh").contains("false when data.model = idx"), p.toString());

        p = problems(dir, """
                data { n = 10, m = 2 }
                metrics.energy-blocks = [4, 0, 8]
                """);
        // one line for the key: the rank that is refused, not also the sum its refused rank is part of
        assertTrue(p.get("metrics.energy-blocks").contains("ranks >= 1") && !p.get("metrics.energy-blocks").contains("add up to"), p.toString());

        p = problems(dir, """
                data { n = 10, m = 2 }
                metrics.energy-blocks = [4, 1, 8]
                """);
        assertTrue(p.get("metrics.energy-blocks").contains("add up to 13"), p.toString());
    }

    @Test
    void imageFilesAreCheckedBeforeAnyRun(@TempDir Path dir) throws IOException {
        Path images = idxFile(dir, "images.gz", 10, 3);
        StudyPlan plan = load(dir, "data { model = idx, path = \"" + images + "\", limit = 6 }\ninit.kind = random\n");
        assertEquals(9, plan.runs().get(0).settings().data().n());
        assertEquals(6, plan.runs().get(0).settings().data().samples());

        Map<String, String> p = problems(dir, "data { model = idx, path = \"" + images + "\", limit = 11 }\n"
                + "init.kind = pca\ndata.m = 10\nmetrics.energy-blocks = [5, 5]\n");
        assertTrue(p.get("data.limit").contains("= 11: at most the 10 images of " + images), p.toString());
        assertTrue(p.get("metrics.energy-blocks").contains("at most n = 9"), p.toString());
        assertTrue(p.get("init.kind").contains("data.m = 10 exceeds n = 9"), p.toString());

        Path labels = dir.resolve("labels");
        Files.write(labels, ByteBuffer.allocate(10).putInt(0x801).putInt(2).put(new byte[]{1, 2}).array());
        p = problems(dir, "data { model = idx, path = \"" + labels + "\" }\ninit.kind = random\n");
        String line = p.get("data.path");
        assertTrue(line.startsWith("data.path = " + labels + ": ") && line.contains("starts with 0x00000801")
                && !line.contains("\n"), line);
    }

    /**
     * Whole runs: normalized columns have ‖W‖²_F / m = 1, so the final energies sum to 1; the PCA levels of the
     * Gaussian spectrum are ½ Σ of the eigenvalues outside the blocks (tr Σ = 2·8 + 1·4 + 13·0.5 = 26.5).
     */
    @Test
    void gaussianRunWritesItsEnergiesAndPcaLevels(@TempDir Path dir) throws IOException {
        Path out = StudyTestSupport.runStudy(dir, """
                study.name = gauss
                data { model = gaussian, n = 16, m = 3, samples = 2000, bulk = 0.5
                       spectrum = [{dim = 2, eigenvalue = 8}, {dim = 1, eigenvalue = 4}] }
                init.kind = random
                model.activation = relu
                bias { init = 0, schedule = constant }
                train { iterations = 5, learning-rate = 0.5 }
                """);
        Path run = Files.list(out.resolve("runs")).findFirst().orElseThrow();
        Map<String, Object> info = Json.parseObject(Files.readString(run.resolve("run.json")));
        @SuppressWarnings("unchecked") Map<String, Object> blocks = (Map<String, Object>) info.get("energy_blocks");
        assertEquals(List.of(13.25, 5.25, 3.25), ((List<?>) blocks.get("pca_levels")).stream()
                .map(x -> ((Number) x).doubleValue()).toList());
        @SuppressWarnings("unchecked") Map<String, Object> energies = (Map<String, Object>) blocks.get("final_energies");
        assertEquals(List.of("energy_1", "energy_2", "energy_rest"), List.copyOf(energies.keySet()));
        double sum = energies.values().stream().mapToDouble(x -> ((Number) x).doubleValue()).sum();
        assertEquals(1.0, sum, 1e-12);
        assertFalse(Files.readString(run.resolve("metrics.csv")).contains("fro_error"));
    }

    @Test
    void centeredImageRunFindsItsEnergyBlocks(@TempDir Path dir) throws IOException {
        Path images = idxFile(dir, "images-idx3-ubyte.gz", 700, 4);
        Path out = StudyTestSupport.runStudy(dir, "study.name = img\n"
                + "data { model = idx, path = \"" + images + "\", center = true, limit = 600, m = 2 }\n"
                + "metrics.energy-blocks = [1, 2]\n"
                + "init.kind = pca\nmodel.activation = relu\nbias { init = 0, schedule = constant }\n"
                + "train { iterations = 3, learning-rate = 0.1 }\n");
        Path run = Files.list(out.resolve("runs")).findFirst().orElseThrow();
        Map<String, Object> info = Json.parseObject(Files.readString(run.resolve("run.json")));
        assertEquals(600, ((Number) info.get("samples")).intValue());
        @SuppressWarnings("unchecked") Map<String, Object> blocks = (Map<String, Object>) info.get("energy_blocks");
        assertEquals(List.of(1, 2), ((List<?>) blocks.get("dims")).stream().map(x -> ((Number) x).intValue()).toList());
        assertEquals(13, ((Number) blocks.get("rest_dim")).intValue());
        // The pixels of the first 600 images, scaled and centered, computed here: tr S = Σ_i Var(pixel i), divisor N.
        double trace = 0;
        for (int i = 0; i < 16; i++) {
            double s = 0;
            double ss = 0;
            for (int j = 0; j < 600; j++) {
                double v = ((5 * j + 11 * i) % 256) / 255.0;
                s += v;
                ss += v * v;
            }
            trace += ss / 600 - (s / 600) * (s / 600);
        }
        assertEquals(trace, ((Number) blocks.get("trace")).doubleValue(), 1e-12);
    }
}
