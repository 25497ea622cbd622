package aedyn.study;

/**
 * Bytes one cohort holds at the peak of an iteration, by where they live: pure arithmetic over the members' shapes,
 * so that each term can be checked by hand. Matrices are float64 (8 bytes an entry). Per member, a pass holds:
 * <ul>
 *   <li>on the driver during the pass: theta^s, theta^0 (kept for the movement metrics), the serialized broadcast of
 *   the pass's model and the pass's running total; during the step after it: theta^s, theta^{s+1}, theta^0, the
 *   broadcast not yet collected, the total and the mean gradient (one more with l2), and paper 1's matching of W
 *   to A (three m x m matrices) when the width equals data.m;</li>
 *   <li>in each running task: the member's gradient sums, its kernel's panel buffers and its share of the serialized
 *   task result, whose doubling buffer holds up to 1.5 times the result as it grows;</li>
 *   <li>for each task result on the driver: the stored bytes (local mode) or the fetched ones, and the deserialized
 *   sums.</li>
 * </ul>
 * Checked against measured peaks in the README's "Memory" section.
 */
public record CohortMemory(java.util.List<Member> members) {
    static final long DOUBLE = 8;
    /** What Java serialization adds to a task's result beyond its arrays (object headers, counters, Spark's wrapper). */
    static final long RESULT_OVERHEAD = 4096;

    /**
     * One run of the cohort.
     *
     * @param n         input dimension
     * @param m         hidden units
     * @param matrices  n x m matrices in theta: 1 tied (W), 2 untied (V, U)
     * @param gradients n x m matrices in a gradient: 1 tied or encoder-only, 2 untied joint
     * @param paperOne  paper 1's kernel (tied, standard scale, piecewise linear), whose buffers differ
     * @param panel     samples per kernel panel ({@code BlockKernel.panelFor})
     * @param l2        whether the l2 term adds a copy of the gradient
     * @param matching  whether paper 1's matching of W to A (width = data.m) is computed every iteration
     * @param probe     P, the tangent kernel's probe (0: none; SPEC 8.1)
     * @param twin      the linearized twin, whose broadcast model carries theta^0 beside theta (SPEC 8.4)
     */
    public record Member(int n, int m, int matrices, int gradients, boolean paperOne, int panel, boolean l2,
                         boolean matching, int probe, boolean twin) {
        public Member(int n, int m, int matrices, int gradients, boolean paperOne, int panel, boolean l2,
                      boolean matching) {
            this(n, m, matrices, gradients, paperOne, panel, l2, matching, 0, false);
        }

        long matrix() {
            return DOUBLE * n * m;
        }

        /** theta. */
        public long parameters() {
            return matrices * matrix() + DOUBLE * m;
        }

        /** The gradient sums. */
        public long gradient() {
            return gradients * matrix() + DOUBLE * m;
        }

        /**
         * The kernel's buffers in one task. The general kernel: Z^T, H^T, D^T, H (panel x m each) and R (n x panel).
         * Paper 1's: X^T, X (panel x m), R (n x panel), K and S (m x m), its columns of the group's two panel x km
         * products and, in a group of several, of W side by side and its pending product (n x km).
         */
        public long workspace(boolean grouped) {
            long p = panel;
            if (!paperOne) return DOUBLE * (4 * p * m + n * p);
            return DOUBLE * (4 * p * m + n * p + 2L * m * m + (grouped ? 2 * (long) n * m : 0));
        }

        /** The model a pass broadcasts: theta, and theta^0 too for a twin. */
        public long broadcast() {
            return (twin ? 2 : 1) * parameters();
        }

        /** What the driver holds of the member while the pass runs. */
        public long driverPass() {
            return 2 * parameters() + broadcast() + gradient() + probeHeld();
        }

        /** What the driver holds of the member while it steps, after the pass (the kernel's rows included). */
        public long driverStep() {
            return 3 * parameters() + broadcast() + (2 + (l2 ? 1 : 0)) * gradient() + (matching ? 3 * DOUBLE * m * m : 0)
                    + probeHeld() + kernelRow();
        }

        /** The probe's samples and K(0), kept for the run (P^2 + n P doubles). */
        long probeHeld() {
            return DOUBLE * ((long) probe * probe + (long) n * probe);
        }

        /**
         * A kernel row (TangentKernel, SymmetricEigen): K, M, Y^T Y and the tied cross term (4 P^2), LAPACK's two
         * copies (2 P^2) and the neuron panels (3 x 256 x P).
         */
        long kernelRow() {
            return DOUBLE * (6L * probe * probe + 3L * 256 * probe);
        }
    }

    /** The serialized result of one task: every member's sums. */
    public long result() {
        return members.stream().mapToLong(Member::gradient).sum() + RESULT_OVERHEAD;
    }

    /** One running task: the sums, the buffers and the result being serialized (1.5 times, as its buffer doubles). */
    public long task() {
        boolean grouped = members.size() > 1;
        return members.stream().mapToLong(x -> x.gradient() + x.workspace(grouped)).sum() + 3 * result() / 2;
    }

    /** The driver's own state during the pass, over every member. */
    public long driverPass() {
        return members.stream().mapToLong(Member::driverPass).sum();
    }

    /** The driver's own state during the step, over every member. */
    public long driverStep() {
        return members.stream().mapToLong(Member::driverStep).sum();
    }

    /** Task results held on the driver at once: {@code results} of them, each {@code copies} times. */
    public long driverResults(int results, int copies) {
        return (long) results * copies * result();
    }

    /** Broadcast models on an executor: the fetched pieces and the deserialized value. */
    public long executorBroadcasts() {
        return 2 * members.stream().mapToLong(Member::broadcast).sum();
    }
}
