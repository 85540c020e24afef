package scoremodels.plots;

import java.awt.geom.Point2D;
import java.awt.geom.Rectangle2D;
import java.awt.image.BufferedImage;

/** Pixel checks shared by the figure tests. */
final class Pixels {
    private Pixels() {
    }

    /** Blue clearly above red: the figures' data markers and arrows, never gridlines or text. */
    static boolean bluish(int rgb) {
        int r = (rgb >> 16) & 0xff;
        int b = rgb & 0xff;
        return b - r > 12;
    }

    static boolean orangeish(int rgb) {
        int r = (rgb >> 16) & 0xff;
        int b = rgb & 0xff;
        return r - b > 100;
    }

    /** Any bluish pixel within {@code radius} of {@code p}. */
    static boolean bluishNear(BufferedImage img, Point2D p, int radius) {
        return countNear(img, p, radius, true) > 0;
    }

    static int countNear(BufferedImage img, Point2D p, int radius, boolean blue) {
        int cx = (int) Math.round(p.getX());
        int cy = (int) Math.round(p.getY());
        int n = 0;
        for (int y = cy - radius; y <= cy + radius; y++) {
            for (int x = cx - radius; x <= cx + radius; x++) {
                if (x >= 0 && y >= 0 && x < img.getWidth() && y < img.getHeight()) {
                    int rgb = img.getRGB(x, y);
                    if (blue ? bluish(rgb) : orangeish(rgb)) {
                        n++;
                    }
                }
            }
        }
        return n;
    }

    /** Bluish pixels inside a rectangle of the image. */
    static int bluishIn(BufferedImage img, Rectangle2D r) {
        int n = 0;
        for (int y = (int) Math.ceil(r.getMinY()); y < (int) r.getMaxY(); y++) {
            for (int x = (int) Math.ceil(r.getMinX()); x < (int) r.getMaxX(); x++) {
                if (bluish(img.getRGB(x, y))) {
                    n++;
                }
            }
        }
        return n;
    }

    static boolean samePixels(BufferedImage a, BufferedImage b) {
        if (a.getWidth() != b.getWidth() || a.getHeight() != b.getHeight()) {
            return false;
        }
        int[] pa = a.getRGB(0, 0, a.getWidth(), a.getHeight(), null, 0, a.getWidth());
        int[] pb = b.getRGB(0, 0, b.getWidth(), b.getHeight(), null, 0, b.getWidth());
        return java.util.Arrays.equals(pa, pb);
    }
}
