package aedyn.train;

import aedyn.data.SampleBlock;
import aedyn.model.PassSums;
import org.apache.spark.TaskContext;
import org.apache.spark.broadcast.Broadcast;
import scala.collection.Iterator;
import scala.jdk.javaapi.CollectionConverters;
import scala.runtime.AbstractFunction2;

import java.io.Serializable;
import java.util.List;

/**
 * The work of one task of a pass: every member's sums over the blocks of its partition (or over their samples in
 * the member's mini-batch). Blocks are the outer loop, so each block is read from the cache, or drawn when the
 * samples are fresh, once for the whole cohort. A named class rather than a lambda, so that Spark's closure
 * cleaner has nothing to analyse. The requests come inline or through a broadcast (see {@link Pass}).
 */
final class PartitionSums extends AbstractFunction2<TaskContext, Iterator<SampleBlock>, PassSums[]>
        implements Serializable {
    private final List<Pass.Request> inline;
    private final Broadcast<List<Pass.Request>> shared;

    PartitionSums(List<Pass.Request> inline, Broadcast<List<Pass.Request>> shared) {
        this.inline = inline;
        this.shared = shared;
    }

    @Override
    public PassSums[] apply(TaskContext context, Iterator<SampleBlock> blocks) {
        return sum(CollectionConverters.asJava(blocks));
    }

    PassSums[] sum(java.util.Iterator<SampleBlock> blocks) {
        List<Pass.Request> members = inline != null ? inline : shared.value();
        int k = members.size();
        PassSums[] sums = new PassSums[k];
        int stride = 1;
        for (int i = 0; i < k; i++) {
            sums[i] = members.get(i).model().newSums();
            stride = Math.max(stride, members.get(i).model().panel());
        }
        int[] from = new int[k];
        SampleBlock buffer = null;
        while (blocks.hasNext()) {
            SampleBlock block = blocks.next();
            int count = block.count();
            // Members over the whole block take it a stride of samples at a time, each in whole panels of its own
            // kernel, so that a stride read from memory once serves every member from the CPU's cache.
            java.util.Arrays.fill(from, 0);
            for (int to = stride, left = k; left > 0; to += stride) {
                left = 0;
                for (int i = 0; i < k; i++) {
                    Pass.Request r = members.get(i);
                    if (r.batch() != null || from[i] >= count) continue;
                    int panel = r.model().panel();
                    int end = (int) Math.min(count, from[i] + (long) panel * Math.max(1, ceilDiv(to - from[i], panel)));
                    r.model().accumulate(block, from[i], end, sums[i]);
                    from[i] = end;
                    if (end < count) left++;
                }
            }
            // Members on a mini-batch see their own selection of the block, packed into one reused buffer.
            for (int i = 0; i < k; i++) {
                Pass.Request r = members.get(i);
                if (r.batch() == null) continue;
                SampleBlock selected = r.batch().select(block, r.iteration(), buffer);
                // a block wholly in the batch comes back as itself: a cached block is never written into
                if (selected != block) buffer = selected;
                r.model().accumulate(selected, sums[i]);
            }
        }
        for (PassSums s : sums) s.complete();
        return sums;
    }

    private static int ceilDiv(int a, int b) {
        return a <= 0 ? 0 : (a + b - 1) / b;
    }
}
