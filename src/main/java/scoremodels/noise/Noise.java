package scoremodels.noise;

import java.util.Arrays;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import scoremodels.random.Key;

/**
 * Noising data up (section 6.2): at time t each point moves by a draw from N(0, t·I), the
 * marginal of the SDE dx = dW started at the data. Results keep the input's floating type.
 *
 * <p>The arithmetic is done in double and rounded once to the input type, so that row i of
 * {@link #noise} is bitwise {@link #noiseBatch} of row i with key i of {@code key.split(N)}.
 */
public final class Noise {
    private Noise() {
    }

    /**
     * The chapter's {@code noise_batch}: one point x ([D] or [1, D]) plus a draw from
     * N(0, t·I) made with {@code key}. At t = 0, x itself is returned.
     */
    public static INDArray noiseBatch(Key key, INDArray x, double t) {
        checkKey(key);
        checkTime("t", t);
        if (x == null) {
            throw new IllegalArgumentException("x must not be null");
        }
        boolean row = x.rank() == 2 && x.rows() == 1;
        if (!(x.rank() == 1 || row) || x.length() == 0) {
            throw new IllegalArgumentException("x must have shape [D] or [1, D] with D >= 1, got "
                    + Arrays.toString(x.shape()));
        }
        double[] v = values("x", x);
        if (t == 0.0) {
            return x;
        }
        addNoise(key, v, 0, v.length, Math.sqrt(t));
        return Nd4j.createFromArray(v).reshape(x.shape()).castTo(x.dataType());
    }

    /**
     * The chapter's {@code noise}: {@link #noiseBatch} mapped over the rows of X [N, D], row i
     * with key i of {@code key.split(N)}. At t = 0, X itself is returned.
     */
    public static INDArray noise(Key key, INDArray X, double t) {
        checkKey(key);
        checkTime("t", t);
        double[] v = values("X", checkMatrix(X));
        if (t == 0.0) {
            return X;
        }
        return noised(key, X, v, t);
    }

    /**
     * The stacked {@code noised_datas} of the chapter: level i is {@code noise(keys[i], X, ts[i])}
     * with {@code keys = key.split(T)}; the result is [T, N, D] in X's type.
     */
    public static INDArray noiseLevels(Key key, INDArray X, double[] ts) {
        checkKey(key);
        double[] v = values("X", checkMatrix(X));
        if (ts == null || ts.length == 0) {
            throw new IllegalArgumentException("ts must hold at least one time, got "
                    + (ts == null ? "null" : "an empty array"));
        }
        for (int i = 0; i < ts.length; i++) {
            checkTime("ts[" + i + "]", ts[i]);
        }
        Key[] keys = key.split(ts.length);
        INDArray[] levels = new INDArray[ts.length];
        for (int i = 0; i < ts.length; i++) {
            levels[i] = ts[i] == 0.0 ? X.dup() : noised(keys[i], X, v.clone(), ts[i]);
        }
        return Nd4j.stack(0, levels);
    }

    private static INDArray noised(Key key, INDArray X, double[] v, double t) {
        int n = (int) X.rows();
        int d = (int) X.columns();
        Key[] keys = key.split(n);
        double sd = Math.sqrt(t);
        for (int i = 0; i < n; i++) {
            addNoise(keys[i], v, i * d, d, sd);
        }
        return Nd4j.createFromArray(v).reshape(n, d).castTo(X.dataType());
    }

    // v[from .. from+d) += sd * z with z ~ N(0, I) from key (what multivariate_normal with cov t·I draws).
    private static void addNoise(Key key, double[] v, int from, int d, double sd) {
        double[] z = key.normal(d);
        for (int j = 0; j < d; j++) {
            v[from + j] += sd * z[j];
        }
    }

    private static INDArray checkMatrix(INDArray X) {
        if (X == null) {
            throw new IllegalArgumentException("X must not be null");
        }
        if (X.rank() != 2 || X.rows() == 0 || X.columns() == 0) {
            throw new IllegalArgumentException("X must have shape [N, D] with N, D >= 1, got "
                    + Arrays.toString(X.shape()));
        }
        return X;
    }

    // The values of a floating array in C order, after checking they are all finite.
    private static double[] values(String name, INDArray a) {
        if (!a.dataType().isFPType()) {
            throw new IllegalArgumentException(name + " must have a floating type, got " + a.dataType());
        }
        double[] v = a.castTo(DataType.DOUBLE).dup('c').reshape(a.length()).toDoubleVector();
        for (int i = 0; i < v.length; i++) {
            if (!Double.isFinite(v[i])) {
                throw new IllegalArgumentException(name + " must be finite, got " + v[i] + " at flat index " + i);
            }
        }
        return v;
    }

    private static void checkTime(String name, double t) {
        if (!(t >= 0) || Double.isInfinite(t)) {
            throw new IllegalArgumentException(name + " must be a finite number >= 0, got " + t);
        }
    }

    private static void checkKey(Key key) {
        if (key == null) {
            throw new IllegalArgumentException("key must not be null");
        }
    }
}
