package aedyn.study;

import aedyn.config.ConfigProblem;
import aedyn.config.DataOptions;
import aedyn.config.DataSettings;
import aedyn.data.CodeModel;
import aedyn.data.DataSpectrum;
import aedyn.data.SampleSpace;
import aedyn.data.Samples;
import aedyn.data.EigenBlocks;
import aedyn.data.GaussianSamples;
import aedyn.data.GaussianSpectrum;
import aedyn.data.GroundTruth;
import aedyn.data.IdxImages;
import aedyn.data.Npy;
import aedyn.data.NpySamples;
import aedyn.data.SampleGenerator;
import aedyn.data.SampleSource;
import aedyn.data.Seeds;
import aedyn.data.UnitNormSamples;
import org.apache.hadoop.conf.Configuration;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * What a run's data gives it, built from its data.* settings: the ground truth A, the source of its samples and the
 * eigen-blocks of its energy metrics. It sits in the study package, beside data, because the files it reads were
 * checked by the plan through {@link InputFiles}, which reports problems by key.
 */
final class CohortSources {
    private static final Logger LOG = LoggerFactory.getLogger(CohortSources.class);

    private final SampleSpace space;
    private final Configuration hadoop;

    CohortSources(SampleSpace space, Configuration hadoop) {
        this.space = space;
        this.hadoop = hadoop;
    }

    /** The partitions the samples are spread over: data.partitions, or the space's default (Spark's parallelism). */
    int partitions(DataSettings d) {
        return d.partitions() > 0 ? d.partitions() : space.defaultPartitions();
    }

    /** A drawn from the data seed for generated data, read from data.ground-truth for files (none without one). */
    Optional<GroundTruth> groundTruth(RunSpec run) {
        DataSettings d = run.settings().data();
        if (!d.fromFile()) return Optional.of(GroundTruth.draw(d.n(), d.m(), Seeds.derive(run.dataSeed(), 1)));
        if (d.groundTruth().isEmpty()) return Optional.empty();
        return Optional.of(GroundTruth.of(readMatrix("data.ground-truth", d.groundTruth(), d.n(), d.m()), d.n(), d.m()));
    }

    /** The run's samples, scaled to unit norm when data.normalize-samples. */
    SampleSource source(RunSpec run, Optional<GroundTruth> truth) {
        SampleSource source = unscaledSource(run, truth);
        return run.settings().data().normalizeSamples() ? new UnitNormSamples(source) : source;
    }

    /** p_i of the mixture model (uniform 1/m unless data.mixing-weights says otherwise). */
    static double[] componentWeights(DataSettings d) {
        CodeModel.Mixture mixture = (CodeModel.Mixture) d.codes();
        double[] p = new double[d.m()];
        for (int i = 0; i < p.length; i++) p[i] = mixture.weight(i);
        return p;
    }

    /** An (n, m) input file the plan already checked; if it changed since, the error names key, file and problem. */
    double[] readMatrix(String key, String file, int n, int m) {
        List<ConfigProblem> problems = new ArrayList<>();
        Npy.Matrix matrix = InputFiles.matrix(key, file, n, m, "data.ground-truth".equals(key), hadoop, problems);
        if (matrix == null) throw new UncheckedIOException(new IOException(problems.get(0).toString()));
        return matrix.columnMajor();
    }

    /**
     * The eigen-blocks of the run's energy metrics (SPEC section 7): Σ's known blocks for gaussian data, otherwise
     * those of metrics.energy-blocks from one pass over the samples; none when there are none.
     */
    static Optional<EigenBlocks> energyBlocks(RunSpec run, SampleSource source, Samples samples) {
        DataSettings d = run.settings().data();
        if (source instanceof GaussianSamples g) {
            return g.model().blocks().isEmpty() ? Optional.empty() : Optional.of(g.model().eigenBlocks());
        }
        if (d.options().energyBlocks().isEmpty()) return Optional.empty();
        long start = System.nanoTime();
        EigenBlocks blocks = DataSpectrum.eigenBlocks(samples, d.n(), d.options().energyBlocks(),
                run.settings().training().treeDepth());
        LOG.info("run {}: energy blocks {} in {} s", run.name(), d.options().energyBlocks(),
                String.format("%.2f", (System.nanoTime() - start) / 1e9));
        return Optional.of(blocks);
    }

    private SampleSource unscaledSource(RunSpec run, Optional<GroundTruth> truth) {
        DataSettings d = run.settings().data();
        if (d.gaussian()) {
            DataOptions o = d.options();
            // Q from the stream GroundTruth uses for A, samples from the generator's: the same seeds, other models.
            GaussianSpectrum model = GaussianSpectrum.of(d.n(), o.spectrum(), o.bulk(), o.rotate(),
                    Seeds.derive(run.dataSeed(), 1), Seeds.derive(run.dataSeed(), 2));
            return d.fresh() ? GaussianSamples.fresh(model, d.samples()) : GaussianSamples.fixed(model, d.samples());
        }
        if (d.images()) return images(d);
        if (!d.fromFile()) {
            SampleGenerator g = new SampleGenerator(d.codes(), truth.orElseThrow().a(), d.n(), d.noiseSigma(),
                    Seeds.derive(run.dataSeed(), 2));
            return d.fresh() ? SampleSource.fresh(g, d.samples()) : SampleSource.generated(g, d.samples());
        }
        List<ConfigProblem> problems = new ArrayList<>();
        InputFiles.Shape y = InputFiles.rowsShape("data.path", d.path(), -1, -1, hadoop, problems);
        InputFiles.Shape c = d.codesPath().isEmpty() ? null
                : InputFiles.rowsShape("data.codes", d.codesPath(), y == null ? -1 : y.rows(), d.m(), hadoop, problems);
        if (!problems.isEmpty()) throw new UncheckedIOException(new IOException(problems.get(0).toString()));
        return new NpySamples(d.path(), d.codesPath(), d.n(), d.m(), y.rows(), y.dataOffset(),
                c == null ? 0 : c.dataOffset(), SampleSource.cachedBlockSize(d.n()), hadoopSettings());
    }

    /** IDX images (checked in full by the plan), centered by their mean image from one pass when data.center. */
    private SampleSource images(DataSettings d) {
        IdxImages.Header h;
        try {
            h = IdxImages.readHeader(d.path(), hadoop);
        } catch (IOException e) {
            throw new UncheckedIOException("data.path = " + d.path(), e);
        }
        IdxImages raw = new IdxImages(d.path(), h.gzip(), h.rows(), h.cols(), d.samples(), d.options().scale(), null,
                SampleSource.cachedBlockSize(d.n()), hadoopSettings());
        if (!d.options().center()) return raw;
        return raw.centered(DataSpectrum.mean(space, raw, partitions(d)));
    }

    /** The Hadoop settings the executors open the files with (a Configuration is not serializable). */
    private Map<String, String> hadoopSettings() {
        Map<String, String> conf = new LinkedHashMap<>();
        hadoop.forEach(e -> conf.put(e.getKey(), e.getValue()));
        return conf;
    }
}
