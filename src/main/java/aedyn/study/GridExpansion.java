package aedyn.study;

import aedyn.config.ConfigProblem;
import aedyn.config.RunSettings;
import aedyn.config.SettingsReader;
import aedyn.data.Seeds;
import com.typesafe.config.Config;
import com.typesafe.config.ConfigValue;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** The study's grid expanded into its runs, each read and checked, with their data and init seeds. */
final class GridExpansion {
    private GridExpansion() {
    }

    /**
     * One run per grid point and trial. A problem shared by several runs (a bad value outside the grid) is added
     * to {@code problems} once, with the runs it concerns unless it concerns them all.
     */
    static List<RunSpec> runs(Config merged, Map<String, List<ConfigValue>> grid, int trials, long seed,
                              List<ConfigProblem> problems) {
        List<RunSpec> runs = new ArrayList<>();
        Set<String> names = new LinkedHashSet<>();
        Map<ConfigProblem, List<String>> runProblemsByRun = new LinkedHashMap<>();
        for (Map<String, ConfigValue> point : StudyGrid.points(grid)) {
            for (int trial = 0; trial < trials; trial++) {
                List<ConfigProblem> runProblems = new ArrayList<>();
                String runName = StudyGrid.uniqueName(StudyGrid.runName(point, trial, trials), names);
                runs.add(run(merged, point, point, trial, seed, runName, runProblems));
                for (ConfigProblem p : runProblems) {
                    List<String> of = runProblemsByRun.computeIfAbsent(p, k -> new ArrayList<>());
                    if (!of.contains(runName)) of.add(runName);
                }
            }
        }
        int runCount = runs.size();
        runProblemsByRun.forEach((p, of) -> problems.add(of.size() == runCount ? p
                : new ConfigProblem(p.key(), p.value(), p.allowed() + " [run" + (of.size() == 1 ? " " : "s ")
                        + String.join(", ", of) + "]")));
        return runs;
    }

    /**
     * The run {@code name} at one grid point and trial: its configuration, settings and seeds, the seeds derived from
     * the values of {@code seeded} (the point itself, or a boundary search's outer point, so that its probes share
     * their random numbers across the searched key).
     */
    static RunSpec run(Config merged, Map<String, ConfigValue> point, Map<String, ConfigValue> seeded, int trial, long seed,
                       String name, List<ConfigProblem> problems) {
        Config runConfig = merged;
        for (Map.Entry<String, ConfigValue> e : point.entrySet()) runConfig = runConfig.withValue(e.getKey(), e.getValue());
        RunSettings settings = SettingsReader.read(runConfig, problems);
        Map<String, Object> values = new LinkedHashMap<>();
        point.forEach((k, v) -> values.put(k, v.unwrapped()));
        return new RunSpec(name, values, trial, runConfig, settings,
                Seeds.derive(seed, "data|" + StudyGrid.canonical(seeded, true) + "|trial=" + trial),
                Seeds.derive(seed, "init|" + StudyGrid.canonical(seeded, false) + "|trial=" + trial));
    }
}
