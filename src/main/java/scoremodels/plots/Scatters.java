package scoremodels.plots;

import java.awt.image.BufferedImage;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.knowm.xchart.XYChart;

/** Figures 6.1 (the data) and 6.2 (the data at every noise level). */
final class Scatters {
    private static final int HEIGHT = 480;
    private static final int PANEL = 300;

    private Scatters() {
    }

    /** One scatter with equal aspect, axes "Data Dimension 1/2", a 5 % margin around the data. */
    static Figure scatter(XY p) {
        double padX = 0.05 * Math.max(p.maxX() - p.minX(), 1e-9);
        double padY = 0.05 * Math.max(p.maxY() - p.minY(), 1e-9);
        XYChart c = Charts.xy(HEIGHT, HEIGHT, null, "Data Dimension 1", "Data Dimension 2");
        Charts.limits(c, p.minX() - padX, p.maxX() + padX, p.minY() - padY, p.maxY() + padY);
        PlotFrame f = new PlotFrame(c);
        Charts.scatter(c, "data", p, Charts.BLUE);
        int w = Charts.equalAspect(c, f, HEIGHT, HEIGHT, 360, 2 * HEIGHT);
        BufferedImage img = Charts.render(c, w, HEIGHT);
        return new Figure(img, List.of(f.mapping()), "Scatter of " + p.size() + " points");
    }

    /** A 3-column grid, one panel per level titled with its t, all panels on the same limits. */
    static Figure noiseGrid(List<XY> levels, double[] ts) {
        double xmin = Double.POSITIVE_INFINITY;
        double xmax = Double.NEGATIVE_INFINITY;
        double ymin = Double.POSITIVE_INFINITY;
        double ymax = Double.NEGATIVE_INFINITY;
        for (XY p : levels) {
            xmin = Math.min(xmin, p.minX());
            xmax = Math.max(xmax, p.maxX());
            ymin = Math.min(ymin, p.minY());
            ymax = Math.max(ymax, p.maxY());
        }
        double padX = 0.05 * Math.max(xmax - xmin, 1e-9);
        double padY = 0.05 * Math.max(ymax - ymin, 1e-9);
        int cols = Math.min(3, levels.size());
        List<XYChart> charts = new ArrayList<>();
        List<PlotFrame> frames = new ArrayList<>();
        for (int i = 0; i < levels.size(); i++) {
            XYChart c = Charts.xy(PANEL, PANEL, String.format(Locale.ROOT, "%.2f", ts[i]), null, null);
            Charts.limits(c, xmin - padX, xmax + padX, ymin - padY, ymax + padY);
            frames.add(new PlotFrame(c));
            Charts.scatter(c, "t" + i, levels.get(i), Charts.alpha(Charts.BLUE, 0.1));
            charts.add(c);
        }
        List<DataToPixel> mappings = new ArrayList<>();
        BufferedImage img = Charts.grid(charts, frames, cols, PANEL, PANEL, mappings);
        return new Figure(img, mappings, "Noised data at " + levels.size() + " noise levels");
    }

    /**
     * Panels in rows of three, one point set each (titled by its key), drawn over the faint
     * {@code background} on shared limits, so results can be compared at a glance. The limits fit
     * the background and every set, but reach at most the background's larger span beyond the
     * background on each side: a set with points thrown far away would otherwise shrink the data
     * to a dot. A panel with points beyond the limits says how many under its plot.
     */
    static Figure panels(java.util.Map<String, XY> sets, XY background) {
        double span = Math.max(Math.max(background.maxX() - background.minX(), background.maxY() - background.minY()), 1e-9);
        double xmin = background.minX();
        double xmax = background.maxX();
        double ymin = background.minY();
        double ymax = background.maxY();
        for (XY p : sets.values()) {
            xmin = Math.min(xmin, p.minX());
            xmax = Math.max(xmax, p.maxX());
            ymin = Math.min(ymin, p.minY());
            ymax = Math.max(ymax, p.maxY());
        }
        xmin = Math.max(xmin, background.minX() - span);
        xmax = Math.min(xmax, background.maxX() + span);
        ymin = Math.max(ymin, background.minY() - span);
        ymax = Math.min(ymax, background.maxY() + span);
        double pad = 0.05 * Math.max(Math.max(xmax - xmin, ymax - ymin), 1e-9);
        List<XYChart> charts = new ArrayList<>();
        List<PlotFrame> frames = new ArrayList<>();
        for (java.util.Map.Entry<String, XY> e : sets.entrySet()) {
            XY inside = within(e.getValue(), xmin - pad, xmax + pad, ymin - pad, ymax + pad);
            int outside = e.getValue().size() - (inside == null ? 0 : inside.size());
            // the count goes under the panel: a title with it no longer fits the panel's width
            String xTitle = outside == 0 ? "Data Dim 1"
                    : String.format(Locale.ROOT, "Data Dim 1 · %d of %d points off the plot", outside, e.getValue().size());
            XYChart c = Charts.xy(PANEL + 60, PANEL + 60, e.getKey(), xTitle, "Data Dim 2");
            Charts.limits(c, xmin - pad, xmax + pad, ymin - pad, ymax + pad);
            frames.add(new PlotFrame(c));
            // The background's series name must differ from every set's title (XChart wants unique names).
            Charts.scatter(c, "\u0000background", background, Charts.alpha(java.awt.Color.BLACK, 0.15));
            if (inside != null) {
                Charts.scatter(c, e.getKey(), inside, Charts.alpha(Charts.BLUE, 0.5));
            }
            charts.add(c);
        }
        List<DataToPixel> mappings = new ArrayList<>();
        BufferedImage img = Charts.grid(charts, frames, Math.min(3, charts.size()), PANEL + 60, PANEL + 60, mappings);
        return new Figure(img, mappings, "Comparison of " + sets.size() + " point sets");
    }

    /** The points of p inside the box, or null when there are none. */
    private static XY within(XY p, double xmin, double xmax, double ymin, double ymax) {
        int n = 0;
        for (int i = 0; i < p.size(); i++) {
            n += p.x()[i] >= xmin && p.x()[i] <= xmax && p.y()[i] >= ymin && p.y()[i] <= ymax ? 1 : 0;
        }
        if (n == p.size()) {
            return p;
        }
        if (n == 0) {
            return null;
        }
        double[] x = new double[n];
        double[] y = new double[n];
        for (int i = 0, k = 0; i < p.size(); i++) {
            if (p.x()[i] >= xmin && p.x()[i] <= xmax && p.y()[i] >= ymin && p.y()[i] <= ymax) {
                x[k] = p.x()[i];
                y[k++] = p.y()[i];
            }
        }
        return new XY(x, y);
    }
}
