package aedyn.study;

import aedyn.config.DataSettings;
import aedyn.config.RunSettings;
import aedyn.data.CodeModel;
import aedyn.data.GroundTruth;
import aedyn.report.RunManifest;
import dev.ludovic.netlib.blas.BLAS;

import java.util.Optional;

/** The parts of a run's run.json ({@link RunManifest}) that the plan, the run's settings and its data say. */
final class Manifests {
    private Manifests() {
    }

    static RunManifest.Origin origin(StudyPlan plan, RunSpec run) {
        return new RunManifest.Origin(plan.name(), plan.seed(), run.dataSeed(), run.initSeed(), run.trial(), run.gridPoint());
    }

    /**
     * The manifest of {@code run} with the given outcome, trained on the cohort's data at {@code site}; the optional
     * parts are added with the manifest's with* methods.
     */
    static RunManifest of(StudyPlan plan, RunSpec run, RunManifest.Outcome outcome, CohortData cohort, Site site,
                          double wallSeconds) {
        RunSettings s = run.settings();
        DataSettings d = s.data();
        RunManifest.Data data = new RunManifest.Data(d.model(), d.n(), d.m(), d.k(), cohort.source().size(),
                d.fromFile() ? null : d.noiseSigma(), cohort.source().fresh());
        RunManifest.Training training = new RunManifest.Training(s.training().iterations(), s.training().learningRate(),
                s.model().architecture(), s.model().scale(), s.model().regime(), s.model().activation().toString(),
                s.model().m(), s.model().outputScale(), s.training().optimizerKind(), s.training().l2(),
                s.training().batchFraction(), d.normalizeSamples(), activationProbability(d), s.start().bias0(),
                s.training().linearize() ? Boolean.TRUE : null);
        RunManifest.Platform platform = new RunManifest.Platform(cohort.partitions(), cohort.source().blockSize(),
                site.sparkVersion(), site.master(), System.getProperty("java.version"), BLAS.getInstance().getClass().getName(),
                site.execution().label(), site.space().passes());
        return new RunManifest(run.name(), outcome, origin(plan, run), data, training, truth(cohort.truth()), platform,
                wallSeconds, null, null, null, null);
    }

    private static RunManifest.Truth truth(Optional<GroundTruth> truth) {
        return new RunManifest.Truth(truth.map(GroundTruth::incoherence).orElse(null),
                truth.map(GroundTruth::spectralNorm).orElse(null));
    }

    /** min_i p_i, the probability that atom i is in a sample's support (mixture: its weight; sparse: k/m). */
    private static Double activationProbability(DataSettings d) {
        if (d.codes() instanceof CodeModel.Mixture mixture) {
            double min = 1;
            for (int i = 0; i < d.m(); i++) min = Math.min(min, mixture.weight(i));
            return min;
        }
        return d.fromFile() ? null : (double) d.k() / d.m();
    }
}
