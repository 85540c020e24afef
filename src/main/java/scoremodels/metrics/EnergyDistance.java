package scoremodels.metrics;

import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * Energy distance between two point sets, {@code E(X, Y) = 2·E|X−Y| − E|X−X'| − E|Y−Y'|}, with
 * Euclidean norms.
 *
 * <p>Estimator: the cross mean runs over all n·m pairs; the two within-sample means are
 * <b>U-statistics</b>: they skip the i = j zeros and divide by n(n−1) (and m(m−1)). Each of the
 * three means is then unbiased, so two samples of one distribution give ≈ 0 with no positive
 * bias of order 1/n (the V-statistic, which divides by n², would add one). The price: the
 * estimate can come out slightly negative when the distributions agree; it is reported as is.
 * The population value is ≥ 0 and is 0 only for equal distributions.
 *
 * <p>Cost O((n + m)²·D) time, O(1) extra memory beyond one flat copy of each set.
 */
public final class EnergyDistance {
    private EnergyDistance() {
    }

    /** Energy distance between X [n, D] and Y [m, D]; n, m ≥ 2. */
    public static double of(double[][] x, double[][] y) {
        return of(Points.of("X", x), Points.of("Y", y));
    }

    /** Energy distance between X [n, D] and Y [m, D]; n, m ≥ 2. */
    public static double of(INDArray x, INDArray y) {
        return of(Points.of("X", x), Points.of("Y", y));
    }

    static double of(Points x, Points y) {
        Points.sameDimension(x, y);
        x.atLeast(2);
        y.atLeast(2);
        double xy = crossMean(x, y);
        double xx = withinMean(x);
        double yy = withinMean(y);
        return 2 * xy - xx - yy;
    }

    private static double crossMean(Points x, Points y) {
        double[] a = x.data;
        double[] b = y.data;
        int d = x.d;
        double s = 0;
        for (int i = 0; i < x.n; i++) {
            for (int j = 0; j < y.n; j++) {
                s += Math.sqrt(Points.sqDist(a, i, b, j, d));
            }
        }
        return s / ((double) x.n * y.n);
    }

    /** Mean distance over ordered pairs i ≠ j: twice the i < j sum over n(n−1). */
    private static double withinMean(Points x) {
        double[] a = x.data;
        int d = x.d;
        double s = 0;
        for (int i = 0; i < x.n; i++) {
            for (int j = i + 1; j < x.n; j++) {
                s += Math.sqrt(Points.sqDist(a, i, a, j, d));
            }
        }
        return 2 * s / ((double) x.n * (x.n - 1));
    }
}
