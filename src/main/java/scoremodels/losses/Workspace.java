package scoremodels.losses;

import java.util.LinkedHashMap;
import java.util.Map;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import scoremodels.linalg.Buf;
import scoremodels.models.Activation;
import scoremodels.models.Params;
import scoremodels.models.SdeScoreModel;

/**
 * The buffers and the passes of {@link ScoreMatching} for one model shape (depth ≥ 1).
 *
 * <p>Row layout of every stacked array: block 0 holds the M primal rows, block i (1..D) the M
 * rows of the tangent along input x_i. Matrix products go to BLAS through {@code Nd4j.gemm}
 * into these preallocated arrays; element-wise work is fused into Java loops over the same
 * memory ({@link Buf}), which avoids a native call and a temporary array per operation.
 */
final class Workspace {
    private final int depth;
    private final int width;
    private final DataType type;
    private final Activation act;
    private final int m;
    private final int dims;
    private final int blocks;
    private final INDArray in;      // [M, D+1]
    private final double[] w;       // row weights [M]
    private final INDArray[] z;     // [B·M, H] pre-activations, primal and tangents
    private final INDArray[] a;     // [B·M, H] activations and their tangents
    private final INDArray[] d1;    // [M, H] σ'(z) of the primal rows
    private final INDArray[] gA;    // [B·M, H] gradient wrt a, turned into the gradient wrt z in place
    private final INDArray out;     // [B·M, D]
    private final INDArray gOut;    // [B·M, D]
    private final INDArray[] gW;
    private final INDArray[] gB;
    private final Params grads;

    Workspace(SdeScoreModel model, INDArray input, INDArray rowWeight, int m, int dims) {
        this.depth = model.depth();
        this.width = model.widthSize();
        this.type = model.dataType();
        this.act = model.activation();
        this.m = m;
        this.dims = dims;
        this.blocks = dims + 1;
        this.in = input.castTo(type).dup('c');
        this.w = rowWeight.castTo(DataType.DOUBLE).dup().toDoubleVector();
        long stacked = (long) blocks * m;
        z = new INDArray[depth];
        a = new INDArray[depth];
        d1 = new INDArray[depth];
        gA = new INDArray[depth];
        for (int k = 0; k < depth; k++) {
            z[k] = Nd4j.create(type, stacked, width);
            a[k] = Nd4j.create(type, stacked, width);
            d1[k] = Nd4j.create(type, m, width);
            gA[k] = Nd4j.create(type, stacked, width);
        }
        out = Nd4j.create(type, stacked, dims);
        gOut = Nd4j.zeros(type, stacked, dims);
        // The tangent rows of gOut never change: block i carries the row weight on column i.
        Buf g = Buf.of(gOut);
        for (int i = 0; i < dims; i++) {
            for (int r = 0; r < m; r++) {
                g.set(((i + 1) * m + r) * dims + i, w[r]);
            }
        }
        gW = new INDArray[depth + 1];
        gB = new INDArray[depth + 1];
        Map<String, INDArray> named = new LinkedHashMap<>();
        for (int k = 0; k <= depth; k++) {
            gW[k] = Nd4j.create(type, model.weight(k).shape());
            gB[k] = Nd4j.create(type, model.bias(k).shape());
            named.put("layers." + k + ".weight", gW[k]);
            named.put("layers." + k + ".bias", gB[k]);
        }
        grads = new Params(named);
    }

    boolean fits(SdeScoreModel model) {
        return model.depth() == depth && model.widthSize() == width && model.dataType() == type
                && model.activation() == act;
    }

    ValueAndGrad run(SdeScoreModel model, boolean withGrad, double l2Coefficient) {
        forward(model);
        double value = lossAndOutputGradient() + (l2Coefficient == 0 ? 0 : l2Coefficient * sumOfSquares(model));
        if (!withGrad) {
            return new ValueAndGrad(value, null);
        }
        backward(model);
        if (l2Coefficient != 0) {
            for (int k = 0; k <= depth; k++) {
                addScaled(gW[k], model.weight(k), 2 * l2Coefficient);
                addScaled(gB[k], model.bias(k), 2 * l2Coefficient);
            }
        }
        return new ValueAndGrad(value, grads);
    }

    private INDArray primal(INDArray stacked) {
        return stacked.get(ScoreMatching.rowBlock(0, m));
    }

    private void forward(SdeScoreModel model) {
        INDArray w0 = model.weight(0);
        Nd4j.gemm(in, w0, primal(z[0]), false, true, 1.0, 0.0);
        Buf z0 = Buf.of(z[0]);
        Buf b0 = Buf.of(model.bias(0));
        Buf w0b = Buf.of(w0);
        int cols = (int) w0.columns();
        for (int r = 0; r < m; r++) {
            for (int j = 0; j < width; j++) {
                z0.set(r * width + j, z0.get(r * width + j) + b0.get(j));
            }
        }
        // The tangent of layer 0's pre-activation along x_i is column i of W_0, on every row.
        for (int i = 0; i < dims; i++) {
            int base = (i + 1) * m * width;
            for (int r = 0; r < m; r++) {
                for (int j = 0; j < width; j++) {
                    z0.set(base + r * width + j, w0b.get(j * cols + i));
                }
            }
        }
        for (int k = 0; k < depth; k++) {
            activate(k);
            INDArray next = k + 1 < depth ? z[k + 1] : out;
            Nd4j.gemm(a[k], model.weight(k + 1), next, false, true, 1.0, 0.0);
            addBias(next, model.bias(k + 1));
        }
    }

