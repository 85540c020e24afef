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
 * {@link TangentPasses} for a FLOAT model with two softplus layers, the configuration notebooks 07
 * and 08 train with the denoising and sliced objectives, worked in float from end to end.
 *
 * <p>The same passes and heads (see there): the stacked rows are the M primal rows and P blocks of
 * M tangent rows, z₁ = W₀[x, t] + b₀, a₁ = σ(z₁) (tangents ȧ₁ = σ'(z₁) ⊙ W₀ₓ v), z₂ = a₁W₁ᵀ + b₁,
 * a₂ = σ(z₂), s = a₂W₂ᵀ + b₂. Three products are M(P + 1) × H × H: z₂, and in the backward pass
 * ∂W₁ = gz₂ᵀ a₁ and ga₁ = gz₂ W₁. Everything else is a few passes over the rows, each row taken
 * through all the element-wise work between two products at once, in Java float arrays:
 * <ul>
 * <li>the layers with D + 1 inputs and D outputs are row operations, not products;</li>
 * <li>σ, σ' and σ'' come from one exponential per entry ({@link FloatMath}, vectorised, the same bits
 *     on every CPU), not from {@code Math.exp} and {@code Math.log} in double;</li>
 * <li>no ND4J operation runs inside a step, and the products read and write the Java arrays.</li>
 * </ul>
 * Both halves of the rows run at once ({@link Halves}); sums over rows are kept per half and added
 * in a fixed order, so a step gives the same bits with one thread or two. Tests check it against
 * the reference code of the losses.
 */
final class FloatTangentStep implements RowPasses {
    private final int m;
    private final int d;
    private final int c;       // D + 1 input columns
    private final int h;
    private final int blocks;  // P + 1
    private final int rows;    // (P + 1) M stacked rows
    private final float[] in;  // [M, C]
    private final float[] w;   // [M]
    private final double[] wd; // [M], the same weights in double for the value's sum
    private final float[][] v; // [P][M·D] directions
    private final float[] y;   // [M·D] regression target
    // Parameters, read at each step.
    private final FloatTwoLayerParams params;  // w0 … b2 below are its arrays
    private final float[] w0;  // [H, C]
    private final float[][] w0cols; // [C][H]: loops run along H
    private final float[] w1;  // [H, H]
    private final float[] w2;  // [D, H]
    private final float[][] w2rows; // [D][H]
    private final float[] b0;
    private final float[] b1;
    private final float[] b2;
    // Stacked rows [(P + 1) M, H]: a₁ and ȧ₁; z₂ and ż₂, then ∂/∂a₁ of both; ∂/∂z₂ of both.
    private final float[] a1;
    private final float[] z2;
    private final float[] gz2;
    // Primal rows [M, H]: σ'(z₁) and σ''(z₁), from the forward to the backward pass.
    private final float[] f1;
    private final float[] c1;
    private final float[] gw1; // [H, H]
    private final Half[] halves;
    private final INDArray[] grads = new INDArray[6];
    private final Params named;

    /** What one half of the rows works in: one row's vectors and its own sums over rows. */
    private final class Half {
        // One row's vectors: hot loops read and write them at the same index j, which the JDK 17
        // JIT vectorises (it does not for z[o + j] += x·w[q + j], see TwoLayerStep).
        final float[] z = new float[h];
        final float[] a = new float[h];
        final float[] f = new float[h];
        final float[] cv = new float[h];
        final float[] g = new float[h];
        final float[] extra = new float[h];
        final float[][] tz = new float[blocks][h]; // tangents ż, one per direction (index 0 unused)
        final float[][] ta = new float[blocks][h]; // tangents ȧ, or their gradients
        final float[] s = new float[d];
        final float[][] gs = new float[blocks][d];
        double value;
        final double[] gb2 = new double[d];
        final float[][] gW2 = new float[d][h];
        final float[] gb1 = new float[h];
        final float[] gb0 = new float[h];
        final float[][] gW0t = new float[c][h];
    }

