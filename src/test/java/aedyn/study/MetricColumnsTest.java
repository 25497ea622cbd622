package aedyn.study;

import aedyn.metrics.MetricRegistry;
import aedyn.metrics.RunFacts;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** A run whose loop would measure other metrics than its metrics.csv has columns for is refused before it trains. */
class MetricColumnsTest {

    @Test
    void aValueWithoutItsColumnFailsLoudly() {
        RunFacts paperOne = new RunFacts(RunFacts.Model.paperOne(true), RunFacts.Data.atoms(true, false),
                RunFacts.Measured.NOTHING_ELSE);
        RunFacts withPopulation = new RunFacts(RunFacts.Model.paperOne(true), RunFacts.Data.atoms(true, false),
                new RunFacts.Measured(true, false));
        MetricColumns columns = new MetricColumns(MetricRegistry.columns(paperOne));
        assertDoesNotThrow(() -> columns.requireMeasuredBy(paperOne, "r"));
        IllegalStateException e = assertThrows(IllegalStateException.class,
                () -> columns.requireMeasuredBy(withPopulation, "r"));
        assertTrue(e.getMessage().contains("population_gradient_error"), e.getMessage());
    }
}
