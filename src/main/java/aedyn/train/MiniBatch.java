package aedyn.train;

import aedyn.data.SampleBlock;
import aedyn.data.Seeds;

import java.io.Serializable;

/**
 * Mini-batch selection on a fixed data set (SPEC section 5, sgd): sample j joins the batch of iteration s
 * independently with probability {@code fraction}, decided by (seed, s, j) alone, so a batch is the same whatever
 * the partitions and blocks (MLlib's miniBatchFraction, made reproducible).
 */
public record MiniBatch(long seed, double fraction) implements Serializable {

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

    /**
     * The block's samples that are in the batch of {@code iteration}, packed into {@code buffer}'s arrays when they
     * fit (a partition reuses one buffer for all its blocks); the block itself when all of it is in the batch.
     */
    public SampleBlock select(SampleBlock block, int iteration, SampleBlock buffer) {
        int n = block.n();
        double[] y = buffer != null && buffer.y().length >= block.y().length ? buffer.y() : new double[block.y().length];
        boolean codes = block.hasCodes();
        int[] start = codes ? new int[block.count() + 1] : null;
        int[] index = codes ? new int[block.codeIndex().length] : null;
        double[] value = codes ? new double[block.codeValue().length] : null;
        int kept = 0;
        int nnz = 0;
        for (int j = 0; j < block.count(); j++) {
            if (!contains(iteration, block.first() + j)) continue;
            System.arraycopy(block.y(), j * n, y, kept * n, n);
            if (codes) {
                for (int t = block.codeStart()[j]; t < block.codeStart()[j + 1]; t++) {
                    index[nnz] = block.codeIndex()[t];
                    value[nnz++] = block.codeValue()[t];
                }
                start[kept + 1] = nnz;
            }
            kept++;
        }
        if (kept == block.count()) return block;
        return new SampleBlock(n, kept, y, start, index, value, block.first());
    }
}
