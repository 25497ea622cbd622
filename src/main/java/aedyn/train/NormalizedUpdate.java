package aedyn.train;

import aedyn.data.Matrices;

/** Paper 1's normalized gradient descent: W^{s+1} = normalize(W^s - zeta g^s), every column to unit norm. */
public record NormalizedUpdate(double learningRate) {

    public NormalizedUpdate {
        if (!(learningRate > 0) || !Double.isFinite(learningRate)) {
            throw new IllegalArgumentException("train.learning-rate = " + learningRate + ": must be a finite number > 0");
        }
    }

    /** The next W; throws DivergenceException naming the column when one becomes zero or non-finite. */
    public double[] apply(double[] w, double[] gradient, int n, int m, int iteration) {
        double[] next = new double[w.length];
        for (int i = 0; i < w.length; i++) next[i] = w[i] - learningRate * gradient[i];
        int bad = Matrices.normalizeColumns(next, n, m);
        if (bad >= 0) {
            throw new DivergenceException(iteration, "column " + bad + " of W has zero or non-finite norm after the update");
        }
        return next;
    }
}
