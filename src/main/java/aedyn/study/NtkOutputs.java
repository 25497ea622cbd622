package aedyn.study;

import aedyn.data.HadoopFiles;
import aedyn.report.RunManifest;
import aedyn.config.RunSettings;
import aedyn.data.Npy;
import aedyn.init.Init;
import aedyn.model.Parameters;
import aedyn.ntk.InfiniteWidthKernel;
import aedyn.ntk.KernelPrediction;
import aedyn.ntk.KernelProbe;
import aedyn.ntk.ProbeOutputs;
import aedyn.data.SymmetricEigen;
import aedyn.train.BiasSchedule;
import aedyn.train.Optimizer;
import org.apache.hadoop.conf.Configuration;

import java.io.IOException;
import java.util.Optional;

/**
 * A probed run's theory outputs (SPEC section 8): run.json's ntk, probe_outputs.npy (the outputs on the probe at T,
 * from which the analysis takes a network's gap to its linearized twin) and, when the probe is the whole data set
 * and the optimizer is gd, ntk_prediction.csv (SPEC 8.3's loss of kernel gradient descent with K_inf).
 */
final class NtkOutputs {
    static final String PROBE_OUTPUTS = "probe_outputs.npy";
    static final String PREDICTION = "ntk_prediction.csv";

    private NtkOutputs() {
    }

    /** What a probed run keeps for its outputs: its probe and theta^0. */
    record Probed(KernelProbe probe, Parameters initial) {
    }

    /** Writes the files of a probed run to {@code dir} and returns its run.json part. */
    static RunManifest.NtkReport write(String dir, Configuration hadoop, RunSettings s, Probed probed, Optional<Parameters> theta,
                        long samples) throws IOException {
        KernelProbe probe = probed.probe();
        int n = probe.n();
        int p = probe.p();
        double[] y = probe.y();
        double[] r0 = ProbeOutputs.network(s.model(), probed.initial(), y, p);
        for (int i = 0; i < r0.length; i++) r0[i] = y[i] - r0[i];
        if (theta.isPresent()) {
            double[] f = s.training().linearize() ? ProbeOutputs.linearized(s.model(), probed.initial(), theta.get(), y, p)
                    : ProbeOutputs.network(s.model(), theta.get(), y, p);
            HadoopFiles.writeAtomically(dir + "/" + PROBE_OUTPUTS, hadoop, o -> Npy.writeMatrix(o, n, p, f));
        }
        boolean whole = probe.wholeSet(samples);
        double residual = dev.ludovic.netlib.blas.BLAS.getInstance().dnrm2(r0.length, r0, 1);
        String why = unsupported(s);
        if (why != null) return new RunManifest.NtkReport(p, whole, residual, null, null, null, null, why);
        boolean learnedBias = s.training().biasSchedule() instanceof BiasSchedule.Learned;
        double[] kInf = InfiniteWidthKernel.of(s.model(), ((Init.Gaussian) s.start().init()).scale(), learnedBias, y, p);
        double[] values = SymmetricEigen.values(kInf, p);
        double lo = values[0];
        double hi = values[p - 1];
        boolean gd = s.training().optimizerKind() == Optimizer.Kind.GD;
        double eta = ((Optimizer.GradientDescent) s.training().optimizer()).stepSize();
        double rate = KernelPrediction.slowestRate(lo, hi, eta, p);
        if (!whole || !gd) {
            String reason = !whole ? "no " + PREDICTION + ": the probe holds " + p + " of the " + samples + " samples (it needs metrics.ntk-probe >= data.samples)"
                    : "no " + PREDICTION + ": train.optimizer = " + s.training().optimizerKind().label() + " (the prediction is of full-batch gd)";
            return new RunManifest.NtkReport(p, whole, residual, lo, hi, rate, null, reason);
        }
        double[] loss = KernelPrediction.of(kInf, p, r0, n).loss(eta, s.training().iterations());
        StringBuilder csv = new StringBuilder("iteration,predicted_loss\n");
        for (int i = 0; i < loss.length; i++) csv.append(i).append(',').append(MetricColumns.cell(loss[i])).append('\n');
        HadoopFiles.writeText(dir + "/" + PREDICTION, hadoop, csv.toString());
        return new RunManifest.NtkReport(p, whole, residual, lo, hi, rate, PREDICTION, null);
    }

    /**
     * Why K_inf does not describe this run's start (SPEC 8.2: ntk scale, untied, gaussian V and U, b = 0 and kept
     * at 0 or learned from 0, an activation with a kernel), or null.
     */
    static String unsupported(RunSettings s) {
        String why = InfiniteWidthKernel.unsupported(s.model());
        if (why != null) return why;
        if (!(s.start().init() instanceof Init.Gaussian)) return "init.kind is not gaussian: the infinite-width kernel (SPEC 8.2) is of i.i.d. gaussian V and U";
        if (s.start().bias0() != 0) return "bias.init = " + s.start().bias0() + ": the infinite-width kernel (SPEC 8.2) needs b = 0";
        BiasSchedule b = s.training().biasSchedule();
        if (!(b instanceof BiasSchedule.Constant || b instanceof BiasSchedule.Learned)) {
            return "bias.schedule moves b by a schedule: the infinite-width kernel (SPEC 8.2) needs b = 0, constant or learned";
        }
        if (s.training().optimizerKind() == Optimizer.Kind.NORMALIZED) return "train.optimizer = normalized: SPEC 8.3's prediction is of gd";
        return null;
    }
}
