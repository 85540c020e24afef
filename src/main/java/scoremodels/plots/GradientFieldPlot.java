package scoremodels.plots;

import scoremodels.data.Grid;
import java.awt.Color;
import java.awt.image.BufferedImage;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import org.knowm.xchart.XYChart;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import scoremodels.models.ScoreFunction;

/**
 * Figure 6.3: for every noise level, the score of the trained model (left) and of an
 * untrained one (right) as arrows on a grid, over that level's data.
 *
 * <p>As in the chapter, the grid spans the last (noisiest) level's data in every row, arrows
 * are the score times 1, and each row's limits are its own data range ± 1.
 */
final class GradientFieldPlot {
    private static final int PANEL_W = 420;
    private static final int PANEL_H = 380;
    /** The chapter's arrows have alpha 0.1 over a white page; darker here so thin arrows show. */
    private static final Color ARROW = Charts.alpha(Charts.BLUE, 0.45);
    private static final Color DATA = Charts.alpha(Color.BLACK, 0.1);

    private GradientFieldPlot() {
    }

    static GradientField plot(List<XY> levels, double[] ts, ScoreFunction trained, ScoreFunction untrained,
            int gridPoints) {
        XY last = levels.get(levels.size() - 1);
        double[] gx = Grid.linspace(last.minX(), last.maxX(), gridPoints);
        double[] gy = Grid.linspace(last.minY(), last.maxY(), gridPoints);
        // Row-major like numpy's meshgrid(xs, ys) flattened: x runs fastest.
        double[] px = new double[gridPoints * gridPoints];
        double[] py = new double[px.length];
        double[][] rows = new double[px.length][];
        for (int j = 0; j < gridPoints; j++) {
            for (int i = 0; i < gridPoints; i++) {
                int k = j * gridPoints + i;
                px[k] = gx[i];
                py[k] = gy[j];
                rows[k] = new double[] {gx[i], gy[j]};
            }
        }
        INDArray grid = Nd4j.create(rows);
        List<XYChart> charts = new ArrayList<>();
        List<PlotFrame> frames = new ArrayList<>();
        List<ArrowLayer> layers = new ArrayList<>();
        for (int level = 0; level < levels.size(); level++) {
            double t = ts[level];
            ScoreFunction[] models = {trained, untrained};
            String[] names = {"trained", "untrained"};
            for (int side = 0; side < 2; side++) {
                double[][] s = score(models[side], names[side], grid, t);
                double[] u = new double[s.length];
                double[] v = new double[s.length];
                for (int k = 0; k < s.length; k++) {
                    u[k] = s[k][0];
                    v[k] = s[k][1];
                }
                String title = String.format(Locale.ROOT, "%s Score Model at t=%.2f",
                        side == 0 ? "Trained" : "Untrained", t);
                XY data = levels.get(level);
                XYChart c = Charts.xy(PANEL_W, PANEL_H, title, "Data Dim 1", "Data Dim 2");
                Charts.limits(c, data.minX() - 1, data.maxX() + 1, data.minY() - 1, data.maxY() + 1);
                PlotFrame f = new PlotFrame(c);
                layers.add(new ArrowLayer(c, f, px, py, u, v, ARROW));
                Charts.scatter(c, "data", data, DATA);
                charts.add(c);
                frames.add(f);
            }
        }
        List<DataToPixel> mappings = new ArrayList<>();
        BufferedImage img = Charts.grid(charts, frames, 2, PANEL_W, PANEL_H, mappings);
        int[][] counts = new int[levels.size()][2];
        for (int k = 0; k < layers.size(); k++) {
            counts[k / 2][k % 2] = layers.get(k).drawn();
        }
        return new GradientField(img, mappings, "Gradient field of trained vs. untrained score at "
                + levels.size() + " noise levels, " + gridPoints + "x" + gridPoints + " grid", counts);
    }

    /** The model's score on the grid at time t, checked for shape and finiteness. */
    private static double[][] score(ScoreFunction model, String name, INDArray grid, double t) {
        INDArray out = model.apply(grid, t);
        if (out == null || out.rank() != 2 || out.rows() != grid.rows() || out.columns() < 2) {
            throw new IllegalArgumentException(name + " model must return a score of shape [" + grid.rows()
                    + ", 2] for the grid, got " + (out == null ? "null" : Arrays.toString(out.shape())));
        }
        double[][] s = out.toDoubleMatrix();
        for (int k = 0; k < s.length; k++) {
            if (!Double.isFinite(s[k][0]) || !Double.isFinite(s[k][1])) {
                throw new IllegalArgumentException(name + " model returned a non-finite score "
                        + Arrays.toString(s[k]) + " at grid point " + Arrays.toString(grid.getRow(k).toDoubleVector())
                        + ", t=" + t);
            }
        }
        return s;
    }
}
