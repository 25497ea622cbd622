package aedyn.model;

import java.io.Serializable;

/**
 * A model family: what the training loop broadcasts for a pass and how a pass's sums become the mean gradient.
 * The loop, the optimizers and the study runner see a family only through this and {@link Parameters}, so adding
 * one forks none of them. A closed choice:
 * <ul>
 *   <li>{@link PaperOne}: paper 1's weight-tied autoencoder (tied, standard scale, relu or threshold), whose kernel
 *   takes the Gram form for narrow dictionaries;</li>
 *   <li>{@link TwoLayer}: every other model of SPEC section 5, with the general kernel;</li>
 *   <li>{@link Linearized}: the first-order twin of a {@link TwoLayer} model around its initialization (SPEC 8.4).</li>
 * </ul>
 * Both compute the same gradient where they overlap; {@link #of} picks the faster one where it is correct.
 */
public sealed interface ModelFamily extends Serializable permits ModelFamily.PaperOne, ModelFamily.TwoLayer,
        ModelFamily.Linearized {

    ModelSpec spec();

    /** The value broadcast for the pass at {@code theta}; the matching (for support recovery) may be null. */
    PassModel passModel(Parameters theta, int[] neuronOfAtom, double[] sign);

    /**
     * The pass's mean data gradient (SPEC section 5 without the l2 term): G_W, or G_V and G_U (null when the
     * decoder is not trained), and g_b.
     */
    Parameters meanGradient(PassSums sums);

    /** Whether this family's kernel measures the output's scale, sqrt of the mean ||y_hat||^2 (output_norm). */
    boolean measuresOutputNorm();

    /**
     * Paper 1's kernel serves exactly the tied, standard-scale models whose activation is the identity on its support
     * ({@link Activation#identityOnSupport}), the only ones its Gram form computes correctly; every other model,
     * including any activation added later that does not claim that property, gets the general kernel.
     */
    static ModelFamily of(ModelSpec spec) {
        boolean paperOne = spec.tied() && spec.scale() == Scale.STANDARD && spec.activation().identityOnSupport();
        return paperOne ? new PaperOne(spec) : new TwoLayer(spec);
    }

    /** G_V, G_U (null when the decoder is not trained) and g_b from sums of the general layout. */
    private static Parameters generalGradient(ModelSpec spec, PassSums sums) {
        double[] decoder = spec.trainsDecoder() ? sums.meanGradient(1) : null;
        return Parameters.gradient(spec.n(), spec.m(), sums.meanGradient(0), decoder, sums.meanBiasGradient(),
                spec.trainsDecoder(), true);
    }

    /** Paper 1's weight-tied autoencoder x = sigma(W^T y + b), y_hat = W x (SPEC section 2). */
    record PaperOne(ModelSpec spec) implements ModelFamily {
        @Override
        public PassModel passModel(Parameters theta, int[] neuronOfAtom, double[] sign) {
            return new TiedWeights(spec.n(), spec.m(), theta.v(), theta.b(), spec.activation(), neuronOfAtom, sign);
        }

        @Override
        public boolean measuresOutputNorm() {
            return false;
        }

        @Override
        public Parameters meanGradient(PassSums sums) {
            return Parameters.tied(spec.n(), spec.m(), sums.meanGradient(0), sums.meanBiasGradient());
        }
    }

    /** The general two-layer autoencoder y_hat = c U sigma(V^T y + b) (SPEC section 5). */
    record TwoLayer(ModelSpec spec) implements ModelFamily {
        @Override
        public PassModel passModel(Parameters theta, int[] neuronOfAtom, double[] sign) {
            return new TwoLayerWeights(theta, spec.activation(), spec.outputScale(), spec.trainsDecoder(), neuronOfAtom,
                    sign);
        }

        /** The output's scale, sqrt of the mean ||y_hat||^2, which the general kernel measures on the way. */
        @Override
        public boolean measuresOutputNorm() {
            return true;
        }

        @Override
        public Parameters meanGradient(PassSums sums) {
            return generalGradient(spec, sums);
        }
    }

    /**
     * The linearized twin f_lin(y; theta) = f(y; theta0) + J(y; theta0)(theta - theta0) of the general model (SPEC
     * section 8.4), around {@code theta0}, the run's initialization; its sums have {@link TwoLayer}'s layout.
     */
    record Linearized(ModelSpec spec, Parameters theta0) implements ModelFamily {
        @Override
        public PassModel passModel(Parameters theta, int[] neuronOfAtom, double[] sign) {
            return LinearizedWeights.of(spec, theta0, theta);
        }

        /** Its kernel measures the output on the way, as the general one does. */
        @Override
        public boolean measuresOutputNorm() {
            return true;
        }

        @Override
        public Parameters meanGradient(PassSums sums) {
            return generalGradient(spec, sums);
        }
    }
}
