package aedyn.report;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import aedyn.train.JobDescription;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

class ProgressTest {
  final List<String> out = new ArrayList<>();
  final AtomicLong clock = new AtomicLong(1_000_000_000L);

  Progress progress(int total, Progress.Mode mode) {
    return new Progress("figure2/run-a", total, mode, out::add, clock::get);
  }

  void advance(double seconds) {
    clock.addAndGet((long) (seconds * 1e9));
  }

  @Test
  void barLineShowsIterationLossFroRateAndEta() {
    Progress p = progress(50, Progress.Mode.BAR);
    p.update(0, 0.5, 1.5);
    advance(12 / 8.0); // 12 iterations at 8 it/s
    assertEquals("figure2/run-a  [####................] 12/50  loss 1.23e-02  fro 3.4e-01  "
        + "8.0 it/s  ETA 5s", p.line(12, 0.0123, 0.34, clock.get()));
  }

  @Test
  void barRedrawsOneLineWithCarriageReturnsAndEndsWithNewline() {
    Progress p = progress(3, Progress.Mode.BAR);
    for (int s = 0; s <= 3; s++) {
      p.update(s, 1.0 / (s + 1), Double.NaN);
      advance(0.5);
    }
    p.finish(RunStatus.FINISHED);
    assertTrue(out.stream().limit(out.size() - 1).allMatch(l -> l.startsWith("\r")));
    assertFalse(String.join("", out.subList(0, out.size() - 1)).contains("\n"));
    assertEquals(System.lineSeparator(), out.get(out.size() - 1));
    assertTrue(out.get(out.size() - 2).contains("3/3") && out.get(out.size() - 2).contains("fro -")
        && out.get(out.size() - 2).endsWith("finished"));
    assertTrue(out.get(out.size() - 2).contains("[####################]"));
  }

  @Test
  void nonTerminalLogsEveryTenthOfTheRunPlusFirstAndLast() {
    Progress p = progress(50, Progress.Mode.PERIODIC);
    for (int s = 0; s <= 50; s++) {
      p.update(s, 1.0, 0.5);
      advance(0.01);
    }
    p.finish(RunStatus.FINISHED);
    // s = 0, 5, 10, ..., 50 and one closing line
    assertEquals(12, out.size());
    for (int k = 0; k <= 10; k++) {
      assertTrue(out.get(k).contains("  " + (5 * k) + "/50  "), out.get(k));
      assertFalse(out.get(k).contains("\r") || out.get(k).contains("["), out.get(k));
    }
    assertTrue(out.get(11).startsWith("figure2/run-a finished in "));
  }

  @Test
  void nonTerminalAlsoLogsWhenTenSecondsPassed() {
    Progress p = progress(1000, Progress.Mode.PERIODIC);
    p.update(0, 1, 1);
    advance(3);
    p.update(1, 1, 1); // not due: 1 < 100 iterations, 3 s < 10 s
    advance(8);
    p.update(2, 1, 1); // due: 11 s since the last line
    assertEquals(2, out.size());
    assertTrue(out.get(1).contains(" 2/1000 "));
  }

  @Test
  void clusterModeLogsEveryIteration() {
    Progress p = progress(5, Progress.Mode.EVERY_ITERATION);
    for (int s = 0; s <= 5; s++) p.update(s, 1, 1);
    assertEquals(6, out.size());
  }

  @Test
  void terminalDetectionNeedsAConsoleAndACapableTerm() {
    assertTrue(Progress.isTerminal(true, "xterm-256color"));
    assertFalse(Progress.isTerminal(true, "dumb"));
    assertFalse(Progress.isTerminal(true, null));
    assertFalse(Progress.isTerminal(false, "xterm"));
    // surefire's forked JVM has no console: the reporter degrades to log lines
    assertEquals(Progress.Mode.PERIODIC, Progress.start("r", 10).mode());
    assertEquals(Progress.Mode.EVERY_ITERATION, Progress.start("r", 10, "spark://h:7077").mode());
  }

  @Test
  void formatsDurationsAndJobNames() {
    assertEquals("4s", Progress.duration(4.2));
    assertEquals("2m05s", Progress.duration(125));
    assertEquals("1h02m", Progress.duration(3720));
    assertEquals("[##########..........]", Progress.bar(25, 50));
    assertEquals("aedyn fig2/r1: iteration 3/50",
        JobDescription.of(List.of("fig2/r1"), new int[] {3}, new int[] {50}));
    assertEquals("aedyn iteration 3/50 of 2 runs: fig2/r1, fig2/r2",
        JobDescription.of(List.of("fig2/r1", "fig2/r2"), new int[] {3, 3}, new int[] {50, 50}));
    assertEquals("aedyn 2 runs: fig2/r1 3/50, fig2/r2 7/100",
        JobDescription.of(List.of("fig2/r1", "fig2/r2"), new int[] {3, 7}, new int[] {50, 100}));
  }
}
