package scoremodels.engine;

import java.util.Arrays;
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
 * The Hyvärinen step of {@link TwoLayerStep} for a FLOAT model with two softplus layers (notebook
 * 07's), worked in float.
 *
 * <p>The same closed form (see there): the trace term is ⟨M, G⟩ with M = W₁ ⊙ K, K = W₂ᵀ W₀ₓᵀ and
 * G = (w ⊙ σ'(z₂))ᵀ σ'(z₁), and a curved activation's σ'' adds two products to ReLU's four, six
 * M × H × H products in all: z₂ = a₁W₁ᵀ, U = σ'(z₁) Mᵀ, G, and in the backward pass ∂W₁ = gz₂ᵀ a₁,
 * ∂a₁ = gz₂ W₁ and ∂σ'(z₁) = (w ⊙ σ'(z₂)) M. What this class changes is how the rest is done, as
 * {@link FloatTangentStep} does it: Java float arrays from end to end (the products read and write
 * them), each row taken through all the element-wise work between two products at once,
 * σ, σ', σ'' from one exponential per entry ({@link FloatMath}), both halves of the rows at once with
 * their sums added in a fixed order. Tests check it against the reference code of the loss.
 */
final class FloatSoftplusStep {
    private final int m;
    private final int d;
    private final int c;   // D + 1 input columns
    private final int h;
    private final float[] in;  // [M, C]
    private final float[] w;   // [M]
    private final double[] wd; // [M]
    private final FloatTwoLayerParams params;  // w0 … b2 below are its arrays
    private final float[] w0;  // [H, C]
    private final float[][] w0cols; // [C][H]
    private final float[] w1;  // [H, H]
    private final float[] w2;  // [D, H]
    private final float[][] w2rows; // [D][H]
    private final float[] b0;
    private final float[] b1;
    private final float[] b2;
    private final float[] k;   // [H, H] K
    private final float[] mx;  // [H, H] M = W1 ⊙ K
    private final float[] g;   // [H, H] G
    private final float[] gw1; // [H, H]
    // Rows [M, H].
    private final float[] a1;  // σ(z1)
    private final float[] f1;  // σ'(z1)
    private final float[] c1;  // σ''(z1)
    private final float[] z2;  // z2 − b1, then ∂/∂a1
    private final float[] u;   // σ'(z1) Mᵀ, then ∂/∂σ'(z1)
    private final float[] gu;  // w ⊙ σ'(z2)
    private final float[] gz2; // ∂/∂z2
    private final Half[] halves;
    private final INDArray[] grads = new INDArray[6];
    private final Params named;

    /** What one half of the rows works in: one row's vectors and its own sums over rows. */
    private final class Half {
        final float[] z = new float[h];
        final float[] a = new float[h];
        final float[] f = new float[h];
        final float[] cv = new float[h];
        final float[] g = new float[h];
        final float[] row = new float[h];
        final float[] s = new float[d];
        double sq;
        final double[] gb2 = new double[d];
        final float[][] gW2 = new float[d][h];
        final float[] gb1 = new float[h];
        final float[] gb0 = new float[h];
        final float[][] gW0t = new float[c][h];
    }

    FloatSoftplusStep(SdeScoreModel model, Batch batch) {
        if (!supports(model)) {
            throw new IllegalArgumentException("the float softplus step needs a FLOAT model of depth 2 with softplus, got "
                    + model.dataType() + ", depth " + model.depth() + ", " + model.activation().id());
        }
        this.m = batch.rows();
        this.d = batch.dims();
        this.c = d + 1;
        this.h = model.widthSize();
        double[] input = new HeapCopier().read(batch.input());
        in = new float[input.length];
        for (int i = 0; i < input.length; i++) {
            in[i] = (float) input[i];
        }
        wd = batch.weights();
        w = new float[m];
        for (int r = 0; r < m; r++) {
            w[r] = (float) wd[r];
        }
        params = new FloatTwoLayerParams(d, h);
        w0 = params.w0;
        w0cols = params.w0cols;
        w1 = params.w1;
        w2 = params.w2;
        w2rows = params.w2rows;
        b0 = params.b0;
        b1 = params.b1;
        b2 = params.b2;
        k = new float[h * h];
        mx = new float[h * h];
        g = new float[h * h];
        gw1 = new float[h * h];
        int mh = m * h;
        a1 = new float[mh];
        f1 = new float[mh];
        c1 = new float[mh];
        z2 = new float[mh];
        u = new float[mh];
        gu = new float[mh];
        gz2 = new float[mh];
        halves = new Half[] {new Half(), new Half()};
        Map<String, INDArray> named = new LinkedHashMap<>();
        for (int l = 0; l <= 2; l++) {
            grads[2 * l] = Nd4j.create(DataType.FLOAT, model.weight(l).shape());
            grads[2 * l + 1] = Nd4j.create(DataType.FLOAT, model.bias(l).shape());
            named.put("layers." + l + ".weight", grads[2 * l]);
            named.put("layers." + l + ".bias", grads[2 * l + 1]);
        }
        this.named = new Params(named);
    }

    /** Whether this step applies: depth 2, softplus, FLOAT. */
    static boolean supports(SdeScoreModel model) {
        return model.depth() == 2 && model.activation() == Activation.SOFTPLUS && model.dataType() == DataType.FLOAT;
    }

    boolean fits(SdeScoreModel model) {
        return supports(model) && model.widthSize() == h;
    }

    ValueAndGrad run(SdeScoreModel model, boolean withGrad, double l2Coefficient) {
        params.read(model);
        // K[a][b] = Σ_i W2[i][a] W0[b][i]; M = W1 ⊙ K.
        Arrays.fill(k, 0f);
        for (int i = 0; i < d; i++) {
            float[] col = w0cols[i];
            for (int a = 0; a < h; a++) {
                float wa = w2[i * h + a];
                int ao = a * h;
                float[] kr = halves[0].row;
                System.arraycopy(k, ao, kr, 0, h);
                for (int b = 0; b < h; b++) {
                    kr[b] += wa * col[b];
                }
                System.arraycopy(kr, 0, k, ao, h);
            }
        }
        for (int p = 0; p < h * h; p++) {
            mx[p] = w1[p] * k[p];
        }
        Halves.run(m, (part, lo, hi) -> firstLayer(halves[part], lo, hi));
        Gemm.product(a1, h, 1, w1, 1, h, z2, m, h, h);
        if (withGrad) {
            // U = σ'(z1) Mᵀ per row: the trace's gradient through σ''(z2).
            Gemm.product(f1, h, 1, mx, 1, h, u, m, h, h);
        }
        Halves.run(m, (part, lo, hi) -> secondLayer(halves[part], lo, hi, withGrad));
        // G = (w ⊙ σ'(z2))ᵀ σ'(z1): the trace's weighted sum is ⟨M, G⟩.
        Gemm.product(gu, 1, h, f1, h, 1, g, h, h, m);
        double value = dot(mx, g) + 0.5 * (halves[0].sq + halves[1].sq);
        double l2 = 0;
        if (l2Coefficient != 0) {
            l2 = l2Coefficient * (dot(w0, w0) + dot(w1, w1) + dot(w2, w2) + dot(b0, b0) + dot(b1, b1) + dot(b2, b2));
        }
        if (!withGrad) {
            return new ValueAndGrad(value + l2, null);
        }
        Gemm.product(gz2, 1, h, a1, h, 1, gw1, h, h, m);
        Gemm.product(gz2, h, 1, w1, h, 1, z2, m, h, h);   // ∂/∂a1
        Gemm.product(gu, h, 1, mx, h, 1, u, m, h, h);     // ∂/∂σ'(z1)
        Halves.run(m, (part, lo, hi) -> backFirstLayer(halves[part], lo, hi));
        backward((float) (2 * l2Coefficient));
        return new ValueAndGrad(value + l2, named);
    }

    /** Rows [lo, hi): z1 = W0 [x, t] + b0 and σ, σ', σ'' of it. */
    private void firstLayer(Half p, int lo, int hi) {
        float[] z = p.z;
        for (int r = lo; r < hi; r++) {
            params.firstLayer(in, r, z);
            FloatMath.softplus(z, p.a, p.f, p.cv, h);
            System.arraycopy(p.a, 0, a1, r * h, h);
            System.arraycopy(p.f, 0, f1, r * h, h);
            System.arraycopy(p.cv, 0, c1, r * h, h);
        }
    }

    /**
     * Rows [lo, hi): σ of z2, the score, Σ w|s|² and w ⊙ σ'(z2); with {@code withGrad} the output
     * layer's gradients and gz2 (from ½|s|² through σ', from the trace through σ'').
     */
    private void secondLayer(Half p, int lo, int hi, boolean withGrad) {
        if (withGrad) {
            Arrays.fill(p.gb2, 0);
            Arrays.fill(p.gb1, 0f);
            for (float[] gw : p.gW2) {
                Arrays.fill(gw, 0f);
            }
        }
        double sq = 0;
        float[] z = p.z;
        float[] a = p.a;
        float[] f = p.f;
        float[] cv = p.cv;
        float[] gr = p.g;
        float[] s = p.s;
        for (int r = lo; r < hi; r++) {
            System.arraycopy(z2, r * h, z, 0, h);
            for (int j = 0; j < h; j++) {
                z[j] += b1[j];
            }
            FloatMath.softplus(z, a, f, withGrad ? cv : null, h);
            float wr = w[r];
            double rowSq = 0;
            for (int i = 0; i < d; i++) {
                s[i] = b2[i] + FloatTangentStep.dot(a, w2rows[i]);
                rowSq += (double) s[i] * s[i];
            }
            sq += wd[r] * rowSq;
            for (int j = 0; j < h; j++) {
                gr[j] = wr * f[j];
            }
            System.arraycopy(gr, 0, gu, r * h, h);
            if (!withGrad) {
                continue;
            }
            // gs = w s: W2's and b2's gradients, ∂/∂a2 = Σ_i gs_i W2[i], and
            // gz2 = ∂/∂a2 ⊙ σ'(z2) + w U ⊙ σ''(z2).
            float[] ga2 = p.row;
            Arrays.fill(ga2, 0f);
            for (int i = 0; i < d; i++) {
                float gs = wr * s[i];
                p.gb2[i] += gs;
                float[] gw = p.gW2[i];
                for (int j = 0; j < h; j++) {
                    gw[j] += gs * a[j];
                }
                float[] wi = w2rows[i];
                for (int j = 0; j < h; j++) {
                    ga2[j] += gs * wi[j];
                }
            }
            float[] ur = p.z; // z2 is no longer needed
            System.arraycopy(u, r * h, ur, 0, h);
            for (int j = 0; j < h; j++) {
                gr[j] = ga2[j] * f[j] + wr * ur[j] * cv[j];
            }
            float[] gb1 = p.gb1;
            for (int j = 0; j < h; j++) {
                gb1[j] += gr[j];
            }
            System.arraycopy(gr, 0, gz2, r * h, h);
        }
        p.sq = sq;
    }

    /** Rows [lo, hi): gz1 = ∂/∂a1 ⊙ σ'(z1) + ∂/∂σ'(z1) ⊙ σ''(z1), and the first layer's gradients. */
    private void backFirstLayer(Half p, int lo, int hi) {
        Arrays.fill(p.gb0, 0f);
        for (float[] gq : p.gW0t) {
            Arrays.fill(gq, 0f);
        }
        float[] ga = p.a;
        float[] f = p.f;
        float[] gm = p.z;
        float[] cv = p.cv;
        float[] gz = p.g;
        float[] gb0 = p.gb0;
        for (int r = lo; r < hi; r++) {
            int ro = r * h;
            System.arraycopy(z2, ro, ga, 0, h);
            System.arraycopy(f1, ro, f, 0, h);
            System.arraycopy(u, ro, gm, 0, h);
            System.arraycopy(c1, ro, cv, 0, h);
            for (int j = 0; j < h; j++) {
                gz[j] = ga[j] * f[j] + gm[j] * cv[j];
            }
            for (int j = 0; j < h; j++) {
                gb0[j] += gz[j];
            }
            for (int q = 0; q < c; q++) {
                float xq = in[r * c + q];
                float[] gq = p.gW0t[q];
                for (int j = 0; j < h; j++) {
                    gq[j] += gz[j] * xq;
                }
            }
        }
    }

    /** Sums of the halves in order, dW1 = gz2ᵀ a1 + G ⊙ K, dK = G ⊙ W1 sent to W2 and W0's x-columns, and 2λθ. */
    private void backward(float two) {
        Half first = halves[0];
        Half second = halves[1];
        float[] gW2 = new float[d * h];
        float[] gb2 = new float[d];
        for (int i = 0; i < d; i++) {
            float[] s0 = first.gW2[i];
            float[] s1 = second.gW2[i];
            for (int j = 0; j < h; j++) {
                gW2[i * h + j] = s0[j] + s1[j];
            }
            gb2[i] = (float) (first.gb2[i] + second.gb2[i]);
        }
        float[][] gW0t = new float[c][h];
        for (int q = 0; q < c; q++) {
            float[] s0 = first.gW0t[q];
            float[] s1 = second.gW0t[q];
            for (int j = 0; j < h; j++) {
                gW0t[q][j] = s0[j] + s1[j];
            }
        }
        float[] gr = first.g;
        float[] kr = first.f;
        float[] wr = first.a;
        float[] dk = first.row;
        for (int a = 0; a < h; a++) {
            int ao = a * h;
            System.arraycopy(g, ao, gr, 0, h);
            System.arraycopy(k, ao, kr, 0, h);
            System.arraycopy(w1, ao, wr, 0, h);
            float[] grow = first.z;
            System.arraycopy(gw1, ao, grow, 0, h);
            for (int b = 0; b < h; b++) {
                grow[b] += gr[b] * kr[b];
            }
            System.arraycopy(grow, 0, gw1, ao, h);
            for (int b = 0; b < h; b++) {
                dk[b] = gr[b] * wr[b];
            }
            for (int i = 0; i < d; i++) {
                gW2[i * h + a] += FloatTangentStep.dot(dk, w0cols[i]);
                float wa = w2[i * h + a];
                float[] gi = gW0t[i];
                for (int b = 0; b < h; b++) {
                    gi[b] += dk[b] * wa;
                }
            }
        }
        float[] gW0 = new float[h * c];
        for (int q = 0; q < c; q++) {
            for (int j = 0; j < h; j++) {
                gW0[j * c + q] = gW0t[q][j];
            }
        }
        put(0, gW0, w0, two);
        put(1, FloatTangentStep.sum(first.gb0, second.gb0), b0, two);
        put(2, gw1, w1, two);
        put(3, FloatTangentStep.sum(first.gb1, second.gb1), b1, two);
        put(4, gW2, w2, two);
        put(5, gb2, b2, two);
    }

    /** grads[slot] = g + two · θ (the l2 term's gradient). */
    private void put(int slot, float[] grad, float[] theta, float two) {
        if (two != 0) {
            for (int i = 0; i < grad.length; i++) {
                grad[i] += two * theta[i];
            }
        }
        FloatView.of(grads[slot]).set(grad, 0, 0, grad.length);
    }

    /** Σ a[p]·b[p] in double, in order. */
    private static double dot(float[] a, float[] b) {
        double total = 0;
        for (int p = 0; p < a.length; p++) {
            total += (double) a[p] * b[p];
        }
        return total;
    }
}
