package aedyn.study;

import aedyn.boundary.BisectionSearch;
import aedyn.boundary.Boundary;
import aedyn.boundary.BoundaryTables;
import aedyn.boundary.LogisticBoundary;
import aedyn.boundary.Outcome;
import aedyn.boundary.Probe;
import aedyn.boundary.ScalingLaw;
import aedyn.boundary.SearchSettings;
import aedyn.boundary.Verdict;
import aedyn.data.HadoopFiles;
import aedyn.report.Csv;
import aedyn.report.RunManifest;
import aedyn.report.RunStatus;
import aedyn.report.StudyResults;
import aedyn.report.SummaryRow;
import aedyn.train.LearningCurveRow;
import com.typesafe.config.ConfigValue;
import org.apache.hadoop.conf.Configuration;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * A boundary search (SPEC 9.3) over the study's grid: every outer point's searched key is probed by bisection, the
 * probes of one round (every outer point's next values, each with its trials) trained together as one set of
 * runs, as a grid's runs are (cohorts where they share samples, run-parallel where the runs are small). The state of
 * every search is derived from the finished probes alone, so a resumed study, whose finished runs are read back,
 * continues each search where it stopped. Then probes.csv, boundary.csv (the logistic boundary by maximum likelihood
 * over every probe) and analysis.csv (the scaling law of the boundary over the outer key, SPEC 9.4).
 */
final class BoundaryStudy {
    private static final Logger LOG = LoggerFactory.getLogger(BoundaryStudy.class);
    static final String PROBES = "probes.csv";
    static final String BOUNDARY = "boundary.csv";

    /** Trains a round's runs and returns their outcomes in the recipes' order. */
    interface Rounds {
        List<RunOutcome> train(List<RunRecipe> round) throws IOException;
    }

    /** One judged run: where it was, the searched key's value, its verdict. */
    record Judged(int outer, double value, Verdict verdict) {
    }

    private final StudyPlan plan;
    private final SearchSettings search;
    private final Outcome outcome;
    private final Configuration hadoop;
    private final List<Map<String, ConfigValue>> outer;
    private final List<String> outerKeys;

    BoundaryStudy(StudyPlan plan, SearchSettings search, Outcome outcome, Configuration hadoop) {
        this.plan = plan;
        this.search = search;
        this.outcome = outcome;
        this.hadoop = hadoop;
        this.outer = outerPoints(plan);
        this.outerKeys = plan.gridKeys();
    }

    /** The outer points, in the grid's order. */
    List<Map<String, ConfigValue>> outer() {
        return outer;
    }

    /** The outer points: the study's grid, as its runs were expanded from it. */
    static List<Map<String, ConfigValue>> outerPoints(StudyPlan plan) {
        List<aedyn.config.ConfigProblem> problems = new ArrayList<>();
        return StudyGrid.points(StudyGrid.of(plan.config(), StudyKeys.knownKeys(StudyFiles.reference()), problems));
    }

    /** Every round until every outer point's search is done; the outcomes of every probe's runs. */
    List<RunOutcome> run(Rounds rounds) throws IOException {
        BisectionSearch bisection = BisectionSearch.of(search);
        List<RunOutcome> all = new ArrayList<>();
        List<Judged> judged = new ArrayList<>();
        for (int round = 1; ; round++) {
            List<RunRecipe> recipes = new ArrayList<>();
            for (int i = 0; i < outer.size(); i++) {
                for (double x : bisection.state(probes(judged, i)).next()) {
                    String value = BoundaryPlan.literal(search, x);
                    for (int t = 0; t < search.trials(); t++) {
                        recipes.add(RunRecipe.probe(outer, i, search.key(), value, t, search.trials()));
                    }
                }
            }
            if (recipes.isEmpty()) break;
            System.err.printf(Locale.ROOT, "aedyn: search round %d: %d run(s) at %d outer point(s)%n", round,
                    recipes.size(), recipes.stream().mapToInt(RunRecipe::outer).distinct().count());
            List<RunOutcome> trained = rounds.train(recipes);
            for (int k = 0; k < recipes.size(); k++) {
                RunRecipe r = recipes.get(k);
                judged.add(new Judged(r.outer(), Double.parseDouble(r.value()), trained.get(k).outcome().orElse(Verdict.NONE)));
            }
            all.addAll(trained);
        }
        writeTables(judged);
        return all;
    }

    /** The probes of outer point {@code i} so far. */
    private static List<Probe> probes(List<Judged> judged, int i) {
        List<Double> values = new ArrayList<>();
        List<Verdict> verdicts = new ArrayList<>();
        for (Judged j : judged) {
            if (j.outer() != i) continue;
            values.add(j.value());
            verdicts.add(j.verdict());
        }
        return Probe.tally(values, verdicts);
    }

    /**
     * A run's outcome (SPEC 9.1): diverged is a failure, a run stopped from outside none, a finished one the
     * predicate's over its last and first rows and, where the predicate names them, the closed-form energies.
     */
    static Verdict judge(Outcome outcome, RunStatus status, List<LearningCurveRow> rows, RunManifest manifest,
                         MetricColumns columns) {
        if (status == RunStatus.DIVERGED) return Verdict.FAILURE;
        if (status != RunStatus.FINISHED || rows.isEmpty()) return Verdict.NONE;
        Map<String, Double> references = new LinkedHashMap<>();
        if (outcome.usedNames().stream().anyMatch(n -> n.startsWith(BoundaryPlan.ENERGY_REFERENCE))) {
            references.putAll(closedFormEnergies(rows, manifest, columns));
        }
        Map<String, Double> env = Outcome.environment(rows.get(rows.size() - 1).values(), rows.get(0).values(), Map.of(),
                references);
        return outcome.test(env) ? Verdict.SUCCESS : Verdict.FAILURE;
    }

    /** energy_ref_j: the closed-form long-run energy of block j of the linear tied mean-field model (NaN elsewhere). */
    private static Map<String, Double> closedFormEnergies(List<LearningCurveRow> rows, RunManifest manifest,
                                                          MetricColumns columns) {
        Csv metrics = Csv.parse(columns.csv(rows));
        List<String> energies = columns.names().stream().filter(c -> c.startsWith("energy_")).toList();
        PhasesAnalysis.RunPhases phases = PhasesAnalysis.RunPhases.of(
                new StudyResults.Run(null, metrics, Optional.of(manifest), null), energies);
        Map<String, Double> out = new LinkedHashMap<>();
        for (PhasesAnalysis.BlockPhase b : phases.blocks()) out.put(BoundaryPlan.ENERGY_REFERENCE + b.name(), b.closedForm());
        return out;
    }

    /** probes.csv, boundary.csv and the scaling law in analysis.csv. */
    private void writeTables(List<Judged> judged) throws IOException {
        List<BoundaryTables.OuterPoint> points = new ArrayList<>();
        for (int i = 0; i < outer.size(); i++) {
            List<Probe> probes = probes(judged, i);
            Boundary b = LogisticBoundary.of(probes, search.scale(), search.direction());
            Map<String, Object> keys = new LinkedHashMap<>();
            outer.get(i).forEach((k, v) -> keys.put(k, v.unwrapped()));
            points.add(new BoundaryTables.OuterPoint(keys, probes, b));
            LOG.info("boundary at {}: {}", keys, b);
        }
        String out = plan.output();
        HadoopFiles.writeText(out + "/" + PROBES, hadoop, BoundaryTables.probesCsv(outerKeys, points, search.direction(), search.integer()));
        HadoopFiles.writeText(out + "/" + BOUNDARY, hadoop, BoundaryTables.boundaryCsv(outerKeys, points));
        String scaling = scalingCsv(points);
        HadoopFiles.writeText(out + "/" + Asymptotics.FILE, hadoop, scaling);
        System.err.print(scalingText(scaling));
    }

    /**
     * analysis.csv of a search: the scaling law ln x* = α ln z + c (SPEC 9.4) over the scaling key z, the last
     * numeric outer key, for every combination of the other outer keys (a regime, a model).
     */
    private String scalingCsv(List<BoundaryTables.OuterPoint> points) {
        String z = scalingKey(points);
        List<String> groupKeys = outerKeys.stream().filter(k -> !k.equals(z)).toList();
        StringBuilder csv = new StringBuilder();
        List<String> header = new ArrayList<>(groupKeys);
        header.addAll(List.of("scaling_key", "searched_key", "alpha", "alpha_low", "alpha_high", "intercept", "used",
                "censored", "unbounded"));
        csv.append(String.join(",", header)).append('\n');
        Map<List<String>, List<ScalingLaw.Point>> groups = new LinkedHashMap<>();
        for (BoundaryTables.OuterPoint p : points) {
            List<String> group = groupKeys.stream().map(k -> String.valueOf(p.keys().get(k))).toList();
            double zv = z == null ? Double.NaN : ((Number) p.keys().get(z)).doubleValue();
            groups.computeIfAbsent(group, g -> new ArrayList<>()).add(new ScalingLaw.Point(zv, p.boundary()));
        }
        groups.forEach((group, pts) -> {
            ScalingLaw law = ScalingLaw.fit(pts);
            List<String> cells = new ArrayList<>(group.stream().map(SummaryRow::text).toList());
            cells.addAll(List.of(z == null ? "" : z, search.key(), MetricColumns.cell(law.alpha()), MetricColumns.cell(law.alphaLow()),
                    MetricColumns.cell(law.alphaHigh()), MetricColumns.cell(law.intercept()), Integer.toString(law.used()),
                    Integer.toString(law.censored()), Integer.toString(law.unbounded())));
            csv.append(String.join(",", cells)).append('\n');
        });
        return csv.toString();
    }

    /** The last outer key whose values are all numbers: the z of the scaling law; null without one. */
    private String scalingKey(List<BoundaryTables.OuterPoint> points) {
        for (int k = outerKeys.size() - 1; k >= 0; k--) {
            String key = outerKeys.get(k);
            if (!points.isEmpty() && points.stream().allMatch(p -> p.keys().get(key) instanceof Number)) return key;
        }
        return null;
    }

    private static String scalingText(String csv) {
        StringBuilder text = new StringBuilder("scaling law of the boundary (SPEC 9.4), ln x* = alpha ln z + c:\n");
        csv.lines().skip(1).forEach(l -> text.append("  ").append(l).append('\n'));
        return text.toString();
    }
}
