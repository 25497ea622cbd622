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

    /** Samples per panel of the kernel: the unit in which a cohort's pass hands it the samples of a block. */
    int panel();

    /**
     * Adds the gradient, loss and code statistics of the block's samples [from, to) into {@code sums}. {@code from}
     * is a multiple of {@link #panel()}, and {@code to} too unless it is the block's end: the sums are then those of
     * the whole block in one call, to the bit.
     */
    void accumulate(SampleBlock block, int from, int to, PassSums sums);

    /** Adds the whole block's gradient, loss and code statistics into {@code sums}. */
    default void accumulate(SampleBlock block, PassSums sums) {
        accumulate(block, 0, block.count(), sums);
    }
}
