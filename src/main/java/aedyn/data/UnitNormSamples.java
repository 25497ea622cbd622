package aedyn.data;

/**
 * Another source's samples, each scaled to unit Euclidean norm (SPEC section 6, data.normalize-samples: paper 2's
 * samples on the sphere). Every block the inner source hands out is new or its own reuse buffer, so the scaling
 * is done in place. A zero sample has no direction: it is an error naming its index.
 */
public record UnitNormSamples(SampleSource inner) implements SampleSource {

    @Override
    public int n() {
        return inner.n();
    }

    @Override
    public long size() {
        return inner.size();
    }

    @Override
    public int blockSize() {
        return inner.blockSize();
    }

    @Override
    public boolean fresh() {
        return inner.fresh();
    }

    @Override
    public boolean codesKnown() {
        return inner.codesKnown();
    }

    @Override
    public SampleBlock block(int index, int iteration) {
        return normalized(inner.block(index, iteration), index);
    }

    @Override
    public SampleBlock block(int index, int iteration, SampleBlock reuse) {
        return normalized(inner.block(index, iteration, reuse), index);
    }

    private SampleBlock normalized(SampleBlock block, int index) {
        int n = block.n();
        double[] y = block.y();
        for (int j = 0; j < block.count(); j++) {
            double ss = 0;
            for (int i = j * n; i < (j + 1) * n; i++) ss += y[i] * y[i];
            if (!(ss > 0) || !Double.isFinite(ss)) {
                throw new IllegalArgumentException("data.normalize-samples: sample " + (first(index) + j)
                        + " has norm " + Math.sqrt(ss) + " and cannot be scaled to the unit sphere");
            }
            double inv = 1.0 / Math.sqrt(ss);
            for (int i = j * n; i < (j + 1) * n; i++) y[i] *= inv;
        }
        return block;
    }
}
