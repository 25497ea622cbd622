package aedyn.init;

import aedyn.data.Matrices;
import aedyn.data.SampleBlock;
import aedyn.data.Samples;
import dev.ludovic.netlib.blas.BLAS;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.SplittableRandom;

/**
 * The spectral initialization of SPEC section 3 (Arora, Ge, Ma and Moitra 2015): for a pair of samples u, v whose
 * supports share one atom, the top eigenvector of M_{u,v} = (1/N) Σ ⟨y,u⟩⟨y,v⟩ y yᵀ is close to that atom.
 *
 * <p>A pair is needed only through the top eigenvectors of its M, so no n x n matrix is formed: a round takes a
 * batch of pairs and runs block (subspace) iteration with two vectors per pair, one distributed pass per step, each
 * pass computing M_{u,v} X for every pair of the batch with GEMMs ({@link SpectralKernel}). The two Ritz values
 * say whether the top eigenvalue is isolated; the kept eigenvectors are merged up to sign into atoms.
 *
 * <p>One type for one job: the pair selection, the block iteration and the merging into atoms share the pool and
 * the atoms found so far, which is why it runs past 400 lines.
 *
 * <p>Pairs come from a pool of samples held on the driver. A pair is a candidate when |⟨u,v⟩| is of the size of
 * one shared code entry (between 0.5 and 1.5: sparse codes have E[x²] ≈ 1), and, after the first round, when no
 * atom already found is present in both u and v (|⟨u,a⟩| and |⟨v,a⟩| at least 0.5): later rounds look only for
 * the atoms still missing, which takes about 3m pairs instead of the m log m of pairs drawn blindly.
 */
public final class SpectralInit {
    private static final Logger LOG = LoggerFactory.getLogger(SpectralInit.class);
    private static final BLAS BLAS_ = BLAS.getInstance();
    /** Vectors per pair in the block iteration: the second gives the Ritz value that tests isolation. */
    static final int VECTORS = 2;
    /** Two estimates are of one atom when |cos| is at least this (about 37 degrees; atoms are far less coherent). */
    static final double MERGE_COSINE = 0.8;
    /** A pool sample contains an atom a when |⟨y,a⟩| is at least this (the atom's code entry has |x| ≈ 1). */
    static final double PRESENT = 0.5;
    static final double SHARED_LOW = 0.5;
    static final double SHARED_HIGH = 1.5;
    /** An eigenvector is kept only when its Davis-Kahan bound ‖M x − θ x‖ / (θ₁ − |θ₂|) is at most this. */
    static final double MAX_RESIDUAL_BOUND = 0.25;
    /** Pairs of a round: two per missing atom (most pairs are kept and share an unknown atom), at least this many. */
    static final int MIN_ROUND = 64;
    private static final int TREE_DEPTH = 2;

    private SpectralInit() {
    }

    /**
     * One atom of W^0: how many kept pairs found it, the best ratio |θ₂|/θ₁ among them, the smallest Davis-Kahan bound
     * among them, and the root-mean-square distance of the pairs' estimates from the merged atom (its estimated
     * closeness; 0 when one pair found it). A column filled at random because too few atoms were found has pairs 0.
     */
    public record Atom(int pairs, double eigenRatio, double residualBound, double spread) {
    }

    /** W^0 (n x m, unit columns) and how it was found. */
    public record Result(double[] w, int pairsTried, int pairsKept, int passes, int rounds, int atomsFound,
                         int poolSize, List<Atom> atoms, double seconds) {
    }

    /** An eigenvector kept from one pair. */
    record Estimate(double[] x, double eigenRatio, double residualBound) {
    }

    /** Estimates merged up to sign: their sign-aligned sum, normalized, is the atom. */
    static final class Cluster {
        final double[] sum;
        final double[] atom;
        final List<double[]> members = new ArrayList<>();
        double bestRatio = Double.POSITIVE_INFINITY;
        double bestBound = Double.POSITIVE_INFINITY;

        Cluster(int n) {
            sum = new double[n];
            atom = new double[n];
        }

