package scoremodels.plots;

import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.Shape;
import java.awt.geom.Path2D;
import java.awt.geom.Point2D;
import java.awt.geom.Rectangle2D;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.internal.chartpart.Annotation;

/**
 * Arrows (x, y) → (x + u, y + v) in data coordinates, like matplotlib's {@code ax.arrow}.
 *
 * <p>XChart has no arrows, so this annotation paints them after the plot, through the
 * {@link PlotFrame}'s transform, clipped to the plot area. A zero vector has no direction and
 * is not drawn; {@link #drawn()} counts the arrows that were.
 */
final class ArrowLayer extends Annotation {
    /** Heads are sized in pixels so that short arrows still show which way they point. */
    private static final double HEAD_LENGTH = 7;
    private static final double HEAD_HALF_WIDTH = 3;

    private final PlotFrame frame;
    private final double[] x;
    private final double[] y;
    private final double[] u;
    private final double[] v;
    private final Color color;
    private int drawn;

    ArrowLayer(XYChart chart, PlotFrame frame, double[] x, double[] y, double[] u, double[] v, Color color) {
        super(false);
        this.frame = frame;
        this.x = x;
        this.y = y;
        this.u = u;
        this.v = v;
        this.color = color;
        chart.addAnnotation(this);
    }

    @Override
    public void paint(Graphics2D g) {
        DataToPixel m = frame.mapping();
        Rectangle2D plot = m.plot();
        bounds = plot;
        Shape oldClip = g.getClip();
        g.clip(plot);
        g.setRenderingHint(RenderingHints.KEY_ANTIALIASING, RenderingHints.VALUE_ANTIALIAS_ON);
        g.setColor(color);
        g.setStroke(new BasicStroke(1.2f, BasicStroke.CAP_BUTT, BasicStroke.JOIN_MITER));
        // Arrows many plot sizes long only ever show as straight lines; shortening them keeps
        // Java2D away from huge coordinates without changing what is visible.
        double longest = 4 * Math.hypot(plot.getWidth(), plot.getHeight());
        int count = 0;
        for (int i = 0; i < x.length; i++) {
            if (u[i] == 0 && v[i] == 0) {
                continue;
            }
            Point2D a = m.apply(x[i], y[i]);
            Point2D b = m.apply(x[i] + u[i], y[i] + v[i]);
            double dx = b.getX() - a.getX();
            double dy = b.getY() - a.getY();
            double len = Math.hypot(dx, dy);
            if (len > longest) {
                dx *= longest / len;
                dy *= longest / len;
                len = longest;
            }
            paintArrow(g, a.getX(), a.getY(), dx, dy, len);
            count++;
        }
        drawn = count;
        g.setClip(oldClip);
    }

    /** A shaft to the head's base and a filled triangular head ending at the tip. */
    private static void paintArrow(Graphics2D g, double ax, double ay, double dx, double dy, double len) {
        double ex = len == 0 ? 1 : dx / len;
        double ey = len == 0 ? 0 : dy / len;
        double head = Math.min(HEAD_LENGTH, Math.max(3, 0.5 * len));
        double half = HEAD_HALF_WIDTH * head / HEAD_LENGTH;
        double tipX = ax + dx;
        double tipY = ay + dy;
        double baseX = tipX - ex * head;
        double baseY = tipY - ey * head;
        if (len > head) {
            g.draw(new java.awt.geom.Line2D.Double(ax, ay, baseX, baseY));
        }
        Path2D.Double tri = new Path2D.Double();
        tri.moveTo(tipX, tipY);
        tri.lineTo(baseX - ey * half, baseY + ex * half);
        tri.lineTo(baseX + ey * half, baseY - ex * half);
        tri.closePath();
        g.fill(tri);
    }

    /** Arrows painted in the last paint (zero vectors excluded). */
    int drawn() {
        return drawn;
    }
}
