package scoremodels.data;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

class ExactScoreTest {
    private static double[] at(ExactScore s, double x1, double x2, double t) {
        INDArray out = s.apply(Nd4j.createFromArray(new double[][] {{x1, x2}}), t);
        return out.toDoubleVector();
    }

    @Test
    void twoGaussiansMatchTheClosedForm() {
        double x1 = 3;
        double x2 = 4;
        double t = 2;
        double v = 1 + t;
        // Posterior weights of the two clusters, then (E[c | x] − x) / v.
        double l0 = -(x1 * x1 + x2 * x2) / (2 * v);
        double l1 = -((x1 - 10) * (x1 - 10) + (x2 - 10) * (x2 - 10)) / (2 * v);
        double w1 = 1 / (1 + Math.exp(l0 - l1));
        double[] s = at(ExactScore.of("gaussians"), x1, x2, t);
        assertEquals((10 * w1 - x1) / v, s[0], 1e-12);
        assertEquals((10 * w1 - x2) / v, s[1], 1e-12);
    }

    @Test
    void circlesScoreTurnsWithThePointAndPullsOntoTheRing() {
        ExactScore circles = ExactScore.of("circles");
        double r = 10.05;
        double[] s0 = at(circles, r, 0, 0);
        // An angle that is not a multiple of the node spacing: the quadrature must not show.
        double a = 0.0123;
        double[] sa = at(circles, r * Math.cos(a), r * Math.sin(a), 0);
        double radial = sa[0] * Math.cos(a) + sa[1] * Math.sin(a);
        double tangential = -sa[0] * Math.sin(a) + sa[1] * Math.cos(a);
        assertEquals(s0[0], radial, 1e-9 * Math.abs(s0[0]));
        assertEquals(0, s0[1], 1e-9);
        assertEquals(0, tangential, 1e-9);
        // A ring blurred with variance v has log p(r) ≈ −(r − R)²/2v − ½ log r far from the centre
        // (the Bessel function's asymptote), so the radial score is −(r − R)/v − 1/2r.
        assertEquals(-0.05 / 0.01 - 1 / (2 * r), s0[0], 0.01);
        assertEquals(-0.05 / 1.01 - 1 / (2 * r), at(circles, r, 0, 1)[0], 0.002);
    }

    @Test
    void moonsScoreIsPointSymmetricLikeTheMoons() {
        // x -> (10, 5) - x swaps the two scaled half circles, so it flips the score.
        ExactScore moons = ExactScore.of("moons");
        double[] s = at(moons, 2.7, 6.1, 0.3);
        double[] mirrored = at(moons, 10 - 2.7, 5 - 6.1, 0.3);
        assertEquals(-s[0], mirrored[0], 1e-9);
        assertEquals(-s[1], mirrored[1], 1e-9);
        assertTrue(Math.hypot(s[0], s[1]) > 0.1, "a point off the moons is pulled somewhere");
    }

    @Test
    void perRowTimesAreUsedRowByRow() {
        ExactScore g = ExactScore.of("gaussians");
        INDArray x = Nd4j.createFromArray(new double[][] {{1, 2}, {1, 2}});
        INDArray s = g.apply(x, Nd4j.createFromArray(0.5, 4.0));
        assertEquals(at(g, 1, 2, 0.5)[0], s.getDouble(0, 0), 1e-15);
        assertEquals(at(g, 1, 2, 4.0)[0], s.getDouble(1, 0), 1e-15);
    }

    @Test
    void badInputIsNamed() {
        IllegalArgumentException name = assertThrows(IllegalArgumentException.class, () -> ExactScore.of("spirals"));
        assertTrue(name.getMessage().contains("name") && name.getMessage().contains("spirals"), name.getMessage());
        assertThrows(IllegalArgumentException.class, () -> ExactScore.of(null));
        ExactScore g = ExactScore.of("gaussians");
        IllegalArgumentException x = assertThrows(IllegalArgumentException.class, () -> g.apply(Nd4j.zeros(4, 3), 1.0));
        assertTrue(x.getMessage().contains("x") && x.getMessage().contains("3"), x.getMessage());
        IllegalArgumentException t = assertThrows(IllegalArgumentException.class, () -> g.apply(Nd4j.zeros(4, 2), -1.0));
        assertTrue(t.getMessage().contains("t") && t.getMessage().contains("-1.0"), t.getMessage());
        IllegalArgumentException n = assertThrows(IllegalArgumentException.class,
                () -> g.apply(Nd4j.zeros(4, 2), Nd4j.createFromArray(1.0, 2.0)));
        assertTrue(n.getMessage().contains("t") && n.getMessage().contains("2 values"), n.getMessage());
    }

    @Test
    void ofPointsIsTheScoreOfTheNoisedPointsThemselves() {
        // One point c: N(c, t I) has score (c − x) / t.
        ExactScore one = ExactScore.ofPoints(Nd4j.createFromArray(new double[][] {{1, 2}}));
        double[] s = at(one, 4, -2, 0.5);
        assertEquals((1 - 4) / 0.5, s[0], 1e-12);
        assertEquals((2 + 2) / 0.5, s[1], 1e-12);
        // Two points (0, 0) and (2, 0): at their midpoint the pulls cancel; elsewhere the logistic weight.
        ExactScore two = ExactScore.ofPoints(Nd4j.createFromArray(new double[][] {{0, 0}, {2, 0}}));
        assertEquals(0, at(two, 1, 0, 0.7)[0], 1e-12);
        double x = 0.4;
        double t = 0.3;
        double w2 = 1 / (1 + Math.exp((-(x * x) + (x - 2) * (x - 2)) / (2 * t)));
        assertEquals((2 * w2 - x) / t, at(two, x, 0, t)[0], 1e-12);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> at(two, 0, 0, 0));
        assertEquals("t must be finite and > 0, got 0.0 at row 0", e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> ExactScore.ofPoints(Nd4j.zeros(3, 3)));
        assertThrows(IllegalArgumentException.class,
                () -> ExactScore.ofPoints(Nd4j.createFromArray(new double[][] {{0, Double.NaN}})));
    }
}
