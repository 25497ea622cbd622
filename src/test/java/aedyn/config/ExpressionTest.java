package aedyn.config;

import org.junit.jupiter.api.Test;

import java.util.Map;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ExpressionTest {
    private static final Map<String, Double> ENV = Map.of("m", 10.0, "k", 4.0, "n", 784.0, "delta", 0.5);

    private static double eval(String s) {
        return Expression.parse(s).evaluate(ENV);
    }

    @Test
    void evaluatesThePapersRatesAndBiases() {
        assertEquals(10.0, eval("m"));
        assertEquals(2.5, eval("m/k"));
        assertEquals(-1.25, eval("-2.5*delta"));
        assertEquals(-1 / Math.log(784), eval("-1/log(n)"), 1e-15);
        assertEquals(0.1, eval("1e-1"));
        assertEquals(14.0, eval("2 + 3 * 4"));
        assertEquals(20.0, eval("(2 + 3) * 4"));
        assertEquals(-8.0, eval("-2^3"));
        assertEquals(28.0, eval("sqrt(n)"));
        assertEquals(Set.of("m", "k"), Expression.parse("m/k + 1").variables());
    }

    @Test
    void malformedExpressionsAreRejectedWithTheText() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Expression.parse("m/"));
        assertTrue(e.getMessage().contains("\"m/\""), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> Expression.parse("(m"));
        assertThrows(IllegalArgumentException.class, () -> Expression.parse("m k"));
        assertThrows(IllegalArgumentException.class, () -> Expression.parse("exp(m)"));
        IllegalArgumentException unknown = assertThrows(IllegalArgumentException.class, () -> eval("m/q"));
        assertTrue(unknown.getMessage().contains("unknown variable 'q'"), unknown.getMessage());
    }
}
