package scoremodels.losses;

import java.util.LinkedHashMap;
import java.util.Map;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import scoremodels.linalg.Halves;
import scoremodels.linalg.Heap;
import scoremodels.models.Activation;
import scoremodels.models.Params;
import scoremodels.models.SdeScoreModel;

/**
 * The chapter's case, two hidden layers, with the Jacobian trace in closed form.
 *
 * <p>With z₁ = W₀[x, t] + b₀, z₂ = W₁σ(z₁) + b₁ and s = W₂σ(z₂) + b₂, the input Jacobian is
 * W₂ diag σ'(z₂) W₁ diag σ'(z₁) W₀ₓ (W₀ₓ: the first D columns of W₀). Its trace is
 * Σ_a σ'(z₂)_a Σ_b M_ab σ'(z₁)_b with M = W₁ ⊙ K and K = W₂ᵀ W₀ₓᵀ, a fixed H × H matrix per step.
 * The loss needs only the weighted sum over rows, which is ⟨M, G⟩ with
 * G = (w ⊙ σ'(z₂))ᵀ σ'(z₁): one M × H × H product for all D input directions, and the very product
 * the backward pass needs for ∂/∂M. For relu σ'' = 0, so nothing more flows back through σ'(z)
 * and a step is four M × H × H products (forward, G, and the two of the usual backward pass);
 * curved activations add two for their σ'' terms. The value and gradients equal those of the
 * tangent passes of {@link Workspace} (tests check both against finite differences).
 *
 * <p>Element-wise work runs on Java arrays (vectorised by the JIT); the products go to BLAS
 * through {@code Nd4j.gemm} into preallocated arrays.
 */
final class TwoLayerWorkspace {
    private final int m;
    private final int d;
    private final int c;   // D + 1 input columns
    private final int h;
    private final DataType type;
    private final Activation act;
    private final boolean curved;
    private final double[] in;  // [M, C]
    private final double[] w;   // [M]
    private final Heap heap = new Heap();
    private final Heap[] heaps = {new Heap(), new Heap()}; // one per half of the rows
    // Java-side state, row-major [M, H] unless noted.
    private final double[] z1;
    private final double[] a1;
    private final double[] m1;
    private final double[] z2;
    private final double[] a2;
    private final double[] m2;
    private final double[] u;
    private final double[] c1;  // σ''(z1), σ''(z2): only for curved activations
    private final double[] c2;
    private final double[] s;   // [M, D]
    private final double[] w0;  // [H, C]
    private final double[] w0t; // [C, H], W0 transposed so that loops run along H
    private final double[] w1;  // [H, H]
    private final double[] w2;  // [D, H]
    private final double[] k;   // [H, H]
    private final double[] mx;  // [H, H]
    private final double[] gz1;
    private final double[] gz2;
    private final double[] gu;
    private final double[] hh;  // [H, H] scratch
    private final double[] gW1; // [H, H]
    // Sums over rows, kept per half (see Halves) and added in order.
    private final double[] sqPart = new double[2];
    private final double[][] gb2Part;
    private final double[][] gW2Part;
    private final double[][] gb1Part;
    private final double[][] gb0Part;
    private final double[][] gW0tPart;
    private final double[][] rowScratch;
    // Native operands and results of the BLAS products.
    private final INDArray nA1;
    private final INDArray nM1;
    private final INDArray nZ2;
    private final INDArray nU;
    private final INDArray nMx;
    private final INDArray nGz2;
    private final INDArray nGu;
    private final INDArray nGa1;
    private final INDArray nGm1;
    private final INDArray nGw1;
    private final INDArray nGmx;
    private final INDArray[] grads = new INDArray[6];
    private final Params named;

