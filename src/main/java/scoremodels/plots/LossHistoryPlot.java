package scoremodels.plots;

import java.awt.BasicStroke;
import java.awt.image.BufferedImage;
import java.util.List;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYSeries;
import org.knowm.xchart.style.markers.SeriesMarkers;

/** Figure of section 6.5: the loss per epoch, thinned for drawing, with its running mean. */
final class LossHistoryPlot {
    private static final int WIDTH = 760;
    private static final int HEIGHT = 440;
    /** About one bucket per pixel column of the plot area. */
    private static final int BUCKETS = 680;

    private LossHistoryPlot() {
    }

    static Figure plot(double[] loss) {
        int n = loss.length;
        double lo = Double.POSITIVE_INFINITY;
        double hi = Double.NEGATIVE_INFINITY;
        for (double v : loss) {
            lo = Math.min(lo, v);
            hi = Math.max(hi, v);
        }
        // Adam's first steps can push the loss orders of magnitude above where it settles; if they
        // would flatten the rest of the curve, the axis follows the steps after the first 2 %.
        String title = "Score Matching Loss History";
        int skip = n / 50;
        if (skip > 0) {
            double tailLo = Double.POSITIVE_INFINITY;
            double tailHi = Double.NEGATIVE_INFINITY;
            for (int i = skip; i < n; i++) {
                tailLo = Math.min(tailLo, loss[i]);
                tailHi = Math.max(tailHi, loss[i]);
            }
            if (hi - lo > 20 * Math.max(tailHi - tailLo, 1e-12)) {
                lo = tailLo;
                hi = tailHi;
                title += " (the first " + skip + " epochs reach " + String.format(java.util.Locale.ROOT, "%.3g", max(loss)) + ")";
            }
        }
        double pad = 0.05 * Math.max(hi - lo, 1e-9 * Math.max(1, Math.abs(hi)));
        XYChart c = Charts.xy(WIDTH, HEIGHT, title, "Epoch", "Score Matching Loss");
        Charts.limits(c, 0, n - 1, lo - pad, hi + pad);
        c.getStyler().setLegendVisible(true);
        PlotFrame f = new PlotFrame(c);
        double[][] line = LossCurve.minMax(loss, BUCKETS);
        boolean thinned = line[0].length < n;
        boolean withMean = n >= 100;
        line(c, thinned ? "loss (min/max per pixel)" : "loss", line,
                withMean ? Charts.alpha(Charts.BLUE, 0.45) : Charts.BLUE, 1f);
        if (withMean) {
            int window = Math.max(2, n / 100);
            line(c, "running mean (" + window + " epochs)", LossCurve.runningMean(loss, window, BUCKETS),
                    Charts.ORANGE, 2f);
        }
        BufferedImage img = Charts.render(c, WIDTH, HEIGHT);
        return new Figure(img, List.of(f.mapping()), "Loss history of " + n + " epochs");
    }

    private static double max(double[] v) {
        double m = Double.NEGATIVE_INFINITY;
        for (double x : v) {
            m = Math.max(m, x);
        }
        return m;
    }

    private static void line(XYChart c, String name, double[][] xy, java.awt.Color color, float width) {
        XYSeries s = c.addSeries(name, xy[0], xy[1]);
        s.setXYSeriesRenderStyle(XYSeries.XYSeriesRenderStyle.Line);
        s.setMarker(SeriesMarkers.NONE);
        s.setLineColor(color);
        s.setLineStyle(new BasicStroke(width));
        s.setShowInLegend(true);
    }
}
