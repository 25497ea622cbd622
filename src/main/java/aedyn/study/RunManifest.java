package aedyn.study;

import aedyn.config.DataSettings;
import aedyn.config.RunSettings;
import aedyn.data.CodeModel;
import aedyn.data.EigenBlocks;
import aedyn.data.GroundTruth;
import aedyn.init.SpectralInit;
import aedyn.metrics.SubspaceEnergy;
import aedyn.report.Json;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonUnwrapped;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;
import dev.ludovic.netlib.blas.BLAS;

import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * run.json: one flat JSON object, written by Jackson from these records in their components' order (groups are
 * unwrapped into the top level, names in snake case). Absent optional parts are left out; the data's measures
 * (noise_sigma, incoherence, ...) are written as null when the data has none. Doubles are boxed so that report.Json
 * writes integral ones as integers.
 */
@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
public record RunManifest(String name, @JsonUnwrapped Outcome outcome, @JsonUnwrapped Origin origin,
                          @JsonUnwrapped Data data, @JsonUnwrapped Training training, @JsonUnwrapped Truth truth,
                          @JsonUnwrapped Platform platform, Double wallSeconds,
                          @JsonInclude(JsonInclude.Include.NON_NULL) Integer resumedFromIteration,
                          @JsonInclude(JsonInclude.Include.NON_NULL) EnergyBlocksReport energyBlocks,
                          @JsonInclude(JsonInclude.Include.NON_NULL) SpectralReport spectralInit,
                          @JsonInclude(JsonInclude.Include.NON_NULL) NtkOutputs.Report ntk) {

    /** "finished", "diverged" (with the reason and the iteration) or "bad-input" (with the reason). */
    @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
    public record Outcome(String status, @JsonInclude(JsonInclude.Include.NON_NULL) String reason,
                          @JsonInclude(JsonInclude.Include.NON_NULL) Integer failedAtIteration) {
    }

    /** Which study, grid point and trial the run is, and its seeds. */
    @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
    public record Origin(String study, long studySeed, long dataSeed, long initSeed, int trial, Map<String, Object> grid) {
        static Origin of(StudyPlan plan, RunSpec run) {
            return new Origin(plan.name(), plan.seed(), run.dataSeed(), run.initSeed(), run.trial(), run.gridPoint());
        }
    }

    /**
     * The run.json of a run that a fatal error ended before it could write its own: what the plan alone knows,
     * its name, outcome and origin.
     */
    @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
    record Unfinished(String name, @JsonUnwrapped Outcome outcome, @JsonUnwrapped Origin origin) {
        String json() {
            return Json.write(this);
        }
    }

    /** The data as trained on; noise_sigma is null for data read from files. */
    @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
    public record Data(String model, int n, int m, int k, long samples, Double noiseSigma, boolean freshSamples) {
    }

    /** The model and how it is trained; activation_probability_min is null for data read from files. */
    @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
    public record Training(int iterations, Double learningRate, String architecture, String scale, String regime,
                           String activation, int width, Double outputScale, String optimizer, Double l2,
                           Double batchFraction, boolean normalizeSamples, Double activationProbabilityMin,
                           Double biasInit, @JsonInclude(JsonInclude.Include.NON_NULL) Boolean linearized) {
    }

    /** mu and ||A|| of the ground truth A, null without one. */
    public record Truth(Double incoherence, @JsonProperty("spectral_norm_A") Double spectralNormA) {
        static Truth of(Optional<GroundTruth> truth) {
            return new Truth(truth.map(GroundTruth::incoherence).orElse(null),
                    truth.map(GroundTruth::spectralNorm).orElse(null));
        }
    }

    /** Where and on what it ran. */
    @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
    public record Platform(int partitions, int blockSize, String sparkVersion, String sparkMaster, String javaVersion,
                           String blas) {
    }

    /** energy_blocks: dimensions, eigenvalue sums, the PCA levels (SPEC section 7) and W's final energies. */
    @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
    public record EnergyBlocksReport(List<Integer> dims, int restDim, List<Double> eigenvalueSums, Double trace,
                                     List<Double> pcaLevels, // element j: loss of the best projection onto blocks 1..j
                                     @JsonInclude(JsonInclude.Include.NON_NULL) Map<String, Double> finalEnergies) {

        /** The blocks, with the energies of the trained encoder {@code w} (n x m) when it has one. */
        static EnergyBlocksReport of(EigenBlocks blocks, Optional<double[]> w, int n, int m) {
            List<Integer> dims = new java.util.ArrayList<>();
            for (int j = 0; j < blocks.count(); j++) dims.add(blocks.dim(j));
            Map<String, Double> finals = w.map(encoder -> {
                Map<String, Double> out = new LinkedHashMap<>();
                double[] e = SubspaceEnergy.energies(encoder, n, m, blocks);
                List<String> names = SubspaceEnergy.columns(blocks.count());
                for (int j = 0; j < e.length; j++) out.put(names.get(j), e[j]);
                return out;
            }).orElse(null);
            return new EnergyBlocksReport(dims, blocks.restDim(), boxed(blocks.eigenvalueSums()), blocks.trace(),
                    boxed(blocks.pcaLevels()), finals);
        }
    }

    /** spectral_init: how the spectral initialization found W^0 (its columns are in spectral.csv). */
    @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
    public record SpectralReport(int pairsTried, int pairsKept, int passes, int rounds, int atomsFound, int poolSize,
                                 Double seconds) {
        static SpectralReport of(SpectralInit.Result r) {
            return new SpectralReport(r.pairsTried(), r.pairsKept(), r.passes(), r.rounds(), r.atomsFound(),
                    r.poolSize(), r.seconds());
        }
    }

    /**
     * The manifest of {@code run} with the given outcome, trained on the cohort's data with Spark {@code sparkVersion}
     * at {@code sparkMaster}; the optional parts are added with the with* methods.
     */
    static RunManifest of(StudyPlan plan, RunSpec run, Outcome outcome, CohortData cohort, String sparkVersion,
                          String sparkMaster, double wallSeconds) {
        RunSettings s = run.settings();
        DataSettings d = s.data();
        Origin origin = Origin.of(plan, run);
        Data data = new Data(d.model().label(), d.n(), d.m(), d.k(), cohort.source().size(),
                d.fromFile() ? null : d.noiseSigma(), cohort.source().fresh());
        Training training = new Training(s.training().iterations(), s.training().learningRate(), s.model().architecture().label(),
                s.model().scale().label(), s.model().regime().label(),
                s.model().activation().toString(), s.model().m(), s.model().outputScale(), s.training().optimizerKind().label(), s.training().l2(),
                s.training().batchFraction(), d.normalizeSamples(), activationProbability(d), s.start().bias0(),
                s.training().linearize() ? Boolean.TRUE : null);
        Platform platform = new Platform(cohort.partitions(), cohort.source().blockSize(), sparkVersion,
                sparkMaster, System.getProperty("java.version"), BLAS.getInstance().getClass().getName());
        return new RunManifest(run.name(), outcome, origin, data, training, Truth.of(cohort.truth()), platform,
                wallSeconds, null, null, null, null);
    }

    RunManifest resumedFrom(int iteration) {
        return new RunManifest(name, outcome, origin, data, training, truth, platform, wallSeconds, iteration,
                energyBlocks, spectralInit, ntk);
    }

    RunManifest withEnergyBlocks(EnergyBlocksReport report) {
        return new RunManifest(name, outcome, origin, data, training, truth, platform, wallSeconds,
                resumedFromIteration, report, spectralInit, ntk);
    }

    RunManifest withSpectralInit(SpectralReport report) {
        return new RunManifest(name, outcome, origin, data, training, truth, platform, wallSeconds,
                resumedFromIteration, energyBlocks, report, ntk);
    }

    /** With run.json's ntk (SPEC section 8). */
    RunManifest withNtk(NtkOutputs.Report report) {
        return new RunManifest(name, outcome, origin, data, training, truth, platform, wallSeconds,
                resumedFromIteration, energyBlocks, spectralInit, report);
    }

    /** run.json's text. */
    String json() {
        return Json.write(this);
    }

    /** min_i p_i, the probability that atom i is in a sample's support (mixture: its weight; sparse: k/m). */
    private static Double activationProbability(DataSettings d) {
        if (d.codes() instanceof CodeModel.Mixture mixture) {
            double min = 1;
            for (int i = 0; i < d.m(); i++) min = Math.min(min, mixture.weight(i));
            return min;
        }
        return d.fromFile() ? null : (double) d.k() / d.m();
    }

    private static List<Double> boxed(double[] values) {
        return Arrays.stream(values).boxed().toList();
    }
}
