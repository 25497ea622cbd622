package aedyn.config;

import aedyn.data.GaussianSpectrum;

import java.util.List;

/**
 * The data settings of papers 2 and 3 (SPEC sections 6 and 7) beside {@link DataSettings}' paper-1 ones:
 * the Gaussian model's spectrum and basis, the IDX images' scale, centering and limit, and the ranks that group a
 * data set's principal directions into energy blocks.
 *
 * @param spectrum     data.spectrum: eigen-blocks of Σ, largest eigenvalue first (gaussian)
 * @param bulk         data.bulk: the eigenvalue of the rest of ℝⁿ (gaussian)
 * @param rotate       data.rotate: a random orthogonal basis drawn from the data seed, else the identity (gaussian)
 * @param scale        data.scale: the factor on every pixel (idx)
 * @param center       data.center: subtract the data set's mean image (idx)
 * @param limit        data.limit: the first this many images, 0 for all (idx)
 * @param energyBlocks metrics.energy-blocks: ranks of the principal-direction blocks (data without known blocks)
 */
public record DataOptions(List<GaussianSpectrum.Block> spectrum, double bulk, boolean rotate, double scale,
                          boolean center, long limit, List<Integer> energyBlocks) {

    /** reference.conf's defaults. */
    public static final DataOptions DEFAULTS = new DataOptions(List.of(), 1.0, true, 1.0 / 255, false, 0, List.of());

    public DataOptions {
        spectrum = List.copyOf(spectrum);
        energyBlocks = List.copyOf(energyBlocks);
    }

    /** Σ of the energy-block ranks: how many principal directions the run needs. */
    public int energyRank() {
        return energyBlocks.stream().mapToInt(Integer::intValue).sum();
    }
}
