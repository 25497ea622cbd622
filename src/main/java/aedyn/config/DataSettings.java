package aedyn.config;

import aedyn.data.CodeModel;

/**
 * Where the samples come from (SPEC sections 1 and 6). For {@code model = file} the code model is null and
 * n and samples are those of the samples file. {@code normalizeSamples} scales every sample to unit norm.
 */
public record DataSettings(String model, int n, int m, int k, long samples, double noiseSigma, CodeModel codes,
                           String path, String groundTruth, String codesPath, int partitions, boolean fresh,
                           boolean normalizeSamples) {

    public boolean fromFile() {
        return codes == null;
    }

    public DataSettings withShape(int n, long samples) {
        return new DataSettings(model, n, m, k, samples, noiseSigma, codes, path, groundTruth, codesPath, partitions, fresh,
                normalizeSamples);
    }
}
