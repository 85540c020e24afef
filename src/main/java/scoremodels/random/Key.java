package scoremodels.random;

import java.util.Arrays;
import scoremodels.Checks;

/**
 * An explicit, splittable random key, the Java counterpart of JAX's {@code PRNGKey} and
 * {@code random.split}.
 *
 * <p>A key is an immutable 64-bit value. Every function that draws random numbers takes a key,
 * and the same key always yields the same numbers, on every run and every machine: the draws
 * are a pure function of the key (a counter-based generator built on the SplitMix64 mixer), with
 * no hidden global state. To draw twice, {@link #split} the key first, exactly as in JAX.
 *
 * <p>The numbers are not JAX's numbers (JAX uses Threefry); the discipline is the same.
 */
public final class Key {
    private static final long GOLDEN = 0x9E3779B97F4A7C15L;
    private final long state;

    private Key(long state) {
        this.state = state;
    }

    /** A key from an integer seed, like {@code jax.random.PRNGKey(seed)}. */
    public static Key of(long seed) {
        return new Key(mix(seed ^ 0x5DEECE66DL));
    }

    /** The raw 64-bit state, for display and for deriving seeds of foreign generators. */
    public long state() {
        return state;
    }

    /** Splits this key into {@code num} independent keys, like {@code random.split(key, num)}. */
    public Key[] split(int num) {
        if (num < 1) {
            throw new IllegalArgumentException("num must be >= 1, got " + num);
        }
        Key[] keys = new Key[num];
        for (int i = 0; i < num; i++) {
            keys[i] = new Key(mix(state + GOLDEN * (i + 1) + 0x632BE59BD9B4E019L));
        }
        return keys;
    }

    /** Splits into two keys, the common {@code k1, k2 = random.split(key)}. */
    public Key[] split() {
        return split(2);
    }

    /** The i-th key of {@code split(n)} for any n > i, without building the whole array. */
    public Key fold(int i) {
        if (i < 0) {
            throw new IllegalArgumentException("i must be >= 0, got " + i);
        }
        return new Key(mix(state + GOLDEN * (i + 1L) + 0x632BE59BD9B4E019L));
    }

    /** The i-th raw 64-bit output of this key's stream. */
    public long bits(long i) {
        return mix(mix(state ^ 0xD1B54A32D192ED03L) + GOLDEN * (i + 1));
    }

    /** The i-th uniform double in [0, 1) of this key's stream (53 random bits). */
    public double uniformAt(long i) {
        return (bits(i) >>> 11) * 0x1.0p-53;
    }

    /** {@code n} uniform doubles in [0, 1). */
    public double[] uniform(int n) {
        checkCount(n);
        double[] out = new double[n];
        for (int i = 0; i < n; i++) {
            out[i] = uniformAt(i);
        }
        return out;
    }

    /** {@code n} uniform doubles in [lo, hi). */
    public double[] uniform(int n, double lo, double hi) {
        checkCount(n);
        if (!(hi > lo) || !Double.isFinite(lo) || !Double.isFinite(hi)) {
            throw new IllegalArgumentException("need finite lo < hi, got lo=" + lo + ", hi=" + hi);
        }
        double[] out = uniform(n);
        for (int i = 0; i < n; i++) {
            out[i] = lo + (hi - lo) * out[i];
        }
        return out;
    }

    /** {@code n} standard normal doubles (Box-Muller on pairs of this key's uniforms). */
    public double[] normal(int n) {
        checkCount(n);
        double[] out = new double[n];
        for (int i = 0; i < n; i += 2) {
            // 1 - u lies in (0, 1], so the logarithm is finite.
            double u1 = 1.0 - uniformAt(i);
            double u2 = uniformAt(i + 1L);
            double r = Math.sqrt(-2.0 * Math.log(u1));
            double a = 2.0 * Math.PI * u2;
            out[i] = r * Math.cos(a);
            if (i + 1 < n) {
                out[i + 1] = r * Math.sin(a);
            }
        }
        return out;
    }

    /** A [rows, cols] matrix of standard normals, row-major. */
    public double[][] normal(int rows, int cols) {
        checkCount(rows);
        checkCount(cols);
        double[] flat = normal(Checks.arrayLength("rows·cols", rows, cols));
        double[][] out = new double[rows][];
        for (int r = 0; r < rows; r++) {
            out[r] = Arrays.copyOfRange(flat, r * cols, (r + 1) * cols);
        }
        return out;
    }

    /** A permutation of 0..n-1 (Fisher-Yates driven by this key). */
    public int[] permutation(int n) {
        checkCount(n);
        int[] p = new int[n];
        for (int i = 0; i < n; i++) {
            p[i] = i;
        }
        for (int i = n - 1; i > 0; i--) {
            int j = (int) Math.floorMod(bits(i), (long) (i + 1));
            int tmp = p[i];
            p[i] = p[j];
            p[j] = tmp;
        }
        return p;
    }

    private static void checkCount(int n) {
        if (n < 0) {
            throw new IllegalArgumentException("count must be >= 0, got " + n);
        }
    }

    /** SplitMix64's finaliser: a bijective 64-bit mixer. */
    private static long mix(long z) {
        z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
        z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
        return z ^ (z >>> 31);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Key && ((Key) o).state == state;
    }

    @Override
    public int hashCode() {
        return Long.hashCode(state);
    }

    @Override
    public String toString() {
        return String.format("Key[%016x]", state);
    }
}
