package aedyn.train;

import aedyn.data.SampleBlock;
import aedyn.model.PassModel;
import aedyn.model.PassSums;
import org.apache.spark.TaskContext;
import org.apache.spark.broadcast.Broadcast;
import scala.collection.Iterator;
import scala.jdk.javaapi.CollectionConverters;
import scala.runtime.AbstractFunction2;

import java.io.Serializable;

/**
 * The work of one task of a pass: the sums of the broadcast model's kernel over the blocks of its partition (or
 * over their samples in the iteration's mini-batch). A named class rather than a lambda, so that Spark's closure
 * cleaner has nothing to analyse.
 */
final class PartitionSums extends AbstractFunction2<TaskContext, Iterator<SampleBlock>, PassSums>
        implements Serializable {
    private final Broadcast<PassModel> model;
    private final MiniBatch batch;
    private final int iteration;

    PartitionSums(Broadcast<PassModel> model, MiniBatch batch, int iteration) {
        this.model = model;
        this.batch = batch;
        this.iteration = iteration;
    }

    @Override
    public PassSums apply(TaskContext context, Iterator<SampleBlock> blocks) {
        return sum(CollectionConverters.asJava(blocks));
    }

    PassSums sum(java.util.Iterator<SampleBlock> blocks) {
        PassModel w = model.value();
        PassSums sums = w.newSums();
        SampleBlock buffer = null;
        while (blocks.hasNext()) {
            SampleBlock block = blocks.next();
            if (batch != null) {
                SampleBlock selected = batch.select(block, iteration, buffer);
                // a block wholly in the batch comes back as itself: a cached block is never written into
                if (selected != block) buffer = selected;
                block = selected;
            }
            w.accumulate(block, sums);
        }
        return sums.complete();
    }
}
