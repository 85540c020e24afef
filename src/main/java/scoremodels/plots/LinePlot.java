package scoremodels.plots;

import java.awt.BasicStroke;
import java.awt.Color;
import java.util.List;
import java.util.Map;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYSeries;
import org.knowm.xchart.style.markers.SeriesMarkers;

/** A few named series against one x axis, with markers: e.g. a metric against the dimension. */
final class LinePlot {
    private static final int WIDTH = 640;
    private static final int HEIGHT = 400; // plus a legend line per series
    private static final Color[] PALETTE = {Charts.BLUE, Charts.ORANGE, new Color(44, 160, 44),
        new Color(214, 39, 40), new Color(148, 103, 189), new Color(140, 86, 75), new Color(227, 119, 194),
        new Color(127, 127, 127)};

    private LinePlot() {
    }

    static Figure plot(String title, String xLabel, String yLabel, double[] x, Map<String, double[]> series) {
        double lo = Double.POSITIVE_INFINITY;
        double hi = Double.NEGATIVE_INFINITY;
        for (double[] ys : series.values()) {
            for (double v : ys) {
                lo = Math.min(lo, v);
                hi = Math.max(hi, v);
            }
        }
        double pad = 0.08 * Math.max(hi - lo, 1e-9 * Math.max(1, Math.abs(hi)));
        double xpad = 0.04 * Math.max(x[x.length - 1] - x[0], 1e-9);
        int height = HEIGHT + 18 * series.size();
        XYChart c = Charts.xy(WIDTH, height, title, xLabel, yLabel);
        Charts.limits(c, x[0] - xpad, x[x.length - 1] + xpad, lo - pad, hi + pad);
        c.getStyler().setLegendVisible(true);
        // Below the plot: inside it, the legend box hid the highest lines' last points.
        c.getStyler().setLegendPosition(org.knowm.xchart.style.Styler.LegendPosition.OutsideS);
        c.getStyler().setLegendLayout(org.knowm.xchart.style.Styler.LegendLayout.Vertical);
        PlotFrame f = new PlotFrame(c);
        int i = 0;
        for (Map.Entry<String, double[]> e : series.entrySet()) {
            XYSeries s = c.addSeries(e.getKey(), x, e.getValue());
            s.setXYSeriesRenderStyle(XYSeries.XYSeriesRenderStyle.Line);
            s.setMarker(SeriesMarkers.CIRCLE);
            Color color = PALETTE[i++ % PALETTE.length];
            s.setLineColor(color);
            s.setMarkerColor(color);
            s.setLineStyle(new BasicStroke(2f));
        }
        return new Figure(Charts.render(c, WIDTH, height), List.of(f.mapping()), title);
    }
}
