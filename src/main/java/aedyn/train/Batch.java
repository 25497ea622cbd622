package aedyn.train;

import java.io.Serializable;

/**
 * Which samples a member's pass sums: every sample of the data set (gradient descent) or a {@link MiniBatch} drawn
 * per iteration (SPEC section 5, sgd). Sent to the executors with the pass's requests.
 */
public sealed interface Batch extends Serializable permits Batch.Full, MiniBatch {

    /** Every sample, the whole data set at every iteration. */
    Batch FULL = new Full();

    /** The full batch; compared by type (a deserialized copy is another instance). */
    record Full() implements Batch {
    }
}
