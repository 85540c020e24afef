package scoremodels.data;

import scoremodels.Checks;
import scoremodels.random.Key;

/**
 * Data beyond the plane, for the n-dimensional notebook: the chapter's two Gaussians lifted to
 * D dimensions, and scikit-learn's 3-D swiss roll.
 */
public final class HigherDimensions {
    private HigherDimensions() {
    }

    /**
     * The two-Gaussian mixture in {@code dims} dimensions: n/2 points around the origin and the
     * rest around c·(1, …, 1), unit covariance, with c chosen so the two centres lie 10√2 apart as
     * in the chapter's plane. Labels say the component.
     */
    public static Dataset twoGaussians(int dims, int n, Key key) {
        if (dims < 1) {
            throw new IllegalArgumentException("dims must be >= 1, got " + dims);
        }
        Datasets.checkCommon(n, 0.0, key);
        double c = 10 * Math.sqrt(2.0 / dims);
        double[] z = key.normal(Checks.arrayLength("n·dims", n, dims));
        double[][] p = new double[n][dims];
        int[] y = new int[n];
        for (int i = 0; i < n; i++) {
            y[i] = i < n / 2 ? 0 : 1;
            for (int j = 0; j < dims; j++) {
                p[i][j] = z[i * dims + j] + y[i] * c;
            }
        }
        return new Dataset("gaussians-" + dims + "d", p, y);
    }

    /**
     * scikit-learn's {@code make_swiss_roll}: u = 1.5π(1 + 2·U(0,1)), points (u cos u, 21·U(0,1),
     * u sin u) plus N(0, noise²) per coordinate. Labels bin u into 4 turns of the roll.
     */
    public static Dataset swissRoll(int n, double noise, Key key) {
        Datasets.checkCommon(n, noise, key);
        Key[] k = key.split(3);
        double[] u = k[0].uniform(n);
        double[] v = k[1].uniform(n);
        double[] e = k[2].normal(Checks.arrayLength("3·n (three coordinates per point)", 3, n));
        double[][] p = new double[n][];
        int[] y = new int[n];
        for (int i = 0; i < n; i++) {
            double t = 1.5 * Math.PI * (1 + 2 * u[i]);
            p[i] = new double[] {t * Math.cos(t) + noise * e[3 * i], 21 * v[i] + noise * e[3 * i + 1],
                t * Math.sin(t) + noise * e[3 * i + 2]};
            y[i] = Math.min(3, (int) (4 * u[i]));
        }
        return new Dataset("swiss-roll", p, y);
    }
}
