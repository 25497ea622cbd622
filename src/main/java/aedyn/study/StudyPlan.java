package aedyn.study;

import aedyn.config.ConfigException;
import aedyn.config.ConfigProblem;
import com.typesafe.config.Config;
import com.typesafe.config.ConfigValue;
import org.apache.hadoop.conf.Configuration;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * A study read, merged with the defaults, checked and expanded into its runs, all before Spark starts.
 * Every problem of every run is collected and thrown together as one {@link ConfigException}. The files are
 * merged by {@link StudyFiles}, the study's keys checked by {@link StudyKeys}, the grid expanded by
 * {@link GridExpansion} and the analysis's needs checked by {@link AnalysisRules}.
 */
public record StudyPlan(String name, String output, long seed, Config config, List<String> gridKeys,
                        List<RunSpec> runs, Map<String, String> sparkProperties, int trials, int parallelRuns,
                        boolean cohorts, Analysis analysis, boolean resume) {

    /** A new study: its directory must not hold results yet. */
    public static StudyPlan load(String confPath, List<String> overrides, String outOverride, Configuration hadoop) {
        return load(confPath, overrides, outOverride, hadoop, false);
    }

    /**
     * Loads the study file {@code confPath} (any Hadoop path), applies {@code overrides} ("key=value", HOCON
     * values) and {@code outOverride} (the study directory, or null) and checks everything. With {@code resume}
     * the study directory may hold an interrupted run of the same study (its study.conf must match).
     */
    /** The most runs one study may have: each is a directory of several files, and its plan is held in memory. */
    static final int MAX_RUNS = 100_000;

    public static StudyPlan load(String confPath, List<String> overrides, String outOverride, Configuration hadoop,
                                 boolean resume) {
        List<ConfigProblem> problems = new ArrayList<>();
        Config reference = StudyFiles.reference();
        Config merged = StudyFiles.merge(confPath, overrides, outOverride, hadoop, reference, problems);

        Set<String> known = StudyKeys.knownKeys(reference);
        if (!StudyKeys.checkStructure(merged, problems)) throw new ConfigException(confPath, dedupe(problems));
        StudyKeys.checkUnknown(merged, known, problems);
        Map<String, List<ConfigValue>> grid = StudyGrid.of(merged, known, problems);
        int trials = StudyKeys.readTrials(merged, problems);
        int parallelRuns = StudyKeys.readParallelRuns(merged, problems);
        boolean cohorts = StudyKeys.readCohorts(merged, problems);
        Analysis analysis = StudyKeys.readAnalysis(merged, problems);
        StudyKeys.checkTargetLoss(merged, problems);
        long seed = StudyKeys.readSeed(merged, problems);
        String name = merged.getString("study.name");
        if (name.isBlank()) {
            problems.add(new ConfigProblem("study.name", "\"" + name + "\"", "a non-empty name (it names the study and its default directory, results/NAME)"));
        }
        String output = merged.getString("study.output");
        Map<String, String> spark = StudyKeys.sparkProperties(merged, problems);

        // a grid of millions of points would fill the heap as its runs are planned, minutes before any line
        double count = trials;
        for (List<ConfigValue> values : grid.values()) count *= values.size();
        if (count > MAX_RUNS) {
            throw new ConfigException(confPath, List.of(new ConfigProblem("study.grid", String.format(java.util.Locale.ROOT,
                    "%s (%.0f runs with study.trials = %d)", grid.keySet(), count, trials),
                    "at most " + MAX_RUNS + " runs in one study (grid points x trials); split it into several studies")));
        }
        List<RunSpec> runs = GridExpansion.runs(merged, grid, trials, seed, problems);
        if (problems.isEmpty()) {
            runs = InputFiles.resolve(runs, hadoop, problems);
        }
        if (problems.isEmpty()) {
            AnalysisRules.check(analysis, grid, runs, problems);
            BoundaryPlan.read(merged, grid, runs, problems);
        }
        if (problems.isEmpty()) {
            if (resume) {
                StudyResume.check(output, merged, hadoop, problems);
            } else {
                StudyLease.checkFreshOutput(output, hadoop, problems);
            }
        }
        if (!problems.isEmpty()) {
            throw new ConfigException(confPath, dedupe(problems));
        }
        return new StudyPlan(name, output, seed, merged, List.copyOf(grid.keySet()), List.copyOf(runs), spark,
                trials, parallelRuns, cohorts, analysis, resume);
    }

    /** The same study with other runs: a round of a boundary search, or the runs a task trains. */
    StudyPlan withRuns(List<RunSpec> other) {
        return new StudyPlan(name, output, seed, config, gridKeys, List.copyOf(other), sparkProperties, trials,
                parallelRuns, cohorts, analysis, resume);
    }

    private static List<ConfigProblem> dedupe(List<ConfigProblem> problems) {
        return List.copyOf(new LinkedHashSet<>(problems));
    }
}
