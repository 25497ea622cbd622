package aedyn.train;

import aedyn.data.Samples;
import aedyn.model.PassModel;
import aedyn.model.PassSums;

import java.io.Serializable;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * One pass over the samples for every member of a cohort, as one {@link Samples#sum}: the members' models are the
 * pass's shared value, each partition adds every member's block sums while the block is at hand
 * ({@link PartitionSums}), and the partitions' sums are added member by member in partition order.
 */
public final class Pass {
    private Pass() {
    }

    /** What one member asks of a pass: its model at theta^s, the samples it sums (its batch) and its iteration s. */
    public record Request(PassModel model, Batch batch, int iteration) implements Serializable {
        public Request {
            Objects.requireNonNull(batch, "batch: Batch.FULL for every sample");
        }

        /** A pass over every sample. */
        public static Request fullBatch(PassModel model, int iteration) {
            return new Request(model, Batch.FULL, iteration);
        }
    }

    /** The sums of one model over the samples (a cohort of one). */
    public static PassSums sums(Samples samples, PassModel model, int treeDepth, Batch batch, int iteration) {
        return sums(samples, iteration, List.of(new Request(model, batch, iteration)), treeDepth, "pass")[0];
    }

    /** Every member's sums at iteration {@code s}, in the order of {@code members}. */
    public static PassSums[] sums(Samples samples, int s, List<Request> members, int treeDepth, String description) {
        return samples.sum(s, new ArrayList<>(members), PartitionSums::sum, Pass::mergeLater, treeDepth, description);
    }

    /**
     * Adds {@code b} into {@code a} member by member, the gradient arrays deferred ({@link PassSums#mergeLater}):
     * each member adds its own partitions' arrays when it reads its gradient, on the thread that advances it.
     */
    static PassSums[] mergeLater(PassSums[] a, PassSums[] b) {
        for (int i = 0; i < a.length; i++) a[i].mergeLater(b[i]);
        return a;
    }
}
