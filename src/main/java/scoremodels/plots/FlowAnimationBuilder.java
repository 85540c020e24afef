package scoremodels.plots;

import java.util.Map;
import org.nd4j.linalg.api.ndarray.INDArray;
import scoremodels.display.MimeBundle;

/**
 * Figure 6.4, from {@link Plots#flowAnimation}: the trajectories at each save time over the faint
 * data, axes (−20, 20), circles at the starts and diamonds at the ends, one frame per time.
 *
 * <pre>{@code Plots.flowAnimation(trajectories).background(X)}</pre>
 *
 * A cell that ends in the builder shows the animation; {@link #animation()} returns it for saving.
 */
public final class FlowAnimationBuilder implements MimeBundle {
    private final double[][][] trajectories;
    private final double[] ts;
    private XY background;
    private Animation animation;

    FlowAnimationBuilder(double[][][] trajectories, double[] ts) {
        this.trajectories = trajectories;
        this.ts = ts;
    }

    /** The data drawn faintly behind the points (required), [N, D]. */
    public FlowAnimationBuilder background(INDArray data) {
        return background(Inputs.matrix(data, "background"));
    }

    public FlowAnimationBuilder background(double[][] data) {
        this.background = XY.of(data, "background");
        animation = null;
        return this;
    }

    /** The painted animation (painted once, on the first call). */
    public Animation animation() {
        if (background == null) {
            throw new IllegalArgumentException("background must be set: call background(data) first");
        }
        if (animation == null) {
            animation = FlowPlot.animate(trajectories, ts, background);
        }
        return animation;
    }

    @Override
    public Map<String, String> mimeBundle() {
        return animation().mimeBundle();
    }
}