    FloatTangentStep(SdeScoreModel model, Batch batch, int directions) {
        if (!supports(model)) {
            throw new IllegalArgumentException("the float tangent step needs a FLOAT model of depth 2 with softplus, got "
                    + model.dataType() + ", depth " + model.depth() + ", " + model.activation().id());
        }
        if (directions < 0) {
            throw new IllegalArgumentException("directions must be >= 0, got " + directions);
        }
        this.m = batch.rows();
        this.d = batch.dims();
        this.c = d + 1;
        this.h = model.widthSize();
        this.blocks = directions + 1;
        this.rows = blocks * m;
        in = new float[m * c];
        w = new float[m];
        wd = new double[m];
        setRows(new HeapCopier().read(batch.input()), batch.weights());
        v = new float[directions][m * d];
        y = new float[m * d];
        params = new FloatTwoLayerParams(d, h);
        w0 = params.w0;
        w0cols = params.w0cols;
        w1 = params.w1;
        w2 = params.w2;
        w2rows = params.w2rows;
        b0 = params.b0;
        b1 = params.b1;
        b2 = params.b2;
        a1 = new float[rows * h];
        z2 = new float[rows * h];
        gz2 = new float[rows * h];
        f1 = new float[m * h];
        c1 = blocks > 1 ? new float[m * h] : null;
        gw1 = new float[h * h];
        halves = new Half[] {new Half(), new Half()};
        Map<String, INDArray> g = new LinkedHashMap<>();
        for (int l = 0; l <= 2; l++) {
            grads[2 * l] = Nd4j.create(DataType.FLOAT, model.weight(l).shape());
            grads[2 * l + 1] = Nd4j.create(DataType.FLOAT, model.bias(l).shape());
            g.put("layers." + l + ".weight", grads[2 * l]);
            g.put("layers." + l + ".bias", grads[2 * l + 1]);
        }
        named = new Params(g);
    }

    /** Whether this step applies: depth 2, softplus, FLOAT. */
    static boolean supports(SdeScoreModel model) {
        return model.depth() == 2 && model.activation() == Activation.SOFTPLUS && model.dataType() == DataType.FLOAT;
    }

    @Override
    public boolean fits(SdeScoreModel model, int directions) {
        return supports(model) && model.widthSize() == h && directions + 1 == blocks && !Blas.machineDependent();
    }

    @Override
    public void setRows(double[] input, double[] weights) {
        if (input.length != m * c || weights.length != m) {
            throw new IllegalArgumentException("rows must be " + m + " x " + c + " with " + m
                    + " weights, got " + input.length + " inputs and " + weights.length + " weights");
        }
        for (int i = 0; i < input.length; i++) {
            in[i] = (float) input[i];
        }
        for (int r = 0; r < m; r++) {
            wd[r] = weights[r];
            w[r] = (float) weights[r];
        }
    }

