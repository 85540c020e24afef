package scoremodels.plots;

import java.util.ArrayList;
import java.util.List;
import org.nd4j.linalg.api.ndarray.INDArray;
import scoremodels.models.ScoreFunction;

/**
 * The chapter's figures. The simple ones (scatter, noise grid, loss curve) paint at once; the
 * figures with choices return a builder with the chapter's defaults, in the manner of XChart's and
 * Tablesaw's fluent builders: {@code Plots.gradientField(noisedDatas, ts).trained(model)}. Figures
 * and builders show themselves in a notebook ({@code show()}, or as the cell's value) and save
 * themselves.
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
        return Scatters.scatter(XY.of(X, "X"));
    }

    public static Figure scatter(INDArray X) {
        return Scatters.scatter(XY.of(X, "X"));
    }

    /** Figure 6.2: one panel per noise level (3 columns), titled with t, shared limits. */
    public static Figure noiseGrid(double[][][] noisedDatas, double[] ts) {
        return Scatters.noiseGrid(levels(noisedDatas, "noisedDatas"), times(ts, noisedDatas.length));
    }

    public static Figure noiseGrid(INDArray noisedDatas, INDArray ts) {
        return noiseGrid(Inputs.stack(noisedDatas, "noisedDatas"), Inputs.vector(ts, "ts"));
    }

    public static Figure noiseGrid(INDArray noisedDatas, double[] ts) {
        return noiseGrid(Inputs.stack(noisedDatas, "noisedDatas"), ts);
    }

    /** Section 6.5's loss curve; long histories are thinned per pixel and get a running mean. */
    public static Figure lossHistory(double[] lossHistory) {
        return LossHistoryPlot.plot(Inputs.finiteVector(lossHistory, "lossHistory").clone());
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
        return lossHistory(Inputs.vector(lossHistory, "lossHistory"));
    }

    /**
     * Figure 6.3, trained against untrained score for every noise level of noisedDatas [T, N, D]
     * with times ts [T]: {@code gradientField(noisedDatas, ts).trained(model)}; see
     * {@link GradientFieldBuilder} for the options.
     */
    public static GradientFieldBuilder gradientField(INDArray noisedDatas, double[] ts) {
        return gradientField(Inputs.stack(noisedDatas, "noisedDatas"), ts);
    }

    public static GradientFieldBuilder gradientField(double[][][] noisedDatas, double[] ts) {
        List<XY> levels = levels(noisedDatas, "noisedDatas");
        return new GradientFieldBuilder(levels, times(ts, noisedDatas.length).clone());
    }

    /**
     * Figure 6.4 from solved trajectories: {@code flowAnimation(trajectories).background(X)}; see
     * {@link FlowAnimationBuilder}.
     */
    public static FlowAnimationBuilder flowAnimation(scoremodels.sampler.Trajectories trajectories) {
        notNull("trajectories", trajectories);
        return flowAnimation(trajectories.array(), trajectories.ts());
    }

    /** Figure 6.4 from trajectories [n, T, D] at the T times {@code ts}. */
    public static FlowAnimationBuilder flowAnimation(INDArray trajectories, double[] ts) {
        return flowAnimation(Inputs.stack(trajectories, "trajectories"), ts);
    }

    /** Figure 6.4 from trajectories {@code [n][T][D]} at the T times {@code ts}. */
    public static FlowAnimationBuilder flowAnimation(double[][][] trajectories, double[] ts) {
        notNull("trajectories", trajectories);
        if (trajectories.length == 0) {
            throw new IllegalArgumentException("trajectories must hold at least one trajectory, got 0");
        }
        double[] t = Inputs.finiteVector(ts, "ts").clone();
        for (int i = 0; i < trajectories.length; i++) {
            double[][] tr = trajectories[i];
            if (tr == null || tr.length != t.length) {
                throw new IllegalArgumentException("trajectories[" + i + "] must hold one point per time (ts.length="
                        + t.length + "), got " + (tr == null ? "null" : tr.length));
            }
            XY.of(tr, "trajectories[" + i + "]");
        }
        return new FlowAnimationBuilder(trajectories, t);
    }

    /**
     * Point sets side by side, each over the faint {@code background} data [N, D]:
     * {@code compare(X).panel("a", a).panel("b", b)}; see {@link CompareBuilder}.
     */
    public static CompareBuilder compare(INDArray background) {
        return new CompareBuilder(XY.of(background, "background"));
    }

    /**
     * Named series against one increasing x axis: {@code lines(x).title(..).series(name, ys)}; see
     * {@link LinesBuilder}.
     */
    public static LinesBuilder lines(double[] x) {
        double[] xs = Inputs.finiteVector(x, "x").clone();
        if (xs.length < 2) {
            throw new IllegalArgumentException("x must hold at least 2 values, got " + xs.length);
        }
        for (int i = 1; i < xs.length; i++) {
            if (!(xs[i] > xs[i - 1])) {
                throw new IllegalArgumentException("x must increase, got x[" + (i - 1) + "]=" + xs[i - 1] + ", x[" + i + "]=" + xs[i]);
            }
        }
        return new LinesBuilder(xs);
    }

    /** A Tablesaw table as an HTML table in a notebook (head and tail of long tables). */
    public static scoremodels.display.TableView table(tech.tablesaw.api.Table table) {
        return scoremodels.display.TableView.of(table);
    }

    private static List<XY> levels(double[][][] stack, String name) {
        if (stack == null) {
            throw new IllegalArgumentException(name + " must not be null");
        }
        if (stack.length == 0) {
            throw new IllegalArgumentException(name + " must hold at least one noise level, got 0");
        }
        List<XY> out = new ArrayList<>();
        for (int i = 0; i < stack.length; i++) {
            out.add(XY.of(stack[i], name + "[" + i + "]"));
        }
        return out;
    }

    static <T> T notNull(String name, T value) {
        if (value == null) {
            throw new IllegalArgumentException(name + " must not be null");
        }
        return value;
    }

    private static double[] times(double[] ts, int levels) {
        Inputs.finiteVector(ts, "ts");
        if (ts.length != levels) {
            throw new IllegalArgumentException("ts must hold one time per noise level (" + levels + "), got "
                    + ts.length);
        }
        return ts;
    }
}
