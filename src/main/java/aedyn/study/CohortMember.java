package aedyn.study;

import aedyn.report.RunStatus;
import aedyn.config.RunSettings;
import aedyn.data.Samples;
import aedyn.data.Seeds;
import aedyn.init.Init;
import aedyn.init.Initializers;
import aedyn.init.SpectralInit;
import aedyn.model.ModelFamily;
import aedyn.model.Parameters;
import aedyn.ntk.KernelProbe;
import aedyn.report.Progress;
import aedyn.train.IterationListener;
import aedyn.train.MiniBatch;
import aedyn.train.Trainer;
import aedyn.train.TrainingProblem;
import aedyn.train.TrainingState;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Arrays;
import java.util.Optional;

/** One member of a cohort: what it measures, where it starts, how far it got and, once it has left, its outcome. */
final class CohortMember {
    private static final Logger LOG = LoggerFactory.getLogger(CohortMember.class);

    /** What the members of one cohort share; {@code shared}: other runs train beside this one (one terminal). */
    record Context(StudyPlan plan, Site site, CohortSources sources, RunOutputs outputs, long cohortStart,
                   boolean shared) {
    }

    private final RunSpec run;
    private final MetricColumns columns;
    private final Optional<Checkpoints.Saved> saved;
    private final Context context;
    private final double earlierWall;
    private Optional<SpectralInit.Result> spectral = Optional.empty();
    private Parameters initial;
    private KernelProbe probe; // null without metrics.ntk-probe
    private Progress progress;
    private volatile long lastRow;
    private volatile RunOutcome outcome;

    CohortMember(ResumePlan.Pending p, boolean hasTruth, Context context) {
        this.run = p.run();
        this.columns = run.columns(hasTruth);
        this.saved = p.saved();
        this.context = context;
        this.earlierWall = saved.map(Checkpoints.Saved::wallSeconds).orElse(0.0);
        saved.ifPresent(s -> LOG.info("run {}: resumed at iteration {}", run.name(), s.state().iteration()));
    }

    RunSpec run() {
        return run;
    }

    MetricColumns columns() {
        return columns;
    }

    /** Its outcome once it has left the cohort (finished or diverged). */
    Optional<RunOutcome> outcome() {
        return Optional.ofNullable(outcome);
    }

    /** Seconds this run has trained, over every session, up to its last row. */
    double wall() {
        return earlierWall + ((lastRow > 0 ? lastRow : System.nanoTime()) - context.cohortStart()) / 1e9;
    }

    /** The run entering the loop: its start (a checkpoint's state, or theta^0 from its initialization) and its problem. */
    Trainer.Member start(Samples samples, CohortData data) {
        RunSettings s = run.settings();
        int n = s.data().n();
        int m = s.model().m();
        TrainingState state = saved.map(Checkpoints.Saved::state).orElseGet(() -> TrainingState.initial(initial(samples, data)));
        // Named "study/run" so that each iteration's Spark job names the runs it carries in the UI.
        // the linearized twin descends from the same theta^0 through the same loop (SPEC 8.4)
        ModelFamily family = s.training().linearize() ? new ModelFamily.Linearized(s.model(), state.initial())
                : ModelFamily.of(s.model());
        initial = state.initial();
        TrainingProblem problem = new TrainingProblem(jobName(),
                new TrainingProblem.Descent(family, state.initial(), s.training().optimizer(), s.training().biasSchedule(), s.training().l2()),
                feed(s), measures(s, data));
        columns.requireMeasuredBy(Trainer.facts(problem, samples.codesKnown()), run.name());
        progress = progress(s.training().iterations());
        IterationListener log = (row, current) -> {
            lastRow = System.nanoTime();
            progress.update(row.iteration(), row.loss(), row.froError());
        };
        Checkpoints checkpoints = new Checkpoints(run.dir(context.plan().output()), run.name(), n, m, s.checkpointing().every(),
                s.checkpointing().intervalSeconds(), context.site().hadoop(), this::wall);
        return new Trainer.Member(problem, state, log, checkpoints, r -> leave(r, data));
    }

    /** Mini-batches of train.batch-fraction of the samples, drawn from the data seed's third stream, or the whole set. */
    private TrainingProblem.Feed feed(RunSettings s) {
        return s.training().batchFraction() < 1
                ? TrainingProblem.Feed.miniBatches(new MiniBatch(Seeds.derive(run.dataSeed(), 3), s.training().batchFraction()),
                        s.training().iterations(), s.training().treeDepth())
                : TrainingProblem.Feed.fullBatch(s.training().iterations(), s.training().treeDepth());
    }

    /** The recovery metrics when there is a ground truth, the population gradient and the energies when asked for. */
    private TrainingProblem.Measures measures(RunSettings s, CohortData data) {
        TrainingProblem.Measures measures = new TrainingProblem.Measures(data.truth(), s.measurement().signInvariant(),
                Optional.empty(), data.energyBlocks());
        if (s.measurement().ntkProbe() > 0) {
            probe = KernelProbe.first(data.source(), s.measurement().ntkProbe(), s.measurement().ntkEvery());
            measures = measures.withKernelProbe(probe);
        }
        return s.measurement().populationGradient() ? measures.withPopulationGradient(CohortSources.componentWeights(s.data())) : measures;
    }

    /** theta^0 from the run's initialization; a spectral start is kept for its report (spectral.csv, run.json). */
    private Parameters initial(Samples samples, CohortData data) {
        RunSettings s = run.settings();
        int n = s.data().n();
        int m = s.model().m();
        if (s.start().init() instanceof Init.Spectral sp) {
            // Called directly rather than through Initializers, for its report.
            SpectralInit.Result r = SpectralInit.run(samples, n, m, sp, run.initSeed(), jobName());
            spectral = Optional.of(r);
            double[] b0 = new double[m];
            Arrays.fill(b0, s.start().bias0());
            return Parameters.tied(n, m, r.w(), b0);
        }
        return Initializers.initial(s.start().init(), s.model(), s.start().bias0(), s.paperOneUpdates(), samples,
                data.truth().orElse(null), run.initSeed(), (key, path) -> context.sources().readMatrix(key, path, n, m));
    }

    private String jobName() {
        return context.plan().name() + "/" + run.name();
    }

    /** A bar in a local terminal for one run at a time; log lines when runs share the terminal, on a cluster or in a task. */
    private Progress progress(int iterations) {
        String master = context.site().master();
        boolean quiet = context.site().inTask() || context.shared() && master.startsWith("local");
        return quiet ? Progress.create(run.name(), iterations, Progress.Mode.PERIODIC) : Progress.start(run.name(), iterations, master);
    }

    /** The run has left its cohort: its directory is written now, while the others train on. */
    private void leave(Trainer.Result r, CohortData data) {
        if (r.diverged()) LOG.warn("run {}: {}", run.name(), r.divergence().getMessage());
        progress.finish(r.diverged() ? RunStatus.DIVERGED : RunStatus.FINISHED);
        try {
            Optional<NtkOutputs.Probed> probed = Optional.ofNullable(probe).map(p -> new NtkOutputs.Probed(p, initial));
            outcome = context.outputs().write(new RunOutputs.Trained(run, columns, saved, spectral, probed, wall()), r, data);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
