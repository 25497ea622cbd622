package aedyn.train;

import aedyn.data.SampleBlock;
import aedyn.model.BlockKernel;
import aedyn.model.PassSums;
import aedyn.model.TiedWeights;
import org.apache.spark.TaskContext;
import org.apache.spark.broadcast.Broadcast;
import scala.collection.Iterator;
import scala.jdk.javaapi.CollectionConverters;
import scala.runtime.AbstractFunction2;

import java.io.Serializable;

/**
 * The work of one task of a pass: the sums of {@link BlockKernel} over the blocks of its partition, at the
 * broadcast weights. A named class rather than a lambda, so that Spark's closure cleaner has nothing to analyse.
 */
final class PartitionSums extends AbstractFunction2<TaskContext, Iterator<SampleBlock>, PassSums>
        implements Serializable {
    private final Broadcast<TiedWeights> weights;

    PartitionSums(Broadcast<TiedWeights> weights) {
        this.weights = weights;
    }

    @Override
    public PassSums apply(TaskContext context, Iterator<SampleBlock> blocks) {
        return sum(CollectionConverters.asJava(blocks));
    }

    PassSums sum(java.util.Iterator<SampleBlock> blocks) {
        TiedWeights w = weights.value();
        PassSums sums = new PassSums(w.n(), w.m());
        while (blocks.hasNext()) BlockKernel.accumulate(w, blocks.next(), sums);
        return sums.complete();
    }
}
