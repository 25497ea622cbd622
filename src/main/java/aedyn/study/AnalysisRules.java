package aedyn.study;

import aedyn.config.ConfigProblem;
import com.typesafe.config.ConfigValue;

import java.util.List;
import java.util.Map;

/** What each study.analysis needs from the study's grid and runs. */
final class AnalysisRules {
    private AnalysisRules() {
    }

    /** What each analysis needs from the study, checked before any run starts. */
    static void check(Analysis kind, Map<String, List<ConfigValue>> grid, List<RunSpec> runs,
                      List<ConfigProblem> problems) {
        String analysis = kind.label();
        switch (kind) {
            case SAMPLE_SIZE, POPULATION -> {
                List<ConfigValue> sizes = grid.get("data.samples");
                if (sizes == null || sizes.size() < 2) {
                    problems.add(new ConfigProblem("study.analysis", analysis,
                            "an analysis of a study whose grid sweeps \"data.samples\" over at least two values"));
                }
                if (kind == Analysis.POPULATION && runs.stream().anyMatch(r -> !r.settings().measurement().populationGradient())) {
                    problems.add(new ConfigProblem("study.analysis", analysis,
                            "population only with metrics.population-gradient = true (the metric it fits)"));
                }
                if (kind == Analysis.SAMPLE_SIZE && runs.stream().anyMatch(r -> r.settings().data().fromFile()
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
}
