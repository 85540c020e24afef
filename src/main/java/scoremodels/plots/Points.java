package scoremodels.plots;

import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * The columns 0 and 1 of a point set, checked: at least one row, every value finite.
 *
 * <p>Every public entry point converts its input here, so the messages for bad data are the
 * same whether the data came as {@code double[][]} or as an ND4J array.
 */
record Points(double[] x, double[] y) {

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
    static Points of(double[][] rows, String name) {
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
        return new Points(x, y);
    }

    /** An [N, D] array with D ≥ 2. */
    static Points of(INDArray a, String name) {
        return of(matrix(a, name), name);
    }

    /** [N, D] as rows, with a message naming the parameter when the shape is wrong. */
    static double[][] matrix(INDArray a, String name) {
        if (a == null) {
            throw new IllegalArgumentException(name + " must not be null");
        }
        if (a.rank() != 2) {
            throw new IllegalArgumentException(name + " must have shape [N, D], got "
                    + java.util.Arrays.toString(a.shape()));
        }
        return a.toDoubleMatrix();
    }

    /** [T, N, D] as T blocks of rows. */
    static double[][][] stack(INDArray a, String name) {
        if (a == null) {
            throw new IllegalArgumentException(name + " must not be null");
        }
        if (a.rank() != 3) {
            throw new IllegalArgumentException(name + " must have shape [T, N, D], got "
                    + java.util.Arrays.toString(a.shape()));
        }
        double[][][] out = new double[(int) a.size(0)][][];
        for (int i = 0; i < out.length; i++) {
            out[i] = a.slice(i).toDoubleMatrix();
        }
        return out;
    }

    /** A vector of times (any shape with one axis of length > 1 or a single value). */
    static double[] vector(INDArray a, String name) {
        if (a == null) {
            throw new IllegalArgumentException(name + " must not be null");
        }
        if (!(a.isVector() || a.isScalar())) {
            throw new IllegalArgumentException(name + " must be a vector, got "
                    + java.util.Arrays.toString(a.shape()));
        }
        return a.toDoubleVector();
    }

    /** Checks that {@code values} is non-empty and finite. */
    static double[] finiteVector(double[] values, String name) {
        if (values == null) {
            throw new IllegalArgumentException(name + " must not be null");
        }
        if (values.length == 0) {
            throw new IllegalArgumentException(name + " must not be empty");
        }
        for (int i = 0; i < values.length; i++) {
            if (!Double.isFinite(values[i])) {
                throw new IllegalArgumentException(name + "[" + i + "] must be finite, got " + values[i]);
            }
        }
        return values;
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
