package scoremodels.engine;

import java.util.LinkedHashMap;
import java.util.Map;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.indexing.NDArrayIndex;
import scoremodels.losses.ValueAndGrad;
import scoremodels.models.Activation;
import scoremodels.models.Params;
import scoremodels.models.SdeScoreModel;

/**
 * Forward and backward passes of an MLP of any depth with P directional derivatives carried along.
 *
 * <p>Row layout of every stacked array: block 0 holds the M primal rows, block p (1..P) the M
 * rows of the tangent along the per-row input direction v_p (the time input has no tangent).
 * Each layer is then one matrix product over (P + 1)·M rows, and the backward pass runs through
 * primal and tangent rows together; the one second-order term, σ''(z) times the tangent, enters
 * the primal gradient where the tangent went through the activation.
 *
 * <p>Two heads read the output: score matching, Σ_r w_r (Σ_p v_pᵀ ṡ_p + ½|s|²), which is the
 * Hyvärinen objective when the directions are the unit vectors (P = D) and its sliced variant
 * with random directions; and regression, Σ_r w_r ½|s − y|², the denoising objective (P = 0).
 */
public final class TangentPasses implements RowPasses {
    private final int depth;
    private final int width;
    private final DataType type;
    private final Activation act;
    private final int m;
    private final int dims;
    private final int blocks;
    private final double[] w;        // row weights [M]; objectives that redraw their rows replace them
    private final INDArray stackedIn; // [B·M, D+1]
    private final INDArray[] z;      // per hidden layer [B·M, H]
    private final INDArray[] a;
    private final INDArray[] d1;     // [M, H] σ'(z) of the primal rows
    private final INDArray[] gA;     // gradient wrt a, turned in place into the gradient wrt z
    private final INDArray out;      // [B·M, D]
    private final INDArray gOut;
    private final INDArray[] gW;
    private final INDArray[] gB;
    private final Params grads;
    private final HeapCopier heap = new HeapCopier(); // reused: its float scratch would otherwise be allocated every step
    private final HeapCopier[] heaps = {new HeapCopier(), new HeapCopier()}; // one per half of the rows (see Halves)
    // Java copies of the primal rows of one layer [M, H]: the activation runs on these, where one
    // exponential serves σ and σ' and the JIT can vectorise what it can.
    private final double[] zRows;
    private final double[] aRows;
    private final double[] dRows;

    public TangentPasses(SdeScoreModel model, Batch batch, int directions) {
        this.depth = model.depth();
        this.width = model.widthSize();
        this.type = model.dataType();
        this.act = model.activation();
        this.m = batch.rows();
        this.dims = batch.dims();
        this.blocks = directions + 1;
        this.w = batch.weights();
        long stacked = (long) blocks * m;
        stackedIn = Nd4j.zeros(type, stacked, dims + 1);
        primal(stackedIn).assign(batch.input().castTo(type));
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
        gOut = Nd4j.create(type, stacked, dims);
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
        zRows = new double[m * width];
        aRows = new double[m * width];
        dRows = new double[m * width];
    }

    @Override
    public boolean fits(SdeScoreModel model, int directions) {
        return model.depth() == depth && model.widthSize() == width && model.dataType() == type
                && model.activation() == act && directions + 1 == blocks;
    }

