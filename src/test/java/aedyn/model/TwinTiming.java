package aedyn.model;

import aedyn.data.SampleBlock;

import java.util.Random;

/**
 * Times one pass of the linearized twin (LinearizedKernel) against the network's (TwoLayerKernel) on the same block,
 * alternating them, and prints the median seconds and their ratio (the flop counts say 1.4 joint and tied, 1.25
 * encoder-only). Not a test: run
 * <pre>
 *   java -cp target/classes:target/test-classes:$(cat cp.txt) aedyn.model.TwinTiming 784 512 4096 7
 * </pre>
 * (n, m, samples, repetitions).
 */
public final class TwinTiming {
    private TwinTiming() {
    }

    public static void main(String[] args) {
        int n = Integer.parseInt(args[0]);
        int m = Integer.parseInt(args[1]);
        int count = Integer.parseInt(args[2]);
        int reps = Integer.parseInt(args[3]);
        Random r = new Random(1);
        double[] y = gaussian(r, n * count);
        double[] v0 = gaussian(r, n * m);
        double[] u0 = gaussian(r, n * m);
        double[] v = gaussian(r, n * m);
        double[] u = gaussian(r, n * m);
        double[] b = new double[m];
        SampleBlock block = SampleBlock.uncoded(n, count, y);
        Activation act = new Activation.Tanh();
        double c = 1 / Math.sqrt(m);
        System.out.println("regime         n     m  samples  network_s  twin_s  ratio  (flop ratio)");
        for (String regime : new String[]{"joint", "encoder-only", "tied"}) {
            boolean tied = regime.equals("tied");
            boolean joint = regime.equals("joint");
            PassModel network = new TwoLayerWeights(
                    tied ? Parameters.tied(n, m, v, b) : Parameters.untied(n, m, v, joint ? u : u0, b), act, c, joint, null, null);
            PassModel twin = new LinearizedWeights(
                    tied ? Parameters.tied(n, m, v0, b) : Parameters.untied(n, m, v0, u0, b),
                    tied ? Parameters.tied(n, m, v, b) : Parameters.untied(n, m, v, joint ? u : u0, b), act, c, joint);
            double[] tn = new double[reps];
            double[] tt = new double[reps];
            for (int k = 0; k < reps; k++) {
                tn[k] = seconds(network, block);
                tt[k] = seconds(twin, block);
            }
            java.util.Arrays.sort(tn);
            java.util.Arrays.sort(tt);
            double flopRatio = LinearizedKernel.flops(n, m, count, tied, joint) / TwoLayerKernel.flops(n, m, count, joint || tied);
            System.out.printf("%-12s %4d %5d %8d %10.3f %7.3f %6.2f  (%.2f)%n", regime, n, m, count, tn[reps / 2], tt[reps / 2],
                    tt[reps / 2] / tn[reps / 2], flopRatio);
        }
    }

    private static double seconds(PassModel model, SampleBlock block) {
        PassSums sums = model.newSums();
        long t0 = System.nanoTime();
        model.accumulate(block, sums);
        sums.complete();
        return (System.nanoTime() - t0) / 1e9;
    }

    private static double[] gaussian(Random r, int size) {
        double[] a = new double[size];
        for (int i = 0; i < size; i++) a[i] = r.nextGaussian() / 8;
        return a;
    }
}