        void add(Estimate e, double sign) {
            double[] x = e.x().clone();
            if (sign < 0) for (int i = 0; i < x.length; i++) x[i] = -x[i];
            members.add(x);
            double norm = 0;
            for (int i = 0; i < sum.length; i++) {
                sum[i] += x[i];
                norm += sum[i] * sum[i];
            }
            norm = Math.sqrt(norm);
            for (int i = 0; i < sum.length; i++) atom[i] = sum[i] / norm;
            bestRatio = Math.min(bestRatio, e.eigenRatio());
            bestBound = Math.min(bestBound, e.residualBound());
        }

        double spread() {
            if (members.size() < 2) return 0;
            double total = 0;
            for (double[] x : members) {
                double d = 0;
                for (int i = 0; i < x.length; i++) d += (x[i] - atom[i]) * (x[i] - atom[i]);
                total += d;
            }
            return Math.sqrt(total / members.size());
        }
    }

    /**
     * W^0 from the samples.
     *
     * @param samples the run's (cached) samples
     * @param seed    the run's initialization seed: the columns filled at random if fewer than m atoms are found
     * @param runName named in the Spark jobs' descriptions
     */
    public static Result run(Samples samples, int n, int m, Init.Spectral settings, long seed, String runName) {
        long start = System.nanoTime();
        double[] pool = pool(samples, n, settings.pool());
        int poolSize = pool.length / n;
        long[] candidates = candidatePairs(pool, n, poolSize);
        SplittableRandom rng = new SplittableRandom(seed);

        List<Cluster> clusters = new ArrayList<>();
        Set<Long> tried = new HashSet<>();
        int pairsTried = 0;
        int kept = 0;
        int passes = 0;
        int rounds = 0;
        while (pairsTried < settings.pairs() && clusters.size() < m) {
            int want = Math.max(MIN_ROUND, Math.min(settings.pairsPerPass(), 2 * (m - clusters.size())));
            want = Math.min(want, settings.pairs() - pairsTried);
            int[][] present = present(pool, n, poolSize, clusters);
            long[] batch = selectPairs(candidates, tried, present, poolSize, want);
            if (batch.length == 0) break;
            rounds++;
            pairsTried += batch.length;
            List<Estimate> estimates = new ArrayList<>();
            passes += iterate(samples, pool, n, batch, settings, runName, rounds, estimates);
            kept += estimates.size();
            merge(clusters, estimates, MERGE_COSINE);
            LOG.info("spectral initialization of {}: round {}, {} pairs, {} kept, {} atoms so far", runName, rounds,
                    batch.length, estimates.size(), clusters.size());
        }
        clusters.sort(Comparator.comparingInt((Cluster c) -> -c.members.size()).thenComparingDouble(c -> c.bestRatio));
        double[] w = new double[n * m];
        List<Atom> atoms = new ArrayList<>();
        int found = Math.min(m, clusters.size());
        for (int j = 0; j < found; j++) {
            Cluster c = clusters.get(j);
            System.arraycopy(c.atom, 0, w, j * n, n);
            atoms.add(new Atom(c.members.size(), c.bestRatio, c.bestBound, c.spread()));
        }
        if (found < m) {
            double[] fill = Matrices.normalizedGaussian(n, m - found, rng);
            System.arraycopy(fill, 0, w, found * n, fill.length);
            for (int j = found; j < m; j++) atoms.add(new Atom(0, Double.NaN, Double.NaN, Double.NaN));
            LOG.warn("spectral initialization of {}: {} of {} atoms found after {} pairs; the other columns are random",
                    runName, found, m, pairsTried);
        }
        double seconds = (System.nanoTime() - start) / 1e9;
        LOG.info("spectral initialization of {}: {} atoms from {} pairs ({} kept) in {} passes, {} rounds, pool of {} samples, {} s",
                runName, found, pairsTried, kept, passes, rounds, poolSize, String.format("%.1f", seconds));
        return new Result(w, pairsTried, kept, passes, rounds, found, poolSize, List.copyOf(atoms), seconds);
    }

