package scoremodels.metrics;

import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * Energy distance between two point sets, {@code E(X, Y) = 2·E|X−Y| − E|X−X'| − E|Y−Y'|}, with
 * Euclidean norms (Székely and Rizzo's E-statistic).
 *
 * <p>{@link #of}: the energy distance between the two <b>empirical distributions</b>: every mean
 * runs over all pairs, the i = j zeros included (a V-statistic, as in dcor and R's energy). It is
 * never negative, it is 0 only for identical point sets, and it charges a set for its finite size:
 * for n independent points of the reference distribution it is about E|X−X'|/n above zero. That
 * is what makes it the fair judge of "do these 1,000 points describe the distribution at least as
 * well as those 100 did": a regular, evenly spread set scores better than a random one of the
 * same size, and a bigger set better than a smaller one.
 *
 * <p>{@link #unbiased}: the within-set means skip the zeros and divide by n(n−1) (U-statistics), so
 * two independent random samples of one distribution give ≈ 0 whatever their sizes, and values can
 * come out slightly negative. It estimates the distance between the distributions the sets were
 * drawn from, assuming independent draws; for sets that are not (the chapter's moons and circles
 * are evenly spaced along their curves) it is biased low.
 *
 * <p>Cost O((n + m)²·D) time, O(1) extra memory beyond one flat copy of each set.
 */
public final class EnergyDistance {
    private EnergyDistance() {
    }

    /** Energy distance between the empirical distributions of X [n, D] and Y [m, D]; n, m ≥ 2. */
    public static double of(double[][] x, double[][] y) {
        return of(Points.of("X", x), Points.of("Y", y), false);
    }

    /** Energy distance between the empirical distributions of X [n, D] and Y [m, D]; n, m ≥ 2. */
    public static double of(INDArray x, INDArray y) {
        return of(Points.of("X", x), Points.of("Y", y), false);
    }

    /** The unbiased (U-statistic) estimate for independent draws; n, m ≥ 2. */
    public static double unbiased(double[][] x, double[][] y) {
        return of(Points.of("X", x), Points.of("Y", y), true);
    }

    /** The unbiased (U-statistic) estimate for independent draws; n, m ≥ 2. */
    public static double unbiased(INDArray x, INDArray y) {
        return of(Points.of("X", x), Points.of("Y", y), true);
    }

    static double of(Points x, Points y, boolean unbiased) {
        Points.sameDimension(x, y);
        x.atLeast(2);
        y.atLeast(2);
        double xy = crossMean(x, y);
        double xx = withinMean(x, unbiased);
        double yy = withinMean(y, unbiased);
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

    /** Mean distance over ordered pairs: over n² of them, or over the n(n−1) with i ≠ j. */
    private static double withinMean(Points x, boolean unbiased) {
        double[] a = x.data;
        int d = x.d;
        double s = 0;
        for (int i = 0; i < x.n; i++) {
            for (int j = i + 1; j < x.n; j++) {
                s += Math.sqrt(Points.sqDist(a, i, a, j, d));
            }
        }
        double pairs = unbiased ? (double) x.n * (x.n - 1) : (double) x.n * x.n;
        return 2 * s / pairs;
    }
}
