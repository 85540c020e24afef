package scoremodels.plots;

import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * The two columns a figure draws of a point set (0 and 1), checked: at least one row, every value
 * finite.
 *
 * <p>Every public entry point converts its input here, so the messages for bad data are the
 * same whether the data came as {@code double[][]} or as an ND4J array.
 */
record XY(double[] x, double[] y) {

    int size() {
        return x.length;
    }

    double minX() {
        return min(x);
    }

    double maxX() {
        return max(x);
    }

    double minY() {
        return min(y);
    }

    double maxY() {
        return max(y);
    }

    /** Rows [N][D] with D ≥ 2; columns 0 and 1 are kept. */
    static XY of(double[][] rows, String name) {
        if (rows == null) {
            throw new IllegalArgumentException(name + " must not be null");
        }
        if (rows.length == 0) {
            throw new IllegalArgumentException(name + " must hold at least one point, got 0 rows");
        }
        double[] x = new double[rows.length];
        double[] y = new double[rows.length];
        for (int i = 0; i < rows.length; i++) {
            double[] r = rows[i];
            if (r == null || r.length < 2) {
                throw new IllegalArgumentException(name + "[" + i + "] must hold at least 2 columns, got "
                        + (r == null ? "null" : r.length));
            }
            x[i] = finite(r[0], name, i, 0);
            y[i] = finite(r[1], name, i, 1);
        }
        return new XY(x, y);
    }

    /** An [N, D] array with D ≥ 2. */
    static XY of(INDArray a, String name) {
        return of(Inputs.matrix(a, name), name);
    }

    private static double finite(double v, String name, int row, int col) {
        if (!Double.isFinite(v)) {
            throw new IllegalArgumentException(name + "[" + row + "][" + col + "] must be finite, got " + v);
        }
        return v;
    }

    private static double min(double[] v) {
        double m = Double.POSITIVE_INFINITY;
        for (double d : v) {
            m = Math.min(m, d);
        }
        return m;
    }

    private static double max(double[] v) {
        double m = Double.NEGATIVE_INFINITY;
        for (double d : v) {
            m = Math.max(m, d);
        }
        return m;
    }
}
