package scoremodels.metrics;

import java.util.Arrays;
import org.nd4j.linalg.api.ndarray.INDArray;
import scoremodels.random.Key;

/**
 * Sliced Wasserstein-2 distance: {@code SW2(X, Y) = sqrt(mean_θ W2²(θᵀX, θᵀY))} over L random
 * unit directions θ (standard normal vectors drawn with an explicit key, then normalised, so
 * they are uniform on the sphere). Each 1-D term is the exact W2² between the two empirical
 * distributions, see {@link #w2Squared1d}.
 *
 * <p>For two Gaussians with equal covariance and means differing by μ, every projection is a
 * pure shift by θᵀμ, and {@code E_θ[(θᵀμ)²] = |μ|²/D}, so SW2 ≈ |μ|/√D.
 */
public final class SlicedWasserstein {
    /** Number of directions when none is given. */
    public static final int DEFAULT_DIRECTIONS = 200;

    private SlicedWasserstein() {
    }

    /** SW2 over {@value #DEFAULT_DIRECTIONS} directions drawn with {@code key}. */
    public static double of(double[][] x, double[][] y, Key key) {
        return of(x, y, key, DEFAULT_DIRECTIONS);
    }

    /** SW2 over {@value #DEFAULT_DIRECTIONS} directions drawn with {@code key}. */
    public static double of(INDArray x, INDArray y, Key key) {
        return of(x, y, key, DEFAULT_DIRECTIONS);
    }

    /** SW2 over {@code numDirections ≥ 1} directions drawn with {@code key}. */
    public static double of(double[][] x, double[][] y, Key key, int numDirections) {
        return of(Points.of("X", x), Points.of("Y", y), key, numDirections);
    }

    /** SW2 over {@code numDirections ≥ 1} directions drawn with {@code key}. */
    public static double of(INDArray x, INDArray y, Key key, int numDirections) {
        return of(Points.of("X", x), Points.of("Y", y), key, numDirections);
    }

    static double of(Points x, Points y, Key key, int numDirections) {
        Points.sameDimension(x, y);
        Points.key(key);
        if (numDirections < 1) {
            throw new IllegalArgumentException("numDirections must be >= 1, got " + numDirections);
        }
        double[][] thetas = directions(key, numDirections, x.d);
        double[] px = new double[x.n];
        double[] py = new double[y.n];
        double sum = 0;
        for (double[] theta : thetas) {
            project(x, theta, px);
            project(y, theta, py);
            Arrays.sort(px);
            Arrays.sort(py);
            sum += w2SquaredSorted(px, py);
        }
        return Math.sqrt(sum / numDirections);
    }

    /**
     * {@code count} unit vectors in R^D: row r is the r-th row of {@code key.normal(count, D)}
     * divided by its norm (a zero row, probability ~0, is redrawn from {@code key.fold(r)}).
     */
    public static double[][] directions(Key key, int count, int dims) {
        Points.key(key);
        if (count < 1) {
            throw new IllegalArgumentException("count must be >= 1, got " + count);
        }
        if (dims < 1) {
            throw new IllegalArgumentException("dims must be >= 1, got " + dims);
        }
        double[][] out = key.normal(count, dims);
        for (int r = 0; r < count; r++) {
            double[] v = out[r];
            double norm = norm(v);
            for (int redraw = 0; norm == 0; redraw++) {
                v = key.fold(r).fold(redraw).normal(dims);
                norm = norm(v);
            }
            for (int k = 0; k < dims; k++) {
                v[k] /= norm;
            }
            out[r] = v;
        }
        return out;
    }

    /**
     * Exact squared 2-Wasserstein distance between the empirical distributions of {@code a} and
     * {@code b} (sizes may differ): {@code ∫₀¹ (F_a⁻¹(u) − F_b⁻¹(u))² du}. Both quantile functions
     * are steps, at multiples of 1/n and 1/m; merging the two step grids splits [0, 1] into
     * pieces on which both are constant. For n = m this is the mean squared difference of the
     * sorted values. The inputs are not modified.
     */
    public static double w2Squared1d(double[] a, double[] b) {
        double[] sa = sortedCopy("a", a);
        double[] sb = sortedCopy("b", b);
        return w2SquaredSorted(sa, sb);
    }

    /** The merge on sorted input; steps are counted in units of 1/(n·m) so no rounding creeps in. */
    static double w2SquaredSorted(double[] a, double[] b) {
        long n = a.length;
        long m = b.length;
        int i = 0;
        int j = 0;
        long u = 0; // current position on [0, 1] in units of 1/(n·m)
        double s = 0;
        while (i < n && j < m) {
            long endA = (i + 1) * m; // end of a's step i
            long endB = (j + 1) * n; // end of b's step j
            long end = Math.min(endA, endB);
            double t = a[i] - b[j];
            s += (end - u) * t * t;
            u = end;
            if (endA == end) {
                i++;
            }
            if (endB == end) {
                j++;
            }
        }
        return s / ((double) n * m);
    }

    private static double[] sortedCopy(String name, double[] v) {
        if (v == null || v.length == 0) {
            throw new IllegalArgumentException(name + " must hold at least one value, got "
                    + (v == null ? "null" : "0 values"));
        }
        for (int k = 0; k < v.length; k++) {
            if (!Double.isFinite(v[k])) {
                throw new IllegalArgumentException(name + "[" + k + "] must be finite, got " + v[k]);
            }
        }
        double[] s = v.clone();
        Arrays.sort(s);
        return s;
    }

    private static void project(Points p, double[] theta, double[] out) {
        double[] a = p.data;
        int d = p.d;
        for (int i = 0; i < p.n; i++) {
            int o = i * d;
            double s = 0;
            for (int k = 0; k < d; k++) {
                s += a[o + k] * theta[k];
            }
            out[i] = s;
        }
    }

    private static double norm(double[] v) {
        double s = 0;
        for (double e : v) {
            s += e * e;
        }
        return Math.sqrt(s);
    }
}
