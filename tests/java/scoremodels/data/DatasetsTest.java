package scoremodels.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import org.junit.jupiter.api.Test;
import scoremodels.random.Key;

class DatasetsTest {
    // Reference values printed by scikit-learn 1.2.1 (Debian python3-sklearn):
    // make_moons(n, noise=0.0, shuffle=False) and make_circles(n, noise=0.0, factor=f, shuffle=False).
    private static final double[][] MOONS_5 = {{1.0, 0.0}, {-1.0, 1.2246467991473532e-16}, {0.0, 0.5},
        {0.9999999999999999, -0.5}, {2.0, 0.4999999999999999}};
    private static final double[][] MOONS_6 = {{1.0, 0.0}, {6.123233995736766e-17, 1.0},
        {-1.0, 1.2246467991473532e-16}, {0.0, 0.5}, {0.9999999999999999, -0.5}, {2.0, 0.4999999999999999}};
    private static final double[][] MOONS_7 = {{1.0, 0.0}, {6.123233995736766e-17, 1.0},
        {-1.0, 1.2246467991473532e-16}, {0.0, 0.5}, {0.4999999999999999, -0.3660254037844385},
        {1.4999999999999998, -0.3660254037844387}, {2.0, 0.4999999999999999}};
    private static final double[][] MOONS_1 = {{0.0, 0.5}};
    private static final double[][] CIRCLES_5_F02 = {{1.0, 0.0}, {-1.0, 1.2246467991473532e-16}, {0.2, 0.0},
        {-0.09999999999999995, 0.17320508075688776}, {-0.10000000000000007, -0.17320508075688767}};
    private static final double[][] CIRCLES_6_F02 = {{1.0, 0.0}, {-0.4999999999999997, 0.8660254037844387},
        {-0.5000000000000003, -0.8660254037844383}, {0.2, 0.0}, {-0.09999999999999995, 0.17320508075688776},
        {-0.10000000000000007, -0.17320508075688767}};
    private static final double[][] CIRCLES_7_F05 = {{1.0, 0.0}, {-0.4999999999999997, 0.8660254037844387},
        {-0.5000000000000003, -0.8660254037844383}, {0.5, 0.0}, {3.061616997868383e-17, 0.5},
        {-0.5, 6.123233995736766e-17}, {-9.184850993605148e-17, -0.5}};
    private static final double[][] CIRCLES_1_F02 = {{0.2, 0.0}};

    private static void assertPoints(double[][] expected, double[][] actual) {
        assertEquals(expected.length, actual.length, "number of points");
        for (int i = 0; i < expected.length; i++) {
            assertArrayEquals(expected[i], actual[i], 1e-12, "point " + i);
        }
    }

    @Test
    void moonsMatchScikitLearnForOddAndEvenN() {
        Key key = Key.of(99);
        assertPoints(MOONS_5, Datasets.makeMoons(5, 0.0, false, key).toArray());
        assertPoints(MOONS_6, Datasets.makeMoons(6, 0.0, false, key).toArray());
        assertPoints(MOONS_7, Datasets.makeMoons(7, 0.0, false, key).toArray());
        assertPoints(MOONS_1, Datasets.makeMoons(1, 0.0, false, key).toArray());
        assertArrayEquals(new int[] {0, 0, 1, 1, 1}, Datasets.makeMoons(5, 0.0, false, key).labels());
        assertArrayEquals(new int[] {0, 0, 0, 1, 1, 1}, Datasets.makeMoons(6, 0.0, false, key).labels());
        assertArrayEquals(new int[] {1}, Datasets.makeMoons(1, 0.0, false, key).labels());
        assertEquals("moons", Datasets.makeMoons(5, 0.0, key).name());
    }

    @Test
    void circlesMatchScikitLearnForOddAndEvenN() {
        Key key = Key.of(99);
        assertPoints(CIRCLES_5_F02, Datasets.makeCircles(5, 0.0, 0.2, false, key).toArray());
        assertPoints(CIRCLES_6_F02, Datasets.makeCircles(6, 0.0, 0.2, false, key).toArray());
        assertPoints(CIRCLES_7_F05, Datasets.makeCircles(7, 0.0, 0.5, false, key).toArray());
        assertPoints(CIRCLES_1_F02, Datasets.makeCircles(1, 0.0, 0.2, false, key).toArray());
        assertArrayEquals(new int[] {0, 0, 1, 1, 1}, Datasets.makeCircles(5, 0.0, 0.2, false, key).labels());
        assertArrayEquals(new int[] {0, 0, 0, 1, 1, 1}, Datasets.makeCircles(6, 0.0, 0.2, false, key).labels());
        assertEquals("circles", Datasets.makeCircles(5, 0.0, 0.2, key).name());
    }

