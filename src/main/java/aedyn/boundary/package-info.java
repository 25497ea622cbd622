/**
 * Boundary search and phase diagrams (SPEC section 9), free of Spark so that the study runner can drive it:
 * <ul>
 *   <li>{@link aedyn.boundary.Outcome}: study.outcome, a run's {@link aedyn.boundary.Verdict} (9.1);</li>
 *   <li>{@link aedyn.boundary.Probe} and {@link aedyn.boundary.Wilson}: p̂ and its Wilson 95 % interval (9.2);</li>
 *   <li>{@link aedyn.boundary.BisectionSearch}: the next value to probe, replayed from the finished probes alone
 *       so that --resume continues the same search (9.3), and the non-monotone flags;</li>
 *   <li>{@link aedyn.boundary.LogisticBoundary}: x* by maximum likelihood with a 95 % profile-likelihood
 *       interval, a bracket when the probes are separated, censored (below / above) when every probe lies on one
 *       side of 1/2 (9.3);</li>
 *   <li>{@link aedyn.boundary.ScalingLaw}: alpha of ln x* = alpha ln z + c by weighted least squares, normal
 *       95 % interval (9.4);</li>
 *   <li>{@link aedyn.boundary.BoundaryTables}: probes.csv and boundary.csv; {@link aedyn.boundary.SearchSettings}:
 *       study.search.</li>
 * </ul>
 * The NumPy cross-check is src/test/python/reference_boundary.py.
 */
package aedyn.boundary;
