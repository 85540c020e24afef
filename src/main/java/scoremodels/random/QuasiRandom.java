package scoremodels.random;

/**
 * Low-discrepancy ("quasi-random") points: the Halton sequence with keyed digit scrambling.
 *
 * <p>Independent random points leave gaps and clumps; n Halton points fill [0, 1)^D far more
 * evenly. Each dimension uses its own prime base; each digit position of each dimension has its
 * own random permutation of the digits, drawn from the key (random scrambling). Scrambling
 * keeps the evenness, breaks the correlations plain Halton shows between high bases, and makes
 * the points a keyed draw: the same key gives the same points, and every point on its own is
 * uniform on [0, 1)^D.
 */
public final class QuasiRandom {
    private static final int[] PRIMES = {2, 3, 5, 7, 11, 13, 17, 19, 23, 29, 31, 37, 41, 43, 47, 53, 59, 61, 67, 71,
        73, 79, 83, 89, 97, 101, 103, 107, 109, 113, 127, 131};

    /** The most dimensions supported: one prime base each. */
    public static final int MAX_DIMENSIONS = PRIMES.length;

    private QuasiRandom() {
    }

    /** {@code n} scrambled Halton points in (0, 1)^d, [n][d]. */
    public static double[][] uniform(int n, int d, Key key) {
        check(n, d, key);
        double[][] out = new double[n][d];
        Key[] dimKeys = key.split(d);
        for (int j = 0; j < d; j++) {
            int b = PRIMES[j];
            // Enough digits to resolve a double: b^-digits < 2^-53.
            int digits = (int) Math.ceil(53 * Math.log(2) / Math.log(b));
            int[][] perm = new int[digits][];
            Key[] posKeys = dimKeys[j].split(digits);
            for (int k = 0; k < digits; k++) {
                perm[k] = posKeys[k].permutation(b);
            }
            for (int i = 0; i < n; i++) {
                long idx = i;
                double scale = 1.0 / b;
                double x = 0;
                for (int k = 0; k < digits; k++) {
                    x += perm[k][(int) (idx % b)] * scale;
                    idx /= b;
                    scale /= b;
                }
                // Keep away from 0 and 1 so that the normal quantile is finite.
                out[i][j] = Math.min(Math.max(x, 0x1p-53), 1 - 0x1p-53);
            }
        }
        return out;
    }

    /** {@code n} evenly spread standard-normal points in d dimensions: quantiles of {@link #uniform}. */
    public static double[][] normal(int n, int d, Key key) {
        double[][] u = uniform(n, d, key);
        for (double[] row : u) {
            for (int j = 0; j < d; j++) {
                row[j] = normalQuantile(row[j]);
            }
        }
        return u;
    }

    /**
     * The standard normal quantile Φ⁻¹(p) for 0 &lt; p &lt; 1, by Acklam's rational approximations
     * (relative error below 1.2e-9).
     */
    public static double normalQuantile(double p) {
        if (!(p > 0 && p < 1)) {
            throw new IllegalArgumentException("p must be in (0, 1), got " + p);
        }
        final double[] a = {-3.969683028665376e+01, 2.209460984245205e+02, -2.759285104469687e+02,
            1.383577518672690e+02, -3.066479806614716e+01, 2.506628277459239e+00};
        final double[] b = {-5.447609879822406e+01, 1.615858368580409e+02, -1.556989798598866e+02,
            6.680131188771972e+01, -1.328068155288572e+01};
        final double[] c = {-7.784894002430293e-03, -3.223964580411365e-01, -2.400758277161838e+00,
            -2.549732539343734e+00, 4.374664141464968e+00, 2.938163982698783e+00};
        final double[] e = {7.784695709041462e-03, 3.224671290700398e-01, 2.445134137142996e+00,
            3.754408661907416e+00};
        double low = 0.02425;
        if (p < low || p > 1 - low) {
            // Tails: a rational function of sqrt(-2 log q), q the smaller tail probability.
            double q = Math.sqrt(-2 * Math.log(p < low ? p : 1 - p));
            double x = (((((c[0] * q + c[1]) * q + c[2]) * q + c[3]) * q + c[4]) * q + c[5])
                    / ((((e[0] * q + e[1]) * q + e[2]) * q + e[3]) * q + 1);
            return p < low ? x : -x;
        }
        double q = p - 0.5;
        double r = q * q;
        return (((((a[0] * r + a[1]) * r + a[2]) * r + a[3]) * r + a[4]) * r + a[5]) * q
                / (((((b[0] * r + b[1]) * r + b[2]) * r + b[3]) * r + b[4]) * r + 1);
    }

    private static void check(int n, int d, Key key) {
        if (n < 1) {
            throw new IllegalArgumentException("n must be >= 1, got " + n);
        }
        if (d < 1 || d > MAX_DIMENSIONS) {
            throw new IllegalArgumentException("d must be in [1, " + MAX_DIMENSIONS + "], got " + d);
        }
        if (key == null) {
            throw new IllegalArgumentException("key must not be null");
        }
    }
}
