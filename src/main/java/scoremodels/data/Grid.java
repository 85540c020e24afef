package scoremodels.data;

/**
 * Evenly spaced numbers, computed the way {@code numpy.linspace} computes them
 * ({@code start + i * step}, the last point set to {@code stop} exactly), so that grids built
 * here match the chapter's to the last bit.
 */
public final class Grid {
    private Grid() {
    }

    /** {@code n} points from {@code start} to {@code stop} inclusive, like {@code np.linspace}. */
    public static double[] linspace(double start, double stop, int n) {
        return linspace(start, stop, n, true);
    }

    /**
     * {@code n} evenly spaced points from {@code start}; with {@code endpoint} false the interval
     * is split into n steps and {@code stop} itself is left out (as make_circles uses it).
     */
    public static double[] linspace(double start, double stop, int n, boolean endpoint) {
        if (!Double.isFinite(start)) {
            throw new IllegalArgumentException("start must be finite, got " + start);
        }
        if (!Double.isFinite(stop)) {
            throw new IllegalArgumentException("stop must be finite, got " + stop);
        }
        if (n < 0) {
            throw new IllegalArgumentException("n must be >= 0, got " + n);
        }
        double[] out = new double[n];
        int div = endpoint ? n - 1 : n;
        double step = div > 0 ? (stop - start) / div : 0.0;
        for (int i = 0; i < n; i++) {
            out[i] = start + i * step;
        }
        if (endpoint && n > 1) {
            out[n - 1] = stop;
        }
        return out;
    }
}
