package aedyn.study;

import aedyn.config.ConfigProblem;
import com.typesafe.config.Config;
import com.typesafe.config.ConfigRenderOptions;
import com.typesafe.config.ConfigUtil;
import com.typesafe.config.ConfigValue;
import com.typesafe.config.ConfigValueType;
import org.apache.commons.text.similarity.LevenshteinDistance;

import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/** The merged study's keys checked: unknown keys, the study's own settings (study.*) and the Spark properties. */
final class StudyKeys {
    private StudyKeys() {
    }

    /** Keys a study may set that have no value in reference.conf. */
    private static final Set<String> OPTIONAL_KEYS = Set.of("metrics.sign-invariant");

    static Set<String> knownKeys(Config reference) {
        Set<String> known = new LinkedHashSet<>(OPTIONAL_KEYS);
        for (Map.Entry<String, ConfigValue> e : reference.resolve().entrySet()) known.add(e.getKey());
        return known;
    }

    /** Every key of {@code merged} that reference.conf does not know (grid entries, spark.* and the search, which SearchSettings checks, aside). */
    static void checkUnknown(Config merged, Set<String> known, List<ConfigProblem> problems) {
        for (Map.Entry<String, ConfigValue> e : merged.entrySet()) {
            String key = e.getKey();
            if (!known.contains(key) && !key.startsWith("study.grid.") && !key.startsWith("spark.") && !key.startsWith("study.search.")) {
                problems.add(unknownKey(key, e.getValue().render(ConfigRenderOptions.concise()), known));
            }
        }
    }

    /**
     * The study's own keys that the rest of the checks read as objects or strings: a null or a value of the wrong
     * kind there is reported instead of failing the reading. False when any is wrong.
     */
    static boolean checkStructure(Config merged, List<ConfigProblem> problems) {
        int before = problems.size();
        expect(merged, "study", ConfigValueType.OBJECT, "an object of study settings (reference.conf lists them)", problems);
        expect(merged, "spark", ConfigValueType.OBJECT, "an object of Spark properties, e.g. { executor.memory = 8g }", problems);
        if (problems.size() == before) {
            expect(merged, "study.grid", ConfigValueType.OBJECT, "an object from key path to a list of values, "
                    + "e.g. {\"data.samples\" = [1000, 10000]}; {} for a single run", problems);
            expect(merged, "study.name", ConfigValueType.STRING, "a name (a string)", problems);
            expect(merged, "study.output", ConfigValueType.STRING, "a directory (any Hadoop path)", problems);
            Map<String, String> scalars = Map.of("study.seed", "an integer", "study.trials", "an integer from 1 to 100000",
                    "study.parallel-runs", "an integer from 1 to 256 (cohorts trained at the same time)",
                    "study.analysis", "one of " + String.join(", ", Analysis.names()));
            new TreeMap<>(scalars).forEach((key, allowed) -> {
                if (!merged.hasPath(key)) problems.add(new ConfigProblem(key, rendered(merged, key), allowed));
            });
        }
        return problems.size() == before;
    }

    private static void expect(Config merged, String key, ConfigValueType type, String allowed, List<ConfigProblem> problems) {
        boolean ok = merged.hasPath(key) && (merged.getValue(key).valueType() == type
                || type == ConfigValueType.STRING && merged.getValue(key).valueType() != ConfigValueType.OBJECT
                && merged.getValue(key).valueType() != ConfigValueType.LIST);
        if (!ok) problems.add(new ConfigProblem(key, rendered(merged, key), allowed));
    }

    /** The value at key as the user wrote it: null and missing values included. */
    private static String rendered(Config merged, String key) {
        if (!merged.hasPathOrNull(key)) return "(missing)";
        if (merged.getIsNull(key)) return "null";
        return merged.getValue(key).render(ConfigRenderOptions.concise());
    }

