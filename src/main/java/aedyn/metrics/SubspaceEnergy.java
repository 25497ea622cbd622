package aedyn.metrics;

import aedyn.data.EigenBlocks;
import dev.ludovic.netlib.blas.BLAS;

import java.util.ArrayList;
import java.util.List;

/**
 * Paper 3's subspace energies (SPEC section 7): energy_j = ‖P_j W‖²_F / m for the eigen-blocks P_j of the data,
 * and energy_rest for their orthogonal complement, so that the J + 1 energies sum to ‖W‖²_F / m. Plain arrays, no
 * Spark: W (or V for an untied model) is n x m column-major.
 */
public final class SubspaceEnergy {
    private static final BLAS BLAS_ = BLAS.getInstance();

    /** energy_j's column is PREFIX + j; the energy outside the blocks is REST. */
    public static final String PREFIX = "energy_";
    public static final String REST = "energy_rest";

    private SubspaceEnergy() {
    }

    /** The column names, energy_1 … energy_J then energy_rest. */
    public static List<String> columns(int blocks) {
        List<String> names = new ArrayList<>(blocks + 1);
        for (int j = 1; j <= blocks; j++) names.add(PREFIX + j);
        names.add(REST);
        return List.copyOf(names);
    }

    /**
     * energy_1 … energy_J, energy_rest of the n x m matrix {@code w}. ‖P_j W‖_F = ‖B_jᵀ W‖_F for an orthonormal basis
     * B_j, one GEMM per block; the rest is ‖W‖²_F / m minus the blocks' energies (not below 0, which only rounding
     * could reach).
     */
    public static double[] energies(double[] w, int n, int m, EigenBlocks blocks) {
        if (blocks.n() != n) throw new IllegalArgumentException("blocks of dimension " + blocks.n() + " for W with n = " + n);
        if (w.length != n * m) throw new IllegalArgumentException("W must be n x m = " + n + " x " + m + ", got " + w.length + " entries");
        int count = blocks.count();
        double[] e = new double[count + 1];
        // summed in order, not by the BLAS: energy_rest is a difference of nearly equal sums, which a
        // reordered sum's last bits move by about 1e-11 (mean-field-spiked)
        double total = 0;
        for (double v : w) total += v * v;
        double inBlocks = 0;
        for (int j = 0; j < count; j++) {
            int d = blocks.dim(j);
            double[] proj = new double[d * m];
            BLAS_.dgemm("T", "N", d, m, n, 1.0, blocks.bases().get(j), n, w, n, 0.0, proj, d);
            double ss = 0;
            for (double v : proj) ss += v * v;
            e[j] = ss / m;
            inBlocks += ss;
        }
        e[count] = Math.max(0, total - inBlocks) / m;
        return e;
    }
}
