package scoremodels.metrics;

import org.nd4j.linalg.api.ndarray.INDArray;
import scoremodels.random.Key;

/**
 * The three sample-quality figures between a set of samples and a reference set.
 *
 * @param energy    energy distance between the two empirical distributions ({@link EnergyDistance#of})
 * @param energyUnbiased the unbiased estimate for independent draws ({@link EnergyDistance#unbiased});
 *                  may be slightly &lt; 0
 * @param mmd2      unbiased MMD² with the Gaussian kernel ({@link Mmd}); may be slightly &lt; 0
 * @param mmd       {@code sqrt(max(mmd2, 0))}
 * @param bandwidth the median-heuristic kernel bandwidth used for {@code mmd2}
 * @param sw2       sliced Wasserstein-2 over {@value SlicedWasserstein#DEFAULT_DIRECTIONS}
 *                  directions ({@link SlicedWasserstein})
 */
public record SampleQuality(double energy, double energyUnbiased, double mmd2, double mmd, double bandwidth, double sw2) {

    /**
     * All three figures for X [n, D] and Y [m, D] (n, m ≥ 2). {@code key} is split in two: the
     * first half picks the bandwidth subsample of pools over {@value Mmd#MAX_MEDIAN_POINTS}
     * points, the second draws the slicing directions. Same key, same numbers.
     */
    public static SampleQuality of(double[][] x, double[][] y, Key key) {
        return of(Points.of("X", x), Points.of("Y", y), key);
    }

    /** As {@link #of(double[][], double[][], Key)}, for ND4J arrays. */
    public static SampleQuality of(INDArray x, INDArray y, Key key) {
        return of(Points.of("X", x), Points.of("Y", y), key);
    }

    static SampleQuality of(Points x, Points y, Key key) {
        Points.key(key);
        Key[] keys = key.split(2);
        double energy = EnergyDistance.of(x, y, false);
        double energyUnbiased = EnergyDistance.of(x, y, true);
        double bandwidth = Mmd.medianBandwidth(x, y, keys[0]);
        double mmd2 = Mmd.squared(x, y, bandwidth);
        double sw2 = SlicedWasserstein.of(x, y, keys[1], SlicedWasserstein.DEFAULT_DIRECTIONS);
        return new SampleQuality(energy, energyUnbiased, mmd2, Mmd.root(mmd2), bandwidth, sw2);
    }

    /**
     * Field by field mean of several measurements (mmd is recomputed from the mean mmd2), for
     * yardsticks that vary from draw to draw.
     */
    public static SampleQuality mean(java.util.List<SampleQuality> all) {
        if (all == null || all.isEmpty()) {
            throw new IllegalArgumentException("all must hold at least one SampleQuality, got " + all);
        }
        double[] sum = new double[5];
        for (SampleQuality q : all) {
            sum[0] += q.energy;
            sum[1] += q.energyUnbiased;
            sum[2] += q.mmd2;
            sum[3] += q.bandwidth;
            sum[4] += q.sw2;
        }
        int n = all.size();
        double mmd2 = sum[2] / n;
        return new SampleQuality(sum[0] / n, sum[1] / n, mmd2, Mmd.root(mmd2), sum[3] / n, sum[4] / n);
    }

    @Override
    public String toString() {
        return String.format("SampleQuality[energy=%.4g, energyUnbiased=%.4g, mmd2=%.4g, mmd=%.4g, bandwidth=%.4g, sw2=%.4g]",
                energy, energyUnbiased, mmd2, mmd, bandwidth, sw2);
    }
}