    TwoLayerWorkspace(SdeScoreModel model, Batch batch) {
        this.m = batch.rows();
        this.d = batch.dims();
        this.c = d + 1;
        this.h = model.widthSize();
        this.type = model.dataType();
        this.act = model.activation();
        this.curved = act != Activation.RELU;
        this.in = heap.read(batch.input());
        this.w = batch.weights();
        int mh = m * h;
        z1 = new double[mh];
        a1 = new double[mh];
        m1 = new double[mh];
        z2 = new double[mh];
        a2 = new double[mh];
        m2 = new double[mh];
        u = new double[mh];
        c1 = curved ? new double[mh] : null;
        c2 = curved ? new double[mh] : null;
        gz1 = new double[mh];
        gz2 = new double[mh];
        gu = new double[mh];
        s = new double[m * d];
        w0 = new double[h * c];
        w0t = new double[c * h];
        w1 = new double[h * h];
        w2 = new double[d * h];
        k = new double[h * h];
        mx = new double[h * h];
        hh = new double[h * h];
        gW1 = new double[h * h];
        gb2Part = new double[2][d];
        gW2Part = new double[2][d * h];
        gb1Part = new double[2][h];
        gb0Part = new double[2][h];
        gW0tPart = new double[2][c * h];
        rowScratch = new double[2][h];
        nA1 = Nd4j.create(type, m, h);
        nM1 = Nd4j.create(type, m, h);
        nZ2 = Nd4j.create(type, m, h);
        nU = Nd4j.create(type, m, h);
        nMx = Nd4j.create(type, h, h);
        nGz2 = Nd4j.create(type, m, h);
        nGu = Nd4j.create(type, m, h);
        nGa1 = Nd4j.create(type, m, h);
        nGm1 = Nd4j.create(type, m, h);
        nGw1 = Nd4j.create(type, h, h);
        nGmx = Nd4j.create(type, h, h);
        Map<String, INDArray> g = new LinkedHashMap<>();
        for (int l = 0; l <= 2; l++) {
            grads[2 * l] = Nd4j.create(type, model.weight(l).shape());
            grads[2 * l + 1] = Nd4j.create(type, model.bias(l).shape());
            g.put("layers." + l + ".weight", grads[2 * l]);
            g.put("layers." + l + ".bias", grads[2 * l + 1]);
        }
        named = new Params(g);
    }

    boolean fits(SdeScoreModel model) {
        return model.depth() == 2 && model.widthSize() == h && model.dataType() == type && model.activation() == act;
    }

    ValueAndGrad run(SdeScoreModel model, boolean withGrad, double l2Coefficient) {
        heap.read(model.weight(0), w0);
        heap.read(model.weight(1), w1);
        heap.read(model.weight(2), w2);
        double[] b0 = heap.read(model.bias(0));
        double[] b1 = heap.read(model.bias(1));
        double[] b2 = heap.read(model.bias(2));
        double value = forward(model.weight(1), b0, b1, b2);
        double l2 = 0;
        if (l2Coefficient != 0) {
            l2 = l2Coefficient * (sumSq(w0) + sumSq(w1) + sumSq(w2) + sumSq(b0) + sumSq(b1) + sumSq(b2));
        }
        if (!withGrad) {
            return new ValueAndGrad(value + l2, null);
        }
        backward(model.weight(1), l2Coefficient, b0, b1, b2);
        return new ValueAndGrad(value + l2, named);
    }

    private double forward(INDArray weight1, double[] b0, double[] b1, double[] b2) {
        for (int q = 0; q < c; q++) {
            for (int j = 0; j < h; j++) {
                w0t[q * h + j] = w0[j * c + q];
            }
        }
        Halves.run(m, (part, lo, hi) -> firstLayer(part, lo, hi, b0));
        Nd4j.gemm(nA1, weight1, nZ2, false, true, 1.0, 0.0);
        Halves.run(m, (part, lo, hi) -> secondLayer(part, lo, hi, b1, b2));
        // K[a][b] = Σ_i W2[i][a] W0[b][i]; M = W1 ⊙ K.
        java.util.Arrays.fill(k, 0.0);
        for (int i = 0; i < d; i++) {
            for (int a = 0; a < h; a++) {
                double wa = w2[i * h + a];
                int ao = a * h;
                int io = i * h;
                for (int b = 0; b < h; b++) {
                    k[ao + b] += wa * w0t[io + b];
                }
            }
        }
        for (int p = 0; p < h * h; p++) {
            mx[p] = w1[p] * k[p];
        }
        // The loss needs only the weighted sum of the traces, Σ_r w_r σ'(z2_r)ᵀ M σ'(z1_r) = ⟨M, G⟩
        // with G = (w ⊙ σ'(z2))ᵀ σ'(z1): the product the backward pass needs for dM anyway.
        Nd4j.gemm(nGu, nM1, nGmx, true, false, 1.0, 0.0);
        heap.read(nGmx, hh);
        return dot(mx, 0, hh, 0, h * h) + 0.5 * (sqPart[0] + sqPart[1]);
    }

