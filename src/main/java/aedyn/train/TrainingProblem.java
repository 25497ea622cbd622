package aedyn.train;

import aedyn.data.EigenBlocks;
import aedyn.data.GroundTruth;
import aedyn.model.ModelFamily;
import aedyn.model.Parameters;
import aedyn.ntk.KernelProbe;

import java.util.Optional;

/**
 * One training run, fully specified in three named parts: what descends ({@link Descent}), how it is fed
 * ({@link Feed}) and what it can measure ({@link Measures}). {@code runName} is the name its Spark jobs carry
 * ("study/run"). For example {@code new TrainingProblem("tiny", new Descent(family, theta0, optimizer, schedule, 0),
 * Feed.fullBatch(50, 2), Measures.against(truth))}.
 */
public record TrainingProblem(String runName, Descent descent, Feed feed, Measures measures) {

    /** What is trained and how it steps: the model family, its start theta^0, the optimizer, the bias schedule, l2. */
    public record Descent(ModelFamily family, Parameters initial, Optimizer optimizer, BiasSchedule biasSchedule,
                          double l2) {
    }

    /** How it is fed: mini-batches (none: every pass sees the whole data set), the length T and the tree depth. */
    public record Feed(Optional<MiniBatch> batch, int iterations, int treeDepth) {
        public static Feed fullBatch(int iterations, int treeDepth) {
            return new Feed(Optional.empty(), iterations, treeDepth);
        }

        public static Feed miniBatches(MiniBatch batch, int iterations, int treeDepth) {
            return new Feed(Optional.of(batch), iterations, treeDepth);
        }
    }

    /**
     * What each row can measure besides the loss: the ground truth A (recovery metrics, up to sign when
     * {@code signInvariant}), the mixing weights p_i for paper 1's population gradient of the mixture model, and the
     * eigen-blocks of the data whose subspace energies (SPEC section 7) each row measures, and the probe of the
     * tangent kernel (SPEC 8.1).
     */
    public record Measures(Optional<GroundTruth> truth, boolean signInvariant, Optional<double[]> componentWeights,
                           Optional<EigenBlocks> energyBlocks, Optional<KernelProbe> kernelProbe) {
        public Measures(Optional<GroundTruth> truth, boolean signInvariant, Optional<double[]> componentWeights,
                        Optional<EigenBlocks> energyBlocks) {
            this(truth, signInvariant, componentWeights, energyBlocks, Optional.empty());
        }

        /** The loss and what needs no ground truth only. */
        public static Measures none() {
            return new Measures(Optional.empty(), false, Optional.empty(), Optional.empty());
        }

        /** The recovery metrics against A (sign-sensitive), nothing else. */
        public static Measures against(GroundTruth truth) {
            return new Measures(Optional.of(truth), false, Optional.empty(), Optional.empty());
        }

        public Measures withSignInvariance(boolean invariant) {
            return new Measures(truth, invariant, componentWeights, energyBlocks, kernelProbe);
        }

        /** Also paper 1's population gradient of the mixture model with mixing weights {@code p}. */
        public Measures withPopulationGradient(double[] p) {
            return new Measures(truth, signInvariant, Optional.of(p), energyBlocks, kernelProbe);
        }

        public Measures withEnergyBlocks(EigenBlocks blocks) {
            return new Measures(truth, signInvariant, componentWeights, Optional.of(blocks), kernelProbe);
        }

        /** Also the tangent kernel on this probe (SPEC 8.1). */
        public Measures withKernelProbe(KernelProbe probe) {
            return new Measures(truth, signInvariant, componentWeights, energyBlocks, Optional.of(probe));
        }
    }

    public int n() {
        return descent.family().spec().n();
    }

    public int m() {
        return descent.family().spec().m();
    }

    /** Paper 1's recovery metrics compare W (or V) with A column by column: they need one neuron per atom. */
    public boolean matchesAtoms() {
        return measures.truth().filter(t -> t.m() == m() && t.n() == n()).isPresent();
    }

    // The accessors the loop (Trainer) reads, as it read them before the settings were grouped; absent parts are null.

    public ModelFamily family() {
        return descent.family();
    }

    public Parameters initial() {
        return descent.initial();
    }

    public Optimizer optimizer() {
        return descent.optimizer();
    }

    public BiasSchedule biasSchedule() {
        return descent.biasSchedule();
    }

    public double l2() {
        return descent.l2();
    }

    /** The samples each pass sums: the mini-batches, or every sample. */
    public Batch batch() {
        return feed.batch().<Batch>map(b -> b).orElse(Batch.FULL);
    }

    public int iterations() {
        return feed.iterations();
    }

    public int treeDepth() {
        return feed.treeDepth();
    }

    /** A, or null without a ground truth. */
    public GroundTruth truth() {
        return measures.truth().orElse(null);
    }

    public boolean signInvariant() {
        return measures.signInvariant();
    }

    /** p_i, or null when the population gradient is not measured. */
    public double[] componentWeights() {
        return measures.componentWeights().orElse(null);
    }

    /** The energy metrics' eigen-blocks, or null without them. */
    public EigenBlocks energyBlocks() {
        return measures.energyBlocks().orElse(null);
    }
}
