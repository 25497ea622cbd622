package aedyn.study;

import aedyn.config.DataModel;
import aedyn.model.ModelSpec;
import aedyn.model.Scale;
import aedyn.report.AnalysisRow;
import aedyn.report.Csv;
import aedyn.report.Json;
import aedyn.report.RunManifest;
import aedyn.report.RunStatus;
import aedyn.report.StudyReport;
import aedyn.report.StudyResults;
import aedyn.report.SummaryRow;
import org.apache.hadoop.conf.Configuration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Studies written by the main before typed results (commit 592176e), committed under src/test/resources/old-studies:
 * quickstart (n = 16, m = 4, 512 samples, 5 iterations), phases (mean-field-spiked, one width of 16, 10 iterations,
 * with its analysis.csv) and interrupted (quickstart with train.iterations = [5, 200], stopped by SIGTERM after the
 * first run finished and the second saved iteration 80), with interrupted-resumed: the files the old main's --resume
 * wrote for the second run. They read back into today's records, report, analyse to the old analysis.csv, and resume
 * to the old bits.
 */
class OldStudiesTest {
    private static final Configuration HADOOP = new Configuration();
    /** The overrides the interrupted study was started with. */
    private static final List<String> INTERRUPTED_SETS = List.of("data.n=16", "data.m=4", "data.samples=512",
            "study.grid={\"train.iterations\"=[5,200]}", "train.checkpoint-every=5", "train.checkpoint-interval=0");

    static Path fixture(String name) {
        try {
            return Path.of(OldStudiesTest.class.getResource("/old-studies/" + name).toURI());
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }

    static Path copy(String name, Path to) throws IOException {
        Path from = fixture(name);
        try (Stream<Path> files = Files.walk(from)) {
            for (Path f : files.toList()) {
                Path target = to.resolve(from.relativize(f).toString());
                if (Files.isDirectory(f)) Files.createDirectories(target);
                else Files.copy(f, target, StandardCopyOption.REPLACE_EXISTING);
            }
        }
        return to;
    }

    @Test
    void everyOldRunJsonReadsIntoItsRecordAndWritesBackTheSameBytes() throws IOException {
        List<Path> manifests;
        try (Stream<Path> files = Files.walk(fixture(""))) {
            manifests = files.filter(f -> f.getFileName().toString().equals("run.json")).toList();
        }
        assertEquals(5, manifests.size(), manifests.toString());
        for (Path f : manifests) {
            String text = Files.readString(f);
            RunManifest m = RunManifest.read(text);
            if (m.status() == RunStatus.FAILED) {
                // what a fatal error leaves: the name, the outcome and the origin only
                assertEquals(text, new RunManifest.Unfinished(m.name(), m.end(), m.origin()).json(), f.toString());
            } else {
                assertEquals(text, m.json(), f.toString());
            }
        }
    }

    @Test
    void oldStateAndSummaryFilesReadIntoTheirRecordsAndWriteBackTheSameBytes() throws IOException {
        Path state = fixture("interrupted/runs/train.iterations=200/checkpoint/state.json");
        String text = Files.readString(state);
        Checkpoints.State read = Json.read(text, Checkpoints.State.class);
        assertEquals(new Checkpoints.State("train.iterations=200", 80,
                Map.of("W", "W-00000080.npy", "b", "b-00000080.npy", "W0", "W0-00000080.npy"), "rows-00000080.csv",
                1.529463188, null), read);
        assertEquals(text, Json.write(read));
        for (String study : List.of("quickstart", "phases", "interrupted-resumed")) {
            String csv = Files.readString(fixture(study + "/summary.csv"));
            Csv table = Csv.parse(csv);
            List<SummaryRow> rows = SummaryRow.read(table, name -> {
                throw new AssertionError("the status is in summary.csv");
            });
            List<String> metrics = table.header().subList(table.index("iterations") + 1, table.header().size() - 1);
            assertEquals(csv, SummaryRow.csv(rows.get(0).grid().keySet().stream().toList(), metrics, rows), study);
        }
        String analysis = Files.readString(fixture("phases/analysis.csv"));
        Csv table = Csv.parse(analysis);
        List<AnalysisRow> rows = AnalysisRow.read(table, List.of("model.activation"));
        assertEquals(3, rows.size(), "one row a block");
        assertEquals(List.of("1", "2", "rest"), rows.stream().map(a -> a.results().get("block")).toList());
        assertEquals(List.of("linear"), rows.stream().map(a -> a.grid().get("model.activation")).distinct().toList());
        assertEquals(analysis, AnalysisRow.csv(List.of("model.activation"), table.header().subList(2, table.header().size()), rows));
    }

    @Test
    void anUnknownStatusIsNamedWithTheAllowedWords() throws IOException {
        String text = Files.readString(fixture("quickstart/runs/data.noise-sigma=0.01/run.json"))
                .replace("\"status\": \"finished\"", "\"status\": \"exploded\"");
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> RunManifest.read(text));
        assertTrue(e.getMessage().contains("\"exploded\" is not one of finished, diverged, bad-input, stopped, failed"),
                e.getMessage());
    }

