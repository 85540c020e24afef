package scoremodels.plots;

import java.awt.geom.Point2D;
import java.awt.geom.Rectangle2D;

/**
 * The affine map from data coordinates to image pixels of one panel, as XChart painted it.
 *
 * <p>{@code px = x0 + sx · x}, {@code py = y0 + sy · y} (sy is negative: pixels grow
 * downwards). {@code plot} is the rectangle of the axis limits in the same pixels.
 */
record DataToPixel(double x0, double sx, double y0, double sy, Rectangle2D plot) {

    Point2D apply(double x, double y) {
        return new Point2D.Double(x0 + sx * x, y0 + sy * y);
    }

    /** The same map for a panel painted {@code dx, dy} pixels further right and down. */
    DataToPixel shifted(double dx, double dy) {
        Rectangle2D p = new Rectangle2D.Double(plot.getX() + dx, plot.getY() + dy, plot.getWidth(),
                plot.getHeight());
        return new DataToPixel(x0 + dx, sx, y0 + dy, sy, p);
    }
}
