package scoremodels.models;

import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import scoremodels.linalg.Heap;

/**
 * The forward pass of an {@link SdeScoreModel} on a batch, tuned for the samplers, which call it
 * hundreds of times on the same batch size: element-wise work on Java arrays, the hidden-layer
 * products through BLAS into arrays kept from the previous call of the same size.
 */
final class Forward {
    private final Heap heap = new Heap();
    private int rows = -1;
    private INDArray[] acts;   // [N, H] input of layer l (l = 1..depth)
    private INDArray[] pre;    // [N, out] result of layer l's product
    private double[] hidden;   // [N·H] scratch

    /** s(x, t) for x as double[N·D] and t as double[N]; returns [N, D] in the model's type. */
    synchronized INDArray apply(SdeScoreModel m, double[] x, double[] t, int n) {
        int d = m.dataDims();
        int h = m.widthSize();
        int depth = m.depth();
        DataType type = m.dataType();
        if (n != rows || acts == null || acts.length != depth + 1 || (depth > 0 && acts[1].dataType() != type)
                || hidden.length != n * h) {
            allocate(m, n);
        }
        int c = d + 1;
        double[] w0 = heap.read(m.weight(0));
        double[] b0 = heap.read(m.bias(0));
        int out0 = (int) m.weight(0).rows();
        double[] z = depth == 0 ? new double[n * out0] : hidden;
        for (int r = 0; r < n; r++) {
            for (int j = 0; j < out0; j++) {
                double acc = b0[j];
                for (int q = 0; q < d; q++) {
                    acc += x[r * d + q] * w0[j * c + q];
                }
                z[r * out0 + j] = acc + t[r] * w0[j * c + d];
            }
        }
        if (depth == 0) {
            return Nd4j.createFromArray(z).reshape('c', n, d).castTo(type);
        }
        for (int l = 1; l <= depth; l++) {
            for (int p = 0; p < n * h; p++) {
                hidden[p] = m.activation().value(hidden[p]);
            }
            heap.write(hidden, acts[l]);
            Nd4j.gemm(acts[l], m.weight(l), pre[l], false, true, 1.0, 0.0);
            double[] b = heap.read(m.bias(l));
            int cols = b.length;
            double[] next = l < depth ? hidden : new double[n * cols];
            heap.read(pre[l], next);
            for (int r = 0; r < n; r++) {
                for (int j = 0; j < cols; j++) {
                    next[r * cols + j] += b[j];
                }
            }
            if (l == depth) {
                return Nd4j.createFromArray(next).reshape('c', n, cols).castTo(type);
            }
        }
        throw new IllegalStateException("unreachable");
    }

    private void allocate(SdeScoreModel m, int n) {
        int depth = m.depth();
        acts = new INDArray[depth + 1];
        pre = new INDArray[depth + 1];
        for (int l = 1; l <= depth; l++) {
            acts[l] = Nd4j.create(m.dataType(), n, m.widthSize());
            pre[l] = Nd4j.create(m.dataType(), n, m.weight(l).rows());
        }
        hidden = new double[n * m.widthSize()];
        rows = n;
    }
}
