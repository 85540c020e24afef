package scoremodels.losses;

import java.util.Arrays;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import scoremodels.Checks;
import scoremodels.engine.Batch;
import scoremodels.engine.RowPasses;
import scoremodels.models.Params;
import scoremodels.models.SdeScoreModel;
import scoremodels.random.Key;

/**
 * Denoising score matching (Vincent, 2011): regress the model onto the score of the noising
 * kernel instead of matching the data score directly.
 *
 * <p>A point x̃ = x + √t·ε drawn from N(x, t·I) has kernel score −(x̃ − x)/t, so the objective is
 * Σ_k t_k · mean over the level's rows of ½|s(x̃, t_k) + (x̃ − x)/t_k|² — weighted by t_k as the
 * chapter weights its own loss, which keeps every level's term of order one. No Jacobian is needed,
 * so a step costs a third of the Hyvärinen loss's.
 */
public final class DenoisingScoreMatching implements Objective {
    private final Batch batch;
    private final double[] target;
    private final double l2Coefficient;
    private final Redraw redraw; // null: the rows are fixed
    private RowPasses engine;

    private DenoisingScoreMatching(Batch batch, double[] target, double l2Coefficient, Redraw redraw) {
        Checks.l2(l2Coefficient);
        this.batch = batch;
        this.target = target;
        this.l2Coefficient = l2Coefficient;
        this.redraw = redraw;
    }

    /**
     * The chapter's set-up: the noised copies drawn once (section 6.2) are the rows of every step.
     *
     * @param x             the clean data [N, D]
     * @param noisedDatas   its noised copies [T, N, D], row for row
     * @param ts            the noise variance of each level [T], all > 0
     * @param l2Coefficient multiplier of Σθ²
     */
    public static DenoisingScoreMatching joint(INDArray x, INDArray noisedDatas, double[] ts, double l2Coefficient) {
        Checks.points("x", x);
        Checks.levels(noisedDatas, ts);
        Batch batch = Batch.joint(noisedDatas, ts);
        int n = (int) noisedDatas.size(1);
        int d = (int) noisedDatas.size(2);
        if (x.rows() != n || x.columns() != d) {
            throw new IllegalArgumentException("x must have shape [" + n + ", " + d + "] like each level of noisedDatas, got "
                    + Arrays.toString(x.shape()));
        }
        for (int k = 0; k < ts.length; k++) {
            if (!(ts[k] > 0)) {
                throw new IllegalArgumentException("ts[" + k + "] must be > 0 for denoising score matching, got " + ts[k]);
            }
        }
        double[] clean = x.castTo(DataType.DOUBLE).dup('c').data().asDouble();
        double[] noised = noisedDatas.castTo(DataType.DOUBLE).dup('c').data().asDouble();
        double[] target = new double[noised.length];
        for (int k = 0; k < ts.length; k++) {
            for (int q = 0; q < n * d; q++) {
                int idx = k * n * d + q;
                target[idx] = -(noised[idx] - clean[q]) / ts[k];
            }
        }
        return new DenoisingScoreMatching(batch, target, l2Coefficient, null);
    }

    /**
     * Fresh noise every step: each call to {@link #evaluate} makes {@code copies} noised copies of
     * every point, each with its own time t drawn log-uniformly from [tMin, tMax] and its own noise,
     * from {@code key.fold(call number)} — the same sequence on every run. With 9 copies a step has
     * the chapter's 900 rows, but over many steps the model sees every time in the range and
     * endless noise draws instead of nine fixed ones, which is what keeps it from learning the
     * score of those 900 points alone. Row weights t / N as in the chapter's sum over levels.
     */
    public static DenoisingScoreMatching freshNoise(INDArray x, double tMin, double tMax, int copies, Key key,
            double l2Coefficient) {
        return freshNoise(x, NoiseTimes.logUniform(tMin, tMax), copies, key, l2Coefficient);
    }

    /**
     * {@link #freshNoise(INDArray, double, double, int, Key, double)} with the times drawn from
     * {@code times}: x [N, D] gives copies · N rows per step.
     */
    public static DenoisingScoreMatching freshNoise(INDArray x, NoiseTimes times, int copies, Key key,
            double l2Coefficient) {
        Checks.points("x", x);
        if (times == null) {
            throw new IllegalArgumentException("times must not be null");
        }
        if (copies < 1) {
            throw new IllegalArgumentException("copies must be >= 1, got " + copies);
        }
        if (key == null) {
            throw new IllegalArgumentException("key must not be null");
        }
        Redraw redraw = new Redraw(x.castTo(DataType.DOUBLE).dup('c').data().asDouble(), (int) x.rows(),
                (int) x.columns(), times, copies, key);
        redraw.next();
        Batch batch = new Batch(Nd4j.createFromArray(redraw.noised).reshape('c', redraw.rows(), redraw.d),
                redraw.t, redraw.weights);
        return new DenoisingScoreMatching(batch, redraw.target, l2Coefficient, redraw);
    }

