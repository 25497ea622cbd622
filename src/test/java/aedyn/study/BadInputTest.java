package aedyn.study;

import aedyn.cli.Main;
import aedyn.config.ConfigException;
import aedyn.config.ConfigProblem;
import aedyn.data.Npy;
import org.apache.hadoop.conf.Configuration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Bad input as a new user would try it: each is one problem naming the key or file, the value and what is allowed. */
class BadInputTest {

    private static final String TWO_RUNS = "study.grid { \"data.noise-sigma\" = [0.01, 0.05] }\ndata { n = 16, m = 4, samples = 512 }\n";

    private static StudyPlan load(Path dir, String conf, String... sets) throws IOException {
        Path file = dir.resolve("s.conf");
        Files.writeString(file, conf);
        return StudyPlan.load(file.toString(), List.of(sets), dir.resolve("out").toString(), new Configuration());
    }

    private static List<ConfigProblem> problems(Path dir, String conf, String... sets) {
        return assertThrows(ConfigException.class, () -> load(dir, conf, sets)).problems();
    }

    private static ConfigProblem only(List<ConfigProblem> problems) {
        assertEquals(1, problems.size(), problems.toString());
        return problems.get(0);
    }

    @Test
    void aNullOrNonObjectGridIsAProblemNotAStackTrace(@TempDir Path dir) {
        ConfigProblem nul = only(problems(dir, TWO_RUNS, "study.grid=null"));
        assertEquals("study.grid", nul.key());
        assertEquals("null", nul.value());
        assertTrue(nul.allowed().contains("an object from key path to a list of values"), nul.allowed());
        ConfigProblem number = only(problems(dir, TWO_RUNS, "study.grid=5"));
        assertEquals("5", number.value());
        for (String key : List.of("study.name", "study.seed", "study.trials", "spark")) {
            ConfigProblem p = only(problems(dir, TWO_RUNS, key + "=null"));
            assertEquals(key, p.key());
            assertEquals("null", p.value());
        }
    }

    @Test
    void nullGridExitsWithCodeTwo(@TempDir Path dir) throws IOException {
        Path file = dir.resolve("s.conf");
        Files.writeString(file, TWO_RUNS);
        assertEquals(Main.BAD_INPUT, Main.run(new String[]{file.toString(), "--out", dir.resolve("o").toString(),
                "--set", "study.grid=null"}));
        assertTrue(Files.notExists(dir.resolve("o")));
    }

    @Test
    void aProblemOfEveryRunIsListedOnce(@TempDir Path dir) {
        ConfigProblem p = only(problems(dir, TWO_RUNS, "data.n=-5"));
        assertEquals("data.n", p.key());
        assertEquals("-5", p.value());
        assertTrue(!p.allowed().contains("[run"), p.allowed());
        // A problem of some runs only names them.
        List<ConfigProblem> some = problems(dir, TWO_RUNS + "study.grid { \"train.iterations\" = [3, -1, -2] }\n");
        assertEquals(2, some.size(), some.toString());
        assertTrue(some.get(0).allowed().endsWith("[runs data.noise-sigma=0.01_train.iterations=-1, "
                + "data.noise-sigma=0.05_train.iterations=-1]"), some.get(0).allowed());
    }

    @Test
    void aGridSetOnTheCommandLineReplacesTheFilesGrid(@TempDir Path dir) throws IOException {
        StudyPlan plan = load(dir, TWO_RUNS, "study.grid={\"data.samples\"=[1000,10000]}");
        assertEquals(2, plan.runs().size());
        assertEquals(List.of("data.samples"), plan.gridKeys());
        assertEquals(1, load(dir, TWO_RUNS, "study.grid={}").runs().size());
        assertEquals(1, load(dir, TWO_RUNS, "\"study\".grid = {}").runs().size());
        // One entry of the grid is set as a key of its own: it joins the file's grid.
        StudyPlan joined = load(dir, TWO_RUNS, "study.grid.\"data.samples\"=[1000,10000]");
        assertEquals(4, joined.runs().size());
        // The README's own example on the quickstart study.
        StudyPlan quick = StudyPlan.load("conf/quickstart.conf", List.of("study.grid={\"data.samples\"=[1000,10000]}"),
                dir.resolve("q").toString(), new Configuration());
        assertEquals(2, quick.runs().size());
    }

    private static Path matrix(Path dir, String name, int n, int m, double[] columnMajor) throws IOException {
        Path p = dir.resolve(name);
        try (OutputStream out = Files.newOutputStream(p)) {
            Npy.writeMatrix(out, n, m, columnMajor);
        }
        return p;
    }

    private static double[] goodA(int n, int m) {
        double[] a = new double[n * m];
        for (int k = 0; k < a.length; k++) a[k] = Math.sin(1 + k) / 2;
        return a;
    }

    @Test
    void aGroundTruthOrInitialWeightsWithAZeroOrNonFiniteColumnIsNamedByFileAndColumn(@TempDir Path dir) throws IOException {
        int n = 10;
        int m = 3;
        int samples = 40;
        Path y = matrix(dir, "Y.npy", samples, n, goodA(samples, n));
        String base = "data { model = file, m = 3, path = \"" + y + "\" }\ninit.kind = random\n";

        Path zeros = matrix(dir, "zeros.npy", n, m, new double[n * m]);
        ConfigProblem p = only(problems(dir, base + "data.ground-truth = \"" + zeros + "\""));
        assertEquals("data.ground-truth", p.key());
        assertEquals(zeros.toString(), p.value());
        assertTrue(p.allowed().contains("column 0 is all zeros (and so are all 2 other columns)"), p.allowed());

        double[] a = goodA(n, m);
        for (int i = 0; i < n; i++) a[i + 2 * n] = 0;
        Path oneZero = matrix(dir, "one-zero.npy", n, m, a);
        p = only(problems(dir, base + "data.ground-truth = \"" + oneZero + "\""));
        assertTrue(p.allowed().endsWith("column 2 is all zeros"), p.allowed());
        assertTrue(p.allowed().contains("no") || p.allowed().contains("non-zero"), p.allowed());

        a = goodA(n, m);
        a[4 + n] = Double.POSITIVE_INFINITY;
        Path infinite = matrix(dir, "inf.npy", n, m, a);
        p = only(problems(dir, base + "data.ground-truth = \"" + infinite + "\""));
        assertTrue(p.allowed().endsWith("column 1 holds Infinity in row 4"), p.allowed());

        a = goodA(n, m);
        for (int i = 0; i < n; i++) a[i + n] = 0;
        Path w0 = matrix(dir, "w0.npy", n, m, a);
        p = only(problems(dir, "data { model = file, m = 3, path = \"" + y + "\" }\ninit { kind = file, path = \"" + w0 + "\" }\n"));
        assertEquals("init.path", p.key());
        assertEquals(w0.toString(), p.value());
        assertTrue(p.allowed().endsWith("column 1 is all zeros"), p.allowed());
    }
}
