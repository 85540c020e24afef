package scoremodels.plots;

import java.util.List;
import java.util.Map;
import scoremodels.display.MimeBundle;
import scoremodels.models.ScoreFunction;
import scoremodels.models.SdeScoreModel;

/**
 * Figure 6.3 with the chapter's defaults, from {@link Plots#gradientField}: for each noise level the
 * trained score (left) beside an untrained one (right), arrows on a 20 × 20 grid over the last
 * level's data range, the level's data drawn faintly on top.
 *
 * <pre>{@code Plots.gradientField(noisedDatas, ts).trained(model).untrained(initial)}</pre>
 *
 * A cell that ends in the builder shows the figure; {@link #figure()} returns it for saving.
 */
public final class GradientFieldBuilder implements MimeBundle {
    private final List<XY> levels;
    private final double[] ts;
    private ScoreFunction trained;
    private ScoreFunction untrained;
    private int gridPoints = Plots.GRID_POINTS;
    private GradientField figure;

    GradientFieldBuilder(List<XY> levels, double[] ts) {
        this.levels = levels;
        this.ts = ts;
    }

    /** The trained score, drawn on the left (required). */
    public GradientFieldBuilder trained(ScoreFunction score) {
        this.trained = Plots.notNull("trained", score);
        figure = null;
        return this;
    }

    /** The score drawn on the right; the chapter's untrained {@code SdeScoreModel()} by default. */
    public GradientFieldBuilder untrained(ScoreFunction score) {
        this.untrained = Plots.notNull("untrained", score);
        figure = null;
        return this;
    }

    /** Arrows per side of the grid (at least 2; the chapter's 20 by default). */
    public GradientFieldBuilder gridPoints(int n) {
        if (n < 2) {
            throw new IllegalArgumentException("gridPoints must be at least 2, got " + n);
        }
        this.gridPoints = n;
        figure = null;
        return this;
    }

    /** The painted figure (painted once, on the first call). */
    public GradientField figure() {
        if (trained == null) {
            throw new IllegalArgumentException("trained must be set: call trained(score) first");
        }
        if (figure == null) {
            figure = GradientFieldPlot.plot(levels, ts, trained, untrained == null ? new SdeScoreModel() : untrained,
                    gridPoints);
        }
        return figure;
    }

    @Override
    public Map<String, String> mimeBundle() {
        return figure().mimeBundle();
    }
}
