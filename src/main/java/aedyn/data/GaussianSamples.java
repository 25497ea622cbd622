package aedyn.data;

/**
 * Samples of {@link GaussianSpectrum} (SPEC section 6) as a {@link SampleSource}: a fixed data set drawn from the
 * model's seed, or, when {@code fresh}, N new samples every iteration from (seed, iteration, chunk).
 */
public record GaussianSamples(GaussianSpectrum model, long size, int blockSize, boolean fresh) implements SampleSource {

    /** A fixed data set in cached blocks of about 8 MiB. */
    public static GaussianSamples fixed(GaussianSpectrum model, long size) {
        return new GaussianSamples(model, size, SampleSource.cachedBlockSize(model.n()), false);
    }

    /** Fresh samples every iteration, one chunk a block, drawn into a reused buffer. */
    public static GaussianSamples fresh(GaussianSpectrum model, long size) {
        return new GaussianSamples(model, size, SampleGenerator.CHUNK, true);
    }

    @Override
    public int n() {
        return model.n();
    }

    @Override
    public SampleBlock block(int index, int iteration) {
        return block(index, iteration, null);
    }

    @Override
    public SampleBlock block(int index, int iteration, SampleBlock reuse) {
        long stream = fresh ? Seeds.derive(model.seed(), iteration) : model.seed();
        return model.fill(stream, first(index), count(index), fresh ? reuse : null);
    }
}
