package scoremodels.metrics;

import org.nd4j.linalg.api.ndarray.INDArray;
import scoremodels.random.Key;

/**
 * Maximum mean discrepancy with the Gaussian kernel {@code k(x, y) = exp(−|x−y|² / (2·bw²))}.
 *
 * <p>{@link #squared} is the unbiased U-statistic
 * {@code MMD² = mean_{i≠j} k(x_i, x_j) + mean_{i≠j} k(y_i, y_j) − 2·mean_{i,j} k(x_i, y_j)}:
 * within-sample means skip i = j and divide by n(n−1). It is unbiased, so it can dip slightly
 * below 0 when the distributions agree; {@link #of} reports {@code MMD = sqrt(max(MMD², 0))}.
 *
 * <p>Bandwidth: either explicit, or by the median heuristic, {@link #medianBandwidth}: the
 * median of the Euclidean distances over all unordered pairs i &lt; j of the pooled set X ∪ Y
 * (for an even number of pairs, the mean of the two middle ones). A pool of more than
 * {@value #MAX_MEDIAN_POINTS} points is first cut to {@value #MAX_MEDIAN_POINTS}: without a key,
 * the evenly spaced rows {@code floor(k·N/2000)}, k = 0..1999, of the pool (X's rows, then Y's),
 * which keeps X and Y in proportion; with a key, the first 2000 entries of
 * {@code key.permutation(N)}.
 */
public final class Mmd {
    /** Largest pool whose pairs the median heuristic uses in full (about 2 million pairs). */
    public static final int MAX_MEDIAN_POINTS = 2000;

    private Mmd() {
    }

    /** Unbiased MMD² with an explicit bandwidth {@code bandwidth > 0}; n, m ≥ 2. */
    public static double squared(double[][] x, double[][] y, double bandwidth) {
        return squared(Points.of("X", x), Points.of("Y", y), bandwidth);
    }

    /** Unbiased MMD² with an explicit bandwidth {@code bandwidth > 0}; n, m ≥ 2. */
    public static double squared(INDArray x, INDArray y, double bandwidth) {
        return squared(Points.of("X", x), Points.of("Y", y), bandwidth);
    }

    /** Unbiased MMD² with the median-heuristic bandwidth (key-free subsample, see class doc). */
    public static double squared(double[][] x, double[][] y) {
        Points px = Points.of("X", x);
        Points py = Points.of("Y", y);
        return squared(px, py, medianBandwidth(px, py, null));
    }

    /** Unbiased MMD² with the median-heuristic bandwidth (key-free subsample, see class doc). */
    public static double squared(INDArray x, INDArray y) {
        Points px = Points.of("X", x);
        Points py = Points.of("Y", y);
        return squared(px, py, medianBandwidth(px, py, null));
    }

    /** {@code sqrt(max(MMD², 0))} with an explicit bandwidth. */
    public static double of(double[][] x, double[][] y, double bandwidth) {
        return root(squared(x, y, bandwidth));
    }

    /** {@code sqrt(max(MMD², 0))} with an explicit bandwidth. */
    public static double of(INDArray x, INDArray y, double bandwidth) {
        return root(squared(x, y, bandwidth));
    }

    /** {@code sqrt(max(MMD², 0))} with the median-heuristic bandwidth. */
    public static double of(double[][] x, double[][] y) {
        return root(squared(x, y));
    }

    /** {@code sqrt(max(MMD², 0))} with the median-heuristic bandwidth. */
    public static double of(INDArray x, INDArray y) {
        return root(squared(x, y));
    }

    /** MMD from MMD²: negative estimates (agreeing distributions) clip to 0. */
    public static double root(double mmd2) {
        return Math.sqrt(Math.max(mmd2, 0));
    }

    /** Median heuristic over the pooled set; large pools use the evenly spaced subsample. */
    public static double medianBandwidth(double[][] x, double[][] y) {
        return medianBandwidth(Points.of("X", x), Points.of("Y", y), null);
    }

    /** Median heuristic over the pooled set; large pools use the evenly spaced subsample. */
    public static double medianBandwidth(INDArray x, INDArray y) {
        return medianBandwidth(Points.of("X", x), Points.of("Y", y), null);
    }

    /** Median heuristic over the pooled set; large pools use a subsample drawn with {@code key}. */
    public static double medianBandwidth(double[][] x, double[][] y, Key key) {
        Points.key(key);
        return medianBandwidth(Points.of("X", x), Points.of("Y", y), key);
    }

    /** Median heuristic over the pooled set; large pools use a subsample drawn with {@code key}. */
    public static double medianBandwidth(INDArray x, INDArray y, Key key) {
        Points.key(key);
        return medianBandwidth(Points.of("X", x), Points.of("Y", y), key);
    }