    /** The first {@code size} samples (or all, if fewer), n x size column-major; the samples are i.i.d. */
    static double[] pool(Samples samples, int n, int size) {
        int blocks = 1;
        while (true) {
            List<SampleBlock> first = samples.firstBlocks(blocks);
            long have = 0;
            for (SampleBlock b : first) have += b.count();
            if (have >= size || first.size() < blocks) {
                int s = (int) Math.min(size, have);
                double[] pool = new double[n * s];
                int at = 0;
                for (SampleBlock b : first) {
                    int c = Math.min(b.count(), s - at);
                    System.arraycopy(b.y(), 0, pool, at * n, c * n);
                    at += c;
                    if (at == s) break;
                }
                return pool;
            }
            blocks *= 2;
        }
    }

    /**
     * Pairs (i < j) of pool samples with SHARED_LOW ≤ |⟨y_i, y_j⟩| ≤ SHARED_HIGH, each as i << 32 | j, those with
     * |⟨y_i, y_j⟩| nearest 1 (one shared entry of size 1, little else) first: later rounds, which skip pairs sharing
     * a known atom, then still find pairs that share exactly one atom rather than pairs near the window's edges,
     * whose inner product is mostly the other atoms' overlap.
     */
    static long[] candidatePairs(double[] pool, int n, int size) {
        int panel = 512;
        double[] g = new double[panel * size];
        long[] out = new long[1024];
        double[] dist = new double[1024];
        int count = 0;
        for (int i0 = 0; i0 < size; i0 += panel) {
            int rows = Math.min(panel, size - i0);
            // g = pool[:, i0..i0+rows)ᵀ pool: rows x size, leading dimension rows.
            BLAS_.dgemm("T", "N", rows, size, n, 1.0, pool, i0 * n, n, pool, 0, n, 0.0, g, 0, rows);
            for (int j = i0 + 1; j < size; j++) {
                for (int i = 0; i < rows && i0 + i < j; i++) {
                    double a = Math.abs(g[j * rows + i]);
                    if (a >= SHARED_LOW && a <= SHARED_HIGH) {
                        if (count == out.length) {
                            out = Arrays.copyOf(out, 2 * count);
                            dist = Arrays.copyOf(dist, 2 * count);
                        }
                        dist[count] = Math.abs(a - 1);
                        out[count++] = ((long) (i0 + i) << 32) | j;
                    }
                }
            }
        }
        final double[] d = dist;
        Integer[] order = new Integer[count];
        for (int i = 0; i < count; i++) order[i] = i;
        Arrays.sort(order, Comparator.comparingDouble(i -> d[i]));
        long[] sorted = new long[count];
        for (int i = 0; i < count; i++) sorted[i] = out[order[i]];
        return sorted;
    }

    /** For every pool sample, the indices of the found atoms present in it (|⟨y, a⟩| ≥ PRESENT). */
    static int[][] present(double[] pool, int n, int size, List<Cluster> clusters) {
        int[][] out = new int[size][];
        int f = clusters.size();
        if (f == 0) {
            Arrays.fill(out, new int[0]);
            return out;
        }
        double[] atoms = new double[n * f];
        for (int a = 0; a < f; a++) System.arraycopy(clusters.get(a).atom, 0, atoms, a * n, n);
        double[] c = new double[f * size];
        // c = atomsᵀ pool: f x size.
        BLAS_.dgemm("T", "N", f, size, n, 1.0, atoms, 0, n, pool, 0, n, 0.0, c, 0, f);
        for (int j = 0; j < size; j++) {
            int[] tmp = new int[f];
            int k = 0;
            for (int a = 0; a < f; a++) if (Math.abs(c[j * f + a]) >= PRESENT) tmp[k++] = a;
            out[j] = Arrays.copyOf(tmp, k);
        }
        return out;
    }