    @Override
    public ValueAndGrad run(SdeScoreModel model, double[][] directions, double[] target, boolean withGrad,
            double l2Coefficient) {
        if (target != null && blocks != 1) {
            throw new IllegalArgumentException("the regression head takes no directions, got " + (blocks - 1));
        }
        if (target == null && (directions == null || directions.length != blocks - 1)) {
            throw new IllegalArgumentException("need " + (blocks - 1) + " directions, got "
                    + (directions == null ? "none" : directions.length));
        }
        boolean regression = target != null;
        if (regression) {
            for (int i = 0; i < y.length; i++) {
                y[i] = (float) target[i];
            }
        } else {
            for (int p = 0; p < blocks - 1; p++) {
                double[] src = directions[p];
                float[] dst = v[p];
                for (int i = 0; i < dst.length; i++) {
                    dst[i] = (float) src[i];
                }
            }
        }
        params.read(model);
        Halves.run(m, (part, lo, hi) -> firstLayer(halves[part], lo, hi));
        // z₂ = a₁ W₁ᵀ over the stacked rows: B = W₁ᵀ, entry (q, j) at w1[j·H + q].
        Gemm.product(a1, h, 1, w1, 1, h, z2, rows, h, h);
        Halves.run(m, (part, lo, hi) -> secondLayer(halves[part], lo, hi, regression, withGrad));
        double value = halves[0].value + halves[1].value;
        double l2 = 0;
        if (l2Coefficient != 0) {
            l2 = l2Coefficient * (sumSq(w0) + sumSq(w1) + sumSq(w2) + sumSq(b0) + sumSq(b1) + sumSq(b2));
        }
        if (!withGrad) {
            return new ValueAndGrad(value + l2, null);
        }
        // ∂W₁ = gz₂ᵀ a₁ (A = gz₂ᵀ read in place), then ∂a₁ = gz₂ W₁ into z₂'s array.
        Gemm.product(gz2, 1, h, a1, h, 1, gw1, h, h, rows);
        Gemm.product(gz2, h, 1, w1, h, 1, z2, rows, h, h);
        Halves.run(m, (part, lo, hi) -> backFirstLayer(halves[part], lo, hi));
        store((float) (2 * l2Coefficient));
        return new ValueAndGrad(value + l2, named);
    }

    /** Rows [lo, hi): z₁, σ(z₁) into a₁, σ' and σ'' kept, and the tangents ȧ₁ = σ'(z₁) ⊙ W₀ₓ v. */
    private void firstLayer(Half p, int lo, int hi) {
        float[] z = p.z;
        float[] f = p.f;
        float[] t = p.g;
        for (int r = lo; r < hi; r++) {
            params.firstLayer(in, r, z);
            FloatMath.softplus(z, p.a, f, blocks > 1 ? p.cv : null, h);
            System.arraycopy(p.a, 0, a1, r * h, h);
            System.arraycopy(f, 0, f1, r * h, h);
            if (blocks == 1) {
                continue;
            }
            System.arraycopy(p.cv, 0, c1, r * h, h);
            for (int b = 1; b < blocks; b++) {
                inputTangent(v[b - 1], r, t);
                for (int j = 0; j < h; j++) {
                    t[j] *= f[j];
                }
                System.arraycopy(t, 0, a1, (b * m + r) * h, h);
            }
        }
    }

    /** ż₁ = W₀ₓ v_r for direction v (the time input has no tangent), into t. */
    private void inputTangent(float[] dir, int r, float[] t) {
        Arrays.fill(t, 0f);
        for (int i = 0; i < d; i++) {
            float vi = dir[r * d + i];
            float[] col = w0cols[i];
            for (int j = 0; j < h; j++) {
                t[j] += vi * col[j];
            }
        }
    }

    /**
     * Rows [lo, hi): σ of z₂, the scores and their tangents, the head's value and ∂/∂s; with
     * {@code withGrad} the output layer's gradients and ∂/∂z₂ of the primal and tangent rows.
     */
    private void secondLayer(Half p, int lo, int hi, boolean regression, boolean withGrad) {
        p.value = 0;
        if (withGrad) {
            Arrays.fill(p.gb2, 0);
            Arrays.fill(p.gb1, 0f);
            for (float[] gw : p.gW2) {
                Arrays.fill(gw, 0f);
            }
        }
        float[] z = p.z;
        float[] a = p.a;
        float[] f = p.f;
        float[] cv = p.cv;
        float[] s = p.s;
        for (int r = lo; r < hi; r++) {
            System.arraycopy(z2, r * h, z, 0, h);
            for (int j = 0; j < h; j++) {
                z[j] += b1[j];
            }
            FloatMath.softplus(z, a, f, blocks > 1 ? cv : null, h);
            for (int i = 0; i < d; i++) {
                s[i] = b2[i] + dot(a, w2rows[i]);
            }
            float wr = w[r];
            float[] gs = p.gs[0];
            if (regression) {
                double sq = 0;
                for (int i = 0; i < d; i++) {
                    float e = s[i] - y[r * d + i];
                    sq += (double) e * e;
                    gs[i] = wr * e;
                }
                p.value += wd[r] * 0.5 * sq;
            } else {
                double sq = 0;
                double directional = 0;
                for (int i = 0; i < d; i++) {
                    sq += (double) s[i] * s[i];
                    gs[i] = wr * s[i];
                }
                for (int b = 1; b < blocks; b++) {
                    float[] ta = p.ta[b];
                    float[] tz = p.tz[b];
                    System.arraycopy(z2, (b * m + r) * h, tz, 0, h);
                    for (int j = 0; j < h; j++) {
                        ta[j] = f[j] * tz[j];
                    }
                    float[] dir = v[b - 1];
                    float[] gsb = p.gs[b];
                    for (int i = 0; i < d; i++) {
                        float vi = dir[r * d + i];
                        directional += (double) vi * dot(ta, w2rows[i]);
                        gsb[i] = wr * vi;
                    }
                }
                p.value += wd[r] * (directional + 0.5 * sq);
            }
            if (withGrad) {
                outputLayerBack(p, r);
            }
        }
    }

