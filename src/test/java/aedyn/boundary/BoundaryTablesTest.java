package aedyn.boundary;

import aedyn.report.Csv;
import org.junit.jupiter.api.Test;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** probes.csv and boundary.csv, read back with the project's CSV reader. */
class BoundaryTablesTest {

    private static Map<String, Object> point(int n, String regime) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("data.samples", n);
        m.put("model.regime", regime);
        return m;
    }

    @Test
    void tablesHaveTheContractsColumnsAndCells() {
        List<Probe> a = List.of(new Probe(64, 8, 8), new Probe(16, 8, 0), new Probe(32, 8, 2), new Probe(32, 8, 6));
        List<Probe> b = List.of(new Probe(16, 8, 8), new Probe(64, 8, 7));
        List<BoundaryTables.OuterPoint> points = List.of(
                new BoundaryTables.OuterPoint(point(32, "joint"), a, LogisticBoundary.of(a, KeyScale.LOG, Direction.INCREASING)),
                new BoundaryTables.OuterPoint(point(64, "a,b"), b, LogisticBoundary.of(b, KeyScale.LOG, Direction.INCREASING)));
        List<String> keys = List.of("data.samples", "model.regime");

        Csv probes = Csv.parse(BoundaryTables.probesCsv(keys, points, Direction.INCREASING, true));
        assertEquals(List.of("data.samples", "model.regime", "value", "trials", "successes", "p", "p_low", "p_high",
                "flag"), probes.header());
        assertEquals(5, probes.size()); // the two probes at 32 pooled
        assertEquals(List.of("32", "joint", "32", "16", "8", "0.5"), probes.rows().get(1).subList(0, 6));
        assertEquals(Wilson.of(8, 16).low(), Double.parseDouble(probes.cell(1, "p_low")));
        assertEquals("16", probes.cell(0, "value"));
        assertEquals("a,b", probes.cell(3, "model.regime"));

        Csv boundary = Csv.parse(BoundaryTables.boundaryCsv(keys, points));
        assertEquals(List.of("data.samples", "model.regime", "boundary", "boundary_low", "boundary_high", "censored",
                "probes", "interval"), boundary.header());
        // 0/8 at 16, 8/16 at 32, 8/8 at 64: quasi-separated at 32, bracketed by 16 and 64
        assertEquals(List.of("32", "joint", "32.0", "16.0", "64.0", "none", "3", "bracket"), boundary.rows().get(0));
        assertEquals(List.of("64", "a,b", "", "", "", "below", "2", "none"), boundary.rows().get(1));
    }

    @Test
    void aContradictingProbeIsFlagged() {
        List<Probe> ps = List.of(new Probe(1, 8, 8), new Probe(2, 8, 0), new Probe(3, 8, 8));
        String csv = BoundaryTables.probesCsv(List.of("n"), List.of(new BoundaryTables.OuterPoint(Map.of("n", 5), ps,
                LogisticBoundary.of(ps, KeyScale.LINEAR, Direction.INCREASING))), Direction.INCREASING, false);
        Csv t = Csv.parse(csv);
        assertEquals(List.of(BoundaryTables.NON_MONOTONE, BoundaryTables.NON_MONOTONE, ""), t.strings("flag"));
        assertEquals("1.0", t.cell(0, "value"));
        // the fit is flat (b = 0): no boundary and no bound, in empty cells
        Csv b = Csv.parse(BoundaryTables.boundaryCsv(List.of("n"), List.of(new BoundaryTables.OuterPoint(Map.of("n", 5),
                ps, LogisticBoundary.of(ps, KeyScale.LINEAR, Direction.INCREASING)))));
        assertEquals(List.of("5", "", "", "", "none", "3", "profile"), b.rows().get(0));
    }

    @Test
    void runsTallyIntoProbesWithoutTheUnfinished() {
        List<Probe> ps = Probe.tally(List.of(2.0, 1.0, 2.0, 1.0, 2.0, 1.0),
                List.of(Verdict.SUCCESS, Verdict.FAILURE, Verdict.NONE, Verdict.SUCCESS, Verdict.FAILURE, Verdict.NONE));
        assertEquals(List.of(new Probe(1.0, 2, 1), new Probe(2.0, 2, 1)), ps);
    }
}
