package scoremodels.metrics;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import org.nd4j.linalg.factory.Nd4j;
import scoremodels.random.Key;

class EnergyDistanceTest {

    @Test
    void withinMeansAreUStatistics() {
        // Cross distances 5, 6, 4, 5 → 5; within each set the only i ≠ j distance is 1.
        // U-statistic: 2·5 − 1 − 1 = 8; the V-statistic (divide by n²) would give 9.
        double e = EnergyDistance.of(new double[][] {{0}, {1}}, new double[][] {{5}, {6}});
        assertEquals(8.0, e, 1e-12);
        // Equal tiny sets: U-statistics may go below zero, and the value is reported as is.
        assertEquals(2 * (2.0 / 4) - 1 - 1, EnergyDistance.of(new double[][] {{0}, {1}}, new double[][] {{0}, {1}}), 1e-12);
    }

    @Test
    void twoSamplesOfOneDistributionGiveNearZero() {
        Key[] k = Key.of(11).split(2);
        double[][] x = Gaussians.sample(k[0], 1000, Gaussians.zeros(2), 1);
        double[][] y = Gaussians.sample(k[1], 1000, Gaussians.zeros(2), 1);
        double e = EnergyDistance.of(x, y);
        // Over 20 seeds the spread was 0.0023; 0.012 is five of those.
        assertTrue(Math.abs(e) < 0.012, "energy " + e);
        // A shift of 0.5 (about 0.1) stands far above that band.
        double[][] shifted = Gaussians.sample(k[1], 1000, new double[] {0.5, 0}, 1);
        assertTrue(EnergyDistance.of(x, shifted) > 0.05);
    }

    @Test
    void shiftedGaussiansIn1dMatchTheClosedForm() {
        Key[] k = Key.of(12).split(2);
        double[][] x = Gaussians.sample(k[0], 2000, new double[] {0}, 1);
        double[][] y = Gaussians.sample(k[1], 2000, new double[] {1}, 1);
        double e = EnergyDistance.of(x, y);
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
    }
}
