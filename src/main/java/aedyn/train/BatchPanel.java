package aedyn.train;

import aedyn.data.SampleBlock;
import aedyn.model.PassModel;
import aedyn.model.PassSums;

import java.util.Arrays;
import java.util.Optional;

/**
 * One member's mini-batch within a partition, gathered across the partition's blocks into panels of its kernel
 * before they are summed. A batch of a small fraction holds a few samples per block: summed block by block, every
 * product streamed the whole of W from memory for a handful of samples (Fashion-MNIST at fraction 0.002: about 8
 * of 4096 per block, W 6.4 MB), so the pass cost about as much as a full panel per block. Gathered, a partition's
 * batch is one panel or a few. Membership is {@link MiniBatch#contains}, decided per sample as before; the sums
 * are those of the same samples in the same order, grouped into products differently (equal to rounding).
 */
final class BatchPanel {
    private final Pass.Request request;
    private final MiniBatch batch;
    private final PassSums sums;
    private final int panel;
    private final int n;
    private double[] y;
    private int count;
    private int[] codeStart;
    private int[] codeIndex;
    private double[] codeValue;
    private int nnz;

    BatchPanel(Pass.Request request, MiniBatch batch, PassSums sums) {
        this.request = request;
        this.batch = batch;
        this.sums = sums;
        PassModel model = request.model();
        this.n = model.n();
        this.panel = model.panel();
    }

    /** Adds the block's samples that are in the batch, summing each panel as it fills. */
    void add(SampleBlock block) {
        int iteration = request.iteration();
        if (batch.fraction() >= 1) {
            // every sample is in the batch: the block is summed as it is, in whole panels from its start
            request.model().accumulate(block, sums);
            return;
        }
        if (block.n() != n) {
            throw new IllegalArgumentException("sample block has dimension " + block.n() + ", the model expects n = " + n);
        }
        Optional<SampleBlock.Codes> codes = block.codes();
        for (int j = 0; j < block.count(); j++) {
            if (!batch.contains(iteration, block.first() + j)) continue;
            if (y == null) allocate(codes.isPresent());
            System.arraycopy(block.y(), j * n, y, count * n, n);
            if (codeStart != null) {
                SampleBlock.Codes known = codes.orElseThrow(() -> new IllegalArgumentException("a block without codes after one with"));
                int from = known.start()[j];
                int length = known.start()[j + 1] - from;
                if (nnz + length > codeIndex.length) {
                    codeIndex = Arrays.copyOf(codeIndex, Math.max(2 * codeIndex.length, nnz + length));
                    codeValue = Arrays.copyOf(codeValue, codeIndex.length);
                }
                System.arraycopy(known.index(), from, codeIndex, nnz, length);
                System.arraycopy(known.value(), from, codeValue, nnz, length);
                nnz += length;
                codeStart[count + 1] = nnz;
            }
            if (++count == panel) flush();
        }
    }

    /** The samples gathered and not yet summed, as a block (for tests). */
    SampleBlock gathered() {
        return new SampleBlock(n, count, y, codeStart, codeIndex, codeValue, 0);
    }

    /** Sums what is gathered and starts an empty panel. */
    void flush() {
        if (count == 0) return;
        request.model().accumulate(gathered(), sums);
        count = 0;
        nnz = 0;
    }

    private void allocate(boolean codes) {
        y = new double[panel * n];
        if (codes) {
            codeStart = new int[panel + 1];
            codeIndex = new int[4 * panel];
            codeValue = new double[4 * panel];
        }
    }
}
