package aedyn.ntk;

import aedyn.model.Activation;
import aedyn.model.ModelSpec;
import aedyn.model.Scale;

import java.util.Random;

/**
 * Times the infinite-width kernel (SPEC 8.2) on N unit-norm samples, joint with a learned bias, per activation. Not a
 * test: run {@code java -cp target/classes:target/test-classes:$(cat cp.txt) aedyn.ntk.InfiniteWidthTiming 32 256,512}
 * (n, sample counts).
 */
public final class InfiniteWidthTiming {
    private InfiniteWidthTiming() {
    }

    public static void main(String[] args) {
        int n = Integer.parseInt(args[0]);
        System.out.println("activation   n      N  seconds  microseconds/pair");
        for (String ns : args[1].split(",")) {
            int samples = Integer.parseInt(ns);
            double[] y = InfiniteWidthKernelTest.sphere(new Random(1), n, samples);
            for (String act : new String[]{"relu", "softplus", "sigmoid", "tanh"}) {
                ModelSpec spec = new ModelSpec(ModelSpec.Architecture.UNTIED, Scale.NTK, Activation.named(act, 0),
                        ModelSpec.Regime.JOINT, n, 1);
                long t0 = System.nanoTime();
                InfiniteWidthKernel.of(spec, 1.0, true, y, samples);
                double s = (System.nanoTime() - t0) / 1e9;
                System.out.printf("%-10s %3d %6d %8.2f %18.2f%n", act, n, samples, s, s * 1e6 / (samples * (samples + 1) / 2.0));
            }
        }
    }
}