    /** a = σ(z) on primal rows, a = σ'(z) ⊙ ż on tangent rows. */
    private void activate(int k) {
        Buf zb = Buf.of(z[k]);
        Buf ab = Buf.of(a[k]);
        Buf db = Buf.of(d1[k]);
        int plane = m * width;
        for (int p = 0; p < plane; p++) {
            double zp = zb.get(p);
            double d = act.first(zp);
            ab.set(p, act.value(zp));
            db.set(p, d);
            for (int i = 1; i < blocks; i++) {
                ab.set(i * plane + p, zb.get(i * plane + p) * d);
            }
        }
    }

    private void addBias(INDArray stacked, INDArray bias) {
        Buf s = Buf.of(stacked);
        Buf b = Buf.of(bias);
        int c = (int) bias.length();
        for (int r = 0; r < m; r++) {
            for (int j = 0; j < c; j++) {
                s.set(r * c + j, s.get(r * c + j) + b.get(j));
            }
        }
    }

    /** Σ_r w_r (tr J_r + ½|s_r|²), and the primal rows of gOut = w ⊙ s. */
    private double lossAndOutputGradient() {
        Buf o = Buf.of(out);
        Buf g = Buf.of(gOut);
        double total = 0;
        for (int r = 0; r < m; r++) {
            double trace = 0;
            double sq = 0;
            for (int i = 0; i < dims; i++) {
                trace += o.get(((i + 1) * m + r) * dims + i);
                double s = o.get(r * dims + i);
                sq += s * s;
                g.set(r * dims + i, w[r] * s);
            }
            total += w[r] * (trace + 0.5 * sq);
        }
        return total;
    }

    private void backward(SdeScoreModel model) {
        Nd4j.gemm(gOut, a[depth - 1], gW[depth], true, false, 1.0, 0.0);
        columnSums(primal(gOut), gB[depth]);
        Nd4j.gemm(gOut, model.weight(depth), gA[depth - 1], false, false, 1.0, 0.0);
        for (int k = depth - 1; k >= 0; k--) {
            throughActivation(k);
            columnSums(primal(gA[k]), gB[k]);
            if (k > 0) {
                Nd4j.gemm(gA[k], a[k - 1], gW[k], true, false, 1.0, 0.0);
                Nd4j.gemm(gA[k], model.weight(k), gA[k - 1], false, false, 1.0, 0.0);
            } else {
                Nd4j.gemm(primal(gA[0]), in, gW[0], true, false, 1.0, 0.0);
                tangentColumnsOfFirstWeight();
            }
        }
    }

    /**
     * Turns ∂L/∂a into ∂L/∂z for layer k, in place: tangent rows scale by σ'(z); primal rows
     * scale by σ'(z) and gain σ''(z) Σ_i (∂L/∂ȧ_i) ż_i, the second-order term of the trace.
     */
    private void throughActivation(int k) {
        Buf g = Buf.of(gA[k]);
        Buf zb = Buf.of(z[k]);
        Buf db = Buf.of(d1[k]);
        int plane = m * width;
        boolean curved = act != Activation.RELU;
        for (int p = 0; p < plane; p++) {
            double d = db.get(p);
            double extra = 0;
            for (int i = 1; i < blocks; i++) {
                int q = i * plane + p;
                double gi = g.get(q);
                if (curved) {
                    extra += gi * zb.get(q);
                }
                g.set(q, gi * d);
            }
            double primal = g.get(p) * d;
            if (curved) {
                primal += act.second(zb.get(p)) * extra;
            }
            g.set(p, primal);
        }
    }

    /** The tangent rows of layer 0 came from column i of W_0, so their gradients sum into it. */
    private void tangentColumnsOfFirstWeight() {
        Buf g = Buf.of(gA[0]);
        Buf gw = Buf.of(gW[0]);
        int cols = dims + 1;
        for (int i = 0; i < dims; i++) {
            int base = (i + 1) * m * width;
            for (int j = 0; j < width; j++) {
                double sum = 0;
                for (int r = 0; r < m; r++) {
                    sum += g.get(base + r * width + j);
                }
                gw.set(j * cols + i, gw.get(j * cols + i) + sum);
            }
        }
    }

    private static void columnSums(INDArray rowsByCols, INDArray target) {
        Buf src = Buf.of(rowsByCols);
        Buf dst = Buf.of(target);
        int c = (int) rowsByCols.columns();
        int n = (int) rowsByCols.rows();
        double[] acc = new double[c];
        for (int r = 0; r < n; r++) {
            for (int j = 0; j < c; j++) {
                acc[j] += src.get(r * c + j);
            }
        }
        for (int j = 0; j < c; j++) {
            dst.set(j, acc[j]);
        }
    }

    private static void addScaled(INDArray target, INDArray source, double factor) {
        Buf t = Buf.of(target);
        Buf s = Buf.of(source);
        for (int i = 0, n = t.length(); i < n; i++) {
            t.set(i, t.get(i) + factor * s.get(i));
        }
    }

    private static double sumOfSquares(SdeScoreModel model) {
        double total = 0;
        for (INDArray p : model.params().arrays()) {
            Buf b = Buf.of(p);
            for (int i = 0, n = b.length(); i < n; i++) {
                double v = b.get(i);
                total += v * v;
            }
        }
        return total;
    }
}
