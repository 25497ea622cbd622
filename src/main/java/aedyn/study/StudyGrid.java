package aedyn.study;

import aedyn.config.ConfigProblem;
import com.typesafe.config.Config;
import com.typesafe.config.ConfigRenderOptions;
import com.typesafe.config.ConfigUtil;
import com.typesafe.config.ConfigValue;
import com.typesafe.config.ConfigValueType;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/** study.grid: its keys checked, its points (the cartesian product of its lists) and the names of their runs. */
final class StudyGrid {
    private StudyGrid() {
    }

    /** The grid in a fixed order (sorted by key) so that run names and order do not depend on map order. */
    static Map<String, List<ConfigValue>> of(Config merged, Set<String> known, List<ConfigProblem> problems) {
        Map<String, List<ConfigValue>> grid = new TreeMap<>();
        Config g = merged.getConfig("study.grid");
        for (Map.Entry<String, ConfigValue> e : g.entrySet()) {
            String key = String.join(".", ConfigUtil.splitPath(e.getKey()));
            ConfigValue v = e.getValue();
            if (!known.contains(key) || key.startsWith("study.")) {
                problems.add(key.startsWith("study.")
                        ? new ConfigProblem("study.grid." + key, v.render(ConfigRenderOptions.concise()), "a data, model, init, bias, train or metrics key")
                        : StudyKeys.unknownKey("study.grid \"" + key + "\"", v.render(ConfigRenderOptions.concise()), known, key));
                continue;
            }
            if (v.valueType() != ConfigValueType.LIST || ((List<?>) v.unwrapped()).isEmpty()) {
                problems.add(new ConfigProblem("study.grid \"" + key + "\"", v.render(ConfigRenderOptions.concise()), "a non-empty list of values"));
                continue;
            }
            grid.put(key, List.copyOf((com.typesafe.config.ConfigList) v));
        }
        return grid;
    }

    static List<Map<String, ConfigValue>> points(Map<String, List<ConfigValue>> grid) {
        List<Map<String, ConfigValue>> points = new ArrayList<>();
        points.add(new LinkedHashMap<>());
        for (Map.Entry<String, List<ConfigValue>> axis : grid.entrySet()) {
            List<Map<String, ConfigValue>> next = new ArrayList<>();
            for (Map<String, ConfigValue> p : points) {
                for (ConfigValue v : axis.getValue()) {
                    Map<String, ConfigValue> q = new LinkedHashMap<>(p);
                    q.put(axis.getKey(), v);
                    next.add(q);
                }
            }
            points = next;
        }
        return points;
    }

    /** The grid point as text; with {@code dataOnly}, only the data.* keys, so runs that share data share samples. */
    static String canonical(Map<String, ConfigValue> point, boolean dataOnly) {
        StringBuilder sb = new StringBuilder();
        new TreeMap<>(point).forEach((k, v) -> {
            // a network and its linearized twin start from the same theta^0 (SPEC 8.4): model.linearize seeds nothing
            if (k.equals("model.linearize")) return;
            if (!dataOnly || k.startsWith("data.")) sb.append(k).append('=').append(v.render()).append(';');
        });
        return sb.toString();
    }

    static String runName(Map<String, ConfigValue> point, int trial, int trials) {
        List<String> parts = new ArrayList<>();
        point.forEach((k, v) -> parts.add(k + "=" + String.valueOf(v.unwrapped())));
        if (trials > 1) parts.add("trial=" + trial);
        String name = parts.isEmpty() ? "run" : String.join("_", parts);
        return name.replaceAll("[^A-Za-z0-9._=+-]", "-");
    }

    static String uniqueName(String name, Set<String> taken) {
        String candidate = name;
        for (int i = 2; !taken.add(candidate); i++) candidate = name + "-" + i;
        return candidate;
    }

}
