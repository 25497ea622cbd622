package aedyn.train;

import aedyn.data.Samples;
import aedyn.metrics.Matching;
import aedyn.metrics.MetricRegistry;
import aedyn.metrics.RowContext;
import aedyn.metrics.RunFacts;
import aedyn.model.ModelFamily;
import aedyn.model.Parameters;
import aedyn.model.PassModel;
import aedyn.model.PassSums;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.function.Consumer;

/**
 * The distributed loop (SPEC sections 2 and 5), one for every model family and for every cohort: the runs of a study
 * that share their samples train in lockstep, one pass per iteration for all of them ({@link Pass}: a sum over
 * the {@link Samples}, wherever they are). An iteration: each member turns theta^s into its family's
 * {@link PassModel} -> one pass over the samples sums every member's block gradients -> for each member (side by
 * side on the driver's cores) the driver computes row s, adds the l2 term, applies the member's own optimizer and
 * bias schedule. Rows run s = 0..T, so a member makes T + 1 passes; the last one only measures. A member that
 * finishes or diverges leaves the cohort and the others go on; each one's rows and parameters are those it would
 * have had alone. A member can start from a saved {@link TrainingState} and continue exactly as it would have.
 */
public final class Trainer {
    private Trainer() {
    }

    /** The end of a run: the final parameters and every row computed, or the divergence that ended it early. */
    public record Result(Parameters theta, List<LearningCurveRow> rows, DivergenceException divergence) {
        public boolean diverged() {
            return divergence != null;
        }
    }

    /**
     * A run entering a cohort: what it trains, where it starts, who hears of its rows, when its state is saved, and
     * who is handed its result the moment it leaves the cohort (finished or diverged), while the others go on.
     */
    public record Member(TrainingProblem problem, TrainingState start, IterationListener listener,
                         Checkpointer checkpointer, Consumer<Result> onLeave) {
        public Member(TrainingProblem problem, TrainingState start, IterationListener listener, Checkpointer checkpointer) {
            this(problem, start, listener, checkpointer, result -> { });
        }
    }

    public static Result train(Samples samples, TrainingProblem p, IterationListener listener) {
        return train(samples, p, TrainingState.initial(p.initial()), listener, Checkpointer.NONE);
    }

    /**
     * One run alone, from {@code start} to s = T, handing the state at the start of every
     * {@code checkpointer.every()}-th iteration to the checkpointer; a divergence is thrown, with the rows so far.
     */
    public static Result train(Samples samples, TrainingProblem p, TrainingState start,
                               IterationListener listener, Checkpointer checkpointer) {
        Result r = train(samples, List.of(new Member(p, start, listener, checkpointer))).get(0);
        if (r.diverged()) throw r.divergence();
        return r;
    }

    /**
     * Trains a cohort over the same samples to the end of its longest member; the results are in the members'
     * order. With fresh samples every member must stand at the same iteration, since the samples depend on it. The
     * passes reduce with the first member's tree depth (a study puts runs of one depth in a cohort).
     */
    public static List<Result> train(Samples samples, List<Member> members) {
        List<Run> runs = members.stream().map(m -> new Run(m, samples.codesKnown())).toList();
        int treeDepth = members.get(0).problem().treeDepth();
        List<Run> active = new ArrayList<>(runs);
        ExecutorService side = runs.size() > 1 ? sideBySide(runs.size()) : null;
        try {
            for (leaveIfDone(active); !active.isEmpty(); leaveIfDone(active)) {
                int s = active.get(0).s;
                if (samples.fresh() && active.stream().anyMatch(r -> r.s != s)) {
                    throw new IllegalArgumentException("a cohort over fresh samples must train in step, got iterations "
                            + active.stream().map(r -> r.s).toList());
                }
                List<Pass.Request> requests = active.stream().map(Run::request).toList();
                PassSums[] sums = Pass.sums(samples, s, requests, treeDepth, jobDescription(active));
                advance(active, sums, side);
            }
        } finally {
            if (side != null) side.shutdownNow();
        }
        return runs.stream().map(Run::result).toList();
    }

