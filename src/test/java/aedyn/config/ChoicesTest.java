package aedyn.config;

import aedyn.choice.Choice;
import aedyn.init.Init;
import aedyn.model.Activation;
import aedyn.model.ModelSpec;
import aedyn.model.Scale;
import aedyn.study.Analysis;
import aedyn.train.BiasSchedule;
import aedyn.train.Optimizer;
import com.typesafe.config.ConfigFactory;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Every closed choice of the configuration has one list of words, its enum's: the reader accepts exactly those,
 * its error lists them, and the comment above the key in reference.conf names every one of them.
 */
class ChoicesTest {

    static Stream<Arguments> choices() {
        return Stream.of(
                Arguments.of("data.model", DataModel.names()),
                Arguments.of("model.activation", Activation.names()),
                Arguments.of("model.architecture", ModelSpec.Architecture.names()),
                Arguments.of("model.scale", Scale.names()),
                Arguments.of("train.regime", ModelSpec.Regime.names()),
                Arguments.of("train.optimizer", Optimizer.Kind.names()),
                Arguments.of("init.kind", Init.Kind.names()),
                Arguments.of("bias.schedule", BiasSchedule.Kind.names()),
                Arguments.of("study.analysis", Analysis.names()),
                Arguments.of("study.paper", Paper.names()));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("choices")
    void referenceConfNamesEveryWord(String key, List<String> names) throws IOException {
        String comment = commentsAbove().get(key);
        assertNotNull(comment, "reference.conf has no comment above " + key);
        for (String name : names) {
            assertTrue(Pattern.compile("(^|[^\\w-])" + Pattern.quote(name) + "([^\\w-]|$)").matcher(comment).find(),
                    "the comment above " + key + " does not name " + name + ": " + comment);
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("choices")
    void aWordOutsideTheListIsOneProblemListingThem(String key, List<String> names) {
        if (key.startsWith("study.")) return; // the study's own keys are read by StudyPlan (StudyPlanTest)
        List<ConfigProblem> problems = new ArrayList<>();
        RunSettings s = SettingsReader.read(ConfigFactory.parseString(key + " = bogus")
                .withFallback(ConfigFactory.defaultReference()), problems);
        assertNull(s);
        List<ConfigProblem> mine = problems.stream().filter(p -> p.key().equals(key)).toList();
        assertEquals(1, mine.size(), problems.toString());
        assertEquals("\"bogus\"", mine.get(0).value());
        assertEquals("one of " + String.join(", ", names), mine.get(0).allowed());
    }

    @org.junit.jupiter.api.Test
    void aLabelIsTheConstantsNameInLowerCaseWithDashes() {
        assertEquals(DataModel.NONNEG_SPARSE, DataModel.named("nonneg-sparse"));
        assertEquals("encoder-only", ModelSpec.Regime.ENCODER_ONLY.label());
        assertEquals(Scale.MEAN_FIELD, Scale.named("mean-field"));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Analysis.named("Phases"));
        assertEquals("\"Phases\" is not one of none, sample-size, contraction, population, convergence, paper-claims, phases, ntk",
                e.getMessage());
    }

    /** Key path -> the '#' lines directly above its line in reference.conf, joined. */
    private static Map<String, String> commentsAbove() throws IOException {
        String text;
        try (InputStream in = ChoicesTest.class.getResourceAsStream("/reference.conf")) {
            text = new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
        Map<String, String> out = new HashMap<>();
        Deque<String> path = new ArrayDeque<>();
        StringBuilder comment = new StringBuilder();
        Pattern open = Pattern.compile("^\\s*([\\w-]+)\\s*\\{\\s*$");
        Pattern assign = Pattern.compile("^\\s*([\\w-]+)\\s*=");
        for (String line : text.split("\n")) {
            String t = line.trim();
            Matcher o = open.matcher(line);
            Matcher a = assign.matcher(line);
            if (t.startsWith("#")) {
                comment.append(t.substring(1)).append(' ');
                continue;
            }
            if (o.find()) {
                path.addLast(o.group(1));
            } else if (t.equals("}")) {
                path.pollLast();
            } else if (a.find()) {
                List<String> parts = new ArrayList<>(path);
                parts.add(a.group(1));
                out.put(String.join(".", parts), comment.toString());
            }
            comment.setLength(0);
        }
        return out;
    }
}
