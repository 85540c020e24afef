package scoremodels.plots;

import java.util.ArrayList;
import java.util.List;
import org.nd4j.linalg.api.ndarray.INDArray;
import scoremodels.models.ScoreFunction;

/**
 * The chapter's figures, one call each. Every method paints at once and returns an object
 * that shows itself in a notebook ({@code show()}, or as the cell's value) and saves itself.
 *
 * <p>Points come as rows {@code double[N][D]} or ND4J arrays {@code [N, D]}; columns 0 and 1
 * are drawn. Stacks of point sets are {@code double[T][N][D]} or {@code [T, N, D]}. Bad input
 * (empty, NaN, mismatched lengths) fails with an IllegalArgumentException naming the
 * parameter, never with a blank picture. Painting is headless and deterministic: the same
 * input gives the same pixels.
 */
public final class Plots {
    /** The chapter's gradient-field grid: 20 × 20 points. */
    public static final int GRID_POINTS = 20;

    static {
        Headless.ensure();
    }

    private Plots() {
    }

    /** Figure 6.1: the data, equal aspect, axes "Data Dimension 1" and "Data Dimension 2". */
    public static Figure scatter(double[][] X) {
        return Scatters.scatter(Points.of(X, "X"));
    }

    public static Figure scatter(INDArray X) {
        return Scatters.scatter(Points.of(X, "X"));
    }

    /** Figure 6.2: one panel per noise level (3 columns), titled with t, shared limits. */
    public static Figure noiseGrid(double[][][] noisedDatas, double[] ts) {
        return Scatters.noiseGrid(levels(noisedDatas, "noisedDatas"), times(ts, noisedDatas.length));
    }

    public static Figure noiseGrid(INDArray noisedDatas, INDArray ts) {
        return noiseGrid(Points.stack(noisedDatas, "noisedDatas"), Points.vector(ts, "ts"));
    }

    public static Figure noiseGrid(INDArray noisedDatas, double[] ts) {
        return noiseGrid(Points.stack(noisedDatas, "noisedDatas"), ts);
    }

    /** Section 6.5's loss curve; long histories are thinned per pixel and get a running mean. */
    public static Figure lossHistory(double[] lossHistory) {
        return LossHistoryPlot.plot(Points.finiteVector(lossHistory, "lossHistory").clone());
    }

    public static Figure lossHistory(List<? extends Number> lossHistory) {
        if (lossHistory == null) {
            throw new IllegalArgumentException("lossHistory must not be null");
        }
        double[] v = new double[lossHistory.size()];
        for (int i = 0; i < v.length; i++) {
            Number x = lossHistory.get(i);
            if (x == null) {
                throw new IllegalArgumentException("lossHistory[" + i + "] must not be null");
            }
            v[i] = x.doubleValue();
        }
        return lossHistory(v);
    }

    public static Figure lossHistory(INDArray lossHistory) {
        return lossHistory(Points.vector(lossHistory, "lossHistory"));
    }

    /** Figure 6.3 on the chapter's 20 × 20 grid. */
    public static GradientField gradientField(double[][][] noisedDatas, double[] ts, ScoreFunction trained,
            ScoreFunction untrained) {
        return gradientField(noisedDatas, ts, trained, untrained, GRID_POINTS);
    }

    /** Figure 6.3 on a {@code gridPoints × gridPoints} grid (at least 2 per side). */
    public static GradientField gradientField(double[][][] noisedDatas, double[] ts, ScoreFunction trained,
            ScoreFunction untrained, int gridPoints) {
        List<Points> levels = levels(noisedDatas, "noisedDatas");
        double[] t = times(ts, noisedDatas.length);
        if (trained == null) {
            throw new IllegalArgumentException("trained must not be null");
        }
        if (untrained == null) {
            throw new IllegalArgumentException("untrained must not be null");
        }
        if (gridPoints < 2) {
            throw new IllegalArgumentException("gridPoints must be at least 2, got " + gridPoints);
        }
        return GradientFieldPlot.plot(levels, t, trained, untrained, gridPoints);
    }

    public static GradientField gradientField(INDArray noisedDatas, INDArray ts, ScoreFunction trained,
            ScoreFunction untrained) {
        return gradientField(Points.stack(noisedDatas, "noisedDatas"), Points.vector(ts, "ts"), trained,
                untrained, GRID_POINTS);
    }

    public static GradientField gradientField(INDArray noisedDatas, double[] ts, ScoreFunction trained,
            ScoreFunction untrained) {
        return gradientField(Points.stack(noisedDatas, "noisedDatas"), ts, trained, untrained, GRID_POINTS);
    }