    @Test
    void shuffleIsAKeyedPermutationThatKeepsLabelsWithTheirPoints() {
        Key key = Key.of(7);
        Dataset plain = Datasets.makeMoons(6, 0.0, false, key);
        Dataset a = Datasets.makeMoons(6, 0.0, key);
        Dataset b = Datasets.makeMoons(6, 0.0, key);
        assertTrue(Arrays.deepEquals(a.toArray(), b.toArray()), "same key, same shuffle");
        assertArrayEquals(a.labels(), b.labels());
        assertEquals(sortedRows(plain), sortedRows(a), "a shuffle is a permutation of (point, label) rows");
        Dataset c = Datasets.makeCircles(6, 0.0, 0.2, key);
        assertEquals(sortedRows(Datasets.makeCircles(6, 0.0, 0.2, false, key)), sortedRows(c));
        // With 40 points, some key gives a different order than another.
        assertFalse(Arrays.deepEquals(Datasets.makeMoons(40, 0.0, Key.of(1)).toArray(),
                Datasets.makeMoons(40, 0.0, Key.of(2)).toArray()));
        assertFalse(Arrays.deepEquals(Datasets.makeMoons(40, 0.0, false, key).toArray(),
                Datasets.makeMoons(40, 0.0, key).toArray()), "shuffle changes the order");
    }

    private static List<String> sortedRows(Dataset d) {
        List<String> rows = new ArrayList<>();
        double[][] p = d.toArray();
        int[] y = d.labels();
        for (int i = 0; i < p.length; i++) {
            rows.add(Arrays.toString(p[i]) + " " + y[i]);
        }
        rows.sort(Comparator.naturalOrder());
        return rows;
    }

    @Test
    void noiseIsGaussianWithTheGivenStandardDeviation() {
        int n = 20000;
        Key key = Key.of(3);
        double[][] clean = Datasets.makeMoons(n, 0.0, key).toArray();
        double[][] noisy = Datasets.makeMoons(n, 0.5, key).toArray();
        double sum = 0;
        double sumSq = 0;
        for (int i = 0; i < n; i++) {
            for (int j = 0; j < 2; j++) {
                double r = noisy[i][j] - clean[i][j];
                sum += r;
                sumSq += r * r;
            }
        }
        double mean = sum / (2 * n);
        double var = sumSq / (2 * n) - mean * mean;
        assertEquals(0.0, mean, 4 * 0.5 / Math.sqrt(2 * n), "noise mean");
        assertEquals(0.25, var, 4 * 0.25 * Math.sqrt(2.0 / (2 * n)), "noise variance");
        assertTrue(Arrays.deepEquals(noisy, Datasets.makeMoons(n, 0.5, key).toArray()), "deterministic");
    }

    @Test
    void twoGaussiansSplitsTheKeyAndTheCount() {
        Dataset d = Datasets.twoGaussians(5, Key.of(55));
        assertArrayEquals(new int[] {0, 0, 1, 1, 1}, d.labels());
        assertEquals(5, d.size());
        Dataset big = Datasets.twoGaussians(4000, Key.of(55));
        double[][] p = big.toArray();
        double[] m0 = new double[2];
        double[] m1 = new double[2];
        for (int i = 0; i < 2000; i++) {
            for (int j = 0; j < 2; j++) {
                m0[j] += p[i][j] / 2000;
                m1[j] += p[2000 + i][j] / 2000;
            }
        }
        double tol = 4 / Math.sqrt(2000);
        assertArrayEquals(new double[] {0, 0}, m0, tol);
        assertArrayEquals(new double[] {10, 10}, m1, tol);
        assertTrue(Arrays.deepEquals(p, Datasets.twoGaussians(4000, Key.of(55)).toArray()));
        assertFalse(Arrays.deepEquals(p, Datasets.twoGaussians(4000, Key.of(56)).toArray()));
    }

