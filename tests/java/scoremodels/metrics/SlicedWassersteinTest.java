package scoremodels.metrics;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.factory.Nd4j;
import scoremodels.random.Key;

class SlicedWassersteinTest {

    @Test
    void w2In1dOnHandMadeSetsOfUnequalSizes() {
        // Quantiles of {0,1}: 0 on (0,1/2], 1 after; of {0,1,2}: steps at 1/3 and 2/3.
        // Pieces: (1/3,1/2] differ by 1, (2/3,1] differ by 1 → 1/6 + 1/3.
        assertEquals(0.5, SlicedWasserstein.w2Squared1d(new double[] {1, 0}, new double[] {2, 0, 1}), 1e-15);
        // A single point against four: mean of (3 − b)² = (9 + 4 + 1 + 0) / 4.
        assertEquals(3.5, SlicedWasserstein.w2Squared1d(new double[] {3}, new double[] {0, 1, 2, 3}), 1e-15);
        // Equal sizes: mean squared difference of the sorted values, 1 3 5 against 0 2 4.
        double[] a = {1, 5, 3};
        double[] b = {2, 0, 4};
        assertEquals(1.0, SlicedWasserstein.w2Squared1d(a, b), 1e-15);
        assertArrayEquals(new double[] {1, 5, 3}, a); // inputs untouched
        assertArrayEquals(new double[] {2, 0, 4}, b);
        // A pure shift by c costs c².
        assertEquals(6.25, SlicedWasserstein.w2Squared1d(new double[] {0, 4, 9}, new double[] {2.5, 6.5, 11.5}), 1e-12);
    }

    @ParameterizedTest
    @CsvSource({"7,5", "13,4", "1,9", "6,6", "12,18"})
    void w2In1dMatchesTheQuantileIntegralOnAFineGrid(int n, int m) {
        Key[] k = Key.of(31L * n + m).split(2);
        double[] a = k[0].normal(n);
        double[] b = k[1].uniform(m, -2, 3);
        // On each piece (i/(nm), (i+1)/(nm)) both quantile functions are constant:
        // a's is a[floor(i/m)], b's is b[floor(i/n)] (sorted), so a plain sum is the integral.
        double[] sa = a.clone();
        double[] sb = b.clone();
        Arrays.sort(sa);
        Arrays.sort(sb);
        double s = 0;
        for (int i = 0; i < n * m; i++) {
            double t = sa[i / m] - sb[i / n];
            s += t * t;
        }
        double expected = s / (n * m);
        assertEquals(expected, SlicedWasserstein.w2Squared1d(a, b), 1e-12);
        assertEquals(expected, SlicedWasserstein.w2Squared1d(b, a), 1e-12);
    }

    @Test
    void directionsAreUnitAndDeterministic() {
        double[][] th = SlicedWasserstein.directions(Key.of(3), 50, 5);
        for (double[] t : th) {
            assertEquals(1.0, Math.sqrt(Gaussians.dot(t, t)), 1e-12);
        }
        assertArrayEquals(th, SlicedWasserstein.directions(Key.of(3), 50, 5));
        assertNotEquals(th[0][0], SlicedWasserstein.directions(Key.of(4), 50, 5)[0][0]);
    }

    @Test
    void inOneDimensionSlicingIsPlainW2() {
        // θ = ±1 and W2 ignores a common sign flip.
        double[][] x = {{0}, {1}, {4}};
        double[][] y = {{2}, {3}};
        double w2 = SlicedWasserstein.w2Squared1d(new double[] {0, 1, 4}, new double[] {2, 3});
        assertEquals(Math.sqrt(w2), SlicedWasserstein.of(x, y, Key.of(5), 17), 1e-12);
    }

    @Test
    void oneDirectionIsW2AlongThatDirection() {
        Key key = Key.of(6);
        double[][] x = Gaussians.sample(Key.of(7), 9, Gaussians.zeros(3), 1);
        double[][] y = Gaussians.sample(Key.of(8), 4, new double[] {1, 2, 3}, 1);
        double[] th = SlicedWasserstein.directions(key, 1, 3)[0];
        double[] px = Arrays.stream(x).mapToDouble(r -> Gaussians.dot(r, th)).toArray();
        double[] py = Arrays.stream(y).mapToDouble(r -> Gaussians.dot(r, th)).toArray();
        assertEquals(Math.sqrt(SlicedWasserstein.w2Squared1d(px, py)), SlicedWasserstein.of(x, y, key, 1), 1e-12);
    }

    @Test
    void twoSamplesOfOneDistributionGiveASmallValue() {
        Key[] k = Key.of(32).split(3);
        double[][] x = Gaussians.sample(k[0], 1000, Gaussians.zeros(2), 1);
        double[][] y = Gaussians.sample(k[1], 1000, Gaussians.zeros(2), 1);
        double sw = SlicedWasserstein.of(x, y, k[2]);
        // Finite samples leave a floor: 0.075 ± 0.015 over 20 seeds.
        assertTrue(sw < 0.15, "sw2 " + sw);
        double[][] shifted = Gaussians.sample(k[1], 1000, new double[] {0.5, 0}, 1);
        assertTrue(SlicedWasserstein.of(x, shifted, k[2]) > 0.25);
    }

    @ParameterizedTest
    @CsvSource({"2, 2.0, 1.0", "8, 1.0, 1.0"})
    void shiftedGaussiansGiveNormOfMeanOverRootD(int d, double mu0, double muRest) {
        double[] mu = new double[d];
        Arrays.fill(mu, muRest);
        mu[0] = mu0;
        Key[] k = Key.of(33L + d).split(3);
        double[][] x = Gaussians.sample(k[0], 2000, Gaussians.zeros(d), 1);
        double[][] y = Gaussians.sample(k[1], 2000, mu, 1);
        double sw = SlicedWasserstein.of(x, y, k[2], 1000);
        double exact = Math.sqrt(Gaussians.dot(mu, mu) / d);
        // Spread over 16 seeds: 0.028 (D = 2), 0.018 (D = 8); 0.09 is over three of those.
        double tol = 0.09;
        assertEquals(exact, sw, tol);
        double[] wrong = mu.clone();
        wrong[0] += 1.0;
        assertTrue(Math.abs(sw - Math.sqrt(Gaussians.dot(wrong, wrong) / d)) > tol, "a wrong mean passes");
        assertTrue(Math.abs(sw - Math.sqrt(Gaussians.dot(mu, mu))) > tol, "forgetting 1/D passes");
    }

    @Test
    void sameKeySameNumbers() {
        Key[] k = Key.of(34).split(2);
        double[][] x = Gaussians.sample(k[0], 300, Gaussians.zeros(4), 1);
        double[][] y = Gaussians.sample(k[1], 200, new double[] {1, 0, 0, 0}, 1);
        double a = SlicedWasserstein.of(x, y, Key.of(9));
        assertEquals(a, SlicedWasserstein.of(x, y, Key.of(9)));
        assertEquals(a, SlicedWasserstein.of(Nd4j.createFromArray(x), Nd4j.createFromArray(y), Key.of(9)), 1e-12);
        assertEquals(a, SlicedWasserstein.of(x, y, Key.of(9), SlicedWasserstein.DEFAULT_DIRECTIONS));
        assertNotEquals(a, SlicedWasserstein.of(x, y, Key.of(10)));
    }
}
