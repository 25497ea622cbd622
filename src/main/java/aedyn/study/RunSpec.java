package aedyn.study;

import aedyn.config.RunSettings;
import com.typesafe.config.Config;

import java.util.Map;

/**
 * One run of a study: its name (its directory), the grid point and trial that define it, its resolved
 * configuration, typed settings and the two seeds derived for it.
 */
public record RunSpec(String name, Map<String, Object> gridPoint, int trial, Config config, RunSettings settings,
                      long dataSeed, long initSeed) {
}
