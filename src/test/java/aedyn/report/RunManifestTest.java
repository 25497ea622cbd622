package aedyn.report;

import aedyn.config.DataModel;
import aedyn.model.ModelSpec;
import aedyn.model.Scale;
import aedyn.train.Optimizer;

import org.junit.jupiter.api.Test;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** run.json as the records write it: the flat keys, their order and values of the hand-written manifest it replaced. */
class RunManifestTest {

    private static RunManifest finished() {
        Map<String, Object> grid = new LinkedHashMap<>();
        grid.put("data.noise-sigma", 0.01);
        grid.put("init.kind", "pca");
        return new RunManifest("data.noise-sigma=0.01_init.kind=pca",
                RunManifest.Outcome.finished(),
                new RunManifest.Origin("figure2", 2019, -3868141685116690139L, 5283143490034119376L, 0, grid),
                new RunManifest.Data(DataModel.MIXTURE, 784, 10, 1, 10000, 0.01, false),
                new RunManifest.Training(50, 10.0, ModelSpec.Architecture.TIED, Scale.STANDARD, ModelSpec.Regime.JOINT, "relu",
                        10, 1.0, Optimizer.Kind.NORMALIZED, 0.0,
                        1.0, false, 0.1, -1.25, null),
                new RunManifest.Truth(2.349013119440391, 1.097682299796785),
                new RunManifest.Platform(2, 1280, "4.1.0", "local[2]", "17.0.15", "dev.ludovic.netlib.blas.JNIBLAS", null, null),
                46.635727726, null, null, null, null);
    }

    @Test
    void writesTheFlatKeysInTheirOrderLeavingOutWhatIsAbsent() {
        // A figure2 run.json as the hand-written map of the earlier runner wrote it.
        String expected = """
                {
                 "name": "data.noise-sigma=0.01_init.kind=pca",
                 "status": "finished",
                 "study": "figure2",
                 "study_seed": 2019,
                 "data_seed": -3868141685116690139,
                 "init_seed": 5283143490034119376,
                 "trial": 0,
                 "grid": {
                  "data.noise-sigma": 0.01,
                  "init.kind": "pca"
                 },
                 "model": "mixture",
                 "n": 784,
                 "m": 10,
                 "k": 1,
                 "samples": 10000,
                 "noise_sigma": 0.01,
                 "fresh_samples": false,
                 "iterations": 50,
                 "learning_rate": 10,
                 "architecture": "tied",
                 "scale": "standard",
                 "regime": "joint",
                 "activation": "relu",
                 "width": 10,
                 "output_scale": 1,
                 "optimizer": "normalized",
                 "l2": 0,
                 "batch_fraction": 1,
                 "normalize_samples": false,
                 "activation_probability_min": 0.1,
                 "bias_init": -1.25,
                 "incoherence": 2.349013119440391,
                 "spectral_norm_A": 1.097682299796785,
                 "partitions": 2,
                 "block_size": 1280,
                 "spark_version": "4.1.0",
                 "spark_master": "local[2]",
                 "java_version": "17.0.15",
                 "blas": "dev.ludovic.netlib.blas.JNIBLAS",
                 "wall_seconds": 46.635727726
                }
                """;
        assertEquals(expected, finished().json());
    }

    @Test
    void writesNullMeasuresAndTheOptionalPartsAtTheEnd() {
        RunManifest base = finished();
        RunManifest m = new RunManifest(base.name(), RunManifest.Outcome.diverged("loss is NaN", 7),
                base.origin(), new RunManifest.Data(DataModel.FILE, 784, 10, 1, 10000, null, true), base.training(),
                new RunManifest.Truth(null, null), base.platform(), 2.0, null, null, null, null)
                .resumedFrom(5)
                .withEnergyBlocks(new RunManifest.EnergyBlocksReport(List.of(2, 2), 60, List.of(16.0, 8.5), 84.5,
                        List.of(84.5, 68.5, 60.0), Map.of("energy_1", 0.25)))
                .withSpectralInit(new RunManifest.SpectralReport(40, 12, 3, 2, 10, 16, 0.5));
        Map<String, Object> json = Json.parseObject(m.json());
        List<String> keys = List.copyOf(json.keySet());
        assertEquals(List.of("name", "status", "reason", "failed_at_iteration", "study"), keys.subList(0, 5));
        assertEquals(List.of("wall_seconds", "resumed_from_iteration", "energy_blocks", "spectral_init"),
                keys.subList(keys.size() - 4, keys.size()));
        assertEquals(43, keys.size()); // 38 always, reason and failed_at_iteration, the three optional parts
        assertEquals(7L, json.get("failed_at_iteration"));
        assertEquals(5L, json.get("resumed_from_iteration"));
        for (String k : List.of("noise_sigma", "incoherence", "spectral_norm_A")) {
            assertEquals(true, json.containsKey(k), k);
            assertEquals(null, json.get(k), k);
        }
        assertEquals("{\"dims\":[2,2],\"rest_dim\":60,\"eigenvalue_sums\":[16,8.5],\"trace\":84.5,"
                        + "\"pca_levels\":[84.5,68.5,60],\"final_energies\":{\"energy_1\":0.25}}",
                m.json().replaceAll("\\s", "").replaceAll(".*\"energy_blocks\":(\\{.*?\\}\\}).*", "$1"));
        assertEquals(Map.of("pairs_tried", 40L, "pairs_kept", 12L, "passes", 3L, "rounds", 2L, "atoms_found", 10L,
                "pool_size", 16L, "seconds", 0.5), json.get("spectral_init"));
    }
}
