package aedyn.data;

import org.apache.spark.api.java.JavaSparkContext;

import java.util.List;

/** Blocks of any sizes that a test made, as a sample source, and as samples over Spark in some partitions. */
public record BlockList(List<SampleBlock> blocks) implements SampleSource {

    /** {@code blocks} as samples in {@code partitions} partitions, every sum a Spark job. */
    public static DistributedSamples over(JavaSparkContext sc, List<SampleBlock> blocks, int partitions) {
        return new DistributedSamples(sc, new BlockList(List.copyOf(blocks)), partitions, true);
    }

    @Override
    public int n() {
        return blocks.get(0).n();
    }

    @Override
    public long size() {
        return blocks.stream().mapToLong(SampleBlock::count).sum();
    }

    @Override
    public int blockSize() {
        return blocks.stream().mapToInt(SampleBlock::count).max().orElse(1);
    }

    @Override
    public int blockCount() {
        return blocks.size();
    }

    @Override
    public long first(int index) {
        long first = 0;
        for (int i = 0; i < index; i++) first += blocks.get(i).count();
        return first;
    }

    @Override
    public int count(int index) {
        return blocks.get(index).count();
    }

    @Override
    public SampleBlock block(int index, int iteration) {
        return blocks.get(index);
    }
}
