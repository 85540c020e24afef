package scoremodels.metrics;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import org.nd4j.linalg.factory.Nd4j;
import scoremodels.random.Key;

class EnergyDistanceTest {

    @Test
    void ofIsTheDistanceBetweenEmpiricalDistributions() {
        // Cross distances 5, 6, 4, 5 → 5; within each set the ordered pairs give 0, 1, 1, 0 → 1/2.
        // All pairs (V-statistic): 2·5 − ½ − ½ = 9; i ≠ j only (U-statistic): 2·5 − 1 − 1 = 8.
        double[][] x = {{0}, {1}};
        double[][] y = {{5}, {6}};
        assertEquals(9.0, EnergyDistance.of(x, y), 1e-12);
        assertEquals(8.0, EnergyDistance.unbiased(x, y), 1e-12);
        // A set against itself: 0 exactly for the empirical distance, below 0 for the U-statistic.
        assertEquals(0.0, EnergyDistance.of(x, x), 1e-12);
        assertEquals(2 * (2.0 / 4) - 1 - 1, EnergyDistance.unbiased(x, x), 1e-12);
    }

    @Test
    void twoSamplesOfOneDistributionGiveNearZero() {
        Key[] k = Key.of(11).split(2);
        double[][] x = Gaussians.sample(k[0], 1000, Gaussians.zeros(2), 1);
        double[][] y = Gaussians.sample(k[1], 1000, Gaussians.zeros(2), 1);
        double u = EnergyDistance.unbiased(x, y);
        // Over 20 seeds the spread was 0.0023; 0.012 is five of those.
        assertTrue(Math.abs(u) < 0.012, "unbiased energy " + u);
        // The empirical distance sits above it by E|X−X'|·(1/n + 1/m) = √π·(2/1000) ≈ 0.0035.
        double v = EnergyDistance.of(x, y);
        assertEquals(u + Math.sqrt(Math.PI) * 2 / 1000, v, 5e-4);
        // A shift of 0.5 (about 0.1) stands far above that band.
        double[][] shifted = Gaussians.sample(k[1], 1000, new double[] {0.5, 0}, 1);
        assertTrue(EnergyDistance.of(x, shifted) > 0.05);
        assertTrue(EnergyDistance.unbiased(x, shifted) > 0.05);
    }

    @Test
    void anEvenlySpreadSetBeatsARandomOneOfTheSameSize() {
        // 100 evenly spaced quantiles of U(0, 1) describe it better than 100 random draws: the
        // empirical distance sees that, which is why it judges generated sets.
        double[][] reference = new double[2000][1];
        double[] u = Key.of(15).uniform(2000);
        for (int i = 0; i < 2000; i++) {
            reference[i][0] = u[i];
        }
        double[][] even = new double[100][1];
        double[][] random = new double[100][1];
        double[] r = Key.of(16).uniform(100);
        for (int i = 0; i < 100; i++) {
            even[i][0] = (i + 0.5) / 100;
            random[i][0] = r[i];
        }
        double evenV = EnergyDistance.of(even, reference);
        double randomV = EnergyDistance.of(random, reference);
        assertTrue(evenV < randomV / 3, "even " + evenV + " vs random " + randomV);
        assertTrue(evenV >= 0 && randomV >= 0);
    }

    @Test
    void shiftedGaussiansIn1dMatchTheClosedForm() {
        Key[] k = Key.of(12).split(2);
        double[][] x = Gaussians.sample(k[0], 2000, new double[] {0}, 1);
        double[][] y = Gaussians.sample(k[1], 2000, new double[] {1}, 1);
        double e = EnergyDistance.unbiased(x, y);
        double exact = Gaussians.energy1d(1.0);
        assertEquals(0.5418, exact, 5e-4); // hand value of the closed form
        // Over 16 seeds the estimate spread by 0.036; 0.11 is three of those.
        double tol = 0.11;
        assertEquals(exact, e, tol);
        assertTrue(Math.abs(e - Gaussians.energy1d(1.25)) > tol, "mu = 1.25 would pass too");
        assertTrue(Math.abs(e - Gaussians.energy1d(0.75)) > tol, "mu = 0.75 would pass too");
    }

    @Test
    void symmetricAndTranslationInvariant() {
        Key[] k = Key.of(13).split(2);
        double[][] x = Gaussians.sample(k[0], 50, Gaussians.zeros(3), 1);
        double[][] y = Gaussians.sample(k[1], 70, new double[] {1, 0, -1}, 2);
        double e = EnergyDistance.of(x, y);
        assertEquals(e, EnergyDistance.of(y, x), 1e-12);
        assertEquals(EnergyDistance.unbiased(x, y), EnergyDistance.unbiased(y, x), 1e-12);
        double[][] xs = Gaussians.sample(k[0], 50, new double[] {5, 5, 5}, 1);
        double[][] ys = Gaussians.sample(k[1], 70, new double[] {6, 5, 4}, 2);
        assertEquals(e, EnergyDistance.of(xs, ys), 1e-9);
    }

    @Test
    void ndArraysGiveTheSameNumber() {
        Key[] k = Key.of(14).split(2);
        double[][] x = Gaussians.sample(k[0], 40, Gaussians.zeros(2), 1);
        double[][] y = Gaussians.sample(k[1], 30, new double[] {1, 1}, 1);
        assertEquals(EnergyDistance.of(x, y), EnergyDistance.of(Nd4j.createFromArray(x), Nd4j.createFromArray(y)), 1e-12);
        assertEquals(EnergyDistance.unbiased(x, y), EnergyDistance.unbiased(Nd4j.createFromArray(x), Nd4j.createFromArray(y)), 1e-12);
    }
}
