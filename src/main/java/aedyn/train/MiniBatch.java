package aedyn.train;

import aedyn.data.Seeds;

/**
 * Mini-batch selection on a fixed data set (SPEC section 5, sgd): sample j joins the batch of iteration s
 * independently with probability {@code fraction}, decided by (seed, s, j) alone, so a batch is the same whatever
 * the partitions and blocks (MLlib's miniBatchFraction, made reproducible).
 */
public record MiniBatch(long seed, double fraction) implements Batch {

    public MiniBatch {
        if (!(fraction > 0 && fraction <= 1)) {
            throw new IllegalArgumentException("train.batch-fraction = " + fraction + ": must lie in (0, 1]");
        }
    }

    /** Whether sample {@code sample} (its index in the data set) is in the batch of iteration {@code iteration}. */
    public boolean contains(int iteration, long sample) {
        long h = Seeds.derive(seed, iteration, sample);
        return (h >>> 11) * 0x1.0p-53 < fraction;
    }
}
