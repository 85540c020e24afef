package scoremodels.metrics;

import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import scoremodels.random.Key;

/**
 * A checked point set [n, D] stored row-major in one flat {@code double[]}, so the pair loops
 * of the metrics walk contiguous memory and allocate nothing per pair.
 */
final class Points {
    final String name;
    final double[] data;
    final int n;
    final int d;

    private Points(String name, double[] data, int n, int d) {
        this.name = name;
        this.data = data;
        this.n = n;
        this.d = d;
    }

    static Points of(String name, double[][] rows) {
        if (rows == null) {
            throw new IllegalArgumentException(name + " must not be null");
        }
        if (rows.length == 0) {
            throw new IllegalArgumentException(name + " must hold at least one point, got 0 rows");
        }
        if (rows[0] == null || rows[0].length == 0) {
            throw new IllegalArgumentException(name + "[0] must be a non-empty point, got "
                    + (rows[0] == null ? "null" : "0 coordinates"));
        }
        int d = rows[0].length;
        double[] flat = new double[rows.length * d];
        for (int i = 0; i < rows.length; i++) {
            double[] r = rows[i];
            if (r == null || r.length != d) {
                throw new IllegalArgumentException(name + "[" + i + "] must have D = " + d + " coordinates, got "
                        + (r == null ? "null" : r.length));
            }
            System.arraycopy(r, 0, flat, i * d, d);
        }
        return checked(name, flat, rows.length, d);
    }

    static Points of(String name, INDArray x) {
        if (x == null) {
            throw new IllegalArgumentException(name + " must not be null");
        }
        if (x.rank() != 2 || x.rows() == 0 || x.columns() == 0) {
            throw new IllegalArgumentException(name + " must be a non-empty [n, D] array, got shape "
                    + java.util.Arrays.toString(x.shape()));
        }
        int n = x.rows();
        int d = x.columns();
        // dup('c') makes a fresh contiguous buffer, so views and 'f' order read correctly.
        double[] flat = x.castTo(DataType.DOUBLE).dup('c').data().asDouble();
        return checked(name, flat, n, d);
    }

    private static Points checked(String name, double[] flat, int n, int d) {
        for (int k = 0; k < flat.length; k++) {
            if (!Double.isFinite(flat[k])) {
                throw new IllegalArgumentException(name + "[" + k / d + "][" + k % d + "] must be finite, got "
                        + flat[k]);
            }
        }
        return new Points(name, flat, n, d);
    }

    /** Throws unless both sets live in the same dimension D. */
    static void sameDimension(Points x, Points y) {
        if (x.d != y.d) {
            throw new IllegalArgumentException(x.name + " and " + y.name + " must have the same dimension D, got "
                    + x.name + ": " + x.d + ", " + y.name + ": " + y.d);
        }
    }

    /** Throws unless the set has at least {@code min} points (U-statistics need two). */
    void atLeast(int min) {
        if (n < min) {
            throw new IllegalArgumentException(name + " must hold at least " + min + " points, got " + n);
        }
    }

    static void key(Key key) {
        if (key == null) {
            throw new IllegalArgumentException("key must not be null");
        }
    }

    /** Squared Euclidean distance between row i of a and row j of b. */
    static double sqDist(double[] a, int i, double[] b, int j, int d) {
        int p = i * d;
        int q = j * d;
        double s = 0;
        for (int k = 0; k < d; k++) {
            double t = a[p + k] - b[q + k];
            s += t * t;
        }
        return s;
    }
}
