package aedyn.ntk;

import aedyn.model.Activation;
import aedyn.model.ModelSpec;
import aedyn.model.Parameters;
import aedyn.model.Scale;

import java.util.Random;

/**
 * Times the empirical tangent kernel (SPEC 8.1) and its extremes on the driver: for each probe size P and input
 * dimension n given, the untied jointly trained relu model at width m with a learned bias (every part of K), and the
 * tied one. Prints seconds, the kernel's GFLOP/s (TangentKernel.flops) and the eigenvalues' seconds. Not a test: run
 * <pre>
 *   java -cp target/classes:target/test-classes:$(cat cp.txt) aedyn.ntk.KernelTiming 8192 32,784 256,512,1024,2048
 * </pre>
 * with cp.txt from {@code mvn dependency:build-classpath -Dmdep.outputFile=cp.txt}.
 */
public final class KernelTiming {
    private KernelTiming() {
    }

    public static void main(String[] args) {
        int m = Integer.parseInt(args[0]);
        System.out.println("BLAS " + dev.ludovic.netlib.blas.BLAS.getInstance().getClass().getSimpleName()
                + ", LAPACK " + dev.ludovic.netlib.lapack.LAPACK.getInstance().getClass().getSimpleName());
        System.out.println("arch     n      m      P   kernel_s  GFLOP/s  extremes_s  lambda_min  lambda_max");
        for (String ns : args[1].split(",")) {
            int n = Integer.parseInt(ns);
            Random r = new Random(1);
            double[] v = TangentKernelTest.gaussian(r, n * m, 1.0);
            double[] u = TangentKernelTest.gaussian(r, n * m, 1.0);
            for (String ps : args[2].split(",")) {
                int p = Integer.parseInt(ps);
                double[] y = InfiniteWidthKernelTest.sphere(r, n, p);
                for (ModelSpec.Architecture arch : ModelSpec.Architecture.values()) {
                    boolean tied = arch == ModelSpec.Architecture.TIED;
                    ModelSpec spec = new ModelSpec(arch, Scale.NTK, new Activation.Relu(), ModelSpec.Regime.JOINT, n, m);
                    Parameters theta = tied ? Parameters.tied(n, m, v, new double[m]) : Parameters.untied(n, m, v, u, new double[m]);
                    long t0 = System.nanoTime();
                    TangentKernel k = TangentKernel.of(spec, true, theta, y, p);
                    long t1 = System.nanoTime();
                    TangentKernel.Extremes e = k.extremes();
                    long t2 = System.nanoTime();
                    double kernel = (t1 - t0) / 1e9;
                    System.out.printf("%-6s %4d %6d %6d %9.2f %8.1f %11.2f %11.4g %11.4g%n", tied ? "tied" : "untied", n, m, p,
                            kernel, TangentKernel.flops(spec, p) / kernel / 1e9, (t2 - t1) / 1e9, e.lambdaMin(), e.lambdaMax());
                }
            }
        }
    }
}
