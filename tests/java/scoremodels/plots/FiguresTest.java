package scoremodels.plots;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.awt.geom.Point2D;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.nd4j.linalg.factory.Nd4j;

/** Figures 6.1, 6.2 and the loss curve: size, ink where the data are, saving, determinism. */
class FiguresTest {
    @TempDir
    Path tmp;

    private final double[][] x = Fixtures.data();

    @Test
    void scatterDrawsEveryPointWithEqualAspect() {
        Figure f = Plots.scatter(x);
        assertEquals(480, f.height());
        assertTrue(f.width() >= 360 && f.width() <= 960, "width " + f.width());
        assertEquals(1, f.panelCount());
        for (double[] p : x) {
            assertTrue(Pixels.bluishNear(f.image(), f.pixelOf(0, p[0], p[1]), 2), "no marker at " + p[0] + "," + p[1]);
        }
        Point2D o = f.pixelOf(0, 0, 0);
        Point2D one = f.pixelOf(0, 1, 1);
        double px = one.getX() - o.getX();
        double py = o.getY() - one.getY();
        assertEquals(px, py, 0.01 * px, "one data unit must span as many pixels across as up");
    }

    @Test
    void scatterAcceptsAnNd4jArray() {
        Figure a = Plots.scatter(x);
        Figure b = Plots.scatter(Nd4j.create(x));
        assertTrue(Pixels.samePixels(a.image(), b.image()));
    }

    @Test
    void noiseGridHasNinePanelsOnSharedAxes() {
        double[] ts = Fixtures.linspace(0.001, 10, 9);
        double[][][] noised = Fixtures.noised(x, ts);
        Figure f = Plots.noiseGrid(noised, ts);
        assertEquals(900, f.width());
        assertEquals(900, f.height());
        assertEquals(9, f.panelCount());
        Point2D first = f.pixelOf(0, 3, 4);
        for (int i = 0; i < 9; i++) {
            Point2D p = f.pixelOf(i, 3, 4);
            // Same limits in every panel: a data point sits at the same place inside each panel.
            assertEquals(first.getX(), p.getX() - (i % 3) * 300, 1e-9, "panel " + i);
            assertEquals(first.getY(), p.getY() - (i / 3) * 300, 1e-9, "panel " + i);
            for (double[] q : noised[i]) {
                assertTrue(Pixels.bluishNear(f.image(), f.pixelOf(i, q[0], q[1]), 1), "panel " + i);
            }
        }
        Figure g = Plots.noiseGrid(Nd4j.create(noised), Nd4j.createFromArray(ts));
        assertTrue(Pixels.samePixels(f.image(), g.image()), "INDArray input draws the same figure");
    }

    @Test
    void lossHistoryOfTwentyThousandEpochsFollowsTheCurve() {
        double[] loss = new double[20_000];
        for (int i = 0; i < loss.length; i++) {
            loss[i] = 30 * Math.exp(-i / 2000.0) + Math.sin(i);
        }
        Figure f = Plots.lossHistory(loss);
        assertEquals(760, f.width());
        assertEquals(440, f.height());
        for (int i = 0; i < loss.length; i += 997) {
            assertTrue(Pixels.bluishNear(f.image(), f.pixelOf(0, i, loss[i]), 2), "curve missing at epoch " + i);
        }
        List<Double> boxed = new ArrayList<>();
        for (double v : loss) {
            boxed.add(v);
        }
        assertTrue(Pixels.samePixels(f.image(), Plots.lossHistory(boxed).image()));
    }

    @Test
    void minMaxThinningKeepsTheExtremes() {
        double[] loss = new double[10_000];
        for (int i = 0; i < loss.length; i++) {
            loss[i] = Math.sin(i * 0.37) * (1 + i % 13);
        }
        loss[4321] = -100;
        loss[7777] = 100;
        double[][] thin = LossCurve.minMax(loss, 500);
        assertEquals(1000, thin[0].length);
        double lo = Double.POSITIVE_INFINITY;
        double hi = Double.NEGATIVE_INFINITY;
        for (int k = 0; k < thin[1].length; k++) {
            lo = Math.min(lo, thin[1][k]);
            hi = Math.max(hi, thin[1][k]);
            assertEquals(loss[(int) thin[0][k]], thin[1][k], "a kept point is a real epoch's value");
            if (k > 0) {
                assertTrue(thin[0][k] >= thin[0][k - 1], "epochs stay in order");
            }
        }
        assertEquals(-100, lo);
        assertEquals(100, hi);
        double[][] mean = LossCurve.runningMean(new double[] {1, 2, 3, 4}, 2, 4);
        assertEquals(3.5, mean[1][3], 1e-12);
        assertEquals(1.0, mean[1][0], 1e-12);
    }

    @Test
    void savedPngReadsBackPixelEqual() throws IOException {
        Figure f = Plots.scatter(x);
        Path p = tmp.resolve("data.png");
        f.save(p);
        BufferedImage back = ImageIO.read(p.toFile());
        assertTrue(Pixels.samePixels(f.image(), back));
    }

