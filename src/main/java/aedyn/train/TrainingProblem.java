package aedyn.train;

import aedyn.data.EigenBlocks;
import aedyn.data.GroundTruth;
import aedyn.model.ModelFamily;
import aedyn.model.Parameters;

/**
 * One training run, fully specified: the model family and its starting point, the optimizer, the bias schedule,
 * the l2 weight, the mini-batches (null: every pass sees the whole data set), the length and the metrics it can
 * measure. {@code runName} is the name its Spark jobs carry ("study/run"). {@code componentWeights} are the mixing
 * weights p_i when paper 1's population gradient of the mixture model is to be measured, else null;
 * {@code energyBlocks} the eigen-blocks of the data whose subspace energies (SPEC section 7) each row measures, or null.
 */
public record TrainingProblem(String runName, ModelFamily family, Parameters initial, Optimizer optimizer,
                              BiasSchedule biasSchedule, double l2, MiniBatch batch, int iterations, int treeDepth,
                              GroundTruth truth, boolean signInvariant, double[] componentWeights,
                              EigenBlocks energyBlocks) {

    public int n() {
        return family.spec().n();
    }

    public int m() {
        return family.spec().m();
    }

    /** Paper 1's recovery metrics compare W (or V) with A column by column: they need one neuron per atom. */
    public boolean matchesAtoms() {
        return truth != null && truth.m() == m() && truth.n() == n();
    }
}
