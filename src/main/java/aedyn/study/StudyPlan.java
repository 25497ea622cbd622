package aedyn.study;

import aedyn.data.HadoopFiles;
import aedyn.config.ConfigException;
import aedyn.config.ConfigProblem;
import aedyn.config.RunSettings;
import aedyn.config.SettingsReader;
import aedyn.data.Seeds;
import com.typesafe.config.Config;
import com.typesafe.config.ConfigFactory;
import com.typesafe.config.ConfigParseOptions;
import com.typesafe.config.ConfigRenderOptions;
import com.typesafe.config.ConfigSyntax;
import com.typesafe.config.ConfigUtil;
import com.typesafe.config.ConfigValue;
import com.typesafe.config.ConfigValueFactory;
import com.typesafe.config.ConfigValueType;
import org.apache.commons.text.similarity.LevenshteinDistance;
import org.apache.hadoop.conf.Configuration;

import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * A study read, merged with the defaults, checked and expanded into its runs, all before Spark starts.
 * Every problem of every run is collected and thrown together as one {@link ConfigException}.
 */
public record StudyPlan(String name, String output, long seed, Config config, List<String> gridKeys,
                        List<RunSpec> runs, Map<String, String> sparkProperties, int trials, int parallelRuns,
                        boolean cohorts, String analysis, boolean resume) {

    /** Keys a study may set that have no value in reference.conf. */
    private static final Set<String> OPTIONAL_KEYS = Set.of("metrics.sign-invariant");
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
        Config user;
        try {
            user = parseStudyFile(confPath, hadoop);
        } catch (IOException e) {
            throw new ConfigException(confPath, List.of(new ConfigProblem("study file", confPath,
                    "a readable HOCON file (" + e.getMessage() + ")")));
        } catch (com.typesafe.config.ConfigException e) {
            throw new ConfigException(confPath, List.of(new ConfigProblem("study file", confPath,
                    "valid HOCON: " + e.getMessage())));
        }
        Config cli = ConfigFactory.empty();
        for (String o : overrides) {
            int eq = o.indexOf('=');
            if (eq <= 0) {
                problems.add(new ConfigProblem("--set", o, "key=value, for example data.samples=100000"));
                continue;
            }
            try {
                cli = ConfigFactory.parseString(o, ConfigParseOptions.defaults().setOriginDescription("--set " + o)).withFallback(cli);
            } catch (com.typesafe.config.ConfigException e) {
                problems.add(new ConfigProblem("--set", o, "key=value with a HOCON value: " + e.getMessage()));
                continue;
            }
            // A grid given on the command line is the study's grid: HOCON would merge it with the file's.
            if (setsWholeGrid(o.substring(0, eq))) user = user.withoutPath("study.grid");
        }
        if (outOverride != null) {
            cli = cli.withValue("study.output", ConfigValueFactory.fromAnyRef(outOverride, "--out"));
        }
        Config reference = ConfigFactory.parseResources(StudyPlan.class.getClassLoader(), "reference.conf");
        Config given = cli.withFallback(user);
        Config merged;
        try {
            merged = given.withFallback(reference).resolve();
        } catch (com.typesafe.config.ConfigException e) {
            problems.add(new ConfigProblem("study file", confPath, "resolvable substitutions: " + e.getMessage()));
            throw new ConfigException(confPath, problems);
        }

        Set<String> known = knownKeys(reference);
        if (!checkStructure(merged, problems)) throw new ConfigException(confPath, dedupe(problems));
        for (Map.Entry<String, ConfigValue> e : merged.entrySet()) {
            String key = e.getKey();
            if (!known.contains(key) && !key.startsWith("study.grid.") && !key.startsWith("spark.")) {
                problems.add(unknownKey(key, e.getValue().render(ConfigRenderOptions.concise()), known));
            }
        }
        Map<String, List<ConfigValue>> grid = StudyGrid.of(merged, known, problems);
        int trials = readTrials(merged, problems);
        int parallelRuns = readParallelRuns(merged, problems);
        boolean cohorts = readCohorts(merged, problems);
        String analysis = readAnalysis(merged, problems);
        checkTargetLoss(merged, problems);
        long seed = 0;
        try {
            seed = merged.getLong("study.seed");
            // HOCON reads 1.5 as 1 and 1e20 as the largest long: a seed that is not a whole number is a mistake, not another seed
            if (new java.math.BigDecimal(String.valueOf(merged.getValue("study.seed").unwrapped()).trim())
                    .compareTo(java.math.BigDecimal.valueOf(seed)) != 0) {
                throw new NumberFormatException("not a whole number a long holds");
            }
        } catch (com.typesafe.config.ConfigException | NumberFormatException e) {
            problems.add(new ConfigProblem("study.seed", merged.getValue("study.seed").render(ConfigRenderOptions.concise()), "an integer"));
        }
        String name = merged.getString("study.name");
        if (name.isBlank()) problems.add(new ConfigProblem("study.name", "\"" + name + "\"", "a non-empty name (it names the study and its default directory, results/NAME)"));
        String output = merged.getString("study.output");
        Map<String, String> spark = sparkProperties(merged, problems);

        // a grid of millions of points would fill the heap as its runs are planned, minutes before any line
        double count = trials;
        for (List<ConfigValue> values : grid.values()) count *= values.size();
        if (count > MAX_RUNS) {
            throw new ConfigException(confPath, List.of(new ConfigProblem("study.grid", String.format(java.util.Locale.ROOT,
                    "%s (%.0f runs with study.trials = %d)", grid.keySet(), count, trials),
                    "at most " + MAX_RUNS + " runs in one study (grid points x trials); split it into several studies")));
        }
        List<RunSpec> runs = new ArrayList<>();
        Set<String> names = new LinkedHashSet<>();
        // A problem shared by several runs (a bad value outside the grid) is listed once, with the runs it concerns.
        Map<ConfigProblem, List<String>> runProblemsByRun = new LinkedHashMap<>();
        for (Map<String, ConfigValue> point : StudyGrid.points(grid)) {
            for (int trial = 0; trial < trials; trial++) {
                Config runConfig = merged;
                for (Map.Entry<String, ConfigValue> e : point.entrySet()) {
                    runConfig = runConfig.withValue(e.getKey(), e.getValue());
                }
                List<ConfigProblem> runProblems = new ArrayList<>();
                RunSettings settings = SettingsReader.read(runConfig, runProblems);
                String runName = StudyGrid.uniqueName(StudyGrid.runName(point, trial, trials), names);
                for (ConfigProblem p : runProblems) {
                    List<String> of = runProblemsByRun.computeIfAbsent(p, k -> new ArrayList<>());
                    if (!of.contains(runName)) of.add(runName);
                }
                Map<String, Object> values = new LinkedHashMap<>();
                point.forEach((k, v) -> values.put(k, v.unwrapped()));
                runs.add(new RunSpec(runName, values, trial, runConfig, settings,
                        Seeds.derive(seed, "data|" + StudyGrid.canonical(point, true) + "|trial=" + trial),
                        Seeds.derive(seed, "init|" + StudyGrid.canonical(point, false) + "|trial=" + trial)));
            }
        }
        int runCount = runs.size();
        runProblemsByRun.forEach((p, of) -> problems.add(of.size() == runCount ? p
                : new ConfigProblem(p.key(), p.value(), p.allowed() + " [run" + (of.size() == 1 ? " " : "s ")
                        + String.join(", ", of) + "]")));
        if (problems.isEmpty()) {
            runs = InputFiles.resolve(runs, hadoop, problems);
        }
        if (problems.isEmpty()) {
            checkAnalysis(analysis, grid, runs, problems);
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

    /** True when the key of a --set is study.grid itself (not one of its entries). */
    static boolean setsWholeGrid(String key) {
        try {
            return ConfigUtil.splitPath(key.trim()).equals(List.of("study", "grid"));
        } catch (com.typesafe.config.ConfigException e) {
            return false;
        }
    }

    /**
     * The study's own keys that the rest of the checks read as objects or strings: a null or a value of the wrong
     * kind there is reported instead of failing the reading. False when any is wrong.
     */
    private static boolean checkStructure(Config merged, List<ConfigProblem> problems) {
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

    /**
     * A local study file is parsed as a file, so that {@code include "other.conf"} resolves next to it; a file on
     * a remote Hadoop file system is read whole and parsed as text (its includes are not followed).
     */
    private static Config parseStudyFile(String confPath, Configuration hadoop) throws IOException {
        java.net.URI uri = new org.apache.hadoop.fs.Path(confPath).toUri();
        ConfigParseOptions options = ConfigParseOptions.defaults().setSyntax(ConfigSyntax.CONF).setAllowMissing(false);
        if (uri.getScheme() == null || "file".equals(uri.getScheme())) {
            java.io.File file = new java.io.File(uri.getPath());
            if (file.isDirectory()) throw new java.io.FileNotFoundException(confPath + " is a directory");
            if (!file.isFile()) throw new java.io.FileNotFoundException(confPath + " does not exist");
            if (!file.canRead()) throw new java.io.FileNotFoundException(confPath + " is not readable (permission denied)");
            return ConfigFactory.parseFile(file, options);
        }
        return ConfigFactory.parseString(HadoopFiles.readText(confPath, hadoop), options.setOriginDescription(confPath));
    }

    private static Set<String> knownKeys(Config reference) {
        Set<String> known = new LinkedHashSet<>(OPTIONAL_KEYS);
        for (Map.Entry<String, ConfigValue> e : reference.resolve().entrySet()) known.add(e.getKey());
        return known;
    }

    private static int readTrials(Config merged, List<ConfigProblem> problems) {
        try {
            int t = merged.getInt("study.trials");
            if (t >= 1 && t <= 100_000) return t;
        } catch (com.typesafe.config.ConfigException e) {
            // reported below
        }
        problems.add(new ConfigProblem("study.trials", merged.getValue("study.trials").render(ConfigRenderOptions.concise()), "an integer from 1 to 100000"));
        return 1;
    }

    private static int readParallelRuns(Config merged, List<ConfigProblem> problems) {
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

    private static boolean readCohorts(Config merged, List<ConfigProblem> problems) {
        try {
            return merged.getBoolean("study.cohorts");
        } catch (com.typesafe.config.ConfigException e) {
            problems.add(new ConfigProblem("study.cohorts", rendered(merged, "study.cohorts"), "true or false"));
            return true;
        }
    }

    /** study.target-loss: a fraction of the initial loss, in (0, 1). */
    private static void checkTargetLoss(Config merged, List<ConfigProblem> problems) {
        try {
            double t = merged.getDouble("study.target-loss");
            if (t > 0 && t < 1) return;
        } catch (com.typesafe.config.ConfigException e) {
            // reported below
        }
        problems.add(new ConfigProblem("study.target-loss", merged.getValue("study.target-loss").render(ConfigRenderOptions.concise()),
                "a number in (0, 1): the target as a fraction of each run's initial loss"));
    }

    private static String readAnalysis(Config merged, List<ConfigProblem> problems) {
        try {
            String a = merged.getString("study.analysis");
            if (Analysis.names().contains(a)) return a;
        } catch (com.typesafe.config.ConfigException e) {
            // reported below
        }
        problems.add(new ConfigProblem("study.analysis", merged.getValue("study.analysis").render(ConfigRenderOptions.concise()),
                "one of " + String.join(", ", Analysis.names())));
        return "none";
    }

    /** What each analysis needs from the study, checked before any run starts. */
    private static void checkAnalysis(String analysis, Map<String, List<ConfigValue>> grid, List<RunSpec> runs,
                                      List<ConfigProblem> problems) {
        switch (Analysis.named(analysis)) {
            case SAMPLE_SIZE, POPULATION -> {
                List<ConfigValue> sizes = grid.get("data.samples");
                if (sizes == null || sizes.size() < 2) {
                    problems.add(new ConfigProblem("study.analysis", analysis,
                            "an analysis of a study whose grid sweeps \"data.samples\" over at least two values"));
                }
                if ("population".equals(analysis) && runs.stream().anyMatch(r -> !r.settings().measurement().populationGradient())) {
                    problems.add(new ConfigProblem("study.analysis", analysis,
                            "population only with metrics.population-gradient = true (the metric it fits)"));
                }
                if ("sample-size".equals(analysis) && runs.stream().anyMatch(r -> r.settings().data().fromFile()
                        && r.settings().data().groundTruth().isEmpty())) {
                    problems.add(new ConfigProblem("study.analysis", analysis, "sample-size only with a ground truth A (fro_error)"));
                }
            }
            case PAPER_CLAIMS -> {
                List<ConfigValue> inits = grid.get("init.kind");
                List<Object> kinds = inits == null ? List.of() : inits.stream().map(ConfigValue::unwrapped).toList();
                if (!kinds.containsAll(PaperClaims.INITS)) {
                    problems.add(new ConfigProblem("study.analysis", analysis,
                            "paper-claims only for a study whose grid sweeps \"init.kind\" over perturb, pca and random"));
                }
            }
            case PHASES -> {
                if (runs.stream().anyMatch(r -> r.settings().data().options().spectrum().isEmpty()
                        && r.settings().data().options().energyBlocks().isEmpty())) {
                    problems.add(new ConfigProblem("study.analysis", analysis,
                            "phases only with energy blocks (data.spectrum for data.model = gaussian, else metrics.energy-blocks)"));
                }
            }
            case CONTRACTION -> {
                if (runs.stream().anyMatch(r -> r.settings().data().fromFile() && r.settings().data().groundTruth().isEmpty())) {
                    problems.add(new ConfigProblem("study.analysis", analysis, "contraction only with a ground truth A (fro_error)"));
                }
            }
            case NTK -> {
                if (runs.stream().anyMatch(r -> r.settings().measurement().ntkProbe() == 0)) {
                    problems.add(new ConfigProblem("study.analysis", analysis,
                            "ntk only with metrics.ntk-probe > 0 (the tangent kernel it reads)"));
                }
            }
            case NONE, CONVERGENCE -> {
            }
        }
    }

    private static Map<String, String> sparkProperties(Config merged, List<ConfigProblem> problems) {
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

    private static List<ConfigProblem> dedupe(List<ConfigProblem> problems) {
        return List.copyOf(new LinkedHashSet<>(problems));
    }
}
