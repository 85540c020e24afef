package scoremodels.random;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import scoremodels.metrics.EnergyDistance;

class QuasiRandomTest {

    @Test
    void normalQuantileMatchesTabulatedValues() {
        assertEquals(0.0, QuasiRandom.normalQuantile(0.5), 1e-12);
        assertEquals(1.959963984540054, QuasiRandom.normalQuantile(0.975), 1e-8);
        assertEquals(-1.959963984540054, QuasiRandom.normalQuantile(0.025), 1e-8);
        assertEquals(-3.090232306167813, QuasiRandom.normalQuantile(0.001), 1e-8);
        assertEquals(0.6744897501960817, QuasiRandom.normalQuantile(0.75), 1e-8);
        assertEquals(-6.361340902404056, QuasiRandom.normalQuantile(1e-10), 1e-7);
        assertThrows(IllegalArgumentException.class, () -> QuasiRandom.normalQuantile(0.0));
        assertThrows(IllegalArgumentException.class, () -> QuasiRandom.normalQuantile(Double.NaN));
    }

    @Test
    void pointsFillTheCubeEvenly() {
        int n = 1024;
        double[][] u = QuasiRandom.uniform(n, 3, Key.of(1));
        for (int j = 0; j < 3; j++) {
            // Each of 16 bins of each coordinate holds n/16 = 64 points, give or take a few;
            // independent draws would stray by about ±8.
            int[] bins = new int[16];
            for (double[] p : u) {
                assertTrue(p[j] > 0 && p[j] < 1);
                bins[(int) (p[j] * 16)]++;
            }
            for (int b : bins) {
                assertTrue(Math.abs(b - 64) <= 2, "coordinate " + j + " bins " + java.util.Arrays.toString(bins));
            }
        }
    }

    @Test
    void quasiNormalsDescribeTheGaussianBetterThanRandomOnes() {
        double[][] reference = Key.of(2).normal(4000, 2);
        double[][] quasi = QuasiRandom.normal(500, 2, Key.of(3));
        double[][] random = Key.of(4).normal(500, 2);
        double q = EnergyDistance.of(quasi, reference);
        double r = EnergyDistance.of(random, reference);
        assertTrue(q < 0.6 * r, "quasi " + q + " vs random " + r);
    }

    @Test
    void sameKeySamePointsOtherKeyOtherPoints() {
        double[][] a = QuasiRandom.normal(50, 4, Key.of(5));
        double[][] b = QuasiRandom.normal(50, 4, Key.of(5));
        double[][] c = QuasiRandom.normal(50, 4, Key.of(6));
        for (int i = 0; i < 50; i++) {
            assertArrayEquals(a[i], b[i], 0.0);
        }
        assertTrue(a[7][2] != c[7][2]);
    }

    @Test
    void badArgumentsAreNamed() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> QuasiRandom.uniform(0, 2, Key.of(1)));
        assertTrue(e.getMessage().contains("n must be >= 1, got 0"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> QuasiRandom.uniform(5, 33, Key.of(1)));
        assertTrue(e.getMessage().contains("d must be in [1, 32], got 33"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> QuasiRandom.normal(5, 2, null));
        assertTrue(e.getMessage().contains("key"), e.getMessage());
    }
}
