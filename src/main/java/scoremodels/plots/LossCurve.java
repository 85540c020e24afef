package scoremodels.plots;

/**
 * Thins a long loss history for drawing without hiding anything.
 *
 * <p>20,000 epochs on a plot a few hundred pixels wide put dozens of values in each pixel
 * column. Keeping each column's minimum and maximum (in epoch order) draws the same ink as
 * the raw line; the running mean on top shows the trend the noise hides.
 */
final class LossCurve {
    private LossCurve() {
    }

    /** [epochs, values] of the min and max of each of {@code buckets} equal runs of epochs. */
    static double[][] minMax(double[] loss, int buckets) {
        int n = loss.length;
        if (n <= 2 * buckets) {
            double[] x = new double[n];
            for (int i = 0; i < n; i++) {
                x[i] = i;
            }
            return new double[][] {x, loss.clone()};
        }
        double[] x = new double[2 * buckets];
        double[] y = new double[2 * buckets];
        for (int b = 0; b < buckets; b++) {
            int from = (int) ((long) b * n / buckets);
            int to = (int) ((long) (b + 1) * n / buckets);
            int lo = from;
            int hi = from;
            for (int i = from; i < to; i++) {
                if (loss[i] < loss[lo]) {
                    lo = i;
                }
                if (loss[i] > loss[hi]) {
                    hi = i;
                }
            }
            // Emit the two extremes in the order they happened, so the line stays a time series.
            int first = Math.min(lo, hi);
            int second = Math.max(lo, hi);
            x[2 * b] = first;
            y[2 * b] = loss[first];
            x[2 * b + 1] = second;
            y[2 * b + 1] = loss[second];
        }
        return new double[][] {x, y};
    }

    /** Trailing mean over {@code window} epochs, sampled at {@code points} evenly spaced epochs. */
    static double[][] runningMean(double[] loss, int window, int points) {
        int n = loss.length;
        double[] prefix = new double[n + 1];
        for (int i = 0; i < n; i++) {
            prefix[i + 1] = prefix[i] + loss[i];
        }
        int m = Math.min(points, n);
        double[] x = new double[m];
        double[] y = new double[m];
        for (int k = 0; k < m; k++) {
            int i = m == 1 ? n - 1 : (int) ((long) k * (n - 1) / (m - 1));
            int from = Math.max(0, i + 1 - window);
            x[k] = i;
            y[k] = (prefix[i + 1] - prefix[from]) / (i + 1 - from);
        }
        return new double[][] {x, y};
    }
}
