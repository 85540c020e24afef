package scoremodels.plots;

import java.util.LinkedHashMap;
import java.util.Map;
import scoremodels.display.MimeBundle;

/**
 * Named series against one increasing x axis (a metric against the dimension, say), from
 * {@link Plots#lines}:
 *
 * <pre>{@code Plots.lines(dims).title("Energy distance").xLabel("D").yLabel("energy").series(curves)}</pre>
 *
 * Every series holds one finite value per x. A cell that ends in the builder shows the figure;
 * {@link #figure()} returns it for saving.
 */
public final class LinesBuilder implements MimeBundle {
    private final double[] x;
    private final Map<String, double[]> series = new LinkedHashMap<>();
    private String title = "";
    private String xLabel = "x";
    private String yLabel = "y";
    private Figure figure;

    LinesBuilder(double[] x) {
        this.x = x;
    }

    public LinesBuilder title(String text) {
        title = Plots.notNull("title", text);
        figure = null;
        return this;
    }

    public LinesBuilder xLabel(String text) {
        xLabel = Plots.notNull("xLabel", text);
        figure = null;
        return this;
    }

    public LinesBuilder yLabel(String text) {
        yLabel = Plots.notNull("yLabel", text);
        figure = null;
        return this;
    }

    /** One more line, named {@code name} in the legend. */
    public LinesBuilder series(String name, double[] values) {
        Plots.notNull("name", name);
        double[] ys = Inputs.finiteVector(values, name);
        if (ys.length != x.length) {
            throw new IllegalArgumentException("series '" + name + "' must hold " + x.length + " values, got " + ys.length);
        }
        series.put(name, ys.clone());
        figure = null;
        return this;
    }

    /** One line per entry, in the map's order. */
    public LinesBuilder series(Map<String, double[]> all) {
        Plots.notNull("series", all).forEach(this::series);
        return this;
    }

    /** The painted figure (painted once, on the first call). */
    public Figure figure() {
        if (series.isEmpty()) {
            throw new IllegalArgumentException("series must hold at least one series: call series(name, values)");
        }
        if (figure == null) {
            figure = LinePlot.plot(title, xLabel, yLabel, x, series);
        }
        return figure;
    }

    @Override
    public Map<String, String> mimeBundle() {
        return figure().mimeBundle();
    }
}
