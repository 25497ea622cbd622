package aedyn.study;

import aedyn.data.EigenBlocks;
import aedyn.data.GroundTruth;
import aedyn.data.SampleSource;

import java.util.Optional;

/**
 * What every member of a cohort shares: the ground truth A (none for files without one), the samples' source and
 * the partitions it is spread over, and the eigen-blocks of the energy metrics (none unless the data defines them).
 */
record CohortData(Optional<GroundTruth> truth, SampleSource source, int partitions, Optional<EigenBlocks> energyBlocks) {
}