    /** Threads for the members' rows and updates, as many as members or the driver's cores, whichever is fewer. */
    private static ExecutorService sideBySide(int members) {
        int threads = Math.min(members, Runtime.getRuntime().availableProcessors());
        return Executors.newFixedThreadPool(threads,
                aedyn.data.DaemonThreads.named("aedyn-advance"));
    }

    /**
     * Every member's row s and update from its sums. The members are independent (their rows, updates, checkpoints
     * and files are their own, and each computes exactly what it would alone), so a cohort's members advance side by
     * side on the driver's cores, which would otherwise wait for the next pass: one after the other, a Fashion-MNIST
     * pair (n = 784, m = 1024) spent 37 ms of a 100 ms iteration here.
     */
    private static void advance(List<Run> active, PassSums[] sums, ExecutorService side) {
        if (side == null || active.size() == 1) {
            for (int i = 0; i < sums.length; i++) active.get(i).advance(sums[i]);
            return;
        }
        List<Future<?>> advanced = new ArrayList<>(sums.length);
        for (int i = 0; i < sums.length; i++) {
            Run run = active.get(i);
            PassSums own = sums[i];
            advanced.add(side.submit(() -> run.advance(own)));
        }
        for (Future<?> f : advanced) await(f); // a divergence is caught in advance: what arrives here is a failure
    }

    /** What {@code f} computed; what it threw is rethrown as it was, an Error included. */
    static <T> T await(Future<T> f) {
        try {
            return f.get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while waiting for the driver's threads", e);
        } catch (ExecutionException e) {
            if (e.getCause() instanceof RuntimeException re) throw re;
            if (e.getCause() instanceof Error err) throw err;
            throw new IllegalStateException(e.getCause());
        }
    }

    /** Members that finished or diverged leave the cohort, each handed its result. */
    private static void leaveIfDone(List<Run> active) {
        for (Run r : active) {
            if (r.done()) r.member.onLeave().accept(r.result());
        }
        active.removeIf(Run::done);
    }

    private static String jobDescription(List<Run> active) {
        List<String> names = active.stream().map(r -> r.p.runName()).toList();
        int[] s = active.stream().mapToInt(r -> r.s).toArray();
        int[] t = active.stream().mapToInt(r -> r.p.iterations()).toArray();
        return JobDescription.of(names, s, t);
    }

    /** One member on its way from s = start to T: the body of the loop, run once per pass. */
    private static final class Run {
        final Member member;
        final TrainingProblem p;
        final IterationListener listener;
        final Checkpointer checkpointer;
        final Parameters initial;
        final List<LearningCurveRow> rows;
        final RunFacts facts;
        final RowContext.Inputs inputs;
        final KernelTrack kernel; // null without a probe
        Parameters theta;
        int s;
        Matching matching;
        long begin;
        DivergenceException divergence;

        Run(Member member, boolean codesKnown) {
            this.member = member;
            p = member.problem();
            facts = facts(p, codesKnown);
            inputs = new RowContext.Inputs(p.truth(), p.l2(), p.componentWeights(), p.energyBlocks(),
                    p.biasSchedule() instanceof BiasSchedule.Learned);
            listener = member.listener();
            checkpointer = member.checkpointer();
            theta = member.start().current();
            initial = member.start().initial();
            s = member.start().iteration();
            kernel = p.measures().kernelProbe().map(probe -> new KernelTrack(p.family().spec(), inputs.learnsBias(),
                    p.family() instanceof ModelFamily.Linearized, probe, initial)).orElse(null);
            rows = new ArrayList<>(p.iterations() + 1);
            rows.addAll(member.start().rows());
        }

        boolean done() {
            return divergence != null || s > p.iterations();
        }

        Result result() {
            return divergence != null ? new Result(null, rows, divergence) : new Result(theta, rows, null);
        }

        /** What this member asks of the pass at s. The matching of W^s is needed by the pass itself (support recovery). */
        Pass.Request request() {
            begin = System.nanoTime();
            matching = p.matchesAtoms() ? Matching.of(p.truth().a(), theta.encoder(), p.n(), p.m(), p.signInvariant()) : null;
            PassModel model = p.family().passModel(theta,
                    matching == null ? null : matching.neuronOfAtom(), matching == null ? null : matching.sign());
            return new Pass.Request(model, p.batch(), s);
        }

