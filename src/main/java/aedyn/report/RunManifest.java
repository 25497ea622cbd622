package aedyn.report;

import aedyn.config.DataModel;
import aedyn.data.EigenBlocks;
import aedyn.init.SpectralInit;
import aedyn.metrics.SubspaceEnergy;
import aedyn.model.ModelSpec;
import aedyn.model.Scale;
import aedyn.train.Optimizer;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonUnwrapped;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * run.json: one flat JSON object, written by Jackson from these records in their components' order (groups are
 * unwrapped into the top level, names in snake case) and read back into them by {@link #read}, so that a field is
 * named here only. Absent optional parts are left out; the data's measures (noise_sigma, incoherence, ...) are written
 * as null when the data has none. Doubles are boxed so that {@link Json} writes integral ones as integers. The run.json
 * of a run a fatal error ended early has only its name, outcome and origin ({@link Unfinished}); read as a manifest,
 * its other groups are empty.
 */
@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
public record RunManifest(String name, @JsonUnwrapped Outcome end, @JsonUnwrapped Origin origin,
                          @JsonUnwrapped Data data, @JsonUnwrapped Training training, @JsonUnwrapped Truth truth,
                          @JsonUnwrapped Platform platform, Double wallSeconds,
                          @JsonInclude(JsonInclude.Include.NON_NULL) Integer resumedFromIteration,
                          @JsonInclude(JsonInclude.Include.NON_NULL) EnergyBlocksReport energyBlocks,
                          @JsonInclude(JsonInclude.Include.NON_NULL) SpectralReport spectralInit,
                          @JsonInclude(JsonInclude.Include.NON_NULL) NtkReport ntk) {

    /** How the run ended: the reason for all but a finished run, the iteration for a diverged one. */
    @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
    public record Outcome(RunStatus status, @JsonInclude(JsonInclude.Include.NON_NULL) String reason,
                          @JsonInclude(JsonInclude.Include.NON_NULL) Integer failedAtIteration,
                          @JsonInclude(JsonInclude.Include.NON_NULL) String outcome) {

        public static Outcome finished() {
            return new Outcome(RunStatus.FINISHED, null, null, null);
        }

        public static Outcome diverged(String reason, int iteration) {
            return new Outcome(RunStatus.DIVERGED, reason, iteration, null);
        }

        /** A run stopped before its end ({@code status} bad-input, stopped or failed), with the reason. */
        public static Outcome stopped(RunStatus status, String reason) {
            return new Outcome(status, reason, null, null);
        }

        /** The same, judged by the study's outcome (SPEC 9.1): success, failure or none. */
        public Outcome judged(String verdict) {
            return new Outcome(status, reason, failedAtIteration, verdict);
        }
    }

    /** Which study, grid point and trial the run is, and its seeds. */
    @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
    public record Origin(String study, long studySeed, long dataSeed, long initSeed, int trial, Map<String, Object> grid) {
    }

    /**
     * The run.json of a run that a fatal error ended before it could write its own: what the plan alone knows,
     * its name, outcome and origin.
     */
    @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
    public record Unfinished(String name, @JsonUnwrapped Outcome outcome, @JsonUnwrapped Origin origin) {
        public String json() {
            return Json.write(this);
        }
    }

    /** The data as trained on; noise_sigma is null for data read from files. */
    @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
    public record Data(DataModel model, int n, int m, int k, long samples, Double noiseSigma, boolean freshSamples) {
    }

    /** The model and how it is trained; activation_probability_min is null for data read from files. */
    @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
    public record Training(int iterations, Double learningRate, ModelSpec.Architecture architecture, Scale scale,
                           ModelSpec.Regime regime, String activation, int width, Double outputScale,
                           Optimizer.Kind optimizer, Double l2, Double batchFraction, boolean normalizeSamples,
                           Double activationProbabilityMin, Double biasInit,
                           @JsonInclude(JsonInclude.Include.NON_NULL) Boolean linearized) {

        /** Whether this run is the linearized twin of a network (model.linearize). */
        public boolean linearizedTwin() {
            return Boolean.TRUE.equals(linearized);
        }
    }

    /** mu and ||A|| of the ground truth A, null without one. */
    public record Truth(Double incoherence, @JsonProperty("spectral_norm_A") Double spectralNormA) {
    }

    /** Where and on what it ran. */
    @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
    /**
     * Where the run trained: execution is data-parallel or run-parallel (study.execution), passes spark-jobs or
     * local-threads (how its sums ran); both absent in run.json files written before they were recorded.
     */
    public record Platform(int partitions, int blockSize, String sparkVersion, String sparkMaster, String javaVersion,
                           String blas, @JsonInclude(JsonInclude.Include.NON_NULL) String execution,
                           @JsonInclude(JsonInclude.Include.NON_NULL) String passes) {
    }

    /** energy_blocks: dimensions, eigenvalue sums, the PCA levels (SPEC section 7) and W's final energies. */
    @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
    public record EnergyBlocksReport(List<Integer> dims, int restDim, List<Double> eigenvalueSums, Double trace,
                                     List<Double> pcaLevels, // element j: loss of the best projection onto blocks 1..j
                                     @JsonInclude(JsonInclude.Include.NON_NULL) Map<String, Double> finalEnergies) {

        /** The blocks, with the energies of the trained encoder {@code w} (n x m) when it has one. */
        public static EnergyBlocksReport of(EigenBlocks blocks, Optional<double[]> w, int n, int m) {
            List<Integer> dims = new ArrayList<>();
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

        /** d_j of the energy column {@code energy_j} or energy_rest; NaN when the report does not say. */
        public double dim(String column) {
            if (column.equals(SubspaceEnergy.REST)) return restDim;
            int j = Integer.parseInt(column.substring(SubspaceEnergy.PREFIX.length())) - 1;
            return dims != null && j < dims.size() ? dims.get(j) : Double.NaN;
        }
    }

    /** spectral_init: how the spectral initialization found W^0 (its columns are in spectral.csv). */
    @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
    public record SpectralReport(int pairsTried, int pairsKept, int passes, int rounds, int atomsFound, int poolSize,
                                 Double seconds) {
        public static SpectralReport of(SpectralInit.Result r) {
            return new SpectralReport(r.pairsTried(), r.pairsKept(), r.passes(), r.rounds(), r.atomsFound(),
                    r.poolSize(), r.seconds());
        }
    }

    /**
     * ntk: the probe's size, ||Y - f(Y; theta0)||_F on it, lambda_min and lambda_max of K_inf on it, the predicted
     * slowest rate 2 ln|1 - eta lambda_min / P| (SPEC 8.3, with the probe's P), the prediction's file, or why K_inf or
     * the prediction is absent.
     */
    @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record NtkReport(int probeSize, boolean probeIsDataSet, Double initialResidualNorm, Double infiniteLambdaMin,
                            Double infiniteLambdaMax, Double predictedRate, String prediction, String absent) {
    }

    /** The same manifest with the run's outcome under the study's predicate. */
    public RunManifest judged(String verdict) {
        return new RunManifest(name, end.judged(verdict), origin, data, training, truth, platform, wallSeconds,
                resumedFromIteration, energyBlocks, spectralInit, ntk);
    }

    public RunManifest resumedFrom(int iteration) {
        return new RunManifest(name, end, origin, data, training, truth, platform, wallSeconds, iteration,
                energyBlocks, spectralInit, ntk);
    }

    public RunManifest withEnergyBlocks(EnergyBlocksReport report) {
        return new RunManifest(name, end, origin, data, training, truth, platform, wallSeconds,
                resumedFromIteration, report, spectralInit, ntk);
    }

    public RunManifest withSpectralInit(SpectralReport report) {
        return new RunManifest(name, end, origin, data, training, truth, platform, wallSeconds,
                resumedFromIteration, energyBlocks, report, ntk);
    }

    /** With run.json's ntk (SPEC section 8). */
    public RunManifest withNtk(NtkReport report) {
        return new RunManifest(name, end, origin, data, training, truth, platform, wallSeconds,
                resumedFromIteration, energyBlocks, spectralInit, report);
    }

    /** run.json's text. */
    public String json() {
        return Json.write(this);
    }

    /** The manifest a run.json's text holds; an error naming the field when it is not one. */
    public static RunManifest read(String json) {
        return Json.read(json, RunManifest.class);
    }

    public RunStatus status() {
        return end.status();
    }

    /**
     * Whether the run wrote it: false for the run.json a fatal error wrote for a run it ended ({@link Unfinished}),
     * whose data, training, truth and platform read as empty (null and 0).
     */
    public boolean complete() {
        return data != null && data.model() != null;
    }

    public Optional<EnergyBlocksReport> energyBlocksReport() {
        return Optional.ofNullable(energyBlocks);
    }

    public Optional<NtkReport> ntkReport() {
        return Optional.ofNullable(ntk);
    }

    private static List<Double> boxed(double[] values) {
        return Arrays.stream(values).boxed().toList();
    }
}