    /** Row r's share of W₂'s and b₂'s gradients, and ∂/∂z₂ of its primal and tangent rows into gz2. */
    private void outputLayerBack(Half p, int r) {
        float[] a = p.a;
        float[] f = p.f;
        float[] g = p.g;
        float[] gs = p.gs[0];
        for (int i = 0; i < d; i++) {
            p.gb2[i] += gs[i];
            float gi = gs[i];
            float[] gw = p.gW2[i];
            for (int j = 0; j < h; j++) {
                gw[j] += gi * a[j];
            }
        }
        // ∂/∂a₂ = Σ_i gs_i W₂[i]; ∂/∂z₂ = that ⊙ σ'(z₂), plus σ''(z₂) ⊙ Σ_p ∂/∂ȧ₂ ⊙ ż₂ below.
        combine(gs, g);
        for (int j = 0; j < h; j++) {
            g[j] *= f[j];
        }
        if (blocks > 1) {
            float[] extra = p.extra;
            Arrays.fill(extra, 0f);
            for (int b = 1; b < blocks; b++) {
                float[] gsb = p.gs[b];
                float[] ta = p.ta[b];
                float[] tz = p.tz[b];
                for (int i = 0; i < d; i++) {
                    float gi = gsb[i];
                    float[] gw = p.gW2[i];
                    for (int j = 0; j < h; j++) {
                        gw[j] += gi * ta[j];
                    }
                }
                combine(gsb, ta); // ∂/∂ȧ₂, over ȧ₂, which is no longer needed
                for (int j = 0; j < h; j++) {
                    extra[j] += ta[j] * tz[j];
                }
                for (int j = 0; j < h; j++) {
                    ta[j] *= f[j];
                }
                System.arraycopy(ta, 0, gz2, (b * m + r) * h, h);
            }
            float[] cv = p.cv;
            for (int j = 0; j < h; j++) {
                g[j] += cv[j] * extra[j];
            }
        }
        float[] gb1 = p.gb1;
        for (int j = 0; j < h; j++) {
            gb1[j] += g[j];
        }
        System.arraycopy(g, 0, gz2, r * h, h);
    }

    /** out = Σ_i coef_i W₂[i]. */
    private void combine(float[] coef, float[] out) {
        float[] w0row = w2rows[0];
        float c0 = coef[0];
        for (int j = 0; j < h; j++) {
            out[j] = c0 * w0row[j];
        }
        for (int i = 1; i < d; i++) {
            float ci = coef[i];
            float[] wi = w2rows[i];
            for (int j = 0; j < h; j++) {
                out[j] += ci * wi[j];
            }
        }
    }

