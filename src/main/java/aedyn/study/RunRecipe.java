package aedyn.study;

import com.typesafe.config.ConfigFactory;
import com.typesafe.config.ConfigValue;

import java.io.Serializable;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * How a task finds or rebuilds one run of its cohort: a run of the study's grid by its name, or a probe of a
 * boundary search (the outer grid point's index, the searched key's value as written, the trial and the probe's
 * trials), which the driver and the task build alike by {@link #spec}. A probe's seeds are those of its outer point
 * and trial, whatever the searched value (common random numbers: trial t sees the same data and start at every
 * probe where the key leaves them alone, so p(x) varies with x, not with the draws).
 */
record RunRecipe(String name, int outer, String key, String value, int trial, int trials) implements Serializable {

    /** A run of the study's grid. */
    static RunRecipe of(RunSpec run) {
        return new RunRecipe(run.name(), -1, null, null, run.trial(), 0);
    }

    /** The probe of {@code key} = {@code value} at outer point {@code outer}, trial {@code trial} of {@code trials}. */
    static RunRecipe probe(List<Map<String, ConfigValue>> outerPoints, int outer, String key, String value, int trial,
                           int trials) {
        return new RunRecipe(StudyGrid.runName(point(outerPoints.get(outer), key, value), trial, trials), outer, key,
                value, trial, trials);
    }

    /** The run itself: looked up in the plan, or built from the plan's configuration as every probe is. */
    RunSpec spec(StudyPlan plan, List<Map<String, ConfigValue>> outerPoints) {
        if (outer < 0) {
            return plan.runs().stream().filter(r -> r.name().equals(name)).findFirst()
                    .orElseThrow(() -> new IllegalStateException("no run " + name + " in the plan of " + plan.output()));
        }
        List<aedyn.config.ConfigProblem> problems = new java.util.ArrayList<>();
        Map<String, ConfigValue> at = outerPoints.get(outer);
        RunSpec run = GridExpansion.run(plan.config(), point(at, key, value), at, trial, plan.seed(), name, problems);
        if (!problems.isEmpty()) throw new IllegalArgumentException(name + ": " + problems.get(0));
        return run;
    }

    /** The outer point with the searched key's value after it, parsed from its text as a study file's value is. */
    static Map<String, ConfigValue> point(Map<String, ConfigValue> outer, String key, String value) {
        Map<String, ConfigValue> point = new LinkedHashMap<>(outer);
        point.put(key, ConfigFactory.parseString("v = " + value).getValue("v"));
        return point;
    }
}