    static long readSeed(Config merged, List<ConfigProblem> problems) {
        try {
            long seed = merged.getLong("study.seed");
            // HOCON reads 1.5 as 1 and 1e20 as the largest long: a mistake, not another seed
            if (new java.math.BigDecimal(String.valueOf(merged.getValue("study.seed").unwrapped()).trim())
                    .compareTo(java.math.BigDecimal.valueOf(seed)) != 0) {
                throw new NumberFormatException("not a whole number a long holds");
            }
            return seed;
        } catch (com.typesafe.config.ConfigException | NumberFormatException e) {
            problems.add(new ConfigProblem("study.seed", merged.getValue("study.seed").render(ConfigRenderOptions.concise()), "an integer"));
            return 0;
        }
    }

    static int readTrials(Config merged, List<ConfigProblem> problems) {
        try {
            int t = merged.getInt("study.trials");
            if (t >= 1 && t <= 100_000) return t;
        } catch (com.typesafe.config.ConfigException e) {
            // reported below
        }
        problems.add(new ConfigProblem("study.trials", merged.getValue("study.trials").render(ConfigRenderOptions.concise()), "an integer from 1 to 100000"));
        return 1;
    }

    static int readParallelRuns(Config merged, List<ConfigProblem> problems) {
        try {
            int p = merged.getInt("study.parallel-runs");
            if (p >= 1 && p <= 256) return p;
        } catch (com.typesafe.config.ConfigException e) {
            // reported below
        }
        problems.add(new ConfigProblem("study.parallel-runs", merged.getValue("study.parallel-runs").render(ConfigRenderOptions.concise()),
                "an integer from 1 to 256 (cohorts trained at the same time)"));
        return 1;
    }

    static boolean readCohorts(Config merged, List<ConfigProblem> problems) {
        try {
            return merged.getBoolean("study.cohorts");
        } catch (com.typesafe.config.ConfigException e) {
            problems.add(new ConfigProblem("study.cohorts", rendered(merged, "study.cohorts"), "true or false"));
            return true;
        }
    }

    /** study.target-loss: a fraction of the initial loss, in (0, 1). */
    static void checkTargetLoss(Config merged, List<ConfigProblem> problems) {
        try {
            double t = merged.getDouble("study.target-loss");
            if (t > 0 && t < 1) return;
        } catch (com.typesafe.config.ConfigException e) {
            // reported below
        }
        problems.add(new ConfigProblem("study.target-loss", merged.getValue("study.target-loss").render(ConfigRenderOptions.concise()),
                "a number in (0, 1): the target as a fraction of each run's initial loss"));
    }

    static Analysis readAnalysis(Config merged, List<ConfigProblem> problems) {
        try {
            String a = merged.getString("study.analysis");
            if (Analysis.names().contains(a)) return Analysis.named(a);
        } catch (com.typesafe.config.ConfigException e) {
            // reported below
        }
        problems.add(new ConfigProblem("study.analysis", merged.getValue("study.analysis").render(ConfigRenderOptions.concise()),
                "one of " + String.join(", ", Analysis.names())));
        return Analysis.NONE;
    }

    static Map<String, String> sparkProperties(Config merged, List<ConfigProblem> problems) {
        Map<String, String> props = new TreeMap<>();
        for (Map.Entry<String, ConfigValue> e : merged.getConfig("spark").entrySet()) {
            String key = "spark." + String.join(".", ConfigUtil.splitPath(e.getKey()));
            Object v = e.getValue().unwrapped();
            if (v instanceof List || v instanceof Map) {
                problems.add(new ConfigProblem(key, e.getValue().render(ConfigRenderOptions.concise()), "a string, number or boolean Spark property"));
            } else {
                props.put(key, String.valueOf(v));
            }
        }
        return props;
    }

    static ConfigProblem unknownKey(String key, String value, Set<String> known) {
        return unknownKey(key, value, known, key);
    }

    static ConfigProblem unknownKey(String shown, String value, Set<String> known, String key) {
        String best = null;
        int bestDistance = Integer.MAX_VALUE;
        LevenshteinDistance levenshtein = LevenshteinDistance.getDefaultInstance();
        for (String k : known) {
            int d = levenshtein.apply(key, k);
            if (d < bestDistance) {
                bestDistance = d;
                best = k;
            }
        }
        String hint = best != null && bestDistance <= Math.max(2, key.length() / 3) ? "; did you mean " + best + "?" : "";
        return new ConfigProblem(shown, value, "not a known key (reference.conf lists them all)" + hint);
    }
}
