package aedyn.data;

/**
 * Derives independent seeds from a master seed and a path of integers (SplitMix64 finalizer),
 * so that every chunk of samples, every run and every iteration has a stream of its own that does
 * not depend on how the work is partitioned.
 */
public final class Seeds {
    private Seeds() {
    }

    public static long derive(long seed, long... path) {
        long h = mix(seed ^ 0x6A09E667F3BCC909L);
        for (long p : path) {
            h = mix(h ^ mix(p + 0x9E3779B97F4A7C15L));
        }
        return h;
    }

    /** A seed from a text label, for deriving streams from named grid points. */
    public static long derive(long seed, String label) {
        long h = seed;
        for (int i = 0; i < label.length(); i++) {
            h = mix(h ^ label.charAt(i)) + i;
        }
        return derive(h, label.length());
    }

    static long mix(long z) {
        z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
        z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
        return z ^ (z >>> 31);
    }
}
