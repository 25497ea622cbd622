package aedyn.study;

import aedyn.boundary.Outcome;
import aedyn.boundary.SearchSettings;
import aedyn.config.ConfigException;
import aedyn.config.ConfigProblem;
import com.typesafe.config.Config;
import com.typesafe.config.ConfigValue;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * A study's outcome and boundary search (SPEC section 9): study.outcome, the predicate every run is judged by, and
 * study.search, the key probed by bisection at every point of the study's grid (its outer keys). Read and checked
 * with the study, before Spark starts; a search needs an outcome, and its key may not be a grid key as well.
 *
 * @param search the search, or empty: a plain grid whose runs are judged
 */
record BoundaryPlan(Optional<SearchSettings> search, Outcome outcome) {
    static final String OUTCOME = "study.outcome";
    /** Numeric settings a study may search, and those of them that take integers (midpoints are rounded). */
    static final Set<String> SEARCHABLE = Set.of("model.width", "data.k", "data.samples", "data.n", "data.m",
            "init.delta", "data.noise-sigma", "train.learning-rate", "train.iterations", "train.l2");
    static final Set<String> INTEGER_KEYS = Set.of("model.width", "data.k", "data.samples", "data.n", "data.m",
            "train.iterations");
    /** Names a predicate may use besides the metrics: the closed-form energies of the linear mean-field limit. */
    static final String ENERGY_REFERENCE = "energy_ref_";

    /** The study's outcome and search, if it has an outcome; problems, each one line, go to {@code into}. */
    static Optional<BoundaryPlan> read(Config merged, Map<String, List<ConfigValue>> grid, List<RunSpec> runs,
                                       List<ConfigProblem> into) {
        String text = merged.getString(OUTCOME).strip();
        boolean searches = !merged.getConfig(SearchSettings.PREFIX).isEmpty();
        if (text.isEmpty()) {
            if (searches) {
                into.add(new ConfigProblem(OUTCOME, "\"\"", "a predicate such as \"max_col_error <= 0.1\": study.search needs one"));
            }
            return Optional.empty();
        }
        Optional<SearchSettings> search = Optional.empty();
        if (searches) {
            SearchSettings s = SearchSettings.read(merged, SEARCHABLE, INTEGER_KEYS, into);
            if (s == null) return Optional.empty();
            if (grid.containsKey(s.key())) {
                into.add(new ConfigProblem("study.grid.\"" + s.key() + "\"", grid.get(s.key()).toString(),
                        "not a grid key as well: study.search probes " + s.key() + " at every grid point"));
                return Optional.empty();
            }
            search = Optional.of(s);
        }
        if (runs.isEmpty()) return Optional.empty();
        Outcome outcome = Outcome.read(text, names(runs.get(0), search), into);
        return outcome == null ? Optional.empty() : Optional.of(new BoundaryPlan(search, outcome));
    }

    /** The plan's outcome and search; the study was checked when it was loaded. */
    static Optional<BoundaryPlan> of(StudyPlan plan) {
        List<ConfigProblem> problems = new ArrayList<>();
        Optional<BoundaryPlan> b = read(plan.config(), StudyGrid.of(plan.config(), StudyKeys.knownKeys(StudyFiles.reference()),
                problems), plan.runs(), problems);
        if (!problems.isEmpty()) throw new ConfigException(plan.output(), problems);
        return b;
    }

    /**
     * The names a run's predicate may use: its metrics at the last and first rows, and the closed-form energies
     * (energy_ref_1 ...) beside its energy metrics. A search's runs are judged by the columns of a run at the
     * search's lower end.
     */
    private static Set<String> names(RunSpec first, Optional<SearchSettings> search) {
        RunSpec run = first;
        if (search.isPresent()) {
            Map<String, ConfigValue> point = new java.util.LinkedHashMap<>();
            List<ConfigProblem> ignored = new ArrayList<>();
            run = GridExpansion.run(first.config(), RunRecipe.point(point, search.get().key(), literal(search.get(),
                    search.get().from())), point, 0, 0, "check", ignored);
        }
        List<String> metrics = run.columns(run.hasGroundTruth()).names();
        List<String> references = metrics.stream().filter(c -> c.startsWith("energy_"))
                .map(c -> ENERGY_REFERENCE + c.substring("energy_".length())).toList();
        return Outcome.names(metrics, List.of(), references);
    }

    /** A value of the searched key as a study file writes it: an integer key's value rounded. */
    static String literal(SearchSettings s, double x) {
        return s.integer() ? Long.toString(Math.round(x)) : Double.toString(x);
    }
}
