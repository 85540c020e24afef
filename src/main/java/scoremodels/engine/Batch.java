package scoremodels.engine;

import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * The rows an objective sums over: model inputs x ‖ t [M, D + 1] and a weight per row.
 * For the chapter's joint losses row r of level k has t = t_k and weight t_k / N.
 */
public final class Batch {
    private final INDArray input;  // DOUBLE [M, D+1]
    private final double[] weights;
    private final int dims;

    public Batch(INDArray x, double[] t, double[] weights) {
        int m = (int) x.rows();
        if (t.length != m || weights.length != m) {
            throw new IllegalArgumentException("t and rowWeight must hold one entry per row (" + m + "), got "
                    + t.length + " and " + weights.length);
        }
        for (int r = 0; r < m; r++) {
            if (!(t[r] >= 0) || Double.isInfinite(t[r])) {
                throw new IllegalArgumentException("t[" + r + "] must be finite and >= 0, got " + t[r]);
            }
            if (!Double.isFinite(weights[r])) {
                throw new IllegalArgumentException("rowWeight[" + r + "] must be finite, got " + weights[r]);
            }
        }
        this.dims = (int) x.columns();
        this.input = Nd4j.hstack(x.castTo(DataType.DOUBLE), Nd4j.createFromArray(t).reshape(m, 1)).dup('c');
        this.weights = weights.clone();
    }

    /** noisedDatas [T, N, D] with times ts [T]: level k's rows weigh t_k / N. */
    public static Batch joint(INDArray noisedDatas, double[] ts) {
        int levels = ts.length;
        int n = (int) noisedDatas.size(1);
        int d = (int) noisedDatas.size(2);
        INDArray x = noisedDatas.castTo(DataType.DOUBLE).reshape('c', (long) levels * n, d);
        double[] t = new double[levels * n];
        double[] w = new double[levels * n];
        for (int k = 0; k < levels; k++) {
            for (int r = 0; r < n; r++) {
                t[k * n + r] = ts[k];
                w[k * n + r] = ts[k] / n;
            }
        }
        return new Batch(x, t, w);
    }

    public INDArray input() {
        return input;
    }

    public double[] weights() {
        return weights.clone();
    }

    public int rows() {
        return weights.length;
    }

    public int dims() {
        return dims;
    }
}