    static double squared(Points x, Points y, double bandwidth) {
        Points.sameDimension(x, y);
        x.atLeast(2);
        y.atLeast(2);
        if (!(bandwidth > 0) || Double.isInfinite(bandwidth)) {
            throw new IllegalArgumentException("bandwidth must be finite and > 0, got " + bandwidth);
        }
        double scale = -1.0 / (2 * bandwidth * bandwidth);
        return withinMean(x, scale) + withinMean(y, scale) - 2 * crossMean(x, y, scale);
    }

    /** {@code key == null} selects the key-free, evenly spaced subsample of large pools. */
    static double medianBandwidth(Points x, Points y, Key key) {
        Points.sameDimension(x, y);
        int pool = x.n + y.n;
        int[] rows = poolRows(pool, key);
        int k = rows.length;
        int d = x.d;
        // Gather the chosen pooled rows into one flat array, then take all i < j pairs.
        double[] p = new double[k * d];
        for (int r = 0; r < k; r++) {
            int src = rows[r];
            if (src < x.n) {
                System.arraycopy(x.data, src * d, p, r * d, d);
            } else {
                System.arraycopy(y.data, (src - x.n) * d, p, r * d, d);
            }
        }
        double[] dist = new double[k * (k - 1) / 2];
        int c = 0;
        for (int i = 0; i < k; i++) {
            for (int j = i + 1; j < k; j++) {
                dist[c++] = Points.sqDist(p, i, p, j, d);
            }
        }
        // Order statistics of squared distances are squares of those of distances (sqrt is monotone).
        int h = dist.length / 2;
        double upper = Math.sqrt(select(dist, h));
        double med = upper;
        if (dist.length % 2 == 0) {
            // After select, dist[0..h-1] hold the h smallest values: the lower middle is their max.
            double lower = dist[0];
            for (int i = 1; i < h; i++) {
                lower = Math.max(lower, dist[i]);
            }
            med = 0.5 * (Math.sqrt(lower) + upper);
        }
        if (!(med > 0)) {
            throw new IllegalArgumentException("bandwidth (median heuristic over " + k
                    + " pooled points) must be > 0, got " + med + ": over half the pairs coincide");
        }
        return med;
    }

    /**
     * The k-th smallest value (0-based) in expected linear time, where sorting the two million
     * pair distances of a full pool would cost more than the rest of the estimate. Rearranges
     * {@code v} so that v[0..k-1] ≤ v[k] ≤ v[k+1..]. Three-way partitions keep runs of equal
     * distances (duplicate points) linear.
     */
    static double select(double[] v, int k) {
        int lo = 0;
        int hi = v.length - 1;
        while (lo < hi) {
            double pivot = medianOf3(v[lo], v[lo + (hi - lo) / 2], v[hi]);
            int lt = lo;
            int gt = hi;
            int i = lo;
            while (i <= gt) {
                if (v[i] < pivot) {
                    swap(v, lt++, i++);
                } else if (v[i] > pivot) {
                    swap(v, i, gt--);
                } else {
                    i++;
                }
            }
            // Now v[lo..lt-1] < pivot = v[lt..gt] < v[gt+1..hi].
            if (k < lt) {
                hi = lt - 1;
            } else if (k > gt) {
                lo = gt + 1;
            } else {
                return pivot;
            }
        }
        return v[k];
    }

    private static double medianOf3(double a, double b, double c) {
        return Math.max(Math.min(a, b), Math.min(Math.max(a, b), c));
    }

    private static void swap(double[] v, int i, int j) {
        double t = v[i];
        v[i] = v[j];
        v[j] = t;
    }

    private static int[] poolRows(int pool, Key key) {
        int k = Math.min(pool, MAX_MEDIAN_POINTS);
        int[] rows = new int[k];
        if (pool <= MAX_MEDIAN_POINTS) {
            for (int r = 0; r < k; r++) {
                rows[r] = r;
            }
        } else if (key == null) {
            for (int r = 0; r < k; r++) {
                rows[r] = (int) ((long) r * pool / k);
            }
        } else {
            System.arraycopy(key.permutation(pool), 0, rows, 0, k);
        }
        return rows;
    }

    private static double crossMean(Points x, Points y, double scale) {
        double[] a = x.data;
        double[] b = y.data;
        int d = x.d;
        double s = 0;
        for (int i = 0; i < x.n; i++) {
            for (int j = 0; j < y.n; j++) {
                s += Math.exp(scale * Points.sqDist(a, i, b, j, d));
            }
        }
        return s / ((double) x.n * y.n);
    }

    /** Mean kernel over ordered pairs i ≠ j: twice the i < j sum over n(n−1). */
    private static double withinMean(Points x, double scale) {
        double[] a = x.data;
        int d = x.d;
        double s = 0;
        for (int i = 0; i < x.n; i++) {
            for (int j = i + 1; j < x.n; j++) {
                s += Math.exp(scale * Points.sqDist(a, i, a, j, d));
            }
        }
        return 2 * s / ((double) x.n * (x.n - 1));
    }
}
