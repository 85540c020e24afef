package scoremodels.metrics;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.factory.Nd4j;
import scoremodels.random.Key;

class MmdTest {

    @Test
    void tinySetsByHand() {
        double[][] x = {{0}, {1}};
        double[][] y = {{0}, {2}};
        // Within X: k(0,1) = e^-1/2; within Y: k(0,2) = e^-2; cross mean (1 + e^-2 + 2e^-1/2) / 4.
        double within = Math.exp(-0.5) + Math.exp(-2);
        double cross = (1 + Math.exp(-2) + 2 * Math.exp(-0.5)) / 4;
        double expected = within - 2 * cross;
        assertTrue(expected < 0);
        assertEquals(expected, Mmd.squared(x, y, 1.0), 1e-12);
        assertEquals(0.0, Mmd.of(x, y, 1.0)); // negative unbiased estimate clips to MMD = 0
    }

    @Test
    void twoSamplesOfOneDistributionGiveNearZero() {
        Key[] k = Key.of(21).split(2);
        double[][] x = Gaussians.sample(k[0], 1000, Gaussians.zeros(2), 1);
        double[][] y = Gaussians.sample(k[1], 1000, Gaussians.zeros(2), 1);
        // Over 20 seeds (bandwidth 1) the spread was 0.00085; 0.005 is about six of those.
        assertEquals(0.0, Mmd.squared(x, y, 1.0), 0.005);
        assertEquals(0.0, Mmd.squared(x, y), 0.005);
        double[][] shifted = Gaussians.sample(k[1], 1000, new double[] {0.5, 0}, 1);
        assertTrue(Mmd.squared(x, shifted, 1.0) > 0.02);
    }

    @Test
    void shiftedGaussiansMatchTheClosedForm() {
        Key[] k = Key.of(22).split(2);
        double s = 0.8;
        double b = 1.2;
        double[] mu = {0.8, 0.4, 0};
        double[][] x = Gaussians.sample(k[0], 1000, Gaussians.zeros(3), s);
        double[][] y = Gaussians.sample(k[1], 1000, mu, s);
        double est = Mmd.squared(x, y, b);
        double exact = Gaussians.mmd2(mu, s, b);
        // Over 16 seeds the estimate spread by 0.011; 0.035 is three of those.
        double tol = 0.035;
        assertEquals(exact, est, tol);
        assertTrue(Math.abs(est - Gaussians.mmd2(new double[] {1.2, 0.4, 0}, s, b)) > tol, "a wrong mean passes");
        assertTrue(Math.abs(est - Gaussians.mmd2(mu, s, 0.6)) > tol, "a wrong bandwidth passes");
        // The cross-difference variance is 2s², not s²: the slip would be caught.
        double slip = 2 * Math.pow(b * b / (b * b + s * s), 1.5)
                * (1 - Math.exp(-Gaussians.dot(mu, mu) / (2 * (b * b + s * s))));
        assertTrue(Math.abs(est - slip) > tol, "the s² slip passes");
        assertEquals(Math.sqrt(est), Mmd.of(x, y, b), 1e-15);
    }

    @Test
    void closedFormAgreesWithMonteCarloOfTheKernelMeans() {
        // A check of the derivation independent of the estimator: 1-D, E k(X, Y) by quadrature.
        double s = 0.7;
        double b = 0.9;
        double mu = 1.3;
        double v = 2 * s * s; // X − Y ~ N(−mu, 2s²)
        double h = 1e-3;
        double cross = 0;
        double within = 0;
        for (double z = -12; z <= 12; z += h) {
            double kz = Math.exp(-z * z / (2 * b * b));
            cross += kz * Math.exp(-(z + mu) * (z + mu) / (2 * v)) / Math.sqrt(2 * Math.PI * v) * h;
            within += kz * Math.exp(-z * z / (2 * v)) / Math.sqrt(2 * Math.PI * v) * h;
        }
        assertEquals(2 * within - 2 * cross, Gaussians.mmd2(new double[] {mu}, s, b), 1e-9);
    }

    @Test
    void medianBandwidthByHand() {
        // Pool {0, 1, 3, 7}: distances 1, 3, 7, 2, 6, 4 → sorted 1 2 3 4 6 7 → (3 + 4) / 2.
        assertEquals(3.5, Mmd.medianBandwidth(new double[][] {{0}, {1}, {3}}, new double[][] {{7}}), 1e-12);
        // Pool {0, 1, 3}: distances 1, 3, 2 → 2.
        assertEquals(2.0, Mmd.medianBandwidth(new double[][] {{0}, {1}}, new double[][] {{3}}), 1e-12);
        // A key changes nothing while the pool has at most 2000 points.
        assertEquals(3.5, Mmd.medianBandwidth(new double[][] {{0}, {1}, {3}}, new double[][] {{7}}, Key.of(1)), 1e-12);
    }

