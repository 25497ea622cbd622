package aedyn.data;

import java.io.Serializable;
import java.util.Optional;

/**
 * A block of samples stored column-major (n x count, one sample a column) with, when known, their true
 * codes x* in compressed-column form: sample j's support is codeIndex[codeStart[j] .. codeStart[j+1]).
 * {@code first} is the data-set index of its first sample, so that anything decided per sample (a mini-batch)
 * depends on the sample, not on how the data set was cut into blocks and partitions. Made by {@link #uncoded} or
 * {@link #coded}, read through {@link #codes()}: the three code arrays are null together when no code is known
 * (Serializable fields, which an Optional is not).
 */
public record SampleBlock(int n, int count, double[] y, int[] codeStart, int[] codeIndex, double[] codeValue,
                          long first) implements Serializable {

    public SampleBlock {
        if ((codeStart == null) != (codeIndex == null) || (codeStart == null) != (codeValue == null)) {
            throw new IllegalArgumentException("a block's code arrays are all given or all absent");
        }
    }

    /** The codes x* of a block's samples in compressed-column form: sample j's are [start[j], start[j + 1]). */
    public record Codes(int[] start, int[] index, double[] value) {
    }

    /** Samples without their codes, whose place in the data set is not (yet) known: first = 0. */
    public static SampleBlock uncoded(int n, int count, double[] y) {
        return new SampleBlock(n, count, y, null, null, null, 0);
    }

    /** Samples with their codes, whose place in the data set is not (yet) known: first = 0. */
    public static SampleBlock coded(int n, int count, double[] y, int[] codeStart, int[] codeIndex, double[] codeValue) {
        return new SampleBlock(n, count, y, codeStart, codeIndex, codeValue, 0);
    }

    /** The samples' true codes, when known. */
    public Optional<Codes> codes() {
        return hasCodes() ? Optional.of(new Codes(codeStart, codeIndex, codeValue)) : Optional.empty();
    }

    public boolean hasCodes() {
        return codeStart != null;
    }

    /** The same samples, starting at data-set index {@code index}. */
    public SampleBlock at(long index) {
        return index == first ? this : new SampleBlock(n, count, y, codeStart, codeIndex, codeValue, index);
    }
}