    /** z1 = W0 [x, t] + b0 and σ, σ' of it, for rows [lo, hi); layer 0 has only D + 1 inputs: a Java loop. */
    private void firstLayer(int part, int lo, int hi, double[] b0) {
        for (int r = lo; r < hi; r++) {
            int ro = r * h;
            System.arraycopy(b0, 0, z1, ro, h);
            for (int q = 0; q < c; q++) {
                double xq = in[r * c + q];
                int qo = q * h;
                for (int j = 0; j < h; j++) {
                    z1[ro + j] += xq * w0t[qo + j];
                }
            }
        }
        act.evaluate(z1, a1, m1, c1, lo * h, hi * h); // c1 is null for relu
        heaps[part].write(a1, nA1, lo * h, hi * h);
        heaps[part].write(m1, nM1, lo * h, hi * h);
    }

    /** z2, σ and σ' of it, the score s, Σ w|s|² and the rows of w ⊙ σ'(z2), for rows [lo, hi). */
    private void secondLayer(int part, int lo, int hi, double[] b1, double[] b2) {
        heaps[part].read(nZ2, z2, lo * h, hi * h);
        for (int r = lo; r < hi; r++) {
            for (int j = 0; j < h; j++) {
                z2[r * h + j] += b1[j];
            }
        }
        act.evaluate(z2, a2, m2, c2, lo * h, hi * h);
        double sq = 0;
        for (int r = lo; r < hi; r++) {
            int ro = r * h;
            double rowSq = 0;
            for (int i = 0; i < d; i++) {
                double si = b2[i] + dot(a2, ro, w2, i * h, h);
                s[r * d + i] = si;
                rowSq += si * si;
            }
            sq += w[r] * rowSq;
            double wr = w[r];
            for (int j = 0; j < h; j++) {
                gu[ro + j] = wr * m2[ro + j];
            }
        }
        sqPart[part] = sq;
        heaps[part].write(gu, nGu, lo * h, hi * h);
    }

    private void backward(INDArray weight1, double l2Coefficient, double[] b0, double[] b1, double[] b2) {
        double two = 2 * l2Coefficient;
        if (curved) {
            // Per-row σ'(z1)ᵀ Mᵀ: the trace's gradient through σ''(z2).
            heap.write(mx, nMx);
            Nd4j.gemm(nM1, nMx, nU, false, true, 1.0, 0.0);
            heap.read(nU, u);
        }
        Halves.run(m, this::backSecondLayer);
        Nd4j.gemm(nGz2, nA1, nGw1, true, false, 1.0, 0.0);
        Nd4j.gemm(nGz2, weight1, nGa1, false, false, 1.0, 0.0);
        if (curved) {
            // Only σ'' carries the trace's gradient back through σ'(z1); it is 0 for relu.
            Nd4j.gemm(nGu, nMx, nGm1, false, false, 1.0, 0.0);
        }
        Halves.run(m, this::backFirstLayer);
        // dW1 = (gz2ᵀ a1) + G ⊙ K;  dK = G ⊙ W1 (hh still holds G from the forward pass).
        heap.read(nGw1, gW1);
        for (int p = 0; p < h * h; p++) {
            gW1[p] += hh[p] * k[p];
            hh[p] *= w1[p];
        }
        double[] gb2 = sum(gb2Part);
        double[] gW2 = sum(gW2Part);
        double[] gb1 = sum(gb1Part);
        double[] gb0 = sum(gb0Part);
        double[] gW0t = sum(gW0tPart); // transposed: [C, H]
        // K = W2ᵀ W0ₓᵀ sends dK back to W2 and to the x-columns of W0.
        for (int i = 0; i < d; i++) {
            int io = i * h;
            for (int a = 0; a < h; a++) {
                int ao = a * h;
                double wa = w2[io + a];
                double acc = 0;
                for (int b = 0; b < h; b++) {
                    double g = hh[ao + b];
                    acc += g * w0t[io + b];
                    gW0t[io + b] += g * wa;
                }
                gW2[io + a] += acc;
            }
        }
        double[] gW0 = new double[h * c];
        for (int q = 0; q < c; q++) {
            for (int j = 0; j < h; j++) {
                gW0[j * c + q] = gW0t[q * h + j];
            }
        }
        store(0, gW0, w0, two);
        store(1, gb0, b0, two);
        store(2, gW1, w1, two);
        store(3, gb1, b1, two);
        store(4, gW2, w2, two);
        store(5, gb2, b2, two);
    }

