package aedyn.metrics;

import java.util.Arrays;

/**
 * Exact maximum-weight assignment on a square matrix (SPEC.md section 4): shortest augmenting paths with
 * row and column potentials (Jonker-Volgenant / Kuhn-Munkres), O(m^3) time and O(m^2) memory.
 */
public final class Hungarian {
    private Hungarian() {
    }

    /**
     * The assignment of rows to columns with the largest total weight.
     *
     * @param weight m x m, column-major: {@code weight[i + j*m]} is the value of giving column j to row i;
     *               any finite values, negative and tied ones included
     * @param m      number of rows and columns, at least 1
     * @return {@code assignment} with {@code assignment[i]} the column given to row i (a permutation of 0..m-1)
     */
    public static int[] maximize(double[] weight, int m) {
        if (m < 1) {
            throw new IllegalArgumentException("m = " + m + " must be at least 1");
        }
        if (weight == null || weight.length != (long) m * m) {
            throw new IllegalArgumentException("weight length = " + (weight == null ? "null" : weight.length)
                    + " must be m*m = " + (long) m * m);
        }
        // Row-major costs so the inner loop over columns reads memory in order; negating turns max into min.
        double[] cost = new double[m * m];
        for (int j = 0; j < m; j++) {
            int col = j * m;
            for (int i = 0; i < m; i++) {
                double w = weight[col + i];
                if (!Double.isFinite(w)) {
                    throw new IllegalArgumentException("weight[" + i + " + " + j + "*m] = " + w
                            + " must be finite");
                }
                cost[i * m + j] = -w;
            }
        }
        return minimizeRowMajor(cost, m);
    }

    // Index 0 of columns is a virtual column that holds the row being inserted; rows and columns are 1-based.
    private static int[] minimizeRowMajor(double[] cost, int m) {
        double[] u = new double[m + 1];
        double[] v = new double[m + 1];
        int[] rowOfCol = new int[m + 1];
        int[] way = new int[m + 1];
        double[] minv = new double[m + 1];
        boolean[] used = new boolean[m + 1];
        for (int row = 1; row <= m; row++) {
            rowOfCol[0] = row;
            int j0 = 0;
            Arrays.fill(minv, Double.POSITIVE_INFINITY);
            Arrays.fill(used, false);
            do {
                used[j0] = true;
                int i0 = rowOfCol[j0];
                int rowOff = (i0 - 1) * m - 1;
                double ui0 = u[i0];
                double delta = Double.POSITIVE_INFINITY;
                int j1 = -1;
                for (int j = 1; j <= m; j++) {
                    if (used[j]) continue;
                    double cur = cost[rowOff + j] - ui0 - v[j];
                    if (cur < minv[j]) {
                        minv[j] = cur;
                        way[j] = j0;
                    }
                    if (minv[j] < delta) {
                        delta = minv[j];
                        j1 = j;
                    }
                }
                // Unreachable with finite costs; guards an endless loop if arithmetic ever produced NaN.
                if (j1 < 0) {
                    throw new IllegalStateException("no augmenting column found for row " + (row - 1));
                }
                for (int j = 0; j <= m; j++) {
                    if (used[j]) {
                        u[rowOfCol[j]] += delta;
                        v[j] -= delta;
                    } else {
                        minv[j] -= delta;
                    }
                }
                j0 = j1;
            } while (rowOfCol[j0] != 0);
            do {
                int j1 = way[j0];
                rowOfCol[j0] = rowOfCol[j1];
                j0 = j1;
            } while (j0 != 0);
        }
        int[] assignment = new int[m];
        for (int j = 1; j <= m; j++) {
            assignment[rowOfCol[j] - 1] = j - 1;
        }
        return assignment;
    }
}
