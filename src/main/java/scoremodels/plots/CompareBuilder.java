package scoremodels.plots;

import java.util.LinkedHashMap;
import java.util.Map;
import org.nd4j.linalg.api.ndarray.INDArray;
import scoremodels.display.MimeBundle;

/**
 * Point sets side by side on shared axes, each over the faint data, from {@link Plots#compare}:
 *
 * <pre>{@code Plots.compare(X).panel("chapter drift", a).panel("consistent drift", b)}</pre>
 *
 * Columns 0 and 1 are drawn. A cell that ends in the builder shows the figure; {@link #figure()}
 * returns it for saving.
 */
public final class CompareBuilder implements MimeBundle {
    private final XY background;
    private final Map<String, XY> panels = new LinkedHashMap<>();
    private Figure figure;

    CompareBuilder(XY background) {
        this.background = background;
    }

    /** One more panel, titled {@code title}, with the points [n, D]. */
    public CompareBuilder panel(String title, INDArray points) {
        Plots.notNull("title", title);
        panels.put(title, XY.of(points, title));
        figure = null;
        return this;
    }

    /** One panel per entry, titled by its key, in the map's order. */
    public CompareBuilder panels(Map<String, INDArray> sets) {
        Plots.notNull("sets", sets).forEach(this::panel);
        return this;
    }

    /** The painted figure (painted once, on the first call). */
    public Figure figure() {
        if (panels.isEmpty()) {
            throw new IllegalArgumentException("sets must hold at least one point set: call panel(title, points)");
        }
        if (figure == null) {
            figure = Scatters.panels(panels, background);
        }
        return figure;
    }

    @Override
    public Map<String, String> mimeBundle() {
        return figure().mimeBundle();
    }
}
