package scoremodels.plots;

import scoremodels.data.Grid;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import scoremodels.models.ScoreFunction;
import scoremodels.random.Key;

/** The chapter's gaussians data, its noise levels, its exact score and flow trajectories. */
final class Fixtures {
    static final double[][] MEANS = {{0, 0}, {10, 10}};

    private Fixtures() {
    }

    /** 50 points around (0, 0) and 50 around (10, 10), identity covariance, key 55. */
    static double[][] data() {
        Key[] keys = Key.of(55).split(2);
        double[][] x = new double[100][];
        for (int c = 0; c < 2; c++) {
            double[][] z = keys[c].normal(50, 2);
            for (int i = 0; i < 50; i++) {
                x[c * 50 + i] = new double[] {z[i][0] + MEANS[c][0], z[i][1] + MEANS[c][1]};
            }
        }
        return x;
    }

    static double[] linspace(double a, double b, int n) {
        return Grid.linspace(a, b, n);
    }

    /** The chapter's 9 levels: x + √t · ε, t = linspace(0.001, 10, 9), key 99. */
    static double[][][] noised(double[][] x, double[] ts) {
        Key[] keys = Key.of(99).split(ts.length);
        double[][][] out = new double[ts.length][x.length][];
        for (int l = 0; l < ts.length; l++) {
            double[][] e = keys[l].normal(x.length, 2);
            for (int i = 0; i < x.length; i++) {
                double s = Math.sqrt(ts[l]);
                out[l][i] = new double[] {x[i][0] + s * e[i][0], x[i][1] + s * e[i][1]};
            }
        }
        return out;
    }

    /** ∇ log of ½N(0,(1+t)I) + ½N((10,10),(1+t)I): what a perfectly trained model returns. */
    static double[] mixtureScore(double x, double y, double t) {
        double var = 1 + t;
        double[] logw = new double[2];
        for (int k = 0; k < 2; k++) {
            double dx = x - MEANS[k][0];
            double dy = y - MEANS[k][1];
            logw[k] = -(dx * dx + dy * dy) / (2 * var);
        }
        double m = Math.max(logw[0], logw[1]);
        double w0 = Math.exp(logw[0] - m);
        double w1 = Math.exp(logw[1] - m);
        double sx = (w0 * (MEANS[0][0] - x) + w1 * (MEANS[1][0] - x)) / ((w0 + w1) * var);
        double sy = (w0 * (MEANS[0][1] - y) + w1 * (MEANS[1][1] - y)) / ((w0 + w1) * var);
        return new double[] {sx, sy};
    }

    static final ScoreFunction EXACT = (x, t) -> {
        double[][] p = x.toDoubleMatrix();
        double[] ts = t.toDoubleVector();
        double[][] s = new double[p.length][];
        for (int i = 0; i < p.length; i++) {
            s[i] = mixtureScore(p[i][0], p[i][1], ts[i]);
        }
        return Nd4j.create(s);
    };

    /** A field that is the same vector everywhere. */
    static ScoreFunction constant(double u, double v) {
        return (x, t) -> {
            INDArray out = Nd4j.zeros(x.rows(), 2);
            out.getColumn(0).assign(u);
            out.getColumn(1).assign(v);
            return out;
        };
    }

    /**
     * 50 starts N(0, I)·30 + 5 (key 39) carried by the chapter's flow dx/dt = −½ t² s(x, t)
     * from t = 9 to 0.0001
     * with small Euler steps, saved at the 43 chapter times: [50][43][2].
     */
    static double[][][] trajectories(double[] ts) {
        double[][] y0 = Key.of(39).normal(50, 2);
        double[][][] out = new double[50][ts.length][2];
        for (int i = 0; i < 50; i++) {
            double x = y0[i][0] * 30 + 5;
            double y = y0[i][1] * 30 + 5;
            for (int k = 0; k < ts.length; k++) {
                if (k > 0) {
                    int sub = 200;
                    double h = (ts[k] - ts[k - 1]) / sub;
                    for (int j = 0; j < sub; j++) {
                        double t = ts[k - 1] + j * h;
                        double[] s = mixtureScore(x, y, t);
                        x += h * -0.5 * t * t * s[0];
                        y += h * -0.5 * t * t * s[1];
                    }
                }
                out[i][k][0] = x;
                out[i][k][1] = y;
            }
        }
        return out;
    }
}
