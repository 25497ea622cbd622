package aedyn.data;

import dev.ludovic.netlib.blas.BLAS;

import java.io.Serializable;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

/**
 * Correlated Gaussian data y ~ N(0, Σ), Σ = Q diag(λ) Qᵀ (SPEC section 6): the eigenvalues are given as blocks
 * (dimension, eigenvalue), largest first, over a bulk eigenvalue that fills the rest of n; Q is a random
 * orthogonal matrix drawn from a seed, or the identity. A block of samples is Y = Q (√λ ∘ G) with G standard
 * normal, one GEMM per block. Like {@link SampleGenerator}, samples are seeded per {@link SampleGenerator#CHUNK},
 * so sample j does not depend on block size, partitioning or executor.
 *
 * @param q the n x n basis, column-major, or null for the identity
 */
public record GaussianSpectrum(int n, List<Block> blocks, double bulk, double[] q, long seed) implements Serializable {
    private static final BLAS BLAS_ = BLAS.getInstance();
    /** Standard normals of the block being drawn, before the rotation; one buffer per executor thread. */
    private static final ThreadLocal<double[]> SCRATCH = ThreadLocal.withInitial(() -> new double[0]);

    /** {@code dim} eigen-directions sharing {@code eigenvalue}. */
    public record Block(int dim, double eigenvalue) implements Serializable {
        public Block {
            if (dim < 1) throw new IllegalArgumentException("a block's dimension must be >= 1, got " + dim);
            if (!(eigenvalue >= 0) || !Double.isFinite(eigenvalue)) {
                throw new IllegalArgumentException("a block's eigenvalue must be a finite number >= 0, got " + eigenvalue);
            }
        }
    }

    public GaussianSpectrum {
        blocks = List.copyOf(blocks);
        int used = 0;
        for (int j = 0; j < blocks.size(); j++) {
            used += blocks.get(j).dim();
            if (j > 0 && blocks.get(j).eigenvalue() > blocks.get(j - 1).eigenvalue()) {
                throw new IllegalArgumentException("blocks must come largest eigenvalue first, got " + blocks);
            }
        }
        if (used > n) throw new IllegalArgumentException("the blocks span " + used + " dimensions, more than n = " + n);
        if (!(bulk >= 0) || !Double.isFinite(bulk)) throw new IllegalArgumentException("bulk must be a finite number >= 0, got " + bulk);
        if (q != null && q.length != n * n) throw new IllegalArgumentException("Q must be n x n with n = " + n);
    }

    /**
     * The model with Q drawn from {@code basisSeed} (Haar-distributed) when {@code rotate}, the identity otherwise;
     * samples are drawn from {@code sampleSeed}.
     */
    public static GaussianSpectrum of(int n, List<Block> blocks, double bulk, boolean rotate, long basisSeed, long sampleSeed) {
        return new GaussianSpectrum(n, blocks, bulk, rotate ? randomOrthogonal(n, basisSeed) : null, sampleSeed);
    }

    /** The n eigenvalues of Σ in the order of Q's columns: the blocks', then the bulk's. */
    public double[] eigenvalues() {
        double[] lambda = new double[n];
        int i = 0;
        for (Block b : blocks) {
            for (int t = 0; t < b.dim(); t++) lambda[i++] = b.eigenvalue();
        }
        while (i < n) lambda[i++] = bulk;
        return lambda;
    }

    /** The known eigen-blocks of Σ: each block's columns of Q, its eigenvalues, and the trace. */
    public EigenBlocks eigenBlocks() {
        double[] lambda = eigenvalues();
        List<double[]> bases = new ArrayList<>();
        double[] sums = new double[blocks.size()];
        int first = 0;
        for (int j = 0; j < blocks.size(); j++) {
            int d = blocks.get(j).dim();
            double[] basis = new double[n * d];
            for (int t = 0; t < d; t++) {
                if (q == null) {
                    basis[t * n + first + t] = 1.0;
                } else {
                    System.arraycopy(q, (first + t) * n, basis, t * n, n);
                }
            }
            bases.add(basis);
            sums[j] = d * blocks.get(j).eigenvalue();
            first += d;
        }
        double trace = 0;
        for (double l : lambda) trace += l;
        return new EigenBlocks(n, bases, sums, trace);
    }

