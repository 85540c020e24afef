package scoremodels.engine;

import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import scoremodels.models.Activation;
import scoremodels.models.SdeScoreModel;

/**
 * The forward pass of an {@link SdeScoreModel} on a batch, tuned for the samplers, which call it
 * hundreds of times on the same batch size: element-wise work on Java arrays, in two halves of the
 * rows at once ({@link Halves}), each row along the layer's width so that the JIT vectorises it;
 * the products through {@link Blas} (fixed-order Java loops unless OpenBLAS is asked for) into
 * arrays kept from the previous call of the same size. Each entry is computed by the same operations in the same order whichever thread runs it.
 */
public final class Forward {
    private final HeapCopier heap = new HeapCopier();
    private int rows = -1;
    private INDArray[] acts;   // [N, H] input of layer l (l = 1..depth)
    private INDArray[] pre;    // [N, out] result of layer l's product
    private double[] hidden;   // [N·H] scratch
    private double[][] w0cols; // [D + 1][out0]: layer 0's columns, so that the row loop runs along the width
    private final double[][] rowScratch = new double[2][];

    /** s(x, t) for x as double[N·D] and t as double[N]; returns [N, D] in the model's type. */
    public synchronized INDArray apply(SdeScoreModel m, double[] x, double[] t, int n) {
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
        if (w0cols == null || w0cols.length != c || w0cols[0].length != out0) {
            w0cols = new double[c][out0];
        }
        for (int q = 0; q < c; q++) {
            for (int j = 0; j < out0; j++) {
                w0cols[q][j] = w0[j * c + q];
            }
        }
        Halves.run(n, (part, lo, hi) -> firstLayer(part, x, t, b0, z, d, out0, lo, hi));
        if (depth == 0) {
            return Nd4j.createFromArray(z).reshape('c', n, d).castTo(type);
        }
        Activation act = m.activation();
        for (int l = 1; l <= depth; l++) {
            Halves.run(n, (part, lo, hi) -> act.apply(hidden, lo * h, hi * h));
            heap.write(hidden, acts[l]);
            Blas.gemm(acts[l], m.weight(l), pre[l], false, true);
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

    /** Rows [lo, hi) of z = W0 [x, t] + b0, summed in the order b0, the x terms, the t term. */
    private void firstLayer(int part, double[] x, double[] t, double[] b0, double[] z, int d, int out0, int lo, int hi) {
        double[] zr = rowScratch[part];
        if (zr == null || zr.length != out0) {
            zr = new double[out0];
            rowScratch[part] = zr;
        }
        for (int r = lo; r < hi; r++) {
            System.arraycopy(b0, 0, zr, 0, out0);
            for (int q = 0; q < d; q++) {
                double xq = x[r * d + q];
                double[] wq = w0cols[q];
                for (int j = 0; j < out0; j++) {
                    zr[j] += xq * wq[j];
                }
            }
            double tr = t[r];
            double[] wt = w0cols[d];
            for (int j = 0; j < out0; j++) {
                zr[j] += tr * wt[j];
            }
            System.arraycopy(zr, 0, z, r * out0, out0);
        }
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