    @Test
    void medianBandwidthOfStandardGaussiansIsTheRayleighMedian() {
        // |X − X'| for X, X' ~ N(0, I₂) is √2 times a Rayleigh(1) draw, median √2·√(2 ln 2).
        Key[] k = Key.of(23).split(2);
        double bw = Mmd.medianBandwidth(Gaussians.sample(k[0], 1000, Gaussians.zeros(2), 1),
                Gaussians.sample(k[1], 1000, Gaussians.zeros(2), 1));
        assertEquals(2 * Math.sqrt(Math.log(2)), bw, 0.06); // spread over 20 seeds: 0.019
        assertTrue(Math.abs(bw - Math.sqrt(2)) > 0.06);
    }

    @Test
    void largePoolsUseTheDocumentedSubsample() {
        Key[] k = Key.of(24).split(3);
        double[][] x = Gaussians.sample(k[0], 1500, Gaussians.zeros(2), 1);
        double[][] y = Gaussians.sample(k[1], 1500, new double[] {3, 0}, 1);
        int pool = 3000;
        // Without a key: rows floor(r·3000/2000) of X ∪ Y.
        int[] strided = new int[Mmd.MAX_MEDIAN_POINTS];
        for (int r = 0; r < strided.length; r++) {
            strided[r] = (int) ((long) r * pool / strided.length);
        }
        assertEquals(bruteMedian(x, y, strided), Mmd.medianBandwidth(x, y), 1e-12);
        // With a key: the first 2000 entries of key.permutation(3000).
        int[] perm = java.util.Arrays.copyOf(k[2].permutation(pool), Mmd.MAX_MEDIAN_POINTS);
        double keyed = Mmd.medianBandwidth(x, y, k[2]);
        assertEquals(bruteMedian(x, y, perm), keyed, 1e-12);
        assertEquals(keyed, Mmd.medianBandwidth(x, y, k[2]));
        assertNotEquals(keyed, Mmd.medianBandwidth(x, y, k[1]));
    }

    /** Median of all pairwise distances among the chosen pooled rows, by a separate route. */
    private static double bruteMedian(double[][] x, double[][] y, int[] rows) {
        List<double[]> pts = new ArrayList<>();
        for (int r : rows) {
            pts.add(r < x.length ? x[r] : y[r - x.length]);
        }
        List<Double> d = new ArrayList<>();
        for (int i = 0; i < pts.size(); i++) {
            for (int j = 0; j < i; j++) {
                d.add(Math.hypot(pts.get(i)[0] - pts.get(j)[0], pts.get(i)[1] - pts.get(j)[1]));
            }
        }
        d.sort(null);
        int h = d.size() / 2;
        return d.size() % 2 == 1 ? d.get(h) : (d.get(h - 1) + d.get(h)) / 2;
    }

    @Test
    void selectFindsEveryOrderStatisticDespiteTies() {
        Key key = Key.of(26);
        double[] v = new double[301];
        for (int i = 0; i < v.length; i++) {
            v[i] = Math.floor(key.uniformAt(i) * 20); // many ties
        }
        double[] sorted = v.clone();
        java.util.Arrays.sort(sorted);
        for (int k = 0; k < v.length; k++) {
            double[] w = v.clone();
            assertEquals(sorted[k], Mmd.select(w, k), "k = " + k);
            for (int i = 0; i < k; i++) {
                assertTrue(w[i] <= sorted[k]); // the lower part holds the k smallest
            }
        }
    }

    @Test
    void zeroMedianBandwidthIsRejected() {
        double[][] x = {{1, 1}, {1, 1}, {1, 1}};
        double[][] y = {{1, 1}, {2, 2}};
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Mmd.squared(x, y));
        assertTrue(e.getMessage().contains("bandwidth") && e.getMessage().contains("0.0"), e.getMessage());
    }

    @Test
    void ndArraysGiveTheSameNumbers() {
        Key[] k = Key.of(25).split(2);
        double[][] x = Gaussians.sample(k[0], 40, Gaussians.zeros(2), 1);
        double[][] y = Gaussians.sample(k[1], 30, new double[] {1, 1}, 1);
        var ax = Nd4j.createFromArray(x);
        var ay = Nd4j.createFromArray(y);
        assertEquals(Mmd.squared(x, y), Mmd.squared(ax, ay), 1e-12);
        assertEquals(Mmd.of(x, y, 0.7), Mmd.of(ax, ay, 0.7), 1e-12);
        assertEquals(Mmd.medianBandwidth(x, y), Mmd.medianBandwidth(ax, ay), 1e-12);
    }
}