    /**
     * Up to {@code want} untried candidates in their (shuffled) order, no pool sample twice in one round, skipping
     * pairs in which one found atom is present in both samples (their shared atom is probably known already).
     */
    static long[] selectPairs(long[] candidates, Set<Long> tried, int[][] present, int size, int want) {
        boolean[] used = new boolean[size];
        long[] batch = new long[want];
        int count = 0;
        for (long c : candidates) {
            if (count == want) break;
            int i = (int) (c >>> 32);
            int j = (int) c;
            if (used[i] || used[j] || tried.contains(c) || shareAny(present[i], present[j])) continue;
            used[i] = true;
            used[j] = true;
            tried.add(c);
            batch[count++] = c;
        }
        return Arrays.copyOf(batch, count);
    }

    private static boolean shareAny(int[] a, int[] b) {
        for (int x : a) for (int y : b) if (x == y) return true;
        return false;
    }

    /**
     * Block iteration for one batch of pairs: {@code settings.powerIterations()} distributed passes, each computing
     * M_{u,v} X for every pair; then Rayleigh-Ritz on each pair's two vectors. Kept estimates go to {@code into}.
     *
     * @return the number of passes
     */
    static int iterate(Samples samples, double[] pool, int n, long[] batch,
                       Init.Spectral settings, String runName, int round, List<Estimate> into) {
        int p = batch.length;
        int r = VECTORS;
        double[] q = new double[n * (2 + r) * p];
        int xOff = 2 * p * n;
        for (int b = 0; b < p; b++) {
            int i = (int) (batch[b] >>> 32);
            int j = (int) batch[b];
            double s = Math.signum(dot(pool, i * n, pool, j * n, n));
            // v is oriented so that ⟨u, v⟩ > 0: then the shared atom's eigenvalue of M_{u,v} is the positive one.
            for (int t = 0; t < n; t++) {
                double u = pool[i * n + t];
                double v = s * pool[j * n + t];
                q[b * n + t] = u;
                q[(p + b) * n + t] = v;
                q[xOff + (b * r) * n + t] = u + v;      // the shared atom counts twice here
                q[xOff + (b * r + 1) * n + t] = u - v;
            }
            orthonormalize(q, xOff + b * r * n, n);
        }
        double[] z = null;
        int iterations = settings.powerIterations();
        for (int it = 1; it <= iterations; it++) {
            if (it > 1) {
                System.arraycopy(z, 0, q, xOff, z.length);
                for (int b = 0; b < p; b++) orthonormalize(q, xOff + b * r * n, n);
            }
            z = pass(samples, q, n, p, r, "spectral initialization round " + round + ", pass " + it + "/" + iterations
                    + " · " + p + " pairs · run " + runName);
        }
        for (int b = 0; b < p; b++) {
            Estimate e = ritz(q, xOff + b * r * n, z, b * r * n, n, settings.maxEigenRatio());
            if (e != null) into.add(e);
        }
        return iterations;
    }

    /** M_{u,v} X for every pair: one sum over the samples with Q = [U V X] shared by every partition. */
    static double[] pass(Samples samples, double[] q, int n, int pairs, int r, String description) {
        SpectralSums total = samples.sum(0, q, (operand, blocks) -> {
            SpectralSums part = new SpectralSums(n, pairs, r, operand);
            while (blocks.hasNext()) part.add(blocks.next());
            return part;
        }, SpectralSums::merge, TREE_DEPTH, description);
        if (total.count() == 0) throw new IllegalStateException("the spectral initialization found no samples");
        double[] z = total.sums();
        double inv = 1.0 / total.count();
        for (int i = 0; i < z.length; i++) z[i] *= inv;
        return z;
    }

