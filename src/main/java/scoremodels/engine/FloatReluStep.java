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
 * The chapter's own training step, a FLOAT model with two hidden ReLU layers, worked in float.
 *
 * <p>The same closed form as {@link TwoLayerStep} (see there): the loss is
 * ⟨W₁ ⊙ K, G⟩ + ½ Σ w|s|² with K = W₂ᵀ W₀ₓᵀ and G = (w ⊙ σ'(z₂))ᵀ σ'(z₁), and ReLU's σ'' = 0 leaves
 * four M × H × H products per step. What this class adds is speed:
 * <ul>
 * <li>G is a product of two 0/1 masks, so it is counted in bits ({@link BinaryGram}, packed while
 *     the layer passes go over the rows) instead of multiplied out: three BLAS products remain;
 * <li>the element-wise work stays in float from one product to the next (no widening to double
 *     and back, which the JDK 17 JIT does one entry at a time, and twice the entries per vector
 *     instruction), in per-row loops shaped so that the JIT vectorises them (same index, constant
 *     offsets, at most two or three arrays stored per loop);
 * <li>blocks of rows move between the products' native arrays and Java arrays by plain memory
 *     copies ({@link FloatView}).
 * </ul>
 * Sums over rows are kept per half of the rows and added in a fixed order, so a step gives the same
 * bits on every run. Tests check it against the tangent passes of {@link TangentPasses}.
 *
 * <p>ReLU's zeros are used, exactly. The forward product z2 = σ(z1) W1ᵀ leaves out the
 * second-layer units that a bound proves inactive on every row ({@link #liveUnits}). The backward
 * pass has two forms. Trained with the chapter's settings (ReLU, Adam 5e-2)
 * the model soon has almost every second-layer unit inactive on almost every row (after 100 steps
 * fewer than 1 % of σ'(z2)'s entries are 1), so gz2 = σ'(z2) ⊙ (…) is almost all zeros; the
 * two backward products gz2ᵀ σ(z1) and gz2 W1 then take a few row operations per nonzero entry
 * instead of two dense M × H × H products ({@link #backwardSparse}). The form of a step is chosen
 * from the density of the step before (at most {@value #SPARSE_DENSITY}: sparse), so either form
 * gives the same gradients up to float rounding, and a step's result depends only on its inputs
 * and the steps before it.
 */
final class FloatReluStep {
    /** Rows per block of element-wise work: 16 × 256 floats = 16 KB per scratch array. */
    static final int BLOCK = 16;
    /** Chunk length of {@link #twoDots}' products, halved with constant offsets. */
    static final int FOLD = 256;
    /** Largest share of live second-layer units for which the forward product leaves out the rest. */
    static final double LIVE_SHARE = 0.8;
    /** Largest density of σ'(z2) for which the next step takes the sparse backward pass. */
    static final double SPARSE_DENSITY = 0.05;
    /** Running sums of {@link #dotDouble}. */
    static final int LANES = 256;
    // x · 2¹²⁶ · 2¹²⁶ is at least 2⁻¹⁴⁹⁺²⁵² ≥ 1 for every positive float and ≤ 0 otherwise, so
    // min(max(x · BIG · BIG, 0), 1) is ReLU's derivative (0 at 0) without a branch the JIT
    // would not vectorise.
    private static final float BIG = 0x1p126f;

    private final int m;
    private final int d;
    private final int c;   // D + 1 input columns
    private final int h;
    private final float[] in;  // [M, C]
    private final float[] w;   // [M]
    private final double[] wd; // [M], the same weights in double for the value's sum
    private final BinaryGram gram;
    private final int split; // where the halves of the rows meet: a word boundary of gram
    private final float[][] w0cols; // [C][H], W0's columns, so that loops run along H
    private final float[][] w0xcols; // the first D of them, the x-columns
    private final float[][] w2rows; // [D][H], W2's rows
    private final float[] w0flat;   // [H, C]
    private final float[] w1;  // [H, H]
    private final float[] w2;  // [D, H]
    private final float[] b0;
    private final float[] b1;
    private final float[] b2;
    private final float[] g;   // [H, H] G
    private final Half[] halves;
    private final float[][] lanes; // dotDouble's and traceTerm's scratch
    // Second-layer units that may be active on some row (see liveUnits); the others are left out
    // of the forward product.
    private final int[] live;
    private int liveCount;
    private final INDArray nW1Live;  // [H, H], its first liveCount rows: W1's rows of the live units
    private final FloatView vW1Live;
    // [liveCount, H] and [M, liveCount] arrays over nW1Live's and nZ2's memory, made once per count:
    // making ND4J views every step is a fixed cost the step need not pay.
    private final INDArray[] w1LiveViews;
    private final INDArray[] z2LiveViews;
    // The sparse backward pass (see backwardSparse): which layer-2 units are active in each row,
    // each row's w·s, and dW1's product part built row by row.
    private final int[] activeCount; // [M]
    private final int[] activeCols;  // [M, H], row r's first activeCount[r] entries
    private final float[] wsRows;    // [M, D]
    private final float[][] gW1Rows; // [H][H], zero but for the rows marked in gW1Touched
    private final boolean[] gW1Touched; // [H]
    private boolean sparseNext;      // the mode for the next step with gradients
    private Boolean forced;          // null, or the mode every step takes
    private boolean prune = true;    // whether the forward product may leave out inactive units
    private long sparseSteps;
    private final INDArray nA1;
    private final INDArray nZ2;
    private final INDArray nGz2;
    private final INDArray nGa1;
    private final INDArray nGw1;
    private final FloatView vA1;
    private final FloatView vZ2;
    private final FloatView vGz2;
    private final FloatView vGa1;
    private final FloatView vGw1;
    private final INDArray[] grads = new INDArray[6];
    private final FloatView[] gradViews = new FloatView[6];
    private final Params named;

    /** What one half of the rows works in: block scratch, one row's vectors and its own sums over rows. */
    private final class Half {
        final float[] z = new float[BLOCK * h];
        final float[] z2 = new float[BLOCK * h];
        // One row's vectors: hot loops read and write them at the same index j, which the JDK 17
        // JIT vectorises (it does not for z[o + j] += x·w[q + j], see TwoLayerStep).
        final float[] zr = new float[h];
        final float[] ar = new float[h];
        final float[] fr = new float[h];
        final float[] gr = new float[h];
        final float[] row = new float[h];
        final float[] si = new float[d];
        final float[] chunk = new float[FOLD];
        final float[] chunkU = new float[FOLD];
        final float[] chunkV = new float[FOLD];
        final float[] colMax = new float[h]; // max over this half's rows of σ(z1), per column
        final float[] pair = new float[2];
        final float[] fx = new float[FOLD / 2];
        final float[] fy = new float[FOLD / 2];
        double sq;
        final double[] gb2 = new double[d];
        final float[][] gW2 = new float[d][h];
        final float[] gb1 = new float[h];
        final float[] gb0 = new float[h];
        final float[][] gW0t = new float[c][h];
    }

    FloatReluStep(SdeScoreModel model, Batch batch) {
        if (!supports(model)) {
            throw new IllegalArgumentException("the float ReLU step needs a FLOAT model of depth 2 with relu, got "
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
        gram = new BinaryGram(wd, h);
        split = gram.splitRow();
        w0cols = new float[c][h];
        w0xcols = Arrays.copyOf(w0cols, d);
        w2rows = new float[d][h];
        w0flat = new float[h * c];
        w1 = new float[h * h];
        w2 = new float[d * h];
        b0 = new float[h];
        b1 = new float[h];
        b2 = new float[d];
        g = new float[h * h];
        halves = new Half[] {new Half(), new Half()};
        lanes = new float[3][Math.max(LANES, h)];
        live = new int[h];
        nW1Live = Nd4j.create(DataType.FLOAT, h, h);
        vW1Live = FloatView.of(nW1Live);
        w1LiveViews = new INDArray[h];
        z2LiveViews = new INDArray[h];
        activeCount = new int[m];
        activeCols = new int[m * h];
        wsRows = new float[m * d];
        gW1Rows = new float[h][h];
        gW1Touched = new boolean[h];
        nA1 = Nd4j.create(DataType.FLOAT, m, h);
        nZ2 = Nd4j.create(DataType.FLOAT, m, h);
        nGz2 = Nd4j.create(DataType.FLOAT, m, h);
        nGa1 = Nd4j.create(DataType.FLOAT, m, h);
        nGw1 = Nd4j.create(DataType.FLOAT, h, h);
        vA1 = FloatView.of(nA1);
        vZ2 = FloatView.of(nZ2);
        vGz2 = FloatView.of(nGz2);
        vGa1 = FloatView.of(nGa1);
        vGw1 = FloatView.of(nGw1);
        Map<String, INDArray> named = new LinkedHashMap<>();
        for (int l = 0; l <= 2; l++) {
            grads[2 * l] = Nd4j.create(DataType.FLOAT, model.weight(l).shape());
            grads[2 * l + 1] = Nd4j.create(DataType.FLOAT, model.bias(l).shape());
            gradViews[2 * l] = FloatView.of(grads[2 * l]);
            gradViews[2 * l + 1] = FloatView.of(grads[2 * l + 1]);
            named.put("layers." + l + ".weight", grads[2 * l]);
            named.put("layers." + l + ".bias", grads[2 * l + 1]);
        }
        this.named = new Params(named);
    }

    /** Whether this step applies: the chapter's configuration, depth 2, relu, FLOAT. */
    static boolean supports(SdeScoreModel model) {
        return model.depth() == 2 && model.activation() == Activation.RELU && model.dataType() == DataType.FLOAT;
    }

    boolean fits(SdeScoreModel model) {
        return supports(model) && model.widthSize() == h;
    }

    ValueAndGrad run(SdeScoreModel model, boolean withGrad, double l2Coefficient) {
        read(model.weight(0), w0flat);
        read(model.weight(1), w1);
        read(model.weight(2), w2);
        read(model.bias(0), b0);
        read(model.bias(1), b1);
        read(model.bias(2), b2);
        boolean sparse = withGrad && (forced != null ? forced : sparseNext);
        if (sparse) {
            sparseSteps++;
        }
        double value = forward(model.weight(1), withGrad, sparse);
        double l2 = 0;
        if (l2Coefficient != 0) {
            l2 = l2Coefficient * (sumSq(w0flat) + sumSq(w1) + sumSq(w2) + sumSq(b0) + sumSq(b1) + sumSq(b2));
        }
        if (!withGrad) {
            return new ValueAndGrad(value + l2, null);
        }
        backward(model.weight(1), (float) (2 * l2Coefficient), sparse);
        if (sparse && Double.isNaN(value)) {
            // The sparse pass reads σ'(z2) from G's bits, where a NaN counts as 0; the dense pass
            // would carry the NaN into every gradient, and so does this.
            for (INDArray grad : grads) {
                grad.assign(Float.NaN);
            }
        }
        return new ValueAndGrad(value + l2, named);
    }

    /** Every step takes the sparse ({@code true}) or the dense backward pass, or chooses (null). */
    void force(Boolean sparse) {
        forced = sparse;
    }

    /**
     * With {@code false}, every product is multiplied out in full (no unit left out of the forward
     * product, the dense backward pass), as a framework without these shortcuts would.
     */
    void exploitSparsity(boolean on) {
        forced = on ? null : Boolean.FALSE;
        prune = on;
    }

    /** How many second-layer units the last forward product multiplied out (H: all of them). */
    int liveCount() {
        return liveCount;
    }

    /** How many steps took the sparse backward pass. */
    long sparseSteps() {
        return sparseSteps;
    }

    /** Whether the next step with gradients takes the sparse backward pass (when not forced). */
    boolean sparseNext() {
        return sparseNext;
    }

    private static void read(INDArray a, float[] dst) {
        FloatView.of(a).get(0, dst, 0, dst.length);
    }

    private double forward(INDArray weight1, boolean withGrad, boolean sparse) {
        for (int q = 0; q < c; q++) {
            for (int j = 0; j < h; j++) {
                w0cols[q][j] = w0flat[j * c + q];
            }
        }
        for (int i = 0; i < d; i++) {
            System.arraycopy(w2, i * h, w2rows[i], 0, h);
        }
        Halves.run(m, split, (part, lo, hi) -> firstLayer(halves[part], part, lo, hi));
        liveCount = prune ? liveUnits() : h;
        if (liveCount > LIVE_SHARE * h) {
            liveCount = h;
            Blas.gemm(nA1, weight1, nZ2, false, true);
        } else if (liveCount > 0) {
            // z2's columns of the live units only: A1 · W1[live]ᵀ, [M, liveCount].
            for (int k = 0; k < liveCount; k++) {
                vW1Live.set(w1, live[k] * h, k * h, h);
            }
            if (w1LiveViews[liveCount] == null) {
                w1LiveViews[liveCount] = Nd4j.create(nW1Live.data(), new long[] {liveCount, h});
                z2LiveViews[liveCount] = Nd4j.create(nZ2.data(), new long[] {m, liveCount});
            }
            Blas.gemm(nA1, w1LiveViews[liveCount], z2LiveViews[liveCount], false, true);
        }
        Halves.run(m, split, (part, lo, hi) -> secondLayer(halves[part], part, lo, hi, withGrad, sparse));
        sparseNext = gram.count(BinaryGram.LEFT) <= SPARSE_DENSITY * m * h;
        // Σ_r w_r σ'(z2_r)ᵀ M σ'(z1_r) = ⟨M, G⟩ with G = (w ⊙ σ'(z2))ᵀ σ'(z1): for ReLU both
        // factors are 0/1 masks, so G is counted in bits rather than multiplied out.
        gram.product(g);
        return traceTerm() + 0.5 * (halves[0].sq + halves[1].sq);
    }

    /**
     * Row a of K = W2ᵀ W0ₓᵀ: K[a][b] = Σ_i W2[i][a] W0[b][i]. K has rank D, so its rows are made
     * when needed, next to the rows of G and W1 they meet, rather than kept as an H × H array.
     */
    private void kRow(int a, float[] out) {
        Arrays.fill(out, 0f);
        for (int i = 0; i < d; i++) {
            float wa = w2[i * h + a];
            float[] wi = w0xcols[i];
            for (int b = 0; b < h; b++) {
                out[b] += wa * wi[b];
            }
        }
    }

    /**
     * ⟨W1 ⊙ K, G⟩ = Σ_r w_r tr(∂s/∂x) for ReLU, a row at a time; each row's products go into
     * running sums, one per column (vectorised, see {@link #dotDouble}), added in double at the end.
     */
    private double traceTerm() {
        Half p = halves[0];
        float[] kr = p.row;
        float[] gr = p.fr;
        float[] wr = p.gr;
        float[] sums = lanes[0];
        Arrays.fill(sums, 0, h, 0f);
        for (int a = 0; a < h; a++) {
            kRow(a, kr);
            System.arraycopy(g, a * h, gr, 0, h);
            System.arraycopy(w1, a * h, wr, 0, h);
            for (int b = 0; b < h; b++) {
                sums[b] += wr[b] * kr[b] * gr[b];
            }
        }
        double total = 0;
        for (int b = 0; b < h; b++) {
            total += sums[b];
        }
        return total;
    }

    /**
     * z1 = W0 [x, t] + b0 and σ(z1) for rows [lo, hi); σ(z1)'s mask goes into G and its column
     * maxima into p.colMax (for {@link #liveUnits}).
     */
    private void firstLayer(Half p, int part, int lo, int hi) {
        float[] zr = p.zr;
        float[] colMax = p.colMax;
        Arrays.fill(colMax, 0f);
        for (int blo = lo; blo < hi; blo += BLOCK) {
            int rows = Math.min(BLOCK, hi - blo);
            for (int r = blo; r < blo + rows; r++) {
                if (c == 3) {
                    // The chapter's D = 2: one pass instead of five.
                    float x0 = in[r * 3];
                    float x1 = in[r * 3 + 1];
                    float x2 = in[r * 3 + 2];
                    float[] u0 = w0cols[0];
                    float[] u1 = w0cols[1];
                    float[] u2 = w0cols[2];
                    for (int j = 0; j < h; j++) {
                        zr[j] = Math.max(b0[j] + x0 * u0[j] + x1 * u1[j] + x2 * u2[j], 0f);
                    }
                } else {
                    System.arraycopy(b0, 0, zr, 0, h);
                    for (int q = 0; q < c; q++) {
                        float xq = in[r * c + q];
                        float[] wq = w0cols[q];
                        for (int j = 0; j < h; j++) {
                            zr[j] += xq * wq[j];
                        }
                    }
                    for (int j = 0; j < h; j++) {
                        zr[j] = Math.max(zr[j], 0f);
                    }
                }
                // Into the block, then to the product's array: σ(z1) goes out once (the
                // backward pass reads it back from there) instead of via a Java copy of all rows.
                System.arraycopy(zr, 0, p.z, (r - blo) * h, h);
                gram.addRow(BinaryGram.RIGHT, part, r, zr);
                for (int j = 0; j < h; j++) {
                    colMax[j] = Math.max(colMax[j], zr[j]);
                }
            }
            vA1.set(p.z, 0, blo * h, rows * h);
        }
    }

    /**
     * For rows [lo, hi): σ(z2) (its mask into G), the score s and Σ w|s|²; with {@code withGrad}
     * also the output layer's gradients and gz2 = ∂/∂z2 = σ'(z2) ⊙ W2ᵀ (w s), from ½|s|² — or,
     * with {@code sparse}, only w s per row, from which {@link #backwardSparse} makes gz2 where it
     * is not zero.
     */
    private void secondLayer(Half p, int part, int lo, int hi, boolean withGrad, boolean sparse) {
        if (withGrad) {
            Arrays.fill(p.gb2, 0);
            for (float[] gw : p.gW2) {
                Arrays.fill(gw, 0f);
            }
            Arrays.fill(p.gb1, 0f);
        }
        double sq = 0;
        float[] ar = p.ar;
        float[] fr = p.fr;
        float[] gz = p.gr;
        float[] gs = p.si;
        for (int blo = lo; blo < hi; blo += BLOCK) {
            int rows = Math.min(BLOCK, hi - blo);
            // z2 into its own block: p.z takes gz2's rows, which are wider than z2's when only
            // the live units were multiplied out.
            int width = liveCount;
            vZ2.get(blo * width, p.z2, 0, rows * width);
            for (int r = blo; r < blo + rows; r++) {
                if (width == h) {
                    System.arraycopy(p.z2, (r - blo) * h, ar, 0, h);
                } else {
                    // A unit left out has z2 + b1 < 0 on every row: -∞ gives it σ = 0 and σ' = 0,
                    // as its z2 would.
                    Arrays.fill(ar, Float.NEGATIVE_INFINITY);
                    int o = (r - blo) * width;
                    for (int k = 0; k < width; k++) {
                        ar[live[k]] = p.z2[o + k];
                    }
                }
                for (int j = 0; j < h; j++) {
                    float a = Math.max(ar[j] + b1[j], 0f);
                    ar[j] = a;
                    fr[j] = Math.min(a * BIG * BIG, 1f);
                }
                gram.addMask(BinaryGram.LEFT, part, r, fr);
                if (d == 2) {
                    twoDots(p, ar, w2rows[0], w2rows[1], gs);
                } else {
                    dots(ar, w2rows, gs);
                }
                double rowSq = 0;
                for (int i = 0; i < d; i++) {
                    float si = gs[i] + b2[i];
                    rowSq += (double) si * si;
                    gs[i] = w[r] * si;
                }
                sq += wd[r] * rowSq;
                if (!withGrad) {
                    continue;
                }
                for (int i = 0; i < d; i++) {
                    p.gb2[i] += gs[i];
                }
                if (sparse) {
                    // gz2 is made later, at its nonzero entries only (backwardSparse).
                    System.arraycopy(gs, 0, wsRows, r * d, d);
                    outputWeightGrads(p);
                    continue;
                }
                if (d == 2) {
                    outputLayerBackTwo(p, gs[0], gs[1]);
                } else {
                    outputWeightGrads(p);
                    outputLayerBack(p);
                }
                System.arraycopy(gz, 0, p.z, (r - blo) * h, h);
            }
            if (withGrad && !sparse) {
                vGz2.set(p.z, 0, blo * h, rows * h);
            }
        }
        p.sq = sq;
    }

    /**
     * Which second-layer units may be active on some row, into {@link #live}; returns how many.
     * σ(z1) ≥ 0, so z2[r][a] + b1[a] = Σ_b σ(z1)[r][b] W1[a][b] + b1[a] is at most
     * b1[a] + Σ_b C[b] max(W1[a][b], 0) with C[b] the largest σ(z1)[r][b] over all rows. A unit whose
     * bound stays below zero by more than the float rounding of both sums (10⁻⁴ · Σ_b C[b] |W1[a][b]|,
     * about seven times the worst case for 256 terms) is inactive on every row, so its column of
     * the forward product is not needed. The chapter's training leaves 90–200 of the 256 units
     * provably inactive this way. A NaN makes a bound NaN, and the unit live.
     */
    private int liveUnits() {
        float[] c0 = halves[0].colMax;
        float[] c1 = halves[1].colMax;
        for (int j = 0; j < h; j++) {
            c0[j] = Math.max(c0[j], c1[j]);
        }
        Half p = halves[0];
        float[] w = p.ar;
        float[] pos = p.row;
        float[] abs = p.gr;
        float[] sums = p.pair;
        int n = 0;
        for (int a = 0; a < h; a++) {
            System.arraycopy(w1, a * h, w, 0, h);
            for (int b = 0; b < h; b++) {
                pos[b] = Math.max(w[b], 0f);
                abs[b] = Math.abs(w[b]);
            }
            twoDots(p, c0, pos, abs, sums);
            float bound = b1[a] + sums[0] + 1e-4f * (sums[1] + Math.abs(b1[a]));
            if (!(bound < 0f)) {
                live[n++] = a;
            }
        }
        return n;
    }

    /**
     * out = (a · u, a · v) over h entries: a row's two scores (u, v = W2's rows) and the bounds of
     * {@link #liveUnits}. The products are added pairwise at distances 128, 64, 32 and 16, which
     * the JDK 17 JIT vectorises because the distances are constants (with a variable distance it
     * does not, nor does it vectorise one running sum), unlike {@link #dots}' eight scalar sums.
     * Widths other than {@value #FOLD} go through zero-padded chunks.
     */
    private void twoDots(Half p, float[] a, float[] u, float[] v, float[] out) {
        float[] x = p.fx;
        float[] y = p.fy;
        if (h == FOLD) {
            halve(a, u, v, x, y, false);
        } else {
            for (int o = 0; o < h; o += FOLD) {
                int n = Math.min(FOLD, h - o);
                chunk(a, o, n, p.chunk);
                chunk(u, o, n, p.chunkU);
                chunk(v, o, n, p.chunkV);
                halve(p.chunk, p.chunkU, p.chunkV, x, y, o > 0);
            }
        }
        foldSums(x, y, out);
    }

    private static void chunk(float[] src, int from, int n, float[] dst) {
        System.arraycopy(src, from, dst, 0, n);
        Arrays.fill(dst, n, FOLD, 0f);
    }

    /** out = (Σ x, Σ y) over FOLD / 2 entries, halving at constant distances (see twoDots). */
    private static void foldSums(float[] x, float[] y, float[] out) {
        for (int j = 0; j < 64; j++) {
            x[j] += x[j + 64];
            y[j] += y[j + 64];
        }
        for (int j = 0; j < 32; j++) {
            x[j] += x[j + 32];
            y[j] += y[j + 32];
        }
        for (int j = 0; j < 16; j++) {
            x[j] += x[j + 16];
            y[j] += y[j + 16];
        }
        float s0 = 0;
        float s1 = 0;
        float t0 = 0;
        float t1 = 0;
        for (int j = 0; j < 16; j += 2) {
            s0 += x[j];
            s1 += x[j + 1];
            t0 += y[j];
            t1 += y[j + 1];
        }
        out[0] = s0 + s1;
        out[1] = t0 + t1;
    }

    /** x (+)= a ⊙ u folded once: x[j] = a[j]u[j] + a[j+128]u[j+128]; y the same with v. */
    private static void halve(float[] a, float[] u, float[] v, float[] x, float[] y, boolean add) {
        if (!add) {
            for (int j = 0; j < FOLD / 2; j++) {
                x[j] = a[j] * u[j] + a[j + FOLD / 2] * u[j + FOLD / 2];
                y[j] = a[j] * v[j] + a[j + FOLD / 2] * v[j + FOLD / 2];
            }
            return;
        }
        for (int j = 0; j < FOLD / 2; j++) {
            x[j] += a[j] * u[j] + a[j + FOLD / 2] * u[j + FOLD / 2];
            y[j] += a[j] * v[j] + a[j + FOLD / 2] * v[j + FOLD / 2];
        }
    }

    /** out[i] = a · rows[i]; for two rows (the chapter's 2-D data) in one loop. */
    private static void dots(float[] a, float[][] rows, float[] out) {
        if (rows.length != 2) {
            for (int i = 0; i < rows.length; i++) {
                out[i] = dot(a, rows[i]);
            }
            return;
        }
        // Eight running sums, four per row, sharing each load of a.
        int h = a.length;
        float[] u = rows[0];
        float[] v = rows[1];
        float s0 = 0;
        float s1 = 0;
        float s2 = 0;
        float s3 = 0;
        float t0 = 0;
        float t1 = 0;
        float t2 = 0;
        float t3 = 0;
        int j = 0;
        for (; j + 3 < h; j += 4) {
            float a0 = a[j];
            float a1 = a[j + 1];
            float a2 = a[j + 2];
            float a3 = a[j + 3];
            s0 += a0 * u[j];
            s1 += a1 * u[j + 1];
            s2 += a2 * u[j + 2];
            s3 += a3 * u[j + 3];
            t0 += a0 * v[j];
            t1 += a1 * v[j + 1];
            t2 += a2 * v[j + 2];
            t3 += a3 * v[j + 3];
        }
        for (; j < h; j++) {
            s0 += a[j] * u[j];
            t0 += a[j] * v[j];
        }
        out[0] = (s0 + s1) + (s2 + s3);
        out[1] = (t0 + t1) + (t2 + t3);
    }

    /** One row's W2 gradients, gW2[i] += (w s)_i σ(z2), from σ(z2) in p.ar and w s in p.si. */
    private void outputWeightGrads(Half p) {
        float[] a = p.ar;
        for (int i = 0; i < d; i++) {
            float g = p.si[i];
            float[] gw = p.gW2[i];
            for (int j = 0; j < h; j++) {
                gw[j] += g * a[j];
            }
        }
    }

    /** One row's gz2 = σ'(z2) ⊙ Σ_i gs_i W2[i] (into p.gr), from σ'(z2) in p.fr and w s in p.si. */
    private void outputLayerBack(Half p) {
        float[] ga2 = p.row;
        Arrays.fill(ga2, 0f);
        for (int i = 0; i < d; i++) {
            float g = p.si[i];
            float[] wi = w2rows[i];
            for (int j = 0; j < h; j++) {
                ga2[j] += g * wi[j];
            }
        }
        float[] f = p.fr;
        float[] gz = p.gr;
        float[] gb1 = p.gb1;
        for (int j = 0; j < h; j++) {
            float v = ga2[j] * f[j];
            gz[j] = v;
            gb1[j] += v;
        }
    }

    /** {@link #outputLayerBack} for D = 2 in one loop, which saves four passes over the row. */
    private void outputLayerBackTwo(Half p, float g0, float g1) {
        float[] a = p.ar;
        float[] f = p.fr;
        float[] gz = p.gr;
        float[] gb1 = p.gb1;
        float[] gw0 = p.gW2[0];
        float[] gw1 = p.gW2[1];
        float[] u = w2rows[0];
        float[] v = w2rows[1];
        // Two loops, not one: the JDK 17 JIT vectorises each of them, but not a loop that stores
        // into all four arrays.
        for (int j = 0; j < h; j++) {
            float aj = a[j];
            gw0[j] += g0 * aj;
            gw1[j] += g1 * aj;
        }
        for (int j = 0; j < h; j++) {
            float x = (g0 * u[j] + g1 * v[j]) * f[j];
            gz[j] = x;
            gb1[j] += x;
        }
    }

    private void backward(INDArray weight1, float two, boolean sparse) {
        if (sparse) {
            backwardSparse();
        } else {
            Blas.gemm(nGz2, nA1, nGw1, true, false);
            Blas.gemm(nGz2, weight1, nGa1, false, false);
            Halves.run(m, (part, lo, hi) -> backFirstLayer(halves[part], lo, hi));
        }
        Half first = halves[0];
        Half second = halves[1];
        float[] gb2 = new float[d];
        for (int i = 0; i < d; i++) {
            gb2[i] = (float) (first.gb2[i] + second.gb2[i]);
        }
        float[] gW2 = new float[d * h];
        for (int i = 0; i < d; i++) {
            System.arraycopy(sum(first.gW2[i], second.gW2[i]), 0, gW2, i * h, h);
        }
        float[] gb1 = sum(first.gb1, second.gb1);
        float[] gb0 = sum(first.gb0, second.gb0);
        float[][] gW0t = new float[c][];
        for (int q = 0; q < c; q++) {
            gW0t[q] = sum(first.gW0t[q], second.gW0t[q]);
        }
        // A row a at a time: dW1 = (gz2ᵀ a1) + G ⊙ K + 2λ W1, and dK = G ⊙ W1, which K = W2ᵀ W0ₓᵀ
        // sends back to W2 and to the x-columns of W0.
        float[] row = first.row;
        float[] kr = first.fr;
        float[] gr = first.gr;
        float[] wr = first.ar;
        float[] dk = first.si;
        for (int a = 0; a < h; a++) {
            if (sparse) {
                // Only the rows of active units were written; they are cleared for the next step.
                if (gW1Touched[a]) {
                    System.arraycopy(gW1Rows[a], 0, row, 0, h);
                    Arrays.fill(gW1Rows[a], 0f);
                    gW1Touched[a] = false;
                } else {
                    Arrays.fill(row, 0f);
                }
            } else {
                vGw1.get(a * h, row, 0, h);
            }
            kRow(a, kr);
            System.arraycopy(g, a * h, gr, 0, h);
            System.arraycopy(w1, a * h, wr, 0, h);
            for (int b = 0; b < h; b++) {
                row[b] += gr[b] * kr[b];
            }
            if (two != 0) {
                for (int b = 0; b < h; b++) {
                    row[b] += two * wr[b];
                }
            }
            gradViews[2].set(row, 0, a * h, h);
            for (int b = 0; b < h; b++) {
                gr[b] *= wr[b];
            }
            dots(gr, w0xcols, dk);
            for (int i = 0; i < d; i++) {
                gW2[i * h + a] += dk[i];
                float wa = w2[i * h + a];
                float[] gi = gW0t[i];
                for (int b = 0; b < h; b++) {
                    gi[b] += gr[b] * wa;
                }
            }
        }
        float[] gW0 = new float[h * c];
        for (int q = 0; q < c; q++) {
            for (int j = 0; j < h; j++) {
                gW0[j * c + q] = gW0t[q][j];
            }
        }
        store(0, gW0, w0flat, two);
        store(1, gb0, b0, two);
        store(3, gb1, b1, two);
        store(4, gW2, w2, two);
        store(5, gb2, b2, two);
    }

    /** The first layer's gradients for rows [lo, hi), from ∂/∂σ(z1). */
    private void backFirstLayer(Half p, int lo, int hi) {
        clearFirstLayerGrads(p);
        float[] ga = p.ar;
        float[] a = p.zr;
        for (int blo = lo; blo < hi; blo += BLOCK) {
            int rows = Math.min(BLOCK, hi - blo);
            vGa1.get(blo * h, p.z, 0, rows * h);
            vA1.get(blo * h, p.z2, 0, rows * h);
            for (int r = blo; r < blo + rows; r++) {
                System.arraycopy(p.z, (r - blo) * h, ga, 0, h);
                System.arraycopy(p.z2, (r - blo) * h, a, 0, h);
                firstLayerBackRow(p, r, ga, a);
            }
        }
    }

    private void clearFirstLayerGrads(Half p) {
        Arrays.fill(p.gb0, 0f);
        for (float[] gq : p.gW0t) {
            Arrays.fill(gq, 0f);
        }
    }

    /** Row r's share of the first layer's gradients, from ∂/∂σ(z1) in ga and σ(z1) in a. */
    private void firstLayerBackRow(Half p, int r, float[] ga, float[] a) {
        float[] gb0 = p.gb0;
        if (c == 3) {
            float x0 = in[r * 3];
            float x1 = in[r * 3 + 1];
            float x2 = in[r * 3 + 2];
            float[] g0 = p.gW0t[0];
            float[] g1 = p.gW0t[1];
            float[] g2 = p.gW0t[2];
            for (int j = 0; j < h; j++) {
                float v = ga[j] * Math.min(a[j] * BIG * BIG, 1f);
                gb0[j] += v;
                g0[j] += v * x0;
                g1[j] += v * x1;
                g2[j] += v * x2;
            }
            return;
        }
        float[] gz1 = p.row;
        for (int j = 0; j < h; j++) {
            float v = ga[j] * Math.min(a[j] * BIG * BIG, 1f);
            gz1[j] = v;
            gb0[j] += v;
        }
        for (int q = 0; q < c; q++) {
            float xq = in[r * c + q];
            float[] gq = p.gW0t[q];
            for (int j = 0; j < h; j++) {
                gq[j] += gz1[j] * xq;
            }
        }
    }

    /**
     * The backward products when gz2 is almost all zeros: for each row r and each active unit a
     * (σ'(z2)[r][a] = 1, read from G's bits), gz2[r][a] = Σ_i (w s)_r,i W2[i][a] is made there and
     * then added where the dense products would add it: into dW1's row a (gz2[r][a] σ(z1)_r),
     * into gb1, and into ∂/∂σ(z1)_r (gz2[r][a] W1's row a), which the first layer's backward then
     * takes as it would a row of gz2 W1. Rows without an active unit contribute nothing.
     */
    private void backwardSparse() {
        gram.positions(BinaryGram.LEFT, activeCount, activeCols);
        Half p = halves[0];
        clearFirstLayerGrads(p);
        clearFirstLayerGrads(halves[1]);
        float[] a = p.zr;
        float[] ga = p.ar;
        float[] w1row = p.row;
        float[] gb1 = p.gb1;
        for (int r = 0; r < m; r++) {
            int n = activeCount[r];
            if (n == 0) {
                continue;
            }
            vA1.get(r * h, a, 0, h);
            Arrays.fill(ga, 0f);
            for (int k = 0; k < n; k++) {
                int col = activeCols[r * h + k];
                float gz = 0f;
                for (int i = 0; i < d; i++) {
                    gz += wsRows[r * d + i] * w2[i * h + col];
                }
                gb1[col] += gz;
                gW1Touched[col] = true;
                float[] gw = gW1Rows[col];
                for (int j = 0; j < h; j++) {
                    gw[j] += gz * a[j];
                }
                System.arraycopy(w1, col * h, w1row, 0, h);
                for (int j = 0; j < h; j++) {
                    ga[j] += gz * w1row[j];
                }
            }
            firstLayerBackRow(p, r, ga, a);
        }
    }

    /** a + b, in that order, into a new array. */
    private static float[] sum(float[] a, float[] b) {
        float[] out = a.clone();
        for (int i = 0; i < out.length; i++) {
            out[i] += b[i];
        }
        return out;
    }

    /** grads[slot] = g + two · θ (the l2 term's gradient). */
    private void store(int slot, float[] grad, float[] theta, float two) {
        if (two != 0) {
            for (int i = 0; i < grad.length; i++) {
                grad[i] += two * theta[i];
            }
        }
        gradViews[slot].set(grad, 0, 0, grad.length);
    }

    /** Σ a[j]·b[j] in float, four running sums so that the JIT can overlap them. */
    private static float dot(float[] a, float[] b) {
        float s0 = 0;
        float s1 = 0;
        float s2 = 0;
        float s3 = 0;
        int n = Math.min(a.length, b.length);
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

    /**
     * Σ a[p]·b[p]. Float sums cannot be vectorised in order, so the products go into {@value #LANES}
     * running sums, one per position in a chunk of the arrays, which the JIT vectorises once the
     * chunk is copied to scratch (it does not when reading a[o + p] next to sums[p]); the sums are
     * added in double at the end.
     */
    private double dotDouble(float[] a, float[] b) {
        float[] sums = lanes[0];
        float[] x = lanes[1];
        float[] y = lanes[2];
        Arrays.fill(sums, 0f);
        int n = Math.min(a.length, b.length);
        int o = 0;
        for (; o + LANES <= n; o += LANES) {
            System.arraycopy(a, o, x, 0, LANES);
            System.arraycopy(b, o, y, 0, LANES);
            for (int p = 0; p < LANES; p++) {
                sums[p] += x[p] * y[p];
            }
        }
        double total = 0;
        for (float v : sums) {
            total += v;
        }
        for (; o < n; o++) {
            total += (double) a[o] * b[o];
        }
        return total;
    }

    private double sumSq(float[] v) {
        return dotDouble(v, v);
    }
}
