package aedyn.boundary;

import aedyn.config.ConfigProblem;
import com.typesafe.config.Config;
import com.typesafe.config.ConfigFactory;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** study.search's settings and their one-line problems. */
class SearchSettingsTest {
    private static final Set<String> KEYS = Set.of("init.delta", "data.k", "model.m");
    private static final Set<String> INTEGERS = Set.of("data.k", "model.m");
    private static final String GOOD = "key = \"init.delta\", from = 0.5, to = 2.0, scale = linear, "
            + "direction = decreasing, resolution = 0.02, trials = 8";

    private static List<ConfigProblem> problems(String search) {
        Config c = ConfigFactory.parseString("study.search { " + search + " }");
        List<ConfigProblem> into = new ArrayList<>();
        SearchSettings s = SearchSettings.read(c, KEYS, INTEGERS, into);
        assertEquals(into.isEmpty(), s != null);
        return into;
    }

    @Test
    void readsTheIssuesExample() {
        List<ConfigProblem> into = new ArrayList<>();
        SearchSettings s = SearchSettings.read(ConfigFactory.parseString("study.search { " + GOOD + " }"), KEYS,
                INTEGERS, into);
        assertNotNull(s, into.toString());
        assertEquals(new SearchSettings("init.delta", 0.5, 2.0, KeyScale.LINEAR, Direction.DECREASING, 0.02, 8, false), s);
        SearchSettings m = SearchSettings.read(ConfigFactory.parseString("study.search { key = \"model.m\", from = 8, "
                + "to = 1024, scale = log, direction = increasing, resolution = 0.1, trials = \"4\" }"), KEYS, INTEGERS, into);
        assertNotNull(m, into.toString());
        assertTrue(m.integer());
        assertEquals(4, m.trials());
    }

    @Test
    void eachMistakeIsOneLineNamingKeyValueAndAllowed() {
        String[][] cases = {
                {GOOD.replace("init.delta", "init.kind"), "study.search.key = \"init.kind\": a numeric setting (allowed: data.k, init.delta, model.m)"},
                {GOOD.replace("to = 2.0", "to = 0.4"), "study.search.to = 0.4: a number > study.search.from = 0.5"},
                {GOOD.replace("scale = linear", "scale = log").replace("from = 0.5", "from = 0"), "study.search.from = 0: a number > 0 on a log scale"},
                {GOOD.replace("scale = linear", "scale = logarithmic"), "study.search.scale = \"logarithmic\": one of log | linear"},
                {GOOD.replace("direction = decreasing", "direction = up"), "study.search.direction = \"up\": one of increasing | decreasing"},
                {GOOD.replace("resolution = 0.02", "resolution = 0"), "study.search.resolution = 0: a number > 0"},
                {GOOD.replace("trials = 8", "trials = 0"), "study.search.trials = 0: an integer >= 1"},
                {GOOD.replace("trials = 8", "trials = 2.5"), "study.search.trials = 2.5: an integer >= 1"},
                {GOOD.replace(", trials = 8", ""), "study.search.trials = (missing): an integer >= 1"},
                {GOOD.replace("from = 0.5", "from = abc"), "study.search.from = \"abc\": a finite number"},
                {GOOD + ", tries = 3", "study.search.tries = 3: not a setting of study.search (allowed: "},
                {GOOD.replace("init.delta", "data.k").replace("from = 0.5", "from = 2.5").replace("to = 2.0", "to = 40"), "study.search.from = 2.5: an integer (data.k takes integers)"}};
        for (String[] c : cases) {
            List<ConfigProblem> p = problems(c[0]);
            assertEquals(1, p.size(), c[0] + " -> " + p);
            String line = p.get(0).toString();
            assertTrue(line.startsWith(c[1]), c[0] + " -> " + line);
            assertFalse(line.contains("\n"));
        }
    }

    @Test
    void aMissingSearchIsOneProblem() {
        List<ConfigProblem> into = new ArrayList<>();
        assertNull(SearchSettings.read(ConfigFactory.parseString("study.grid { }"), KEYS, INTEGERS, into));
        assertEquals(1, into.size());
        assertEquals("study.search", into.get(0).key());
    }
}