    @Override
    public ValueAndGrad evaluate(SdeScoreModel model, boolean withGrad) {
        ValueAndGrad step = valueAndGradOrValue(model, withGrad);
        return withGrad ? new ValueAndGrad(step.value(), step.grads().copy()) : step;
    }

    @Override
    public ValueAndGrad valueAndGradForUpdate(SdeScoreModel model) {
        return valueAndGradOrValue(model, true);
    }

    private ValueAndGrad valueAndGradOrValue(SdeScoreModel model, boolean withGrad) {
        Checks.model(model, batch.dims());
        if (engine == null || !engine.fits(model, 0)) {
            engine = RowPasses.of(model, batch, 0);
        }
        if (nextRows()) {
            engine.setRows(redraw.input, redraw.weights);
        }
        return engine.run(model, null, target, withGrad, l2Coefficient);
    }

    /**
     * The loss Σ_r w_r ½|s_r − y_r|² with the kernel's score y as target; ∂L/∂s = w ⊙ (s − y), and
     * no directional derivatives are needed.
     */
    @Override
    public ValueAndGrad evaluateReference(SdeScoreModel model, boolean withGrad) {
        Checks.model(model, batch.dims());
        int m = batch.rows();
        int d = batch.dims();
        INDArray input = nextRows() ? Nd4j.createFromArray(redraw.input).reshape('c', m, d + 1) : batch.input();
        double[] rowWeight = redraw != null ? redraw.weights.clone() : batch.weights();
        INDArray w = Nd4j.createFromArray(rowWeight).reshape(m, 1);
        Backprop pass = new Backprop(model, input, new INDArray[0]);
        INDArray error = pass.scores().sub(Nd4j.createFromArray(target).reshape('c', m, d));
        double value = error.mul(error).sum(1).muli(0.5).mul(w.reshape(m)).sumNumber().doubleValue();
        Params grads = withGrad ? pass.backward(error.mulColumnVector(w), new INDArray[0]) : null;
        return Backprop.withL2(model, value, grads, l2Coefficient);
    }

    /** For fresh noise, draws this call's rows (the first call uses those drawn at construction). */
    private boolean nextRows() {
        if (redraw == null) {
            return false;
        }
        if (redraw.calls > 0) {
            redraw.next();
        }
        redraw.calls++;
        return true;
    }

    /** The rows of {@link #freshNoise}: redrawn in place, one key per call. */
    private static final class Redraw {
        final double[] clean;
        final int n;
        final int d;
        final NoiseTimes times;
        final int copies;
        final Key key;
        final double[] noised;
        final double[] target;
        final double[] t;
        final double[] weights;
        final double[] input;
        int draws;
        int calls;

        Redraw(double[] clean, int n, int d, NoiseTimes times, int copies, Key key) {
            this.clean = clean;
            this.n = n;
            this.d = d;
            this.times = times;
            this.copies = copies;
            this.key = key;
            int rows = copies * n;
            noised = new double[rows * d];
            target = new double[rows * d];
            t = new double[rows];
            weights = new double[rows];
            input = new double[rows * (d + 1)];
        }

        int rows() {
            return copies * n;
        }

        void next() {
            Key[] k = key.fold(draws++).split(2);
            double[] u = k[0].uniform(rows());
            double[] eps = k[1].normal(rows() * d);
            for (int r = 0; r < rows(); r++) {
                double tr = times.at(u[r]);
                if (!(tr > 0) || Double.isInfinite(tr)) {
                    throw new IllegalStateException("times gave t = " + tr + " for u = " + u[r] + "; need finite t > 0");
                }
                double sd = Math.sqrt(tr);
                int q = (r % n) * d;
                t[r] = tr;
                weights[r] = tr / n;
                for (int i = 0; i < d; i++) {
                    double e = eps[r * d + i];
                    noised[r * d + i] = clean[q + i] + sd * e;
                    target[r * d + i] = -e / sd;
                    input[r * (d + 1) + i] = noised[r * d + i];
                }
                input[r * (d + 1) + d] = tr;
            }
        }
    }
}
