package scoremodels.plots;

import java.awt.Graphics2D;
import java.awt.geom.Rectangle2D;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.internal.chartpart.Annotation;

/**
 * Records XChart's data-to-pixel transform while a chart paints.
 *
 * <p>XChart computes the plot area only during {@code paint}, and exposes the result through
 * {@code Chart.getScreenXFromChart}. An annotation is painted after the axes and the plot, so
 * at that moment the transform is final; this one reads it at the axis limits and keeps it
 * as a {@link DataToPixel}. It is the one place where data becomes pixels: arrows, tests and
 * {@link Figure#pixelOf} all go through it.
 */
final class PlotFrame extends Annotation {
    private final XYChart xy;
    private DataToPixel mapping;

    PlotFrame(XYChart chart) {
        super(false);
        this.xy = chart;
        chart.addAnnotation(this);
    }

    @Override
    public void paint(Graphics2D g) {
        double xmin = xy.getStyler().getXAxisMin();
        double xmax = xy.getStyler().getXAxisMax();
        double ymin = xy.getStyler().getYAxisMin();
        double ymax = xy.getStyler().getYAxisMax();
        double pxMin = xy.getScreenXFromChart(xmin);
        double pxMax = xy.getScreenXFromChart(xmax);
        double pyMin = xy.getScreenYFromChart(ymin);
        double pyMax = xy.getScreenYFromChart(ymax);
        double sx = (pxMax - pxMin) / (xmax - xmin);
        double sy = (pyMax - pyMin) / (ymax - ymin);
        Rectangle2D plot = new Rectangle2D.Double(pxMin, pyMax, pxMax - pxMin, pyMin - pyMax);
        mapping = new DataToPixel(pxMin - sx * xmin, sx, pyMin - sy * ymin, sy, plot);
        bounds = plot;
    }

    /** The transform of the last paint. */
    DataToPixel mapping() {
        if (mapping == null) {
            throw new IllegalStateException("the chart has not been painted yet");
        }
        return mapping;
    }
}