    /** Rows [lo, hi): ∂/∂z₁ from ∂/∂a₁ (in z2's array), and the first layer's gradients. */
    private void backFirstLayer(Half p, int lo, int hi) {
        Arrays.fill(p.gb0, 0f);
        for (float[] gq : p.gW0t) {
            Arrays.fill(gq, 0f);
        }
        float[] g = p.g;
        float[] f = p.f;
        float[] t = p.z;
        float[] ga = p.a;
        float[] extra = p.extra;
        for (int r = lo; r < hi; r++) {
            System.arraycopy(z2, r * h, g, 0, h);
            System.arraycopy(f1, r * h, f, 0, h);
            for (int j = 0; j < h; j++) {
                g[j] *= f[j];
            }
            if (blocks > 1) {
                Arrays.fill(extra, 0f);
                for (int b = 1; b < blocks; b++) {
                    float[] dir = v[b - 1];
                    inputTangent(dir, r, t);
                    System.arraycopy(z2, (b * m + r) * h, ga, 0, h);
                    for (int j = 0; j < h; j++) {
                        extra[j] += ga[j] * t[j];
                    }
                    for (int j = 0; j < h; j++) {
                        ga[j] *= f[j];
                    }
                    // The tangent rows' input is [v, 0]: they reach W₀'s x-columns only.
                    for (int i = 0; i < d; i++) {
                        float vi = dir[r * d + i];
                        float[] gq = p.gW0t[i];
                        for (int j = 0; j < h; j++) {
                            gq[j] += ga[j] * vi;
                        }
                    }
                }
                System.arraycopy(c1, r * h, t, 0, h);
                for (int j = 0; j < h; j++) {
                    g[j] += t[j] * extra[j];
                }
            }
            float[] gb0 = p.gb0;
            for (int j = 0; j < h; j++) {
                gb0[j] += g[j];
            }
            for (int q = 0; q < c; q++) {
                float xq = in[r * c + q];
                float[] gq = p.gW0t[q];
                for (int j = 0; j < h; j++) {
                    gq[j] += g[j] * xq;
                }
            }
        }
    }

    /** The two halves' sums added in order, W₁'s gradient from its product, and 2λθ, into the gradient arrays. */
    private void store(float two) {
        Half first = halves[0];
        Half second = halves[1];
        float[] gW0 = new float[h * c];
        for (int q = 0; q < c; q++) {
            float[] s0 = first.gW0t[q];
            float[] s1 = second.gW0t[q];
            for (int j = 0; j < h; j++) {
                gW0[j * c + q] = s0[j] + s1[j];
            }
        }
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
        put(0, gW0, w0, two);
        put(1, sum(first.gb0, second.gb0), b0, two);
        put(2, gw1, w1, two);
        put(3, sum(first.gb1, second.gb1), b1, two);
        put(4, gW2, w2, two);
        put(5, gb2, b2, two);
    }

    /** a + b, in that order, into a new array. */
    static float[] sum(float[] a, float[] b) {
        float[] out = a.clone();
        for (int i = 0; i < out.length; i++) {
            out[i] += b[i];
        }
        return out;
    }

    /** grads[slot] = g + two · θ (the l2 term's gradient). */
    private void put(int slot, float[] g, float[] theta, float two) {
        if (two != 0) {
            for (int i = 0; i < g.length; i++) {
                g[i] += two * theta[i];
            }
        }
        FloatView.of(grads[slot]).set(g, 0, 0, g.length);
    }

    /** Σ a[j]·b[j] in float, four running sums in a fixed order. */
    static float dot(float[] a, float[] b) {
        float s0 = 0;
        float s1 = 0;
        float s2 = 0;
        float s3 = 0;
        int n = a.length;
        int j = 0;
        for (; j + 3 < n; j += 4) {
            s0 += a[j] * b[j];
            s1 += a[j + 1] * b[j + 1];
            s2 += a[j + 2] * b[j + 2];
            s3 += a[j + 3] * b[j + 3];
        }
        for (; j < n; j++) {
            s0 += a[j] * b[j];
        }
        return (s0 + s1) + (s2 + s3);
    }

    private static double sumSq(float[] x) {
        double total = 0;
        for (float e : x) {
            total += (double) e * e;
        }
        return total;
    }
}