    @Test
    void anOldStudyReadsAsRecordsAndReports(@TempDir Path tmp) throws IOException {
        Path dir = copy("quickstart", tmp.resolve("quickstart"));
        StudyResults r = StudyResults.read(dir.toString(), HADOOP);
        assertEquals(List.of("data.noise-sigma"), r.gridKeys());
        assertEquals(List.of("data.noise-sigma=0.01", "data.noise-sigma=0.05"),
                r.runs().stream().map(StudyResults.Run::name).toList());
        for (StudyResults.Run run : r.runs()) {
            assertEquals(RunStatus.FINISHED, run.status());
            RunManifest m = run.manifest().orElseThrow();
            assertEquals(DataModel.MIXTURE, m.data().model());
            assertEquals(16, m.data().n());
            assertEquals(4, m.data().m());
            assertEquals(512, m.data().samples());
            assertEquals(Double.valueOf(run.grid().get("data.noise-sigma")), m.data().noiseSigma());
            assertEquals(ModelSpec.Architecture.TIED, m.training().architecture());
            assertEquals(Scale.STANDARD, m.training().scale());
            assertEquals(5, m.training().iterations());
            assertEquals(5, run.row().iterations().getAsInt());
            // summary.csv's final loss is the last row of the run's metrics.csv
            double[] loss = run.metrics().doubles("loss");
            assertEquals(loss[loss.length - 1], r.finalValue(run, "loss"));
        }
        StudyReport.Result report = StudyReport.write(dir.toString(), HADOOP);
        String html = Files.readString(dir.resolve("report.html"));
        assertFalse(report.plots().isEmpty());
        assertTrue(html.contains("data.noise-sigma=0.05"), "the report lists the runs");
        assertTrue(html.contains("<td>mixture</td>"), "the data table names the data model by its word");
        assertTrue(html.contains("Data and ground truth per run"), "mixture data is drawn from a dictionary A");
    }

    @Test
    void theOldPhasesAnalysisIsComputedAgainFromTheRecords(@TempDir Path tmp) throws IOException {
        Path dir = copy("phases", tmp.resolve("phases"));
        String old = Files.readString(dir.resolve(Asymptotics.FILE));
        Files.delete(dir.resolve(Asymptotics.FILE));
        Asymptotics.Result r = Asymptotics.analyze(dir.toString(), Analysis.PHASES, HADOOP);
        // energy_blocks (dims, eigenvalue sums, pca levels), width, learning rate, scale, model: all read from run.json
        assertEquals(old, r.csv());
        assertEquals(old, Files.readString(dir.resolve(Asymptotics.FILE)));
        StudyResults results = StudyResults.read(dir.toString(), HADOOP);
        RunManifest.EnergyBlocksReport eb = results.runs().get(0).manifest().orElseThrow().energyBlocksReport().orElseThrow();
        assertEquals(List.of(2, 2), eb.dims());
        assertEquals(60.0, eb.dim("energy_rest"));
        assertEquals(2.0, eb.dim("energy_2"));
    }

    @Test
    void anInterruptedOldStudyResumesToTheOldBits(@TempDir Path tmp) throws IOException {
        Path dir = copy("interrupted", tmp.resolve("interrupted"));
        String stopped = "runs/train.iterations=200";
        assertEquals(RunStatus.FAILED, RunManifest.read(Files.readString(dir.resolve(stopped + "/run.json"))).status());
        Checkpoints.Saved saved = Checkpoints.load(dir.resolve(stopped).toString(), 16, 4, HADOOP);
        assertEquals(80, saved.state().iteration());
        assertEquals(80, saved.state().rows().size(), "rows s = 0..79: the row of s = 80 comes with the next step");
        assertEquals(1.529463188, saved.wallSeconds());

        StudyPlan plan = StudyPlan.load(Path.of("conf/quickstart.conf").toString(), INTERRUPTED_SETS, dir.toString(),
                HADOOP, true);
        assertEquals(List.of(), new StudyRunner(plan, SparkTestContext.get()).run());

        Path expected = fixture("interrupted-resumed");
        for (String file : List.of("W.npy", "b.npy")) {
            assertArrayEquals(Files.readAllBytes(expected.resolve(stopped + "/" + file)),
                    Files.readAllBytes(dir.resolve(stopped + "/" + file)), file);
        }
        Map<String, List<Double>> was = StudyTestSupport.columns(expected.resolve(stopped + "/metrics.csv"));
        Map<String, List<Double>> now = StudyTestSupport.columns(dir.resolve(stopped + "/metrics.csv"));
        assertEquals(was.keySet(), now.keySet());
        for (String column : was.keySet()) {
            if (!column.equals("seconds")) assertEquals(was.get(column), now.get(column), column);
        }
        RunManifest resumed = RunManifest.read(Files.readString(dir.resolve(stopped + "/run.json")));
        assertEquals(RunStatus.FINISHED, resumed.status());
        assertEquals(80, resumed.resumedFromIteration());
        assertEquals(withoutWallSeconds(Files.readString(expected.resolve("summary.csv"))),
                withoutWallSeconds(Files.readString(dir.resolve("summary.csv"))));
    }

    /** summary.csv without its last column, the wall time. */
    private static String withoutWallSeconds(String csv) {
        return csv.replaceAll(",[^,\\n]*\\n", "\n");
    }
}
