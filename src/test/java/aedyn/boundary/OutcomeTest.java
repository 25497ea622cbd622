package aedyn.boundary;

import aedyn.config.ConfigProblem;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** study.outcome's predicate language (SPEC 9.1). */
class OutcomeTest {
    private static final Set<String> NAMES = Outcome.names(List.of("loss", "max_col_error", "max_energy_error"),
            List.of("m", "N"), List.of("pca_level"));

    private static Map<String, Double> env(double loss, double loss0, double colError) {
        return Outcome.environment(Map.of("loss", loss, "max_col_error", colError, "max_energy_error", 0.01),
                Map.of("loss", loss0, "max_col_error", 1.0, "max_energy_error", 1.0),
                Map.of("m", 64.0, "N", 256.0), Map.of("pca_level", 0.2));
    }

    private static boolean holds(String predicate, Map<String, Double> env) {
        return Outcome.parse(predicate, NAMES).test(env);
    }

    @Test
    void comparesArithmeticOfFinalAndFirstValues() {
        assertTrue(holds("loss <= 1e-3 * loss_0", env(0.5e-3, 1.0, 0)));
        assertFalse(holds("loss <= 1e-3 * loss_0", env(2e-3, 1.0, 0)));
        assertTrue(holds("max_col_error <= 0.1", env(1, 1, 0.1)));
        assertFalse(holds("max_col_error < 0.1", env(1, 1, 0.1)));
        assertTrue(holds("max_col_error >= 0.1", env(1, 1, 0.1)));
        assertFalse(holds("max_col_error > 0.1", env(1, 1, 0.1)));
        // arithmetic precedence and parentheses come from Expression: 2 + 3 * 4 = 14, (2 + 3) * 4 = 20
        assertTrue(holds("2 + 3 * 4 <= 14 and (2 + 3) * 4 >= 20", env(1, 1, 0)));
        assertTrue(holds("loss / loss_0 < pca_level * sqrt(N) / m", env(0.01, 1, 0))); // 0.01 < 0.2 * 16 / 64
        assertFalse(holds("loss / loss_0 < pca_level * sqrt(N) / m", env(0.06, 1, 0)));
    }

    @Test
    void andBindsTighterThanOr() {
        Map<String, Double> e = env(1, 1, 0);
        // true or (false and false) = true; (true or false) and false would be false
        assertTrue(holds("1 < 2 or 3 < 2 and 5 < 4", e));
        assertFalse(holds("(1 < 2 or 3 < 2) and 5 < 4", e));
        // (false and true) or true
        assertTrue(holds("3 < 2 and 1 < 2 or 1 < 2", e));
        assertFalse(holds("3 < 2 and (1 < 2 or 1 < 2)", e));
        assertTrue(holds("max_energy_error <= 0.05 and loss < loss_0", env(0.5, 1, 0)));
        assertFalse(holds("max_energy_error <= 0.05 and loss < loss_0", env(1.5, 1, 0)));
    }

    @Test
    void namesTheNamesItUses() {
        assertEquals(Set.of("loss", "loss_0"), Outcome.parse("loss <= 1e-3 * loss_0", NAMES).usedNames());
        assertTrue(NAMES.containsAll(Set.of("loss_0", "max_col_error_0", "m", "N", "pca_level")));
    }

    @Test
    void undefinedValuesFail() {
        assertFalse(holds("loss <= 1", env(Double.NaN, 1, 0)));
        assertFalse(holds("loss > 1", env(Double.NaN, 1, 0)));
    }

    @Test
    void divergedFailsAndInterruptedIsNone() {
        Outcome o = Outcome.parse("loss <= 0.1", NAMES);
        assertEquals(Verdict.SUCCESS, o.judge(Outcome.RunEnd.FINISHED, env(0.05, 1, 0)));
        assertEquals(Verdict.FAILURE, o.judge(Outcome.RunEnd.FINISHED, env(0.5, 1, 0)));
        assertEquals(Verdict.FAILURE, o.judge(Outcome.RunEnd.DIVERGED, Map.of()));
        assertEquals(Verdict.NONE, o.judge(Outcome.RunEnd.INTERRUPTED, Map.of()));
        assertEquals("success", Verdict.SUCCESS.csv());
    }

    @Test
    void unknownNameIsOneLineNamingKeyNameAndAllowed() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> Outcome.parse("los <= 0.1", NAMES));
        assertTrue(e.getMessage().startsWith("study.outcome = \"los <= 0.1\": unknown name 'los' (allowed: "), e.getMessage());
        assertTrue(e.getMessage().contains("loss_0"), e.getMessage());
        assertFalse(e.getMessage().contains("\n"));
    }

    @Test
    void syntaxErrorsNameKeyAndToken() {
        for (String[] bad : new String[][]{
                {"loss = 0.1", "'='"}, {"loss", "comparison"}, {"loss <= ", "missing at the end"},
                {"0 < loss < 1", "unexpected '<'"}, {"loss <= 0.1 and", "missing at the end"},
                {"(loss <= 0.1", "missing ')'"}, {"loss <= 0.1 )", "unexpected ')'"},
                {"loss <= 0.1 # x", "'#'"}, {"loss <= foo(2)", "unknown function 'foo'"},
                {"loss <= (1 < 2)", "unexpected '<'"}, {"", "empty"}, {"loss <= 0.1 loss_0", "unexpected 'loss_0'"}}) {
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                    () -> Outcome.parse(bad[0], NAMES), bad[0]);
            assertTrue(e.getMessage().startsWith("study.outcome = \""), e.getMessage());
            assertTrue(e.getMessage().contains(bad[1]), bad[0] + " -> " + e.getMessage());
            assertTrue(e.getMessage().endsWith("(names allowed: " + String.join(", ", NAMES) + ")"), e.getMessage());
            assertFalse(e.getMessage().contains("\n"), e.getMessage());
        }
    }

    @Test
    void readGivesAConfigProblem() {
        List<ConfigProblem> problems = new ArrayList<>();
        assertNull(Outcome.read("los <= 1", NAMES, problems));
        assertEquals(1, problems.size());
        assertEquals("study.outcome", problems.get(0).key());
        assertEquals("\"los <= 1\"", problems.get(0).value());
        assertTrue(problems.get(0).allowed().startsWith("unknown name 'los'"), problems.get(0).allowed());
    }

    @Test
    void aMissingValueAtEvaluationIsNamed() {
        Outcome o = Outcome.parse("loss <= 0.1", NAMES);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> o.test(Map.of("m", 1.0)));
        assertTrue(e.getMessage().contains("'loss'"), e.getMessage());
    }
}