    @Test
    void loadAppliesTheChapterSettings() {
        Key key = Key.of(99);
        Dataset moons = Datasets.load("moons", 100, key);
        assertTrue(Arrays.deepEquals(Datasets.makeMoons(100, 0.1, key).scaled(10).toArray(), moons.toArray()));
        Dataset circles = Datasets.load("Circles", 100, key);
        assertTrue(Arrays.deepEquals(Datasets.makeCircles(100, 0.01, 0.2, key).scaled(10).toArray(), circles.toArray()));
        Dataset gaussians = Datasets.load(" gaussians ", 100, Key.of(55));
        assertTrue(Arrays.deepEquals(Datasets.twoGaussians(100, Key.of(55)).toArray(), gaussians.toArray()));
        assertArrayEquals(new long[] {100, 2}, Datasets.load(Datasets.DEFAULT_DATA).X().shape());
        assertTrue(Arrays.deepEquals(gaussians.toArray(), Datasets.load("gaussians").toArray()));
        assertTrue(Arrays.deepEquals(moons.toArray(), Datasets.load("moons").toArray()));
        // The ×10 scaling: moon points lie within about 10 × (1 + noise) of the origin region.
        double maxAbs = Arrays.stream(moons.toArray()).flatMapToDouble(Arrays::stream).map(Math::abs).max().orElse(0);
        assertTrue(maxAbs > 15 && maxAbs < 30, "moons scaled by 10, max |x| = " + maxAbs);
    }

    @Test
    void badInputsNameTheParameter() {
        Key key = Key.of(0);
        assertMessage("n", "0", () -> Datasets.makeMoons(0, 0.1, key));
        assertMessage("n", "-3", () -> Datasets.makeCircles(-3, 0.1, 0.5, key));
        assertMessage("n", "0", () -> Datasets.twoGaussians(0, key));
        assertMessage("noise", "-0.1", () -> Datasets.makeMoons(10, -0.1, key));
        assertMessage("noise", "NaN", () -> Datasets.makeMoons(10, Double.NaN, key));
        assertMessage("noise", "Infinity", () -> Datasets.makeCircles(10, Double.POSITIVE_INFINITY, 0.5, key));
        assertMessage("factor", "1.0", () -> Datasets.makeCircles(10, 0.1, 1.0, key));
        assertMessage("factor", "-0.2", () -> Datasets.makeCircles(10, 0.1, -0.2, key));
        assertMessage("factor", "NaN", () -> Datasets.makeCircles(10, 0.1, Double.NaN, key));
        assertMessage("key", "null", () -> Datasets.makeMoons(10, 0.1, null));
        assertMessage("name", "spirals", () -> Datasets.load("spirals", 10, key));
        assertMessage("name", "null", () -> Datasets.load(null));
        assertMessage("name", "spirals", () -> Datasets.independent("spirals", 10, key));
        assertMessage("n", "0", () -> Datasets.independent("moons", 0, key));
        assertMessage("key", "null", () -> Datasets.independent("circles", 10, null));
    }

    @Test
    void independentCirclesAreTheRingsWithUniformAnglesAndRandomHalves() {
        double[][] p = Datasets.independent("circles", 4000, Key.of(11)).toArray();
        int inner = 0;
        int[] bins = new int[8];
        double radialSq = 0;
        for (double[] q : p) {
            double r = Math.hypot(q[0], q[1]);
            boolean in = r < 6;
            inner += in ? 1 : 0;
            radialSq += Math.pow(r - (in ? 2 : 10), 2);
            bins[(int) ((Math.atan2(q[1], q[0]) + Math.PI) / (2 * Math.PI) * 8) % 8]++;
        }
        assertEquals(0.5, inner / 4000.0, 0.03, "each half with probability 1/2");
        assertEquals(0.1, Math.sqrt(radialSq / 4000), 0.01, "radial spread: noise 0.01 scaled by 10");
        for (int b : bins) {
            assertEquals(500, b, 80, "angles uniform: " + Arrays.toString(bins));
        }
        assertFalse(inner == 2000, "the halves are random, not exactly n/2");
        assertArrayEquals(p[17], Datasets.independent("circles", 4000, Key.of(11)).toArray()[17], 0.0);
    }

