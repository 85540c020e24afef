package scoremodels.sampler;

import java.util.Arrays;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import scoremodels.Checks;
import scoremodels.random.Key;
import scoremodels.random.QuasiRandom;

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
        double[][] rows = checkedRows(x, t, n, key);
        int d = rows[0].length;
        double[] mean = new double[d];
        double[] var = new double[d];
        for (double[] r : rows) {
            for (int j = 0; j < d; j++) {
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

    /**
     * {@code n} starts drawn from the noised data itself, x_i + √t·ε: the distribution the data
     * really has at time t, which a single Gaussian matches poorly while the noise is still small
     * against the data's spread (at t = 9 the two Gaussians of the chapter, 14 apart, are still two
     * bumps). The pair (which training point, which ε) is one quasi-random point in D + 1
     * dimensions ({@link QuasiRandom#uniform}): the rank of its first coordinate picks the training
     * point (the lowest n/N ranks the first point, and so on, so each is used ⌊n/N⌋ or ⌈n/N⌉
     * times), the others are the normal quantiles of ε. So the ε that go with any one training
     * point are spread evenly too, not only all ε together; the starts cover the noised data
     * without random clumps, and the flow carries that evenness to the samples (docs/performance.md
     * has the figures).
     */
    public static INDArray noisedPoints(INDArray x, double t, int n, Key key) {
        double[][] rows = checkedRows(x, t, n, key);
        int d = rows[0].length;
        if (d + 1 > QuasiRandom.MAX_DIMENSIONS) {
            throw new IllegalArgumentException("x may have at most " + (QuasiRandom.MAX_DIMENSIONS - 1) + " columns, got " + d);
        }
        double[][] u = QuasiRandom.uniform(n, d + 1, key);
        Integer[] byFirst = new Integer[n];
        for (int i = 0; i < n; i++) {
            byFirst[i] = i;
        }
        Arrays.sort(byFirst, (p, q) -> Double.compare(u[p][0], u[q][0]));
        int[] pick = new int[n];
        for (int rank = 0; rank < n; rank++) {
            pick[byFirst[rank]] = (int) ((long) rank * rows.length / n);
        }
        double sd = Math.sqrt(t);
        double[] z = new double[n * d];
        for (int i = 0; i < n; i++) {
            double[] base = rows[pick[i]];
            for (int j = 0; j < d; j++) {
                z[i * d + j] = base[j] + sd * QuasiRandom.normalQuantile(u[i][j + 1]);
            }
        }
        return Nd4j.createFromArray(z).reshape('c', n, d).castTo(x.dataType());
    }

    private static double[][] checkedRows(INDArray x, double t, int n, Key key) {
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
        Checks.arrayLength("n·D (points·dimensions)", n, x.columns());
        double[][] rows = x.castTo(DataType.DOUBLE).toDoubleMatrix();
        for (double[] r : rows) {
            for (double v : r) {
                if (!Double.isFinite(v)) {
                    throw new IllegalArgumentException("x holds a non-finite value: " + v);
                }
            }
        }
        return rows;
    }

    /** The chapter's starts: {@code n} points of N(0, I)·30 + 5 in D dimensions. */
    public static INDArray chapter(int n, int d, Key key) {
        if (n < 1 || d < 1) {
            throw new IllegalArgumentException("n and d must be >= 1, got n=" + n + ", d=" + d);
        }
        return Nd4j.createFromArray(key.normal(n, d)).muli(30).addi(5);
    }
}
