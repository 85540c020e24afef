package scoremodels.plots;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.awt.geom.Point2D;
import java.awt.geom.Rectangle2D;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.factory.Nd4j;
import scoremodels.models.ScoreFunction;

/** Figure 6.3: arrows where the field is, none where it is zero, the chapter's grid and limits. */
class GradientFieldTest {
    private final double[][] x = Fixtures.data();
    private final double[] ts = {0.5, 4.0};
    private final double[][][] noised = Fixtures.noised(x, ts);

    @Test
    void constantFieldDrawsOneArrowPerGridPointAndZeroFieldNone() {
        GradientField f = Plots.gradientField(noised, ts).trained(Fixtures.constant(1, 0)).untrained(Fixtures.constant(0, 0)).figure();
        assertEquals(2, f.levels());
        assertEquals(4, f.panelCount());
        assertEquals(840, f.width());
        assertEquals(2 * 380, f.height());
        for (int level = 0; level < 2; level++) {
            assertEquals(400, f.arrowCount(level, 0), "20 x 20 grid, every vector non-zero");
            assertEquals(0, f.arrowCount(level, 1), "zero vectors are not drawn");
        }
        assertEquals(800, f.arrowCount());
        // No blue ink at all in the zero-field panels (their data are black).
        for (int level = 0; level < 2; level++) {
            Point2D a = f.pixelOf(2 * level + 1, -50, -50);
            Point2D b = f.pixelOf(2 * level + 1, 50, 50);
            Rectangle2D panel = new Rectangle2D.Double(420, level * 380, 420, 380);
            assertEquals(0, Pixels.bluishIn(f.image(), panel), "untrained panel " + level + " " + a + b);
        }
    }

    @Test
    void arrowsStartAtGridPointsAndPointAlongTheField() {
        GradientField f = Plots.gradientField(noised, ts).trained(Fixtures.constant(1, 0)).untrained(Fixtures.constant(0, 0))
                .gridPoints(5).figure();
        assertEquals(25, f.arrowCount(0, 0));
        double[][] last = noised[1];
        double minX = Arrays.stream(last).mapToDouble(r -> r[0]).min().orElseThrow();
        double maxX = Arrays.stream(last).mapToDouble(r -> r[0]).max().orElseThrow();
        double minY = Arrays.stream(last).mapToDouble(r -> r[1]).min().orElseThrow();
        double maxY = Arrays.stream(last).mapToDouble(r -> r[1]).max().orElseThrow();
        // Level 1 (the last) has limits = its range ± 1, so the whole grid is inside panel 2.
        int inked = 0;
        for (int j = 0; j < 5; j++) {
            for (int i = 0; i < 5; i++) {
                double gx = minX + (maxX - minX) * i / 4;
                double gy = minY + (maxY - minY) * j / 4;
                if (Pixels.bluishNear(f.image(), f.pixelOf(2, gx + 0.5, gy), 1)) {
                    inked++;
                }
                // Nothing points left: the field is (1, 0).
                assertTrue(!Pixels.bluishNear(f.image(), f.pixelOf(2, gx - 0.6, gy), 0), "ink left of " + gx);
            }
        }
        assertEquals(25, inked, "every arrow's shaft shows halfway along it");
    }

    @Test
    void modelsSeeTheChaptersGridAndEveryTime() {
        List<String> calls = new ArrayList<>();
        ScoreFunction spy = (p, t) -> {
            calls.add(Arrays.toString(p.shape()) + "@" + t.getDouble(0));
            return Fixtures.EXACT.apply(p, t);
        };
        double[] nine = Fixtures.linspace(0.001, 10, 9);
        double[][][] levels = Fixtures.noised(x, nine);
        GradientField f = Plots.gradientField(Nd4j.create(levels), nine).trained(spy).untrained(spy).figure();
        assertEquals(18, calls.size(), "trained and untrained at each of the 9 levels");
        assertEquals("[400, 2]@0.001", calls.get(0));
        assertEquals(9 * 2 * 400, f.arrowCount());
        assertEquals(840, f.width());
        assertEquals(9 * 380, f.height());
    }

    @Test
    void sameInputsSamePixels() {
        GradientField a = Plots.gradientField(noised, ts).trained(Fixtures.EXACT).untrained(Fixtures.constant(0.3, -0.2)).figure();
        GradientField b = Plots.gradientField(noised, ts).trained(Fixtures.EXACT).untrained(Fixtures.constant(0.3, -0.2)).figure();
        assertTrue(Pixels.samePixels(a.image(), b.image()));
    }
}