    @Test
    void independentMoonsAndGaussiansLieOnTheirShapes() {
        for (double[] q : Datasets.independent("moons", 2000, Key.of(12)).toArray()) {
            double x = q[0] / 10;
            double y = q[1] / 10;
            // Distance to the nearer half circle, in units of the unscaled data.
            double upper = Math.abs(Math.hypot(x, y) - 1) + (y < 0 ? Math.abs(y) : 0);
            double lower = Math.abs(Math.hypot(x - 1, y - 0.5) - 1) + (y > 0.5 ? y - 0.5 : 0);
            assertTrue(Math.min(upper, lower) < 0.6, "moon point far from both halves: " + Arrays.toString(q));
        }
        Dataset g = Datasets.independent("gaussians", 2000, Key.of(13));
        double[][] p = g.toArray();
        double[] sum = new double[2];
        int ones = 0;
        for (int i = 0; i < p.length; i++) {
            int label = g.labels()[i];
            ones += label;
            sum[label] += p[i][0] + p[i][1];
        }
        assertEquals(0.0, sum[0] / (2 * (p.length - ones)), 0.1, "cluster 0 centred at (0, 0)");
        assertEquals(10.0, sum[1] / (2 * ones), 0.1, "cluster 1 centred at (10, 10)");
    }

    @Test
    void evenlySpacedCirclesBeatIndependentDrawsAgainstAFreshDraw() {
        // Why QualityStudy shows independent draws: scikit-learn's even spacing scores better than
        // any set of independent draws from the same rings, even at 10 times fewer points.
        org.nd4j.linalg.api.ndarray.INDArray fresh = Datasets.load("circles", 1000, Key.of(2024)).X();
        double training = scoremodels.metrics.EnergyDistance.of(Datasets.load("circles", 100, Key.of(99)).X(), fresh);
        double independent = scoremodels.metrics.EnergyDistance.of(Datasets.independent("circles", 1000, Key.of(2026)).X(), fresh);
        assertTrue(training < independent, "100 evenly spaced " + training + " vs 1000 independent " + independent);
    }

    @Test
    void independentSetsAreIndependentDrawsFromTheSplitKey() {
        List<org.nd4j.linalg.api.ndarray.INDArray> sets = Datasets.independentSets("moons", 30, 3, Key.of(5));
        assertEquals(3, sets.size());
        Key[] keys = Key.of(5).split(3);
        for (int k = 0; k < 3; k++) {
            double[] expected = Datasets.independent("moons", 30, keys[k]).X().dup('c').data().asDouble();
            double[] actual = sets.get(k).dup('c').data().asDouble();
            assertEquals(expected.length, actual.length);
            for (int i = 0; i < expected.length; i++) {
                assertEquals(Double.doubleToRawLongBits(expected[i]), Double.doubleToRawLongBits(actual[i]), "set " + k + "[" + i + "]");
            }
        }
        assertMessage("sets", "0", () -> Datasets.independentSets("moons", 30, 0, Key.of(5)));
        assertMessage("key", "null", () -> Datasets.independentSets("moons", 30, 2, null));
    }

    @Test
    void aSecondDrawOfTheGeneratorIsNoFloorForIndependentPoints() {
        // Two draws of load() share their layout: exactly half the points in each part, and (moons,
        // circles) the same evenly spaced angles, so only their noise differs. Against a fresh
        // draw, a second one then scores far below what independent draws of the same
        // distribution score on average — the floor for a sampler that draws independent points.
        for (String name : new String[] {"gaussians", "moons", "circles"}) {
            org.nd4j.linalg.api.ndarray.INDArray fresh = Datasets.load(name, 1000, Key.of(2024)).X();
            double second = scoremodels.metrics.EnergyDistance.of(Datasets.load(name, 1000, Key.of(2025)).X(), fresh);
            double independent = 0;
            for (org.nd4j.linalg.api.ndarray.INDArray set : Datasets.independentSets(name, 1000, 8, Key.of(2026))) {
                independent += scoremodels.metrics.EnergyDistance.of(set, fresh) / 8;
            }
            assertTrue(second < independent / 2, name + ": second draw " + second + " vs independent draws " + independent);
        }
    }

    static void assertMessage(String param, String value, org.junit.jupiter.api.function.Executable call) {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, call);
        assertTrue(e.getMessage().contains(param), "message names " + param + ": " + e.getMessage());
        assertTrue(e.getMessage().contains(value), "message names " + value + ": " + e.getMessage());
    }
}