    /**
     * Samples [first, first + count) of the stream with the given seed, written into {@code reuse}'s array when it is
     * large enough. {@code first} must be a multiple of CHUNK.
     */
    public SampleBlock fill(long streamSeed, long first, int count, SampleBlock reuse) {
        if (first % SampleGenerator.CHUNK != 0) {
            throw new IllegalArgumentException("block start " + first + " is not a multiple of " + SampleGenerator.CHUNK);
        }
        double[] y = reuse != null && reuse.y().length >= n * count ? reuse.y() : new double[n * count];
        double[] g = y;
        if (q != null) {
            g = SCRATCH.get();
            if (g.length < n * count) {
                g = new double[n * count];
                SCRATCH.set(g);
            }
        }
        double[] sd = eigenvalues();
        for (int i = 0; i < n; i++) sd[i] = Math.sqrt(sd[i]);
        SplittableRandom rng = null;
        for (int j = 0; j < count; j++) {
            if (j % SampleGenerator.CHUNK == 0) {
                rng = new SplittableRandom(Seeds.derive(streamSeed, (first + j) / SampleGenerator.CHUNK));
            }
            int off = j * n;
            for (int i = 0; i < n; i++) g[off + i] = sd[i] * rng.nextGaussian();
        }
        if (q != null) {
            BLAS_.dgemm("N", "N", n, count, n, 1.0, q, n, g, n, 0.0, y, n);
        }
        return SampleBlock.uncoded(n, count, y);
    }

    /**
     * A Haar-distributed orthogonal n x n matrix (column-major): Householder QR of a standard Gaussian matrix, with
     * each column of Q multiplied by the sign of R's diagonal entry (Mezzadri 2007). Plain Java, so the basis does
     * not depend on the machine's LAPACK.
     */
    public static double[] randomOrthogonal(int n, long seed) {
        SplittableRandom rng = new SplittableRandom(seed);
        double[] a = new double[n * n];
        for (int i = 0; i < a.length; i++) a[i] = rng.nextGaussian();
        double[][] v = new double[n][];
        double[] rDiag = new double[n];
        for (int k = 0; k < n; k++) {
            int len = n - k;
            double norm = 0;
            for (int i = k; i < n; i++) norm += a[k * n + i] * a[k * n + i];
            norm = Math.sqrt(norm);
            double x0 = a[k * n + k];
            double alpha = x0 >= 0 ? -norm : norm; // R_kk; the sign avoids cancellation in v_0
            double[] vk = new double[len];
            for (int i = 0; i < len; i++) vk[i] = a[k * n + k + i];
            vk[0] -= alpha;
            double vn = 0;
            for (double x : vk) vn += x * x;
            vn = Math.sqrt(vn);
            if (vn > 0) {
                for (int i = 0; i < len; i++) vk[i] /= vn;
                for (int col = k; col < n; col++) reflect(vk, a, col * n + k);
            }
            v[k] = vn > 0 ? vk : null;
            rDiag[k] = alpha;
        }
        double[] q = new double[n * n];
        for (int i = 0; i < n; i++) q[i * n + i] = 1.0;
        for (int k = n - 1; k >= 0; k--) {
            if (v[k] == null) continue;
            for (int col = 0; col < n; col++) reflect(v[k], q, col * n + k);
        }
        for (int k = 0; k < n; k++) {
            if (rDiag[k] < 0) {
                for (int i = 0; i < n; i++) q[k * n + i] = -q[k * n + i];
            }
        }
        return q;
    }

    /** x ← (I − 2 v vᵀ) x for the segment of {@code a} of v's length starting at {@code off}. */
    private static void reflect(double[] v, double[] a, int off) {
        double dot = 0;
        for (int i = 0; i < v.length; i++) dot += v[i] * a[off + i];
        dot *= 2;
        for (int i = 0; i < v.length; i++) a[off + i] -= dot * v[i];
    }
}
