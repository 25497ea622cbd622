package aedyn.cli;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

class BenchTest {

    @Test
    void aShareOfThePeakAboveOneHundredPercentIsNeverPrinted() {
        assertEquals("  50.0%", Bench.shareOfPeak(24.4, 48.8));
        assertEquals(" 100.0%", Bench.shareOfPeak(48.8, 48.8));
        for (double executed : new double[] {48.9, 84.5, 145.0}) {
            String share = Bench.shareOfPeak(executed, 48.8);
            assertEquals("  above", share);
            assertFalse(share.contains("%"));
        }
        assertEquals("  above", Bench.shareOfPeak(10, 0));
    }
}
