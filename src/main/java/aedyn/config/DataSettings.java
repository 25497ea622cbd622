package aedyn.config;

import aedyn.data.CodeModel;

/**
 * Where the samples come from (SPEC sections 1 and 6), in groups: their shape, the generative model's noise and codes,
 * the input files, and how they are laid out over Spark. For {@code model = file} and {@code idx} the code model is
 * null and n and samples are those of the input file; {@code gaussian} has no code model either. {@code options}
 * holds the keys of the Gaussian and image models; {@code normalizeSamples} scales every sample to unit norm. The
 * accessors named after the keys (n(), path(), ...) read the groups.
 */
public record DataSettings(DataModel model, Shape shape, Generation generation, Inputs inputs, Layout layout,
                           boolean normalizeSamples, DataOptions options) {

    /**
     * The samples' shape: dimension n, the dictionary's m atoms, sparsity k (1 for the mixture) and the data set's size.
     */
    public record Shape(int n, int m, int k, long samples) {
    }

    /** The bilinear model y = A x* + eta: the noise level and the code model (null without one: file, gaussian, idx). */
    public record Generation(double noiseSigma, CodeModel codes) {
    }

    /** The input files (data.path, data.ground-truth, data.codes; empty when not given). */
    public record Inputs(String path, String groundTruth, String codesPath) {
    }

    /** How the samples are spread over Spark: data.partitions (0: the default) and data.fresh (drawn every pass). */
    public record Layout(int partitions, boolean fresh) {
    }

    public int n() {
        return shape.n();
    }

    public int m() {
        return shape.m();
    }

    public int k() {
        return shape.k();
    }

    public long samples() {
        return shape.samples();
    }

    public double noiseSigma() {
        return generation.noiseSigma();
    }

    public CodeModel codes() {
        return generation.codes();
    }

    public String path() {
        return inputs.path();
    }

    public String groundTruth() {
        return inputs.groundTruth();
    }

    public String codesPath() {
        return inputs.codesPath();
    }

    public int partitions() {
        return layout.partitions();
    }

    public boolean fresh() {
        return layout.fresh();
    }

    /** True when the data has no generative bilinear model y = A x* + η (file, gaussian, idx): no A unless given. */
    public boolean fromFile() {
        return codes() == null;
    }

    /** data.model = gaussian (SPEC section 6). */
    public boolean gaussian() {
        return model == DataModel.GAUSSIAN;
    }

    /** data.model = idx: images from an IDX file (SPEC section 6). */
    public boolean images() {
        return model == DataModel.IDX;
    }

    public DataSettings withShape(int n, long samples) {
        return new DataSettings(model, new Shape(n, shape.m(), shape.k(), samples), generation, inputs, layout,
                normalizeSamples, options);
    }
}
