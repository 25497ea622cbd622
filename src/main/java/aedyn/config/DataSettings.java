package aedyn.config;

import aedyn.data.CodeModel;

/**
 * Where the samples come from (SPEC sections 1 and 6). For {@code model = file} and {@code idx} the code model is
 * null and n and samples are those of the input file; {@code gaussian} has no code model either. {@code options}
 * holds the keys of the Gaussian and image models; {@code normalizeSamples} scales every sample to unit norm.
 */
public record DataSettings(DataModel model, int n, int m, int k, long samples, double noiseSigma, CodeModel codes,
                           String path, String groundTruth, String codesPath, int partitions, boolean fresh,
                           boolean normalizeSamples, DataOptions options) {

    /** Paper 1's settings, with the other models' keys at their defaults. */
    public DataSettings(DataModel model, int n, int m, int k, long samples, double noiseSigma, CodeModel codes,
                        String path, String groundTruth, String codesPath, int partitions, boolean fresh) {
        this(model, n, m, k, samples, noiseSigma, codes, path, groundTruth, codesPath, partitions, fresh, false,
                DataOptions.DEFAULTS);
    }

    /** True when the data has no generative bilinear model y = A x* + η (file, gaussian, idx): no A unless given. */
    public boolean fromFile() {
        return codes == null;
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
        return new DataSettings(model, n, m, k, samples, noiseSigma, codes, path, groundTruth, codesPath, partitions, fresh,
                normalizeSamples, options);
    }
}
