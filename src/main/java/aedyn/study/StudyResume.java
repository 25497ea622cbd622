package aedyn.study;

import aedyn.data.HadoopFiles;
import aedyn.config.ConfigProblem;
import com.typesafe.config.Config;
import com.typesafe.config.ConfigFactory;
import com.typesafe.config.ConfigParseOptions;
import com.typesafe.config.ConfigRenderOptions;
import com.typesafe.config.ConfigValue;
import org.apache.hadoop.conf.Configuration;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/** Whether --resume may continue the study in a directory: the same configuration, but for where and how it runs. */
final class StudyResume {
    private StudyResume() {
    }

    /**
     * Keys that may differ between a study and its resumption: where it runs and how often it saves, not what
     * it computes.
     */
    private static final Set<String> RESUMABLE_DIFFERENCES = Set.of("study.output", "study.paper", "study.parallel-runs", "study.execution",
            "study.cohorts", "train.checkpoint-every", "train.checkpoint-interval", "study.lease.renew-every",
            "study.lease.stale-after", "study.memory-check");

    /**
     * --resume: the study directory is absent or empty (the study starts afresh), or it holds a study.conf equal
     * to the configuration now resolved except for where it runs and how often it saves.
     */
    static void check(String output, Config merged, Configuration hadoop, List<ConfigProblem> problems) {
        long start = System.nanoTime();
        try {
            org.apache.hadoop.fs.Path dir = new org.apache.hadoop.fs.Path(output);
            org.apache.hadoop.fs.FileSystem fs = dir.getFileSystem(hadoop);
            if (!fs.exists(dir) || (fs.getFileStatus(dir).isDirectory() && StudyLease.isEmptyStudyDirectory(fs, dir))) return;
            String savedPath = output + "/study.conf";
            if (!fs.exists(new org.apache.hadoop.fs.Path(savedPath))) {
                problems.add(new ConfigProblem("study.output", output,
                        "for --resume, a study directory with its study.conf (this one has none, so it holds no aedyn study)"));
                return;
            }
            // a key added to reference.conf since the study started has its default there: no difference
            Config saved = ConfigFactory.parseString(HadoopFiles.readText(savedPath, hadoop),
                    ConfigParseOptions.defaults().setOriginDescription(savedPath)).withFallback(StudyFiles.reference()).resolve();
            for (String key : configDifferences(saved, merged)) {
                String before = saved.hasPath(key) ? saved.getValue(key).render(ConfigRenderOptions.concise()) : "(absent)";
                String now = merged.hasPath(key) ? merged.getValue(key).render(ConfigRenderOptions.concise()) : "(absent)";
                problems.add(new ConfigProblem(key, now, "for --resume, the value the study in " + output
                        + " was started with, " + before + " (its study.conf); resume with the same configuration or choose another --out"));
            }
        } catch (IOException | com.typesafe.config.ConfigException | IllegalArgumentException e) {
            String unanswered = StudyLease.unanswered(output, e, start);
            problems.add(new ConfigProblem("study.output", output,
                    unanswered != null ? unanswered : "a readable study directory to resume (" + e.getMessage() + ")"));
        }
    }

    /** The keys whose values differ between two resolved configurations, ignoring those a resumption may change. */
    static List<String> configDifferences(Config saved, Config now) {
        Map<String, Object> a = flatten(saved);
        Map<String, Object> b = flatten(now);
        Set<String> keys = new java.util.TreeSet<>(a.keySet());
        keys.addAll(b.keySet());
        List<String> differ = new ArrayList<>();
        for (String k : keys) {
            if (RESUMABLE_DIFFERENCES.contains(k) || k.startsWith("spark.")) continue;
            if (!java.util.Objects.equals(a.get(k), b.get(k))) differ.add(k);
        }
        return differ;
    }

    private static Map<String, Object> flatten(Config c) {
        Map<String, Object> out = new TreeMap<>();
        for (Map.Entry<String, ConfigValue> e : c.entrySet()) out.put(e.getKey(), normalized(e.getValue().unwrapped()));
        return out;
    }

    /** Numbers compare by value (1 and 1.0 alike), lists and objects element by element. */
    private static Object normalized(Object v) {
        if (v instanceof Number num) return num.doubleValue();
        if (v instanceof List<?> list) return list.stream().map(StudyResume::normalized).toList();
        if (v instanceof Map<?, ?> map) {
            Map<String, Object> out = new TreeMap<>();
            map.forEach((k, x) -> out.put(String.valueOf(k), normalized(x)));
            return out;
        }
        return v;
    }

}
