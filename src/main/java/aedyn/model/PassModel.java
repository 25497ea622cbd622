package aedyn.model;

import aedyn.data.SampleBlock;

import java.io.Serializable;
import java.util.List;

/**
 * What the executors need for one pass: a model family's parameters at W^s (or V^s, U^s), b^s and whatever its
 * kernel needs besides. The training loop broadcasts it once per iteration and asks it, on every partition, to add
 * each block into the pass's sums; the loop knows nothing else of the model.
 */
public sealed interface PassModel extends Serializable permits TiedWeights, TwoLayerWeights, LinearizedWeights {

    int n();

    int m();

    /** Gradient matrices the kernel sums: one (G_W, or G_V alone), or two (G_V, then G_U). */
    default int gradientMatrices() {
        return 1;
    }

    /** Empty sums of the shape this model's kernel fills. */
    default PassSums newSums() {
        return new PassSums(n(), m(), gradientMatrices());
    }

    /** Samples per panel of the kernel: the unit in which a cohort's pass hands it the samples of a block. */
    default int panel() {
        return BlockKernel.panelFor(n(), m());
    }

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

    /**
     * Models with equal keys are summed together by their kernel, which reads each panel of samples once for all of
     * them ({@link #together}); null for a model summed on its own.
     */
    default Object groupKey() {
        return null;
    }

    /** Models whose kernel sums them over the same samples at once, each into its own sums. */
    interface Together {
        /** Samples per panel, the same for every model of the group. */
        int panel();

        /** Adds samples [from, to) of the block (as in {@link PassModel#accumulate}) for every model, into sums[i]. */
        void accumulate(SampleBlock block, int from, int to, PassSums[] sums);
    }

    /** One model alone, or several of equal non-null {@link #groupKey()} summed at once. */
    static Together together(List<PassModel> models) {
        PassModel first = models.get(0);
        Object key = first.groupKey();
        for (PassModel model : models) {
            if (models.size() > 1 && (key == null || !key.equals(model.groupKey()))) {
                throw new IllegalArgumentException("models of group keys " + key + " and " + model.groupKey() + " are not summed together");
            }
        }
        // paper 1's model is the only one with a group key (TiedWeights.groupKey)
        TiedWeights[] group = models.size() > 1 ? models.toArray(new TiedWeights[0]) : null;
        return new Together() {
            @Override
            public int panel() {
                return first.panel();
            }

            @Override
            public void accumulate(SampleBlock block, int from, int to, PassSums[] sums) {
                if (group == null) first.accumulate(block, from, to, sums[0]);
                else BlockKernel.accumulate(group, block, from, to, sums);
            }
        };
    }
}
