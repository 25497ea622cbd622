package aedyn.train;

import aedyn.model.PassSums;
import org.apache.spark.broadcast.Broadcast;

import java.io.Serializable;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * How a pass's requests reach its tasks and the tasks' sums come back. On a cluster the requests go out in a
 * broadcast and the sums come back as Spark's task results, each serialized once per pass. In local mode the tasks
 * are threads of the driver's own JVM, so the requests and sums are handed over by reference through a table of
 * the JVM; what the pass computes, and in which order its sums are added, is the same either way. Measured on
 * conf/companions/ntk-width.conf (a cohort of 8 members, 2.8 MB of weights out and 2.1 MB of sums back per pass),
 * the broadcast and the results' serialization cost about 18 of a pass's 64 ms in local mode.
 */
interface Exchange extends Serializable {

    /** The members' requests, on the executor. */
    List<Pass.Request> requests();

    /**
     * What a task returns to the driver for its partition's sums: the sums themselves, or nothing when they were
     * handed over in the JVM ({@link #received} then finds them).
     */
    PassSums[] send(int partition, PassSums[] sums);

    /** The sums of {@code partition}, given what its task returned. */
    PassSums[] received(int partition, PassSums[] returned);

    /** Frees what the pass held, on the driver, once its job has ended. */
    void close();

    /** Through Spark: a broadcast out, task results back. */
    record Broadcasted(Broadcast<List<Pass.Request>> shared) implements Exchange {
        @Override
        public List<Pass.Request> requests() {
            return shared.value();
        }

        @Override
        public PassSums[] send(int partition, PassSums[] sums) {
            return sums;
        }

        @Override
        public PassSums[] received(int partition, PassSums[] returned) {
            return returned;
        }

        @Override
        public void close() {
            shared.destroy();
        }
    }

    /** Within the driver's JVM (local mode), by reference, under the pass's own key. */
    record InProcess(long key) implements Exchange {
        private static final AtomicLong KEYS = new AtomicLong();
        private static final Map<Long, List<Pass.Request>> REQUESTS = new ConcurrentHashMap<>();
        private static final Map<Long, Map<Integer, PassSums[]>> SUMS = new ConcurrentHashMap<>();
        private static final PassSums[] NONE = new PassSums[0];

        static InProcess of(List<Pass.Request> requests) {
            long key = KEYS.incrementAndGet();
            REQUESTS.put(key, List.copyOf(requests));
            SUMS.put(key, new ConcurrentHashMap<>());
            return new InProcess(key);
        }

        @Override
        public List<Pass.Request> requests() {
            return REQUESTS.get(key);
        }

        @Override
        public PassSums[] send(int partition, PassSums[] sums) {
            SUMS.get(key).put(partition, sums); // a retried task replaces its first attempt's sums
            return NONE;
        }

        @Override
        public PassSums[] received(int partition, PassSums[] returned) {
            return SUMS.get(key).remove(partition);
        }

        @Override
        public void close() {
            REQUESTS.remove(key);
            SUMS.remove(key);
        }

        /** Passes whose requests are still held: none once every pass has ended, whether it succeeded or failed. */
        static int open() {
            return REQUESTS.size() + SUMS.size();
        }
    }
}
