package scoremodels;

import java.util.Arrays;
import org.nd4j.linalg.api.ndarray.INDArray;
import scoremodels.models.SdeScoreModel;

/**
 * The library's argument checks, in one place. Each failure is an IllegalArgumentException whose
 * message names the parameter and the offending value, so that a wrong call is fixed from the
 * message alone and nothing goes on to compute with NaN.
 */
public final class Checks {
    /** The longest Java array the JVM allocates reliably (a few header words below Integer.MAX_VALUE). */
    public static final int MAX_ARRAY_LENGTH = Integer.MAX_VALUE - 8;

    private Checks() {
    }

    public static <T> T notNull(String name, T value) {
        if (value == null) {
            throw new IllegalArgumentException(name + " must not be null");
        }
        return value;
    }

    /** A finite number. */
    public static double finite(String name, double value) {
        if (!Double.isFinite(value)) {
            throw new IllegalArgumentException(name + " must be finite, got " + value);
        }
        return value;
    }

    /** A finite number > 0. */
    public static double positive(String name, double value) {
        if (!(value > 0) || Double.isInfinite(value)) {
            throw new IllegalArgumentException(name + " must be finite and > 0, got " + value);
        }
        return value;
    }

    /** A finite number >= 0. */
    public static double nonNegative(String name, double value) {
        if (!(value >= 0) || Double.isInfinite(value)) {
            throw new IllegalArgumentException(name + " must be finite and >= 0, got " + value);
        }
        return value;
    }

    /**
     * The product of sizes, for allocating an array of that many entries; {@code what} names the
     * factors (e.g. "n·T·D"). Refuses a product that overflows or is longer than a Java array.
     */
    public static int arrayLength(String what, long... sizes) {
        long n = 1;
        for (long s : sizes) {
            if (s < 0) {
                throw new IllegalArgumentException(what + ": negative size in " + Arrays.toString(sizes));
            }
            try {
                n = Math.multiplyExact(n, s);
            } catch (ArithmeticException e) {
                n = Long.MAX_VALUE;
                break;
            }
        }
        if (n > MAX_ARRAY_LENGTH) {
            throw new IllegalArgumentException(what + " = " + product(sizes) + " entries, more than a Java array holds ("
                    + MAX_ARRAY_LENGTH + ")");
        }
        return (int) n;
    }

    private static String product(long[] sizes) {
        StringBuilder sb = new StringBuilder();
        for (long s : sizes) {
            sb.append(sb.length() == 0 ? "" : "·").append(s);
        }
        return sb.toString();
    }

    /** Every entry finite, else the first bad one with its (row, column) in a [rows, cols] layout. */
    public static void finite(String name, double[] values, int cols) {
        for (int i = 0; i < values.length; i++) {
            if (!Double.isFinite(values[i])) {
                throw new IllegalArgumentException(name + " must be finite, got " + values[i]
                        + (cols > 0 ? " at row " + i / cols + ", column " + i % cols : " at entry " + i));
            }
        }
    }

    /**
     * A score model's inputs: finite points x (flat, {@code dims} per row) and one finite time
     * t >= 0 per row. t = 0 is the data itself; the noise of section 6.2 has variance t, so a
     * negative time has no meaning.
     */
    public static void scoreInputs(double[] x, int dims, double[] t) {
        finite("x", x, dims);
        for (int i = 0; i < t.length; i++) {
            if (!(t[i] >= 0) || Double.isInfinite(t[i])) {
                throw new IllegalArgumentException("t must be finite and >= 0, got " + t[i] + " at row " + i);
            }
        }
    }

    /** A non-empty [N, D] array of finite values. */
    public static void points(String name, INDArray x) {
        notNull(name, x);
        if (x.rank() != 2 || x.rows() == 0 || x.columns() == 0) {
            throw new IllegalArgumentException(name + " must be a non-empty [N, D] array, got shape "
                    + Arrays.toString(x.shape()));
        }
        finite(name, x);
    }

    public static void finite(String name, INDArray x) {
        if (x.isNaN().any() || x.isInfinite().any()) {
            throw new IllegalArgumentException(name + " holds NaN or infinite values");
        }
    }

    /** A model whose data dimension is {@code dims}. */
    public static void model(SdeScoreModel model, int dims) {
        notNull("model", model);
        if (model.dataDims() != dims) {
            throw new IllegalArgumentException("model.dataDims (" + model.dataDims()
                    + ") does not match the data's dimension " + dims);
        }
    }

    public static void l2(double l2Coefficient) {
        nonNegative("l2Coefficient", l2Coefficient);
    }

    /** Noised data [T, N, D] with one finite time >= 0 per level. */
    public static void levels(INDArray noisedDatas, double[] ts) {
        notNull("noisedDatas", noisedDatas);
        if (noisedDatas.rank() != 3 || noisedDatas.length() == 0) {
            throw new IllegalArgumentException("noisedDatas must be a non-empty [T, N, D] array, got shape "
                    + Arrays.toString(noisedDatas.shape()));
        }
        if (ts == null || ts.length != noisedDatas.size(0)) {
            throw new IllegalArgumentException("ts must hold one time per level (" + noisedDatas.size(0)
                    + "), got " + (ts == null ? "null" : ts.length + " times"));
        }
        for (int k = 0; k < ts.length; k++) {
            nonNegative("ts[" + k + "]", ts[k]);
        }
        finite("noisedDatas", noisedDatas);
    }
}
