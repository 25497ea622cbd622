package aedyn.metrics;

import aedyn.data.Matrices;

/**
 * Paper 1's expected (population) gradient for the mixture model, from the proof of Theorem 4 (i):
 * g_i = -p_i lambda_i A_i + p_i (lambda_i + b_i)^2 W_i with lambda_i = &lt;W_i, A_i&gt;, neuron i matched to atom i.
 * For a sample y = A_j + eta that activates only its own neuron the expectation is exact, noise included; the
 * paper's gamma collects what other neurons' activations add.
 */
public final class PopulationGradient {
    private PopulationGradient() {
    }

    /**
     * The expected gradient, n x m column-major in the neurons' order.
     *
     * @param a the ground truth A (n x m), w the weights W (n x m), b the bias (m), p the mixing weights p_i (m)
     * @param matching which neuron stands for which atom
     */
    public static double[] mixture(double[] a, double[] w, double[] b, double[] p, int n, int m, Matching matching) {
        if (a.length != n * m || w.length != n * m || b.length != m || p.length != m || matching.size() != m) {
            throw new IllegalArgumentException("shapes: A " + a.length + ", W " + w.length + ", b " + b.length
                    + ", p " + p.length + ", matching " + matching.size() + " for n = " + n + ", m = " + m);
        }
        int[] neuron = matching.neuronOfAtom();
        double[] g = new double[n * m];
        for (int i = 0; i < m; i++) {
            int j = neuron[i];
            double lambda = 0;
            for (int r = 0; r < n; r++) lambda += w[j * n + r] * a[i * n + r];
            double shrink = p[i] * (lambda + b[j]) * (lambda + b[j]);
            for (int r = 0; r < n; r++) g[j * n + r] = -p[i] * lambda * a[i * n + r] + shrink * w[j * n + r];
        }
        return g;
    }

    /** ||g - reference||_F / ||reference||_F. */
    public static double relativeError(double[] g, double[] reference) {
        return aedyn.data.Matrices.relativeDistance(g, reference);
    }
}
