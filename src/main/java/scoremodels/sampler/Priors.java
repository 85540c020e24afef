package scoremodels.sampler;

import java.util.Arrays;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import scoremodels.random.Key;

/**
 * Starting points for the reverse-time samplers.
 *
 * <p>Noise of variance t blurs data of mean μ and per-dimension variance σ²_d into a
 * distribution with the same mean and variance σ²_d + t; for large t it is close to the Gaussian
 * N(μ, diag(σ² + t)). Drawing the starts from that Gaussian gives the flow a start that matches
 * where the data has gone, which the chapter's N(0, I)·30 + 5 does not.
 */
public final class Priors {
    private Priors() {
    }

    /** {@code n} points of N(mean(X), diag(var(X) + t)) drawn with {@code key}; X is [N, D]. */
    public static INDArray noisedData(INDArray x, double t, int n, Key key) {
        if (x == null || x.rank() != 2 || x.rows() < 2) {
            throw new IllegalArgumentException("x must be an [N, D] array with N >= 2, got "
                    + (x == null ? "null" : Arrays.toString(x.shape())));
        }
        if (!(t >= 0) || Double.isInfinite(t)) {
            throw new IllegalArgumentException("t must be finite and >= 0, got " + t);
        }
        if (n < 1) {
            throw new IllegalArgumentException("n must be >= 1, got " + n);
        }
        if (key == null) {
            throw new IllegalArgumentException("key must not be null");
        }
        double[][] rows = x.castTo(DataType.DOUBLE).toDoubleMatrix();
        int d = rows[0].length;
        double[] mean = new double[d];
        double[] var = new double[d];
        for (double[] r : rows) {
            for (int j = 0; j < d; j++) {
                if (!Double.isFinite(r[j])) {
                    throw new IllegalArgumentException("x holds a non-finite value: " + r[j]);
                }
                mean[j] += r[j] / rows.length;
            }
        }
        for (double[] r : rows) {
            for (int j = 0; j < d; j++) {
                var[j] += (r[j] - mean[j]) * (r[j] - mean[j]) / (rows.length - 1);
            }
        }
        double[] z = key.normal(n * d);
        for (int i = 0; i < n; i++) {
            for (int j = 0; j < d; j++) {
                z[i * d + j] = mean[j] + Math.sqrt(var[j] + t) * z[i * d + j];
            }
        }
        return Nd4j.createFromArray(z).reshape('c', n, d).castTo(x.dataType());
    }

    /** The chapter's starts: {@code n} points of N(0, I)·30 + 5 in D dimensions. */
    public static INDArray chapter(int n, int d, Key key) {
        if (n < 1 || d < 1) {
            throw new IllegalArgumentException("n and d must be >= 1, got n=" + n + ", d=" + d);
        }
        return Nd4j.createFromArray(key.normal(n, d)).muli(30).addi(5);
    }
}
