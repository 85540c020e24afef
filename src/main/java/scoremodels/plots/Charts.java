package scoremodels.plots;

import java.awt.Color;
import java.awt.Font;
import java.awt.Graphics2D;
import java.awt.image.BufferedImage;
import java.util.List;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYChartBuilder;
import org.knowm.xchart.XYSeries;
import org.knowm.xchart.style.Styler;
import org.knowm.xchart.style.XYStyler;
import org.knowm.xchart.style.markers.Marker;
import org.knowm.xchart.style.markers.SeriesMarkers;

/** The house style of every chart, painting into images, equal aspect and panel grids. */
final class Charts {
    /** matplotlib's first two default colours, so the figures look like the chapter's. */
    static final Color BLUE = new Color(31, 119, 180);
    static final Color ORANGE = new Color(255, 127, 14);

    /**
     * XChart centres the last tick label on the plot's right edge, half outside the chart;
     * painting each chart this much narrower than its image keeps that label whole.
     */
    static final int RIGHT_MARGIN = 12;

    private Charts() {
    }

    /** An XY chart in the house style; a null title hides the title line. */
    static XYChart xy(int width, int height, String title, String xLabel, String yLabel) {
        Headless.ensure();
        XYChart c = new XYChartBuilder().width(width).height(height).title(title == null ? "" : title)
                .xAxisTitle(xLabel).yAxisTitle(yLabel).build();
        XYStyler s = c.getStyler();
        s.setChartTitleVisible(title != null);
        s.setLegendVisible(false);
        s.setChartBackgroundColor(Color.WHITE);
        s.setPlotBackgroundColor(Color.WHITE);
        s.setPlotBorderVisible(true);
        s.setPlotBorderColor(new Color(90, 90, 90));
        s.setPlotGridLinesColor(new Color(235, 235, 235));
        s.setAxisTickMarksColor(new Color(90, 90, 90));
        s.setChartFontColor(Color.BLACK);
        s.setChartTitleFont(new Font(Font.SANS_SERIF, Font.PLAIN, 14));
        s.setAxisTitleFont(new Font(Font.SANS_SERIF, Font.PLAIN, 12));
        s.setAxisTickLabelsFont(new Font(Font.SANS_SERIF, Font.PLAIN, 10));
        s.setLegendFont(new Font(Font.SANS_SERIF, Font.PLAIN, 11));
        s.setLegendPosition(Styler.LegendPosition.InsideNE);
        s.setChartPadding(8);
        s.setChartTitlePadding(6);
        s.setAntiAlias(true);
        s.setToolTipsEnabled(false);
        // The axis limits are the edges of the plot, as in matplotlib, so that a figure's
        // limits mean exactly what the chapter's xlim/ylim say.
        s.setPlotContentSize(1.0);
        s.setDefaultSeriesRenderStyle(XYSeries.XYSeriesRenderStyle.Scatter);
        s.setMarkerSize(7);
        return c;
    }

    static void limits(XYChart c, double xmin, double xmax, double ymin, double ymax) {
        // A zero-width range (one point, or identical values) still needs a visible window.
        if (!(xmax > xmin)) {
            xmin -= 0.5;
            xmax += 0.5;
        }
        if (!(ymax > ymin)) {
            ymin -= 0.5;
            ymax += 0.5;
        }
        c.getStyler().setXAxisMin(xmin).setXAxisMax(xmax).setYAxisMin(ymin).setYAxisMax(ymax);
    }

    /** Adds a scatter of points in one colour (alpha included) and marker. */
    static XYSeries scatter(XYChart c, String name, double[] x, double[] y, Color color, Marker marker) {
        XYSeries s = c.addSeries(name, x, y);
        s.setXYSeriesRenderStyle(XYSeries.XYSeriesRenderStyle.Scatter);
        s.setMarker(marker);
        s.setMarkerColor(color);
        s.setShowInLegend(false);
        return s;
    }

    static XYSeries scatter(XYChart c, String name, XY p, Color color) {
        return scatter(c, name, p.x(), p.y(), color, SeriesMarkers.CIRCLE);
    }

