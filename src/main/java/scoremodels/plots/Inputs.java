package scoremodels.plots;

import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * The plots' input conversions: ND4J arrays to Java arrays, with messages that name the parameter
 * when the shape or a value is wrong, the same whatever form the data came in.
 */
final class Inputs {
    private Inputs() {
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
}