    @Test
    void rendersAreDeterministic() {
        double[] ts = Fixtures.linspace(0.001, 10, 9);
        double[][][] noised = Fixtures.noised(x, ts);
        assertTrue(Pixels.samePixels(Plots.noiseGrid(noised, ts).image(), Plots.noiseGrid(noised, ts).image()));
        Figure a = Plots.scatter(x);
        Figure b = Plots.scatter(x);
        assertTrue(Pixels.samePixels(a.image(), b.image()));
        assertEquals(a.mimeBundle(), b.mimeBundle(), "same PNG bytes too");
    }

    @Test
    void mimeBundleHoldsThePngAndAText() throws IOException {
        Figure f = Plots.scatter(x);
        Map<String, String> b = f.mimeBundle();
        BufferedImage decoded = ImageIO.read(new java.io.ByteArrayInputStream(Base64.getDecoder().decode(b.get("image/png"))));
        assertTrue(Pixels.samePixels(f.image(), decoded));
        assertTrue(b.get("text/plain").contains("100 points"), b.get("text/plain"));
        assertFalse(b.containsKey("text/html"));
    }

    @Test
    void everyPointOfEveryLineIsVisibleEvenUnderTheLegend() {
        // The shape of notebook 08's figure: the highest values at the right end, where a legend
        // inside the plot's top right corner used to cover them.
        double[] x = {3, 8, 16};
        java.util.Map<String, double[]> series = new java.util.LinkedHashMap<>();
        series.put("floor: second fresh draw", new double[] {0.003, 0.009, 0.010});
        series.put("the 100 training points", new double[] {0.022, 0.034, 0.062});
        series.put("Denoising · consistent ODE", new double[] {0.027, 0.042, 0.044});
        series.put("Denoising · reverse SDE", new double[] {0.024, 0.046, 0.057});
        Figure f = Plots.lines(x).title("Energy distance to a fresh draw").xLabel("dimension D").yLabel("energy distance")
                .series(series).figure();
        java.awt.Color[] colors = {Charts.BLUE, Charts.ORANGE, new java.awt.Color(44, 160, 44), new java.awt.Color(214, 39, 40)};
        int k = 0;
        for (double[] ys : series.values()) {
            for (int i = 0; i < x.length; i++) {
                java.awt.geom.Point2D p = f.pixelOf(0, x[i], ys[i]);
                assertTrue(colourNear(f.image(), p, colors[k], 2), "series " + k + " hidden at x = " + x[i]);
            }
            k++;
        }
    }

    private static boolean colourNear(java.awt.image.BufferedImage img, java.awt.geom.Point2D p, java.awt.Color c, int radius) {
        for (int dx = -radius; dx <= radius; dx++) {
            for (int dy = -radius; dy <= radius; dy++) {
                int px = (int) Math.round(p.getX()) + dx;
                int py = (int) Math.round(p.getY()) + dy;
                if (px < 0 || py < 0 || px >= img.getWidth() || py >= img.getHeight()) {
                    continue;
                }
                java.awt.Color q = new java.awt.Color(img.getRGB(px, py));
                if (Math.abs(q.getRed() - c.getRed()) + Math.abs(q.getGreen() - c.getGreen()) + Math.abs(q.getBlue() - c.getBlue()) < 60) {
                    return true;
                }
            }
        }
        return false;
    }

    /** A set with points thrown 1e20 away must not shrink the data to a dot: the frame stays near the data. */
    @Test
    void compareKeepsTheDataInViewWhenPointsRunAway() {
        double[][] runaway = {{0, 0}, {1e20, -3e20}, {5, 5}};
        Figure f = Plots.compare(Nd4j.createFromArray(x)).panel("runaway", Nd4j.createFromArray(runaway))
                .panel("data", Nd4j.createFromArray(x)).figure();
        double minX = java.util.Arrays.stream(x).mapToDouble(r -> r[0]).min().orElseThrow();
        double maxX = java.util.Arrays.stream(x).mapToDouble(r -> r[0]).max().orElseThrow();
        for (int panel = 0; panel < 2; panel++) {
            double wide = f.pixelOf(panel, maxX, 0).getX() - f.pixelOf(panel, minX, 0).getX();
            assertTrue(wide > 0.3 * 360, "the data span " + wide + " pixels of a 360-pixel panel");
        }
        // Without runaways the frame is the data's and the sets' box, as before.
        Figure g = Plots.compare(Nd4j.createFromArray(x)).panel("a", Nd4j.createFromArray(x))
                .panel("b", Nd4j.createFromArray(x)).figure();
        double wide = g.pixelOf(0, maxX, 0).getX() - g.pixelOf(0, minX, 0).getX();
        assertTrue(wide > 0.7 * 360, "the data fill the panel: " + wide);
    }
}
