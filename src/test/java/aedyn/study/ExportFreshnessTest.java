package aedyn.study;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The committed notebooks-export data are what today's code writes: the studies that finish in seconds are rerun
 * from their exported study.conf (the long ones shortened to a few iterations, compared on the rows both have) and
 * every metrics.csv value must equal the committed one to 1e-10. A change that moves the numbers without
 * re-exporting (notebooks-export/README.md, "Regenerating") fails here.
 */
class ExportFreshnessTest {
  @TempDir Path tmp;

  static final Path EXPORTS = Path.of("notebooks-export");
  static final double TOLERANCE = 1e-10;

  /** Timing columns: measured, not computed. */
  static boolean timing(String column) {
    return column.equals("seconds") || column.endsWith("_seconds");
  }

  /** One export rerun: its folder under notebooks-export and the --set overrides that shorten it. */
  record Rerun(String export, String... sets) {}

  static final List<Rerun> RERUNS = List.of(
      new Rerun("figure2", "train.iterations=5"),
      new Rerun("figure3", "train.iterations=5"),
      new Rerun("ntk-width", "train.iterations=4"));

  @Test
  void theCommittedExportsHoldTodaysNumbers() throws Exception {
    List<String> stale = new ArrayList<>();
    int compared = 0;
    for (Rerun r : RERUNS) {
      Path committed = EXPORTS.resolve(r.export());
      String conf = Files.readString(committed.resolve("study.conf"));
      long t0 = System.nanoTime();
      Path out = StudyTestSupport.runStudy(tmp.resolve(r.export()), conf, r.sets());
      System.out.printf("rerun %s %s: %.1f s%n", r.export(), String.join(" ", r.sets()), (System.nanoTime() - t0) / 1e9);
      List<Path> runs;
      try (Stream<Path> s = Files.list(committed.resolve("runs"))) {
        runs = s.sorted().toList();
      }
      for (Path run : runs) {
        Path fresh = out.resolve("runs").resolve(run.getFileName()).resolve("metrics.csv");
        assertTrue(Files.exists(fresh), "the rerun has no run " + run.getFileName());
        compared += differences(run.resolve("metrics.csv"), fresh, stale);
      }
    }
    assertTrue(stale.isEmpty(), "notebooks-export is stale (re-export it, notebooks-export/README.md): "
        + stale.subList(0, Math.min(5, stale.size())) + (stale.size() > 5 ? " and " + (stale.size() - 5) + " more" : ""));
    assertTrue(compared > 1000, "values compared: " + compared);
  }

  @Test
  void aStaleCopyFails() throws Exception {
    Path committed = EXPORTS.resolve("figure2/runs/data.noise-sigma=0.01_init.kind=pca/metrics.csv");
    // the same file: no difference
    List<String> none = new ArrayList<>();
    assertTrue(differences(committed, committed, none) > 100);
    assertTrue(none.isEmpty(), none.toString());
    // a stale copy: one value moved by 1e-9 relative (as a change of summation order would move it)
    List<String> lines = new ArrayList<>(Files.readAllLines(committed));
    String[] row = lines.get(5).split(",", -1);
    double loss = Double.parseDouble(row[1]);
    row[1] = Double.toString(loss * (1 + 1e-9));
    lines.set(5, String.join(",", row));
    Path stale = tmp.resolve("stale.csv");
    Files.write(stale, lines);
    List<String> found = new ArrayList<>();
    differences(stale, committed, found);
    assertEquals(1, found.size(), found.toString());
    assertTrue(found.get(0).contains("loss") && found.get(0).contains("row 4"), found.get(0));
    // a timing column may differ, and a shortened rerun is compared on its rows only (but its last)
    List<String> shortened = new ArrayList<>(Files.readAllLines(committed).subList(0, 9));
    String[] timed = shortened.get(3).split(",", -1);
    timed[timed.length - 1] = "999";
    shortened.set(3, String.join(",", timed));
    Files.write(stale, shortened);
    found.clear();
    assertEquals(7 * (timed.length - 2), differences(committed, stale, found));
    assertTrue(found.isEmpty(), found.toString());
  }

  /**
   * Compares two metrics.csv on the rows both have (a shortened rerun has the first ones), every column but the
   * timing ones; adds a line per value that differs by more than 1e-10 (relative above 1), returns the values
   * compared.
   */
  static int differences(Path committed, Path fresh, List<String> out) throws IOException {
    List<String> a = Files.readAllLines(committed);
    List<String> b = Files.readAllLines(fresh);
    if (!a.get(0).equals(b.get(0))) {
      out.add(committed + ": columns " + a.get(0) + " now " + b.get(0));
      return 0;
    }
    String[] header = a.get(0).split(",", -1);
    int compared = 0;
    // a shortened run's last row lacks what needs the next iteration (contraction): compare the rows before it
    int rows = a.size() == b.size() ? a.size() : Math.min(a.size(), b.size()) - 1;
    for (int i = 1; i < rows; i++) {
      String[] x = a.get(i).split(",", -1);
      String[] y = b.get(i).split(",", -1);
      for (int c = 0; c < header.length; c++) {
        if (timing(header[c]) || header[c].equals("iteration")) continue;
        compared++;
        if (x[c].equals(y[c])) continue;
        double u = x[c].isEmpty() ? Double.NaN : Double.parseDouble(x[c]);
        double v = y[c].isEmpty() ? Double.NaN : Double.parseDouble(y[c]);
        boolean same = Double.compare(u, v) == 0
            || Math.abs(u - v) <= TOLERANCE * Math.max(1, Math.max(Math.abs(u), Math.abs(v)));
        if (!same) out.add(committed.getParent().getFileName() + " row " + (i - 1) + " " + header[c] + ": " + x[c]
            + " committed, " + y[c] + " now");
      }
    }
    return compared;
  }
}
