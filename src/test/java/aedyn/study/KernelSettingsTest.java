package aedyn.study;

import aedyn.config.ConfigProblem;
import aedyn.config.RunSettings;
import org.apache.hadoop.conf.Configuration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The keys of SPEC section 8 (model.linearize, metrics.ntk-probe, metrics.ntk-every): defaults and refusals. */
class KernelSettingsTest {
    private static final String UNTIED = "model { architecture = untied, scale = ntk }\ninit.kind = gaussian\ntrain.optimizer = gd\n";

    private static StudyPlan load(Path dir, String conf) throws IOException {
        return ModelSettingsTest.load(dir, conf);
    }

    private static Map<String, ConfigProblem> problems(Path dir, String conf) {
        return ModelSettingsTest.problems(dir, conf);
    }

    @Test
    void offByDefaultAndReadWhenSet(@TempDir Path dir) throws IOException {
        RunSettings s = load(dir, UNTIED).runs().get(0).settings();
        assertFalse(s.training().linearize());
        assertEquals(0, s.measurement().ntkProbe());
        assertEquals(0, s.measurement().ntkEvery(), "log");
        RunSettings t = load(dir, UNTIED + "model.linearize = true\nmetrics { ntk-probe = 64, ntk-every = 25 }").runs().get(0).settings();
        assertTrue(t.training().linearize());
        assertEquals(64, t.measurement().ntkProbe());
        assertEquals(25, t.measurement().ntkEvery());
    }

    @Test
    void refusesWhatMakesNoSenseNamingBothKeys(@TempDir Path dir) {
        assertTrue(problems(dir, "model.linearize = true").get("model.linearize").allowed().contains("train.optimizer = normalized"));
        assertTrue(problems(dir, UNTIED + "data.samples = 100\nmetrics.ntk-probe = 101").get("metrics.ntk-probe").allowed()
                .contains("data.samples = 100"));
        assertTrue(problems(dir, UNTIED + "metrics.ntk-every = sometimes").get("metrics.ntk-every").allowed().contains("log"));
        assertTrue(problems(dir, UNTIED + "metrics.ntk-every = 0").containsKey("metrics.ntk-every"));
        assertTrue(problems(dir, UNTIED + "study.analysis = ntk").get("study.analysis").allowed().contains("metrics.ntk-probe"));
    }

    @Test
    void theShippedTheoryStudiesAreValid(@TempDir Path dir) throws IOException {
        StudyPlan theory = StudyPlan.load("conf/companions/ntk-theory.conf", List.of(), dir.resolve("t").toString(), new Configuration());
        assertEquals(20, theory.runs().size());
        assertEquals(10, theory.runs().stream().filter(r -> r.settings().training().linearize()).count());
        // a network and its twin share theta^0 and the samples
        RunSpec network = theory.runs().stream().filter(r -> !r.settings().training().linearize()).findFirst().orElseThrow();
        RunSpec twin = theory.runs().stream().filter(r -> r.settings().training().linearize()
                && r.gridPoint().get("model.width").equals(network.gridPoint().get("model.width"))
                && r.gridPoint().get("train.regime").equals(network.gridPoint().get("train.regime"))).findFirst().orElseThrow();
        assertEquals(network.initSeed(), twin.initSeed());
        assertEquals(network.dataSeed(), twin.dataSeed());
        StudyPlan tied = StudyPlan.load("conf/companions/ntk-tied-kernel.conf", List.of(), dir.resolve("k").toString(), new Configuration());
        assertEquals(10, tied.runs().size());
    }
}
