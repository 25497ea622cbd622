package aedyn.report;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class IterationTicksTest {
  static final double PIXELS = 430;

  /**
   * Worked by hand on a 430-pixel axis: labels of up to 7 digits need 70 pixels, so the step is the
   * first of 1, 2, 5 × 10^k at least last · 70 / 430 (500 → 81.4 → 100; 300 → 48.8 → 50).
   */
  @Test
  void stepsAreRoundAndWideEnoughForTheLabels() {
    assertEquals(100, IterationTicks.step(500, PIXELS));
    assertEquals(50, IterationTicks.step(300, PIXELS));
    assertEquals(10, IterationTicks.step(50, PIXELS)); // 8.14
    assertEquals(5, IterationTicks.step(30, PIXELS)); // 4.88
    assertEquals(1, IterationTicks.step(5, PIXELS)); // 0.81
    assertEquals(1, IterationTicks.step(0, PIXELS)); // a run of no iteration: s = 0 only
    assertEquals(500, IterationTicks.step(2000, PIXELS)); // 325.6
    assertEquals(20000, IterationTicks.step(100000, PIXELS)); // 16279
    // nine digits need 11 characters of 7 pixels: 1e8 · 77 / 430 = 1.79e7 → 2e7
    assertEquals(20_000_000, IterationTicks.step(1e8, PIXELS));
  }

  @Test
  void labelsNeverTouchAndTheStepIsTheSmallestThatFits() {
    for (int last = 1; last <= 200_000; last += last < 1000 ? 1 : 97) {
      long step = IterationTicks.step(last, PIXELS);
      long mantissa = step;
      while (mantissa % 10 == 0) mantissa /= 10;
      assertTrue(mantissa == 1 || mantissa == 2 || mantissa == 5, last + ": " + step);
      double apart = step * PIXELS / last;
      int digits = Integer.toString(last).length();
      assertTrue(apart >= Math.max(70, (digits + 2) * 7), last + ": ticks " + apart + " px apart");
      long smaller = mantissa == 1 ? step / 2 : mantissa == 2 ? step / 2 : step * 2 / 5;
      if (smaller >= 1) {
        assertTrue(smaller * PIXELS / last < 70, last + ": " + smaller + " would fit as well");
      }
    }
  }
}
