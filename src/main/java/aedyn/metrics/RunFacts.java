package aedyn.metrics;

/**
 * What a run can measure, decided before it trains: the facts the metric registry's conditions read. Built from the
 * run's settings (for its metrics.csv columns) and from its training problem (for the loop's values), so the
 * registry depends on neither.
 *
 * @param paperOneProtocol   paper 1's normalized updates of a tied W, whose curve keeps paper 1's columns alone
 * @param matchesAtoms       A is known with one atom per hidden unit, so paper 1's recovery metrics exist (SPEC 4)
 * @param codesKnown         the samples carry their true codes x*
 * @param piecewiseLinear    sigma is piecewise linear, so a hidden unit's support is defined (support recovery)
 * @param signInvariant      the sparse model's matching up to sign, which adds sign recovery
 * @param populationGradient paper 1's expected gradient of the mixture model is measured against the pass's
 * @param energyBlocks       J, the eigen-blocks whose subspace energies each row measures (0: none; SPEC 7)
 * @param tied               one weight matrix W (no decoder of its own)
 * @param outputNorm         the family's kernel measures the output's scale on the way
 * @param kernelProbe        the tangent kernel is measured on a probe (metrics.ntk-probe > 0, SPEC 8.1)
 */
public record RunFacts(boolean paperOneProtocol, boolean matchesAtoms, boolean codesKnown, boolean piecewiseLinear,
                       boolean signInvariant, boolean populationGradient, int energyBlocks, boolean tied,
                       boolean outputNorm, boolean kernelProbe) {

    /** The facts of a run without a kernel probe. */
    public RunFacts(boolean paperOneProtocol, boolean matchesAtoms, boolean codesKnown, boolean piecewiseLinear,
                    boolean signInvariant, boolean populationGradient, int energyBlocks, boolean tied,
                    boolean outputNorm) {
        this(paperOneProtocol, matchesAtoms, codesKnown, piecewiseLinear, signInvariant, populationGradient,
                energyBlocks, tied, outputNorm, false);
    }

    /** Every run but paper 1's protocol: the objective and the movement of the weights (SPEC section 7). */
    public boolean general() {
        return !paperOneProtocol;
    }
}