        void advance(PassSums sums) {
            try {
                step(sums);
                s++;
            } catch (DivergenceException e) {
                divergence = e.withRows(rows);
            }
        }

        /** Row s from the pass's sums, then theta^{s+1} unless s = T. */
        private void step(PassSums sums) {
            if (sums.count() == 0) {
                throw new DivergenceException(s, "the mini-batch of this iteration is empty (train.batch-fraction is too small for the data set)");
            }
            Parameters gradient = withL2(p.family().meanGradient(sums), theta, p.l2());
            RowContext context = RowContext.of(s, sums, theta, initial, gradient, matching, inputs, begin);
            if (kernel != null) context = context.withKernel(kernel.at(s, p.iterations(), theta));
            LearningCurveRow row = new LearningCurveRow(s, MetricRegistry.measure(facts, context));
            if (!rows.isEmpty()) {
                Map<String, Double> known = MetricRegistry.fromNextRow(facts, rows.get(rows.size() - 1).values(), row.values());
                if (!known.isEmpty()) rows.add(rows.remove(rows.size() - 1).with(known));
            }
            rows.add(row);
            listener.onIteration(row, theta);
            if (!Double.isFinite(row.loss())) {
                throw new DivergenceException(s, "the loss is " + row.loss());
            }
            if (row.loss() > BLOW_UP * rows.get(0).loss()) {
                // finite but meaningless: the step is beyond the stable range, and the numbers only grow
                throw new DivergenceException(s, "the loss grew from " + rows.get(0).loss() + " to " + row.loss()
                        + ", more than " + BLOW_UP + " times its initial value");
            }
            if (s < p.iterations()) {
                double[] b = p.biasSchedule().next(theta.b(), gradient.b());
                for (int i = 0; i < b.length; i++) {
                    if (!Double.isFinite(b[i])) throw new DivergenceException(s, "bias entry " + i + " is " + b[i]);
                }
                theta = p.optimizer().step(theta, gradient, s).withBias(b);
                if (checkpointer.isDue(s + 1)) checkpointer.save(new TrainingState(s + 1, theta, initial, rows));
            }
        }
    }

    /**
     * ||G||_F over every trained parameter (SPEC section 7): the weight matrices the gradient holds, and b only when
     * its schedule learns it (a geometric or constant bias is not trained, and paper 1's grad_norm never held it).
     */
    static double gradNorm(Parameters gradient, BiasSchedule schedule) {
        return RowContext.trained(gradient, gradient.hasDecoder(), schedule instanceof BiasSchedule.Learned).norm();
    }

    /**
     * What a run of this problem can measure: the facts the metric registry's conditions read, the same that its
     * metrics.csv columns were chosen from.
     *
     * @param codesKnown the samples carry their true codes
     */
    public static RunFacts facts(TrainingProblem p, boolean codesKnown) {
        RunFacts.Protocol protocol = p.optimizer() instanceof Optimizer.Normalized
                ? RunFacts.Protocol.PAPER_ONE : RunFacts.Protocol.GENERAL;
        return new RunFacts(
                new RunFacts.Model(protocol, p.family().spec().tied(), p.family().spec().activation().piecewiseLinear(),
                        p.family().measuresOutputNorm()),
                new RunFacts.Data(p.matchesAtoms(), codesKnown, p.signInvariant(),
                        p.energyBlocks() == null ? 0 : p.energyBlocks().count()),
                new RunFacts.Measured(p.componentWeights() != null, p.measures().kernelProbe().isPresent()));
    }

    /** A loss this many times the initial one ends a run as diverged. */
    static final double BLOW_UP = 1e12;

    /**
     * The gradient of the objective: the data gradient plus l2 times every trained weight matrix (SPEC section 5),
     * added into {@code g}'s own arrays, which the pass made for this row alone (a copy would cost a wide member a
     * pass over its weights and one allocation of their size every iteration).
     */
    static Parameters withL2(Parameters g, Parameters theta, double l2) {
        if (l2 == 0) return g;
        addScaled(g.v(), theta.v(), l2);
        addScaled(g.u(), theta.u(), l2);
        return g;
    }

    private static void addScaled(double[] g, double[] x, double l2) {
        if (g == null) return;
        for (int i = 0; i < g.length; i++) g[i] += l2 * x[i];
    }
}
