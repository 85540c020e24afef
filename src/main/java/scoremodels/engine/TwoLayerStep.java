package scoremodels.engine;

import java.util.LinkedHashMap;
import java.util.Map;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import scoremodels.losses.ValueAndGrad;
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
 * tangent passes of {@link TangentPasses} (tests check both against finite differences).
 *
 * <p>This class works in double whatever the model's type and serves every activation; a FLOAT
 * model with ReLU, the chapter's training configuration, goes to {@link FloatReluStep}.
 *
 * <p>Element-wise work runs on Java arrays (vectorised by the JIT); the products go through
 * {@link Blas#gemm} into preallocated arrays. Between two products, each row is taken
 * through every element-wise step at once, a block of {@value #BLOCK} rows at a time, so the work
 * stays in the core's cache: a pass per step over the whole [M, H] array (1.8 MB of doubles at the
 * chapter's size) would go out to the shared cache again and again.
 */
final class TwoLayerStep {
    /** Rows per block of element-wise work: 8 × 256 doubles = 16 KB per scratch array. */
    static final int BLOCK = 8;

    private final int m;
    private final int d;
    private final int c;   // D + 1 input columns
    private final int h;
    private final DataType type;
    private final Activation act;
    private final boolean curved;
    private final double[] in;  // [M, C]
    private final double[] w;   // [M]
    private final HeapCopier heap = new HeapCopier();
    // Kept from the forward to the backward pass, [M, H]: σ'(z1), and σ''(z1) for curved activations.
    private final double[] m1;
    private final double[] c1;
    private final double[] w0;  // [H, C]
    private final double[][] w0cols; // [C][H], W0's columns, so that loops run along H
    private final double[][] w2rows; // [D][H], W2's rows
    private final double[] w1;  // [H, H]
    private final double[] w2;  // [D, H]
    private final double[] k;   // [H, H]
    private final double[] mx;  // [H, H]
    private final double[] hh;  // [H, H] scratch
    private final double[] gW1; // [H, H]
    private final Half[] halves;
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

    /**
     * What one half of the rows (see {@link Halves}) works in: block scratch, its own copier, and
     * its own partial sums over rows, added in a fixed order afterwards.
     */
    private final class Half {
        final HeapCopier heap = new HeapCopier();
        final double[] z = new double[BLOCK * h];
        final double[] a = new double[BLOCK * h];
        final double[] f = new double[BLOCK * h];
        final double[] f2 = new double[BLOCK * h];
        final double[] u = new double[BLOCK * h];
        final double[] gu = new double[BLOCK * h];
        final double[] gz = new double[BLOCK * h];
        // One row's vectors. Every hot loop reads and writes them at the same index j: the JDK 17 JIT
        // vectorises z[j] += x·w[j] but not z[o + j] += x·w[q + j] (it cannot rule out that the two
        // arrays overlap).
        final double[] zr = new double[h];
        final double[] ar = new double[h];
        final double[] fr = new double[h];
        final double[] f2r = new double[h];
        final double[] ur = new double[h];
        final double[] gr = new double[h];
        final double[] row = new double[h];
        final double[] si = new double[d];
        double sq;
        final double[] gb2 = new double[d];
        final double[][] gW2 = new double[d][h];
        final double[] gb1 = new double[h];
        final double[] gb0 = new double[h];
        final double[][] gW0t = new double[c][h];
    }

    TwoLayerStep(SdeScoreModel model, Batch batch) {
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
        m1 = new double[mh];
        c1 = curved ? new double[mh] : null;
        w0 = new double[h * c];
        w0cols = new double[c][h];
        w2rows = new double[d][h];
        w1 = new double[h * h];
        w2 = new double[d * h];
        k = new double[h * h];
        mx = new double[h * h];
        hh = new double[h * h];
        gW1 = new double[h * h];
        halves = new Half[] {new Half(), new Half()};
        nA1 = Nd4j.create(type, m, h);
        nM1 = Nd4j.create(type, m, h);
        nZ2 = Nd4j.create(type, m, h);
        nU = curved ? Nd4j.create(type, m, h) : null;
        nMx = curved ? Nd4j.create(type, h, h) : null;
        nGz2 = Nd4j.create(type, m, h);
        nGu = Nd4j.create(type, m, h);
        nGa1 = Nd4j.create(type, m, h);
        nGm1 = curved ? Nd4j.create(type, m, h) : null;
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
        double value = forward(model.weight(1), b0, b1, b2, withGrad);
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

    /**
     * The value; with {@code withGrad} also the output layer's gradients and gz2 = ∂/∂z2, which
     * are at hand as soon as a row's score is, so they are made in the same pass.
     */
    private double forward(INDArray weight1, double[] b0, double[] b1, double[] b2, boolean withGrad) {
        for (int q = 0; q < c; q++) {
            for (int j = 0; j < h; j++) {
                w0cols[q][j] = w0[j * c + q];
            }
        }
        for (int i = 0; i < d; i++) {
            System.arraycopy(w2, i * h, w2rows[i], 0, h);
        }
        // K[a][b] = Σ_i W2[i][a] W0[b][i]; M = W1 ⊙ K.
        java.util.Arrays.fill(k, 0.0);
        for (int i = 0; i < d; i++) {
            for (int a = 0; a < h; a++) {
                double wa = w2[i * h + a];
                int ao = a * h;
                double[] wi = w0cols[i];
                for (int b = 0; b < h; b++) {
                    k[ao + b] += wa * wi[b];
                }
            }
        }
        for (int p = 0; p < h * h; p++) {
            mx[p] = w1[p] * k[p];
        }
        Halves.run(m, (part, lo, hi) -> firstLayer(halves[part], lo, hi, b0));
        Blas.gemm(nA1, weight1, nZ2, false, true);
        if (curved && withGrad) {
            // Per-row σ'(z1)ᵀ Mᵀ: the trace's gradient through σ''(z2).
            heap.write(mx, nMx);
            Blas.gemm(nM1, nMx, nU, false, true);
        }
        Halves.run(m, (part, lo, hi) -> secondLayer(halves[part], lo, hi, b1, b2, withGrad));
        // The loss needs only the weighted sum of the traces, Σ_r w_r σ'(z2_r)ᵀ M σ'(z1_r) = ⟨M, G⟩
        // with G = (w ⊙ σ'(z2))ᵀ σ'(z1): the product the backward pass needs for dM anyway.
        Blas.gemm(nGu, nM1, nGmx, true, false);
        heap.read(nGmx, hh);
        return dot(mx, 0, hh, 0, h * h) + 0.5 * (halves[0].sq + halves[1].sq);
    }

    /** z1 = W0 [x, t] + b0 and σ, σ' of it, for rows [lo, hi); layer 0 has only D + 1 inputs: a Java loop. */
    private void firstLayer(Half p, int lo, int hi, double[] b0) {
        for (int blo = lo; blo < hi; blo += BLOCK) {
            int n = Math.min(BLOCK, hi - blo) * h;
            double[] zr = p.zr;
            for (int r = blo; r < blo + n / h; r++) {
                System.arraycopy(b0, 0, zr, 0, h);
                for (int q = 0; q < c; q++) {
                    double xq = in[r * c + q];
                    double[] wq = w0cols[q];
                    for (int j = 0; j < h; j++) {
                        zr[j] += xq * wq[j];
                    }
                }
                System.arraycopy(zr, 0, p.z, (r - blo) * h, h);
            }
            act.evaluate(p.z, p.a, p.f, curved ? p.f2 : null, 0, n);
            System.arraycopy(p.f, 0, m1, blo * h, n);
            if (curved) {
                System.arraycopy(p.f2, 0, c1, blo * h, n);
            }
            p.heap.write(p.a, 0, nA1, blo * h, n);
            p.heap.write(p.f, 0, nM1, blo * h, n);
        }
    }

    /**
     * For rows [lo, hi): z2, σ and σ' of it, the score s, Σ w|s|² and the rows of w ⊙ σ'(z2); with
     * {@code withGrad} also the output layer's gradients and gz2 (from ½|s|² through σ', from the
     * trace through σ'').
     */
    private void secondLayer(Half p, int lo, int hi, double[] b1, double[] b2, boolean withGrad) {
        if (withGrad) {
            zero(p.gb2);
            for (double[] gw : p.gW2) {
                zero(gw);
            }
            zero(p.gb1);
        }
        double sq = 0;
        for (int blo = lo; blo < hi; blo += BLOCK) {
            int n = Math.min(BLOCK, hi - blo) * h;
            p.heap.read(nZ2, blo * h, p.z, 0, n);
            if (curved && withGrad) {
                p.heap.read(nU, blo * h, p.u, 0, n);
            }
            double[] zr = p.zr;
            for (int r = blo; r < blo + n / h; r++) {
                int o = (r - blo) * h;
                System.arraycopy(p.z, o, zr, 0, h);
                for (int j = 0; j < h; j++) {
                    zr[j] += b1[j];
                }
                act.evaluate(zr, p.ar, p.fr, curved ? p.f2r : null, 0, h);
                double wr = w[r];
                double rowSq = 0;
                for (int i = 0; i < d; i++) {
                    double s = b2[i] + dot(p.ar, 0, w2rows[i], 0, h);
                    p.si[i] = s;
                    rowSq += s * s;
                }
                sq += wr * rowSq;
                double[] gr = p.gr;
                for (int j = 0; j < h; j++) {
                    gr[j] = wr * p.fr[j];
                }
                System.arraycopy(gr, 0, p.gu, o, h);
                if (withGrad) {
                    backRow(p, o, wr);
                }
            }
            p.heap.write(p.gu, 0, nGu, blo * h, n);
            if (withGrad) {
                p.heap.write(p.gz, 0, nGz2, blo * h, n);
            }
        }
        p.sq = sq;
    }

    /** One row's output-layer gradients and gz2 into the block at offset o, from its score in p.si and σ, σ', σ'' in p.ar, p.fr, p.f2r. */
    private void backRow(Half p, int o, double wr) {
        double[] ga2 = p.row;
        double[] a = p.ar;
        java.util.Arrays.fill(ga2, 0.0);
        for (int i = 0; i < d; i++) {
            double gs = wr * p.si[i];
            double[] gw = p.gW2[i];
            double[] wi = w2rows[i];
            p.gb2[i] += gs;
            for (int j = 0; j < h; j++) {
                gw[j] += gs * a[j];
                ga2[j] += gs * wi[j];
            }
        }
        double[] f = p.fr;
        double[] g = p.gr;
        double[] gb1 = p.gb1;
        if (curved) {
            System.arraycopy(p.u, o, p.ur, 0, h);
            double[] u = p.ur;
            double[] f2 = p.f2r;
            for (int j = 0; j < h; j++) {
                g[j] = ga2[j] * f[j] + wr * u[j] * f2[j];
            }
        } else {
            for (int j = 0; j < h; j++) {
                g[j] = ga2[j] * f[j];
            }
        }
        for (int j = 0; j < h; j++) {
            gb1[j] += g[j];
        }
        System.arraycopy(g, 0, p.gz, o, h);
    }

    private void backward(INDArray weight1, double l2Coefficient, double[] b0, double[] b1, double[] b2) {
        double two = 2 * l2Coefficient;
        Blas.gemm(nGz2, nA1, nGw1, true, false);
        Blas.gemm(nGz2, weight1, nGa1, false, false);
        if (curved) {
            // Only σ'' carries the trace's gradient back through σ'(z1); it is 0 for relu.
            Blas.gemm(nGu, nMx, nGm1, false, false);
        }
        Halves.run(m, (part, lo, hi) -> backFirstLayer(halves[part], lo, hi));
        // dW1 = (gz2ᵀ a1) + G ⊙ K;  dK = G ⊙ W1 (hh still holds G from the forward pass).
        heap.read(nGw1, gW1);
        for (int p = 0; p < h * h; p++) {
            gW1[p] += hh[p] * k[p];
            hh[p] *= w1[p];
        }
        Half first = halves[0];
        Half second = halves[1];
        double[] gb2 = sum(first.gb2, second.gb2);
        double[] gW2 = new double[d * h];
        for (int i = 0; i < d; i++) {
            System.arraycopy(sum(first.gW2[i], second.gW2[i]), 0, gW2, i * h, h);
        }
        double[] gb1 = sum(first.gb1, second.gb1);
        double[] gb0 = sum(first.gb0, second.gb0);
        double[][] gW0t = new double[c][]; // transposed: [C][H]
        for (int q = 0; q < c; q++) {
            gW0t[q] = sum(first.gW0t[q], second.gW0t[q]);
        }
        // K = W2ᵀ W0ₓᵀ sends dK back to W2 and to the x-columns of W0.
        for (int i = 0; i < d; i++) {
            int io = i * h;
            double[] wi = w0cols[i];
            double[] gi = gW0t[i];
            for (int a = 0; a < h; a++) {
                int ao = a * h;
                double wa = w2[io + a];
                double acc = 0;
                for (int b = 0; b < h; b++) {
                    double g = hh[ao + b];
                    acc += g * wi[b];
                    gi[b] += g * wa;
                }
                gW2[io + a] += acc;
            }
        }
        double[] gW0 = new double[h * c];
        for (int q = 0; q < c; q++) {
            for (int j = 0; j < h; j++) {
                gW0[j * c + q] = gW0t[q][j];
            }
        }
        store(0, gW0, w0, two);
        store(1, gb0, b0, two);
        store(2, gW1, w1, two);
        store(3, gb1, b1, two);
        store(4, gW2, w2, two);
        store(5, gb2, b2, two);
    }

    /** Layer 1's pre-activation and the first layer's gradients for rows [lo, hi). */
    private void backFirstLayer(Half p, int lo, int hi) {
        zero(p.gb0);
        for (double[] gq : p.gW0t) {
            zero(gq);
        }
        double[] ga1 = p.z;
        double[] gm1 = p.u;
        double[] gz1 = p.row;
        for (int blo = lo; blo < hi; blo += BLOCK) {
            int n = Math.min(BLOCK, hi - blo) * h;
            p.heap.read(nGa1, blo * h, ga1, 0, n);
            if (curved) {
                p.heap.read(nGm1, blo * h, gm1, 0, n);
            }
            for (int r = blo; r < blo + n / h; r++) {
                int o = (r - blo) * h;
                int ro = r * h;
                double[] ga = p.ar;
                double[] f = p.fr;
                System.arraycopy(ga1, o, ga, 0, h);
                System.arraycopy(m1, ro, f, 0, h);
                if (curved) {
                    System.arraycopy(gm1, o, p.ur, 0, h);
                    System.arraycopy(c1, ro, p.f2r, 0, h);
                    double[] gm = p.ur;
                    double[] f2 = p.f2r;
                    for (int j = 0; j < h; j++) {
                        gz1[j] = ga[j] * f[j] + gm[j] * f2[j];
                    }
                } else {
                    for (int j = 0; j < h; j++) {
                        gz1[j] = ga[j] * f[j];
                    }
                }
                double[] gb0 = p.gb0;
                for (int j = 0; j < h; j++) {
                    gb0[j] += gz1[j];
                }
                for (int q = 0; q < c; q++) {
                    double xq = in[r * c + q];
                    double[] gq = p.gW0t[q];
                    for (int j = 0; j < h; j++) {
                        gq[j] += gz1[j] * xq;
                    }
                }
            }
        }
    }

    private static double[] zero(double[] a) {
        java.util.Arrays.fill(a, 0.0);
        return a;
    }

    /** a + b, in that order, into a new array. */
    private static double[] sum(double[] a, double[] b) {
        double[] out = a.clone();
        for (int i = 0; i < out.length; i++) {
            out[i] += b[i];
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
