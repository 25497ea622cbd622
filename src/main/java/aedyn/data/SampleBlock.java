package aedyn.data;

import java.io.Serializable;

/**
 * A block of samples stored column-major (n x count, one sample a column) with, when known, their true
 * codes x* in compressed-column form: sample j's support is codeIndex[codeStart[j] .. codeStart[j+1]).
 * {@code first} is the data-set index of its first sample, so that anything decided per sample (a mini-batch)
 * depends on the sample, not on how the data set was cut into blocks and partitions.
 */
public record SampleBlock(int n, int count, double[] y, int[] codeStart, int[] codeIndex, double[] codeValue,
                          long first) implements Serializable {

    /** A block whose place in the data set is not (yet) known: first = 0. */
    public SampleBlock(int n, int count, double[] y, int[] codeStart, int[] codeIndex, double[] codeValue) {
        this(n, count, y, codeStart, codeIndex, codeValue, 0);
    }

    public boolean hasCodes() {
        return codeStart != null;
    }

    /** The same samples, starting at data-set index {@code index}. */
    public SampleBlock at(long index) {
        return index == first ? this : new SampleBlock(n, count, y, codeStart, codeIndex, codeValue, index);
    }
}