    /** Output layer and layer 2's pre-activation for rows [lo, hi): from ½|s|² through σ, from the trace through σ''. */
    private void backSecondLayer(int part, int lo, int hi) {
        double[] gW2 = zero(gW2Part[part]);
        double[] gb2 = zero(gb2Part[part]);
        double[] gb1 = zero(gb1Part[part]);
        double[] ga2 = rowScratch[part];
        for (int r = lo; r < hi; r++) {
            int ro = r * h;
            java.util.Arrays.fill(ga2, 0.0);
            for (int i = 0; i < d; i++) {
                double gs = w[r] * s[r * d + i];
                int io = i * h;
                gb2[i] += gs;
                for (int j = 0; j < h; j++) {
                    gW2[io + j] += gs * a2[ro + j];
                    ga2[j] += gs * w2[io + j];
                }
            }
            for (int j = 0; j < h; j++) {
                double g = ga2[j] * m2[ro + j];
                if (curved) {
                    g += w[r] * u[ro + j] * c2[ro + j];
                }
                gz2[ro + j] = g;
                gb1[j] += g;
            }
        }
        heaps[part].write(gz2, nGz2, lo * h, hi * h);
    }

    /** Layer 1's pre-activation and the first layer's gradients for rows [lo, hi). */
    private void backFirstLayer(int part, int lo, int hi) {
        double[] ga1 = z2; // reuse: z2 is not needed any more
        heaps[part].read(nGa1, ga1, lo * h, hi * h);
        if (curved) {
            heaps[part].read(nGm1, u, lo * h, hi * h);
        }
        double[] gb0 = zero(gb0Part[part]);
        double[] gW0t = zero(gW0tPart[part]);
        for (int r = lo; r < hi; r++) {
            int ro = r * h;
            for (int j = 0; j < h; j++) {
                double g = ga1[ro + j] * m1[ro + j];
                if (curved) {
                    g += u[ro + j] * c1[ro + j];
                }
                gz1[ro + j] = g;
                gb0[j] += g;
            }
            for (int q = 0; q < c; q++) {
                double xq = in[r * c + q];
                int qo = q * h;
                for (int j = 0; j < h; j++) {
                    gW0t[qo + j] += gz1[ro + j] * xq;
                }
            }
        }
    }

    private static double[] zero(double[] a) {
        java.util.Arrays.fill(a, 0.0);
        return a;
    }

    /** parts[0] + parts[1], in that order, into a new array. */
    private static double[] sum(double[][] parts) {
        double[] out = parts[0].clone();
        for (int i = 0; i < out.length; i++) {
            out[i] += parts[1][i];
        }
        return out;
    }

    /** grads[slot] = g + two · θ (the l2 term's gradient). */
    private void store(int slot, double[] g, double[] theta, double two) {
        if (two != 0) {
            for (int i = 0; i < g.length; i++) {
                g[i] += two * theta[i];
            }
        }
        heap.write(g, grads[slot]);
    }

    /**
     * Σ a[ao + j]·b[bo + j] over j < n. Four running sums: the JIT keeps a single floating-point
     * sum in order and cannot vectorise it, four independent ones run in parallel.
     */
    private static double dot(double[] a, int ao, double[] b, int bo, int n) {
        double s0 = 0;
        double s1 = 0;
        double s2 = 0;
        double s3 = 0;
        int j = 0;
        for (; j + 3 < n; j += 4) {
            s0 += a[ao + j] * b[bo + j];
            s1 += a[ao + j + 1] * b[bo + j + 1];
            s2 += a[ao + j + 2] * b[bo + j + 2];
            s3 += a[ao + j + 3] * b[bo + j + 3];
        }
        for (; j < n; j++) {
            s0 += a[ao + j] * b[bo + j];
        }
        return (s0 + s1) + (s2 + s3);
    }

    private static double sumSq(double[] v) {
        double acc = 0;
        for (double x : v) {
            acc += x * x;
        }
        return acc;
    }
}
