package scoremodels.plots;

import java.awt.Color;
import java.awt.image.BufferedImage;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.style.Styler;
import org.knowm.xchart.style.markers.SeriesMarkers;

/**
 * Figure 6.4: probability-flow trajectories frame by frame over the faint data.
 *
 * <p>Every frame has the same axes (−20, 20), equal aspect and size. Starts stay as faint
 * circles throughout; the last frame shows where each trajectory ended as a diamond.
 */
final class FlowPlot {
    static final double LIMIT = 20;
    static final int DELAY_MILLIS = 200;
    private static final int HEIGHT = 520;
    private static final Color DATA = Charts.alpha(Color.BLACK, 0.05);
    private static final Color START = Charts.alpha(Charts.BLUE, 0.25);

    private FlowPlot() {
    }

    /** trajectories[i][k] is trajectory i at ts[k]. */
    static Animation animate(double[][][] trajectories, double[] ts, XY background) {
        int n = trajectories.length;
        int steps = ts.length;
        double[][] xs = new double[steps][n];
        double[][] ys = new double[steps][n];
        for (int i = 0; i < n; i++) {
            for (int k = 0; k < steps; k++) {
                xs[k][i] = trajectories[i][k][0];
                ys[k][i] = trajectories[i][k][1];
            }
        }
        // Size once from the first frame: the axes never change, so neither does the plot box.
        XYChart first = frame(xs, ys, 0, ts, background);
        PlotFrame probe = new PlotFrame(first);
        Charts.limits(first, -LIMIT, LIMIT, -LIMIT, LIMIT);
        int width = Charts.equalAspect(first, probe, HEIGHT, HEIGHT, 400, 900);
        double[] limits = {first.getStyler().getXAxisMin(), first.getStyler().getXAxisMax(),
            first.getStyler().getYAxisMin(), first.getStyler().getYAxisMax()};
        List<BufferedImage> images = new ArrayList<>();
        DataToPixel mapping = null;
        for (int k = 0; k < steps; k++) {
            XYChart c = frame(xs, ys, k, ts, background);
            Charts.limits(c, limits[0], limits[1], limits[2], limits[3]);
            PlotFrame f = new PlotFrame(c);
            images.add(Charts.render(c, width, HEIGHT));
            mapping = f.mapping();
        }
        return new Animation(images, DELAY_MILLIS, mapping, "Probability flow of " + n + " trajectories over "
                + steps + " times");
    }

    private static XYChart frame(double[][] xs, double[][] ys, int k, double[] ts, XY background) {
        boolean last = k == ts.length - 1;
        String title = String.format(Locale.ROOT, "Probability flow ODE, t=%.2f", ts[k]);
        XYChart c = Charts.xy(HEIGHT, HEIGHT, title, "Data Dim 1", "Data Dim 2");
        c.getStyler().setLegendVisible(true);
        c.getStyler().setLegendPosition(Styler.LegendPosition.InsideSE);
        c.getStyler().setLegendBackgroundColor(Charts.alpha(Color.WHITE, 0.8));
        Charts.scatter(c, "data", background, DATA);
        Charts.scatter(c, "start", xs[0], ys[0], last ? Charts.alpha(Charts.BLUE, 0.6) : START, SeriesMarkers.CIRCLE)
                .setShowInLegend(true);
        if (last) {
            Charts.scatter(c, "end", xs[k], ys[k], Charts.ORANGE, SeriesMarkers.DIAMOND).setShowInLegend(true);
        } else {
            Charts.scatter(c, "now", xs[k], ys[k], Charts.BLUE, SeriesMarkers.CIRCLE).setShowInLegend(true);
        }
        return c;
    }
}
