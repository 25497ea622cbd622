package aedyn.model;

import aedyn.data.SampleBlock;

import java.io.Serializable;

/**
 * What the executors need for one pass: a model family's parameters at W^s (or V^s, U^s), b^s and whatever its
 * kernel needs besides. The training loop broadcasts it once per iteration and asks it, on every partition, to add
 * each block into the pass's sums; the loop knows nothing else of the model.
 */
public sealed interface PassModel extends Serializable permits TiedWeights, TwoLayerWeights {

    int n();

    int m();

    /** Empty sums of the shape this model's kernel fills. */
    PassSums newSums();

    /** Adds the block's gradient, loss and code statistics into {@code sums}. */
    void accumulate(SampleBlock block, PassSums sums);
}
