package aedyn.train;

import aedyn.metrics.RowContext;
import aedyn.model.ModelSpec;
import aedyn.model.Parameters;
import aedyn.ntk.KernelProbe;
import aedyn.ntk.TangentKernel;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One run's tangent kernel on its probe along the learning curve (SPEC 8.1), computed on the driver: it keeps K(0)
 * for the drift. The linearized twin's kernel is J(theta0) J(theta0)^T at every s (SPEC 8.4), so it is computed once.
 */
final class KernelTrack {
    private static final Logger LOG = LoggerFactory.getLogger(KernelTrack.class);
    private final ModelSpec spec;
    private final boolean learnedBias;
    private final boolean frozen;
    private final KernelProbe probe;
    private final Parameters initial;
    private TangentKernel k0;
    private RowContext.KernelRow row0;

    /**
     * @param frozen the trained model is the linearization around {@code initial}, whose kernel does not move
     */
    KernelTrack(ModelSpec spec, boolean learnedBias, boolean frozen, KernelProbe probe, Parameters initial) {
        this.spec = spec;
        this.learnedBias = learnedBias;
        this.frozen = frozen;
        this.probe = probe;
        this.initial = initial;
    }

    /** The kernel's measures at row s of T at theta^s, or null when the row does not measure it. */
    RowContext.KernelRow at(int s, int iterations, Parameters theta) {
        if (!probe.at(s, iterations)) return null;
        if (k0 == null) {
            k0 = TangentKernel.of(spec, learnedBias, initial, probe.y(), probe.p());
            TangentKernel.Extremes e = k0.extremes();
            row0 = new RowContext.KernelRow(e.lambdaMin(), e.lambdaMax(), 0.0);
        }
        if (frozen || s == 0) return row0;
        long start = System.nanoTime();
        TangentKernel k = TangentKernel.of(spec, learnedBias, theta, probe.y(), probe.p());
        TangentKernel.Extremes e = k.extremes();
        LOG.debug("kernel on {} probe samples at s = {}: {} s", probe.p(), s, (System.nanoTime() - start) / 1e9);
        return new RowContext.KernelRow(e.lambdaMin(), e.lambdaMax(), k.drift(k0));
    }
}