    @Override
    public ValueAndGrad run(SdeScoreModel model, double[][] v, double[] target, boolean withGrad, double l2Coefficient) {
        setDirections(v);
        forward(model);
        double value = target == null ? scoreMatchingHead(v) : regressionHead(target);
        if (l2Coefficient != 0) {
            value += l2Coefficient * sumOfSquares(model);
        }
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

    @Override
    public void setRows(double[] input, double[] weights) {
        if (input.length != m * (dims + 1) || weights.length != m) {
            throw new IllegalArgumentException("rows must be " + m + " x " + (dims + 1) + " with " + m
                    + " weights, got " + input.length + " inputs and " + weights.length + " weights");
        }
        heap.write(input, stackedIn, 0, input.length);
        System.arraycopy(weights, 0, w, 0, m);
    }

    private INDArray primal(INDArray stacked) {
        return stacked.get(NDArrayIndex.interval(0, m), NDArrayIndex.all());
    }

    /** Tangent input rows: block p is [v_p | 0] (the time input does not move). */
    private void setDirections(double[][] v) {
        if (blocks == 1) {
            return;
        }
        Buf in = Buf.of(stackedIn);
        int c = dims + 1;
        for (int p = 1; p < blocks; p++) {
            double[] vp = v[p - 1];
            for (int r = 0; r < m; r++) {
                int row = (p * m + r) * c;
                for (int i = 0; i < dims; i++) {
                    in.set(row + i, vp[r * dims + i]);
                }
            }
        }
    }

    private void forward(SdeScoreModel model) {
        INDArray prev = stackedIn;
        for (int k = 0; k < depth; k++) {
            Blas.gemm(prev, model.weight(k), z[k], false, true);
            addBias(z[k], model.bias(k));
            activate(k);
            prev = a[k];
        }
        Blas.gemm(prev, model.weight(depth), out, false, true);
        addBias(out, model.bias(depth));
    }

    /** a = σ(z) on primal rows, a = σ'(z) ⊙ ż on tangent rows. */
    private void activate(int k) {
        Halves.run(m, (part, lo, hi) -> {
            int from = lo * width;
            int to = hi * width;
            HeapCopier h = heaps[part];
            h.read(z[k], zRows, from, to);
            act.evaluate(zRows, aRows, dRows, null, from, to);
            h.write(aRows, a[k], from, to);
            h.write(dRows, d1[k], from, to);
        });
        if (blocks == 1) {
            return;
        }
        Buf zb = Buf.of(z[k]);
        Buf ab = Buf.of(a[k]);
        int plane = m * width;
        for (int p = 0; p < plane; p++) {
            double d = dRows[p];
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

    /** Σ_r w_r (Σ_p v_pᵀ ṡ_p + ½|s|²); sets gOut = (w ⊙ s ; w ⊙ v_1 ; … ; w ⊙ v_P). */
    private double scoreMatchingHead(double[][] v) {
        Buf o = Buf.of(out);
        Buf g = Buf.of(gOut);
        double total = 0;
        for (int r = 0; r < m; r++) {
            double directional = 0;
            double sq = 0;
            for (int i = 0; i < dims; i++) {
                double s = o.get(r * dims + i);
                sq += s * s;
                g.set(r * dims + i, w[r] * s);
                for (int p = 1; p < blocks; p++) {
                    double vi = v[p - 1][r * dims + i];
                    directional += vi * o.get((p * m + r) * dims + i);
                    g.set((p * m + r) * dims + i, w[r] * vi);
                }
            }
            total += w[r] * (directional + 0.5 * sq);
        }
        return total;
    }

    /** Σ_r w_r ½|s_r − y_r|²; sets gOut = w ⊙ (s − y). */
    private double regressionHead(double[] y) {
        Buf o = Buf.of(out);
        Buf g = Buf.of(gOut);
        double total = 0;
        for (int r = 0; r < m; r++) {
            double sq = 0;
            for (int i = 0; i < dims; i++) {
                double e = o.get(r * dims + i) - y[r * dims + i];
                sq += e * e;
                g.set(r * dims + i, w[r] * e);
            }
            total += w[r] * 0.5 * sq;
        }
        return total;
    }

    private void backward(SdeScoreModel model) {
        INDArray gZ = gOut;
        for (int k = depth; k >= 0; k--) {
            INDArray prev = k == 0 ? stackedIn : a[k - 1];
            Blas.gemm(gZ, prev, gW[k], true, false);
            columnSums(primal(gZ), gB[k]);
            if (k > 0) {
                Blas.gemm(gZ, model.weight(k), gA[k - 1], false, false);
                throughActivation(k - 1);
                gZ = gA[k - 1];
            }
        }
    }

    /**
     * Turns ∂L/∂a into ∂L/∂z for layer k, in place: tangent rows scale by σ'(z); primal rows
     * scale by σ'(z) and gain σ''(z) Σ_p (∂L/∂ȧ_p) ż_p.
     */
    private void throughActivation(int k) {
        if (blocks == 1) {
            // No tangent rows: ∂L/∂z = ∂L/∂a ⊙ σ'(z), on Java copies of the rows.
            Halves.run(m, (part, lo, hi) -> {
                int from = lo * width;
                int to = hi * width;
                HeapCopier h = heaps[part];
                h.read(gA[k], zRows, from, to);
                h.read(d1[k], dRows, from, to);
                for (int p = from; p < to; p++) {
                    zRows[p] *= dRows[p];
                }
                h.write(zRows, gA[k], from, to);
            });
            return;
        }
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

    static double sumOfSquares(SdeScoreModel model) {
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
