package aedyn.train;

import aedyn.data.SampleBlock;
import aedyn.model.PassModel;
import aedyn.model.PassSums;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.api.java.JavaSparkContext;
import scala.reflect.ClassTag$;
import scala.runtime.BoxedUnit;

import java.io.Serializable;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * One Spark round trip over the samples for every member of a cohort: hand the members' models to the tasks ({@link
 * Exchange}: a broadcast on a cluster, a reference in local mode), let each partition add every member's block sums
 * while the block is at hand, add the partitions' sums up member by member, free what the pass held. (Models small
 * enough could travel inside the task instead, whose binary Spark broadcasts anyway; measured on the tiny problem,
 * that saved nothing measurable against the 5-6 ms a Spark job costs, so one way of shipping them remains.)
 *
 * <p>With few partitions a treeAggregate of depth d adds no level: it is one stage whose task results the driver
 * folds itself. That plan is run directly, through runJob with a named function, because treeAggregate's own
 * closures cost the driver several milliseconds per call in Spark's closure cleaner (it parses RDD's bytecode).
 * There the partitions' sums are added in partition order whatever order they arrive in, so a pass gives the same
 * bits every time and a member's sums do not depend on its cohort. With more partitions the sums go through
 * treeReduce, whose levels keep the driver's memory at O(n m) per level however many partitions there are.
 */
public final class Pass {
    private Pass() {
    }

    /** What one member asks of a pass: its model at theta^s, its mini-batch (null: every sample) and its iteration s. */
    public record Request(PassModel model, MiniBatch batch, int iteration) implements Serializable {
    }

    /** The sums of one model over the blocks (a cohort of one). */
    public static PassSums sums(JavaSparkContext sc, JavaRDD<SampleBlock> blocks, PassModel model, int treeDepth,
                                MiniBatch batch, int iteration) {
        return sums(sc, blocks, List.of(new Request(model, batch, iteration)), treeDepth)[0];
    }

    /** Every member's sums over the blocks, in the order of {@code members}. */
    public static PassSums[] sums(JavaSparkContext sc, JavaRDD<SampleBlock> blocks, List<Request> members, int treeDepth) {
        return sums(sc, blocks, members, treeDepth, sc.isLocal());
    }

    /** The same, the requests and sums handed over in the JVM or through Spark as {@code inProcess} says. */
    static PassSums[] sums(JavaSparkContext sc, JavaRDD<SampleBlock> blocks, List<Request> members, int treeDepth,
                           boolean inProcess) {
        List<Request> requests = List.copyOf(members);
        boolean tree = treeAddsLevel(blocks.getNumPartitions(), treeDepth);
        // the tree's levels add sums on executors, so they travel as Spark's results there even in local mode
        Exchange exchange = inProcess ? Exchange.InProcess.of(requests) : new Exchange.Broadcasted(sc.broadcast(requests));
        try {
            if (tree) {
                return blocks.mapPartitions(it -> List.<PassSums[]>of(PartitionSums.sum(exchange.requests(), it)).iterator())
                        .treeReduce(Pass::merge, treeDepth);
            }
            InOrder total = new InOrder();
            sc.sc().runJob(blocks.rdd(), new PartitionSums(exchange), (Object partition, PassSums[] part) -> {
                total.add((Integer) partition, exchange.received((Integer) partition, part));
                return BoxedUnit.UNIT;
            }, ClassTag$.MODULE$.apply(PassSums[].class));
            return total.sums;
        } finally {
            exchange.close();
        }
    }

    /** Adds {@code b} into {@code a} member by member. */
    static PassSums[] merge(PassSums[] a, PassSums[] b) {
        for (int i = 0; i < a.length; i++) a[i].merge(b[i]);
        return a;
    }

    /**
     * The driver's fold of task results in partition order: a result that arrives early waits until those of the
     * partitions before it have been added (results arrive on the scheduler's one event thread). The members'
     * gradient arrays are added when each member reads its gradient ({@link PassSums#mergeLater}), on the thread
     * that advances it, not here one member after the other. A pass in local mode ({@link Passes}) folds its
     * partitions the same way.
     */
    static final class InOrder {
        /** The first partition's sums, taken as they are (adding them to zeros would copy them), the rest folded in. */
        PassSums[] sums;
        private final Map<Integer, PassSums[]> waiting = new HashMap<>();
        private int next;

        void add(int partition, PassSums[] part) {
            waiting.put(partition, part);
            for (PassSums[] p; (p = waiting.remove(next)) != null; next++) {
                if (next == 0) {
                    sums = p;
                } else {
                    for (int i = 0; i < sums.length; i++) sums[i].mergeLater(p[i]);
                }
            }
        }
    }

    /**
     * Whether a tree of depth {@code depth} over {@code partitions} partial sums merges some of them on executors
     * before the driver: Spark's own rule in treeAggregate, which stops adding levels once a level would not
     * reduce the number of sums the driver receives.
     */
    static boolean treeAddsLevel(int partitions, int depth) {
        int scale = Math.max((int) Math.ceil(Math.pow(partitions, 1.0 / depth)), 2);
        return partitions > scale + Math.ceil((double) partitions / scale);
    }
}