    /**
     * Rayleigh-Ritz on one pair's two orthonormal vectors X (at {@code xOff} in {@code q}) with Z = M X (at
     * {@code zOff}): the Ritz values θ₁ ≥ θ₂ of H = Xᵀ M X and the top Ritz vector. The estimate is kept when
     * θ₁ > 0, |θ₂| ≤ maxRatio θ₁ (the top eigenvalue is isolated) and the Davis-Kahan bound is at most
     * MAX_RESIDUAL_BOUND; else null.
     */
    static Estimate ritz(double[] q, int xOff, double[] z, int zOff, int n, double maxRatio) {
        double h11 = dot(q, xOff, z, zOff, n);
        double h22 = dot(q, xOff + n, z, zOff + n, n);
        double h12 = 0.5 * (dot(q, xOff, z, zOff + n, n) + dot(q, xOff + n, z, zOff, n));
        double mean = 0.5 * (h11 + h22);
        double radius = Math.hypot(0.5 * (h11 - h22), h12);
        double t1 = mean + radius;
        double t2 = mean - radius;
        if (!(t1 > 0) || Math.abs(t2) > maxRatio * t1) return null;
        // Eigenvector of H for t1: (h12, t1 - h11), or (t1 - h22, h12); the larger is the better conditioned.
        double c1 = h12;
        double c2 = t1 - h11;
        if (Math.hypot(c1, c2) < Math.hypot(t1 - h22, h12)) {
            c1 = t1 - h22;
            c2 = h12;
        }
        double cn = Math.hypot(c1, c2);
        if (cn == 0) {
            c1 = 1;
            c2 = 0;
        } else {
            c1 /= cn;
            c2 /= cn;
        }
        double[] x = new double[n];
        double res = 0;
        for (int i = 0; i < n; i++) {
            x[i] = c1 * q[xOff + i] + c2 * q[xOff + n + i];
            double mx = c1 * z[zOff + i] + c2 * z[zOff + n + i];
            res += (mx - t1 * x[i]) * (mx - t1 * x[i]);
        }
        double bound = Math.sqrt(res) / (t1 - Math.abs(t2));
        if (!(bound <= MAX_RESIDUAL_BOUND)) return null;
        return new Estimate(x, Math.abs(t2) / t1, bound);
    }

    /**
     * Merges estimates into clusters, best (smallest eigen-ratio) first: each joins the cluster whose atom has the
     * largest |cos| with it if that is at least {@code cosine}, else starts one.
     */
    static void merge(List<Cluster> clusters, List<Estimate> estimates, double cosine) {
        List<Estimate> sorted = new ArrayList<>(estimates);
        sorted.sort(Comparator.comparingDouble(Estimate::eigenRatio));
        for (Estimate e : sorted) {
            int n = e.x().length;
            Cluster best = null;
            double bestCos = 0;
            for (Cluster c : clusters) {
                double cos = dot(c.atom, 0, e.x(), 0, n);
                if (Math.abs(cos) > Math.abs(bestCos)) {
                    bestCos = cos;
                    best = c;
                }
            }
            if (best != null && Math.abs(bestCos) >= cosine) {
                best.add(e, Math.signum(bestCos));
            } else {
                Cluster c = new Cluster(n);
                c.add(e, 1);
                clusters.add(c);
            }
        }
    }

    /** Gram-Schmidt on two consecutive vectors of length n at {@code off}; a degenerate second one becomes e_k ⊥ first. */
    static void orthonormalize(double[] a, int off, int n) {
        scale(a, off, n, 1 / Math.sqrt(dot(a, off, a, off, n)));
        double c = dot(a, off, a, off + n, n);
        for (int i = 0; i < n; i++) a[off + n + i] -= c * a[off + i];
        double norm = Math.sqrt(dot(a, off + n, a, off + n, n));
        if (!(norm > 1e-12)) {
            int k = 0;
            for (int i = 1; i < n; i++) if (Math.abs(a[off + i]) < Math.abs(a[off + k])) k = i;
            for (int i = 0; i < n; i++) a[off + n + i] = (i == k ? 1 : 0) - a[off + k] * a[off + i];
            norm = Math.sqrt(dot(a, off + n, a, off + n, n));
        }
        scale(a, off + n, n, 1 / norm);
    }

    private static void scale(double[] a, int off, int n, double s) {
        for (int i = 0; i < n; i++) a[off + i] *= s;
    }

    static double dot(double[] a, int aOff, double[] b, int bOff, int n) {
        double s = 0;
        for (int i = 0; i < n; i++) s += a[aOff + i] * b[bOff + i];
        return s;
    }
}