    static Color alpha(Color c, double alpha) {
        return new Color(c.getRed(), c.getGreen(), c.getBlue(), (int) Math.round(255 * alpha));
    }

    /** Paints one chart into a new white RGB image. */
    static BufferedImage render(XYChart c, int width, int height) {
        BufferedImage img = new BufferedImage(width, height, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = img.createGraphics();
        try {
            g.setColor(Color.WHITE);
            g.fillRect(0, 0, width, height);
            c.paint(g, width - RIGHT_MARGIN, height);
        } finally {
            g.dispose();
        }
        return img;
    }

    /**
     * Equal aspect with fixed limits, like matplotlib's {@code set_aspect("equal")}: the image
     * width changes (within {@code [minWidth, maxWidth]}) so that one data unit spans the same
     * number of pixels on both axes; what the width cannot absorb widens the shorter range.
     * Returns the width to paint at. The loop repeats because tick labels move the plot area.
     */
    static int equalAspect(XYChart c, PlotFrame f, int width, int height, int minWidth, int maxWidth) {
        XYStyler s = c.getStyler();
        double xmin = s.getXAxisMin();
        double xmax = s.getXAxisMax();
        double ymin = s.getYAxisMin();
        double ymax = s.getYAxisMax();
        int w = width;
        for (int i = 0; i < 4; i++) {
            render(c, w, height);
            DataToPixel m = f.mapping();
            double plotW = m.plot().getWidth();
            double plotH = m.plot().getHeight();
            double wanted = plotH * (xmax - xmin) / (ymax - ymin);
            int next = Math.max(minWidth, Math.min(maxWidth, even(w + (int) Math.round(wanted - plotW))));
            if (next == w) {
                break;
            }
            w = next;
        }
        for (int i = 0; i < 4; i++) {
            render(c, w, height);
            DataToPixel m = f.mapping();
            double perX = m.plot().getWidth() / (xmax - xmin);
            double perY = m.plot().getHeight() / (ymax - ymin);
            if (Math.abs(perX - perY) <= 1e-3 * Math.max(perX, perY)) {
                break;
            }
            double unitsPerPixel = Math.max(1 / perX, 1 / perY);
            double cx = 0.5 * (xmin + xmax);
            double cy = 0.5 * (ymin + ymax);
            double hx = 0.5 * m.plot().getWidth() * unitsPerPixel;
            double hy = 0.5 * m.plot().getHeight() * unitsPerPixel;
            xmin = cx - hx;
            xmax = cx + hx;
            ymin = cy - hy;
            ymax = cy + hy;
            limits(c, xmin, xmax, ymin, ymax);
        }
        return w;
    }

    /** Widths and heights even, so that video encoders (yuv420p) accept the frames. */
    static int even(int n) {
        return n % 2 == 0 ? n : n + 1;
    }

    /**
     * Paints charts row by row into one image of {@code cols} columns of equal panels, and
     * returns each panel's data-to-pixel map in the whole image.
     */
    static BufferedImage grid(List<XYChart> charts, List<PlotFrame> frames, int cols, int panelW, int panelH,
            List<DataToPixel> mappings) {
        int rows = (charts.size() + cols - 1) / cols;
        BufferedImage img = new BufferedImage(cols * panelW, rows * panelH, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = img.createGraphics();
        try {
            g.setColor(Color.WHITE);
            g.fillRect(0, 0, img.getWidth(), img.getHeight());
            for (int i = 0; i < charts.size(); i++) {
                int ox = (i % cols) * panelW;
                int oy = (i / cols) * panelH;
                Graphics2D pg = (Graphics2D) g.create(ox, oy, panelW, panelH);
                try {
                    charts.get(i).paint(pg, panelW - RIGHT_MARGIN, panelH);
                } finally {
                    pg.dispose();
                }
                mappings.add(frames.get(i).mapping().shifted(ox, oy));
            }
        } finally {
            g.dispose();
        }
        return img;
    }
}
