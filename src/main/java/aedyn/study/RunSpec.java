package aedyn.study;

import aedyn.config.DataSettings;
import aedyn.config.RunSettings;
import com.typesafe.config.Config;

import java.util.Map;

/**
 * One run of a study: its name (its directory), the grid point and trial that define it, its resolved
 * configuration, typed settings and the two seeds derived for it.
 */
public record RunSpec(String name, Map<String, Object> gridPoint, int trial, Config config, RunSettings settings,
                      long dataSeed, long initSeed) {

    /** Its directory in the study directory {@code studyDir}. */
    String dir(String studyDir) {
        return studyDir + "/runs/" + name;
    }

    /** Generated data draws A; data read from files has one only with data.ground-truth. */
    boolean hasGroundTruth() {
        DataSettings d = settings.data();
        return !d.fromFile() || !d.groundTruth().isEmpty();
    }

    /** The run's metrics.csv columns; paper 1's recovery metrics need A with one atom per hidden unit. */
    MetricColumns columns(boolean hasTruth) {
        DataSettings d = settings.data();
        boolean hasCodes = !d.fromFile() || !d.codesPath().isEmpty();
        boolean matchesAtoms = hasTruth && settings.model().m() == d.m();
        return MetricColumns.of(settings, matchesAtoms, hasCodes);
    }
}
