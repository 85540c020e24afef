package scoremodels.sampler;

import java.util.Arrays;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.api.shape.Shape;
import org.nd4j.linalg.factory.Nd4j;

/** Conversions between [n, D] INDArrays and flat row-major doubles, and the input checks. */
final class States {
    private States() {
    }

    /** Checks a batch of starting points: [n, D], floating, finite. */
    static void requireBatch(INDArray y0s, String name) {
        if (y0s == null) {
            throw new IllegalArgumentException(name + " must not be null");
        }
        if (y0s.rank() != 2 || y0s.rows() < 1 || y0s.columns() < 1) {
            throw new IllegalArgumentException(name + " must have shape [n, D] with n, D >= 1, got "
                    + Arrays.toString(y0s.shape()));
        }
        DataType t = y0s.dataType();
        if (t != DataType.DOUBLE && t != DataType.FLOAT) {
            throw new IllegalArgumentException(name + " must be DOUBLE or FLOAT, got " + t);
        }
        double[] flat = toFlat(y0s);
        for (int i = 0; i < flat.length; i++) {
            if (!Double.isFinite(flat[i])) {
                throw new IllegalArgumentException(name + " must be finite, got " + flat[i]
                        + " at row " + i / y0s.columns() + ", column " + i % y0s.columns());
            }
        }
    }

    /** A copy of {@code a} as flat row-major doubles. */
    static double[] toFlat(INDArray a) {
        INDArray c = a.dataType() == DataType.DOUBLE ? a : a.castTo(DataType.DOUBLE);
        if (c.ordering() == 'c' && c.offset() == 0 && c.data().length() == c.length()
                && Shape.hasDefaultStridesForShape(c)) {
            // A fresh contiguous array (the usual drift output): its buffer is exactly y.
            return c.data().asDouble();
        }
        // Otherwise dup('c') gives a fresh contiguous buffer holding exactly these elements.
        c = c.dup('c');
        double[] flat = c.data().asDouble();
        if (flat.length != a.length()) {
            flat = Arrays.copyOf(flat, (int) a.length());
        }
        return flat;
    }

    /** Flat row-major doubles as an [n, D] array of the given type. */
    static INDArray toArray(double[] y, int n, int d, DataType type) {
        if (type == DataType.FLOAT) {
            float[] f = new float[y.length];
            for (int i = 0; i < y.length; i++) {
                f[i] = (float) y[i];
            }
            return Nd4j.createFromArray(f).reshape('c', n, d);
        }
        return Nd4j.createFromArray(y.clone()).reshape('c', n, d);
    }

    /** Throws, naming the time, when any entry is NaN or infinite. */
    static void requireFinite(double[] y, int d, String what, double t) {
        for (int i = 0; i < y.length; i++) {
            if (!Double.isFinite(y[i])) {
                throw new IllegalStateException(what + " became non-finite (" + y[i] + ") at t="
                        + t + ", row " + i / d + ", column " + i % d
                        + "; the step is too large for this drift or the drift is unbounded");
            }
        }
    }

    /**
     * Checks the times of a diffusion (the ODE and reverse-SDE samplers): save times as below,
     * each >= 0, since the forward noising starts at t = 0.
     */
    static void requireDiffusionTimes(double[] ts, String name) {
        requireTimes(ts, name);
        for (int i = 0; i < ts.length; i++) {
            if (ts[i] < 0) {
                throw new IllegalArgumentException(name + "[" + i + "] must be >= 0 (diffusion time), got " + ts[i]);
            }
        }
    }

    /** Checks save times: finite, at least two, strictly increasing or strictly decreasing. */
    static void requireTimes(double[] ts, String name) {
        if (ts == null || ts.length < 2) {
            throw new IllegalArgumentException(name + " must hold at least two times, got "
                    + (ts == null ? "null" : Arrays.toString(ts)));
        }
        for (int i = 0; i < ts.length; i++) {
            if (!Double.isFinite(ts[i])) {
                throw new IllegalArgumentException(name + "[" + i + "] must be finite, got " + ts[i]);
            }
        }
        double dir = Math.signum(ts[1] - ts[0]);
        for (int i = 1; i < ts.length; i++) {
            double step = ts[i] - ts[i - 1];
            if (dir == 0 || Math.signum(step) != dir) {
                throw new IllegalArgumentException(name + " must be strictly monotonic, but "
                        + name + "[" + (i - 1) + "]=" + ts[i - 1] + " and " + name + "[" + i + "]="
                        + ts[i]);
            }
        }
    }
}
