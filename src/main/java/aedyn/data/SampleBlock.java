package aedyn.data;

import java.io.Serializable;

/**
 * A block of samples stored column-major (n x count, one sample a column) with, when known, their true
 * codes x* in compressed-column form: sample j's support is codeIndex[codeStart[j] .. codeStart[j+1]).
 */
public record SampleBlock(int n, int count, double[] y, int[] codeStart, int[] codeIndex, double[] codeValue)
        implements Serializable {

    public boolean hasCodes() {
        return codeStart != null;
    }
}
