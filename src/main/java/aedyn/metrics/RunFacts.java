package aedyn.metrics;

/**
 * What a run can measure, decided before it trains: the facts the metric registry's conditions read, in three groups
 * (what the model is, what the data carries, what is measured besides). Built from the run's settings (for its
 * metrics.csv columns) and from its training problem (for the loop's values), so the registry depends on neither.
 */
public record RunFacts(Model model, Data data, Measured measured) {

    /** The update rule a run follows, which decides its metrics.csv's columns. */
    public enum Protocol {
        /** Paper 1's normalized updates of a tied W, whose curve keeps paper 1's columns alone. */
        PAPER_ONE,
        /** Every other run: the objective and the movement of the weights (SPEC section 7). */
        GENERAL
    }

    /**
     * What the model is.
     *
     * @param protocol        paper 1's protocol or the general one
     * @param tied            one weight matrix W (no decoder of its own)
     * @param piecewiseLinear sigma is piecewise linear, so a hidden unit's support is defined (support recovery)
     * @param outputNorm      the family's kernel measures the output's scale on the way
     */
    public record Model(Protocol protocol, boolean tied, boolean piecewiseLinear, boolean outputNorm) {
        /** Paper 1's protocol: a tied W whose kernel measures no output norm. */
        public static Model paperOne(boolean piecewiseLinear) {
            return new Model(Protocol.PAPER_ONE, true, piecewiseLinear, false);
        }

        /** The general protocol. */
        public static Model general(boolean tied, boolean piecewiseLinear, boolean outputNorm) {
            return new Model(Protocol.GENERAL, tied, piecewiseLinear, outputNorm);
        }
    }

    /**
     * What the data carries.
     *
     * @param matchesAtoms  A is known with one atom per hidden unit, so paper 1's recovery metrics exist (SPEC 4)
     * @param codesKnown    the samples carry their true codes x*
     * @param signInvariant the sparse model's matching up to sign, which adds sign recovery
     * @param energyBlocks  J, the eigen-blocks whose subspace energies each row measures (0: none; SPEC 7)
     */
    public record Data(boolean matchesAtoms, boolean codesKnown, boolean signInvariant, int energyBlocks) {
        /** Data without a known A or codes, with {@code energyBlocks} eigen-blocks (0: none). */
        public static Data withoutAtoms(int energyBlocks) {
            return new Data(false, false, false, energyBlocks);
        }

        /** A known A with one atom per hidden unit, without eigen-blocks. */
        public static Data atoms(boolean codesKnown, boolean signInvariant) {
            return new Data(true, codesKnown, signInvariant, 0);
        }
    }

    /**
     * What is measured besides the registry's per-row values.
     *
     * @param populationGradient paper 1's expected gradient of the mixture model is measured against the pass's
     * @param kernelProbe        the tangent kernel is measured on a probe (metrics.ntk-probe > 0, SPEC 8.1)
     */
    public record Measured(boolean populationGradient, boolean kernelProbe) {
        /** Nothing besides. */
        public static final Measured NOTHING_ELSE = new Measured(false, false);
    }

    /** Every run but paper 1's protocol: the objective and the movement of the weights (SPEC section 7). */
    public boolean general() {
        return model.protocol() == Protocol.GENERAL;
    }
}