    /**
     * Figure 6.4: trajectories {@code [n][T][D]} at the T times {@code ts}, over the faint
     * {@code background} data, axes (−20, 20), one frame per time.
     */
    public static Animation flowAnimation(double[][][] trajectories, double[] ts, double[][] background) {
        Points bg = Points.of(background, "background");
        if (trajectories == null) {
            throw new IllegalArgumentException("trajectories must not be null");
        }
        if (trajectories.length == 0) {
            throw new IllegalArgumentException("trajectories must hold at least one trajectory, got 0");
        }
        double[] t = Points.finiteVector(ts, "ts");
        for (int i = 0; i < trajectories.length; i++) {
            double[][] tr = trajectories[i];
            if (tr == null || tr.length != t.length) {
                throw new IllegalArgumentException("trajectories[" + i + "] must hold one point per time (ts.length="
                        + t.length + "), got " + (tr == null ? "null" : tr.length));
            }
            Points.of(tr, "trajectories[" + i + "]");
        }
        return FlowPlot.animate(trajectories, t, bg);
    }

    public static Animation flowAnimation(INDArray trajectories, INDArray ts, INDArray background) {
        return flowAnimation(Points.stack(trajectories, "trajectories"), Points.vector(ts, "ts"),
                Points.matrix(background, "background"));
    }

    public static Animation flowAnimation(INDArray trajectories, double[] ts, INDArray background) {
        return flowAnimation(Points.stack(trajectories, "trajectories"), ts, Points.matrix(background, "background"));
    }

    /** Figure 6.4 from a solved {@link scoremodels.sampler.Trajectories}, over the faint {@code background}. */
    public static Animation flowAnimation(scoremodels.sampler.Trajectories trajectories, INDArray background) {
        if (trajectories == null) {
            throw new IllegalArgumentException("trajectories must not be null");
        }
        return flowAnimation(trajectories.array(), trajectories.ts(), background);
    }

    /**
     * Point sets side by side on shared axes, each over the faint {@code background} data;
     * {@code sets} maps a panel title to its points [n, 2] (insertion order is kept).
     */
    public static Figure compare(java.util.Map<String, INDArray> sets, INDArray background) {
        if (sets == null || sets.isEmpty()) {
            throw new IllegalArgumentException("sets must hold at least one point set");
        }
        java.util.Map<String, Points> points = new java.util.LinkedHashMap<>();
        for (java.util.Map.Entry<String, INDArray> e : sets.entrySet()) {
            points.put(e.getKey(), Points.of(e.getValue(), e.getKey()));
        }
        return Scatters.panels(points, Points.of(background, "background"));
    }

    /** Two point sets side by side over the faint background: a shorthand of {@link #compare(java.util.Map, INDArray)}. */
    public static Figure compare(String leftTitle, INDArray left, String rightTitle, INDArray right, INDArray background) {
        java.util.Map<String, INDArray> sets = new java.util.LinkedHashMap<>();
        sets.put(leftTitle, left);
        sets.put(rightTitle, right);
        return compare(sets, background);
    }

    /**
     * Named series against one increasing x axis (e.g. a metric against the dimension);
     * every series needs one value per x.
     */
    public static Figure lines(String title, String xLabel, String yLabel, double[] x, java.util.Map<String, double[]> series) {
        double[] xs = Points.finiteVector(x, "x");
        if (xs.length < 2) {
            throw new IllegalArgumentException("x must hold at least 2 values, got " + xs.length);
        }
        for (int i = 1; i < xs.length; i++) {
            if (!(xs[i] > xs[i - 1])) {
                throw new IllegalArgumentException("x must increase, got x[" + (i - 1) + "]=" + xs[i - 1] + ", x[" + i + "]=" + xs[i]);
            }
        }
        if (series == null || series.isEmpty()) {
            throw new IllegalArgumentException("series must hold at least one series");
        }
        java.util.Map<String, double[]> checked = new java.util.LinkedHashMap<>();
        for (java.util.Map.Entry<String, double[]> e : series.entrySet()) {
            double[] ys = Points.finiteVector(e.getValue(), e.getKey());
            if (ys.length != xs.length) {
                throw new IllegalArgumentException("series '" + e.getKey() + "' must hold " + xs.length + " values, got " + ys.length);
            }
            checked.put(e.getKey(), ys);
        }
        return LinePlot.plot(title, xLabel, yLabel, xs, checked);
    }

    /** A Tablesaw table as an HTML table in a notebook (head and tail of long tables). */
    public static scoremodels.display.TableView table(tech.tablesaw.api.Table table) {
        return scoremodels.display.TableView.of(table);
    }

    private static List<Points> levels(double[][][] stack, String name) {
        if (stack == null) {
            throw new IllegalArgumentException(name + " must not be null");
        }
        if (stack.length == 0) {
            throw new IllegalArgumentException(name + " must hold at least one noise level, got 0");
        }
        List<Points> out = new ArrayList<>();
        for (int i = 0; i < stack.length; i++) {
            out.add(Points.of(stack[i], name + "[" + i + "]"));
        }
        return out;
    }

    private static double[] times(double[] ts, int levels) {
        Points.finiteVector(ts, "ts");
        if (ts.length != levels) {
            throw new IllegalArgumentException("ts must hold one time per noise level (" + levels + "), got "
                    + ts.length);
        }
        return ts;
    }
}
