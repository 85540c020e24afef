package scoremodels.sampler;

import java.util.Arrays;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * A {@link Drift} seen through flat row-major double arrays of length n·D.
 *
 * <p>The solvers keep their state in plain doubles: the stage sums of a Runge–Kutta step on a
 * [50, 2] batch are a few hundred multiply-adds, far cheaper in a Java loop than as dozens of
 * native ND4J calls. Only the drift itself sees INDArrays, in the caller's data type.
 */
final class BatchDrift {
    private final Drift drift;
    private final int n;
    private final int d;
    private final DataType type;
    private long evaluations;

    BatchDrift(Drift drift, int n, int d, DataType type) {
        this.drift = drift;
        this.n = n;
        this.d = d;
        this.type = type;
    }

    int rows() {
        return n;
    }

    int dims() {
        return d;
    }

    DataType dataType() {
        return type;
    }

    long evaluations() {
        return evaluations;
    }

    /** dy/dt at (t, y) as a flat array; checks the drift's output shape. */
    double[] apply(double t, double[] y) {
        evaluations++;
        for (double v : y) {
            if (!Double.isFinite(v)) {
                // A stage state that overflowed goes to no drift (a score model refuses it); NaN
                // marks the step as failed, which adaptive mode rejects and constant mode reports.
                double[] nan = new double[y.length];
                Arrays.fill(nan, Double.NaN);
                return nan;
            }
        }
        INDArray out = drift.apply(t, States.toArray(y, n, d, type));
        if (out == null) {
            throw new IllegalArgumentException("drift returned null at t=" + t);
        }
        long[] shape = out.shape();
        if (shape.length != 2 || shape[0] != n || shape[1] != d) {
            throw new IllegalArgumentException("drift output shape " + Arrays.toString(shape)
                    + " differs from the state shape [" + n + ", " + d + "] at t=" + t
                    + " (does the model's data dimension match the starting points?)");
        }
        // Finiteness is checked on the state after each step, where adaptive mode can still
        // reject a step that overflowed instead of failing.
        return States.toFlat(out);
    }

    /** The state as an [n, D] INDArray of the caller's data type. */
    INDArray wrap(double[] y) {
        return States.toArray(y, n, d, type);
    }
}
