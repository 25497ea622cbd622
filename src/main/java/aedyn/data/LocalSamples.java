package aedyn.data;


import java.io.Serializable;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CancellationException;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Future;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;

/**
 * Samples held in this JVM, partitioned as Spark would partition them: on the driver in local mode, where the
 * executor is this JVM anyway (a pass is then the tasks' own body on the local master's threads, without the 5 to
 * 15 ms a Spark job costs), and inside one task of a run-parallel study, which trains its runs whole on one thread.
 * Cached samples are drawn once, partition by partition; fresh ones are drawn by every pass into one buffer per
 * partition. The partial sums are added in partition order, as {@link DistributedSamples} adds its tasks' results.
 */
public final class LocalSamples implements Samples {
    /** One pool per thread count, shared by every cohort in the JVM, as a local master's task slots are. */
    private static final Map<Integer, ExecutorService> POOLS = new ConcurrentHashMap<>();

    private final SampleSource source;
    private final int partitions;
    private final int threads;
    private final List<List<SampleBlock>> cached; // null for fresh or uncached samples

    /**
     * The samples of {@code source} in {@code partitions} partitions (at most one per block), passes run on
     * {@code threads} threads (1: on the calling thread); kept in memory when {@code cache} and not fresh.
     */
    public LocalSamples(SampleSource source, int partitions, int threads, boolean cache) {
        this.source = source;
        this.partitions = Samples.partitions(partitions, source.blockCount());
        this.threads = Math.max(1, threads);
        this.cached = source.fresh() || !cache ? null : draw();
    }

    private List<List<SampleBlock>> draw() {
        List<Integer> all = new ArrayList<>(partitions);
        for (int p = 0; p < partitions; p++) all.add(p);
        return List.copyOf(run(all, p -> {
            List<SampleBlock> blocks = new ArrayList<>();
            blocks(p, 0, false).forEachRemaining(blocks::add);
            return List.copyOf(blocks);
        }));
    }

    @Override
    public SampleSource source() {
        return source;
    }

    @Override
    public int partitions() {
        return partitions;
    }

    @Override
    public <V extends Serializable, S> S sum(int iteration, V shared, PartitionSum<V, S> partition, Merge<S> merge,
                                             int treeDepth, String description) {
        List<Integer> all = new ArrayList<>(partitions);
        for (int p = 0; p < partitions; p++) all.add(p);
        List<S> parts = run(all, p -> partition.sum(shared, cached != null ? cached.get(p).iterator() : blocks(p, iteration, source.fresh())));
        S total = parts.get(0);
        for (int p = 1; p < parts.size(); p++) total = merge.merge(total, parts.get(p));
        return total;
    }

    @Override
    public List<SampleBlock> firstBlocks(int count) {
        List<SampleBlock> first = new ArrayList<>(count);
        for (int p = 0; p < partitions && first.size() < count; p++) {
            Iterator<SampleBlock> it = cached != null ? cached.get(p).iterator() : blocks(p, 0, false);
            while (it.hasNext() && first.size() < count) first.add(it.next());
        }
        return first;
    }

    @Override
    public void close() {
    }

    /** The blocks of partition {@code p} at {@code iteration}; with {@code reuse}, each drawn into the one before. */
    private Iterator<SampleBlock> blocks(int p, int iteration, boolean reuse) {
        int[] range = Samples.slice(source.blockCount(), partitions, p);
        return new Iterator<>() {
            int next = range[0];
            SampleBlock last;

            @Override
            public boolean hasNext() {
                return next < range[1];
            }

            @Override
            public SampleBlock next() {
                int index = next++;
                last = (reuse ? source.block(index, iteration, last) : source.block(index, iteration)).at(source.first(index));
                return last;
            }
        };
    }

    /** What a partition's work returns. */
    private interface Work<T> {
        T on(int partition);
    }

    /** {@code work} on every partition, on this thread or the pool's; what one threw is rethrown as it was. */
    private <T> List<T> run(List<Integer> parts, Work<T> work) {
        List<T> out = new ArrayList<>(parts.size());
        if (threads == 1 || parts.size() == 1) {
            for (int p : parts) out.add(work.on(p));
            return out;
        }
        ExecutorService pool = pool(threads);
        List<Future<T>> tasks = new ArrayList<>(parts.size());
        for (int p : parts) tasks.add(pool.submit(() -> work.on(p)));
        try {
            for (Future<T> f : tasks) out.add(await(f));
        } finally {
            for (Future<T> f : tasks) f.cancel(false); // after a failure, none still queued starts
        }
        return out;
    }

    static <T> T await(Future<T> f) {
        try {
            return f.get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new CancellationException("interrupted while a pass ran");
        } catch (ExecutionException e) {
            if (e.getCause() instanceof RuntimeException re) throw re;
            if (e.getCause() instanceof Error err) throw err;
            throw new IllegalStateException(e.getCause());
        }
    }

    private static ExecutorService pool(int threads) {
        return POOLS.computeIfAbsent(threads, count -> {
            ThreadPoolExecutor pool = new ThreadPoolExecutor(count, count, 60, TimeUnit.SECONDS, new LinkedBlockingQueue<>(),
                    DaemonThreads.named("aedyn-pass"));
            pool.allowCoreThreadTimeOut(true); // idle threads end after a minute
            return pool;
        });
    }
}
