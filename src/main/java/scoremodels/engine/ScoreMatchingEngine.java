package scoremodels.engine;

import java.util.concurrent.atomic.AtomicLong;
import scoremodels.losses.ValueAndGrad;
import scoremodels.models.SdeScoreModel;

/**
 * The Hyvärinen objective's fast step on a fixed batch, the engine behind
 * {@link scoremodels.losses.ScoreMatching}: per row r with time t_r and weight w_r it gives
 * Σ_r w_r (tr ∂s/∂x + ½|s|²) + l2Coefficient · Σθ² and its exact gradient.
 *
 * <p>How the trace is differentiated: for two hidden layers the trace has a closed form
 * ({@link TwoLayerStep}; FLOAT ReLU and softplus models take float versions of it,
 * {@link FloatReluStep} and, unless the products go through OpenBLAS, {@link FloatSoftplusStep});
 * for any other depth the D columns of the input Jacobian are carried forward as tangents and
 * back-propagated with the primal rows ({@link TangentPasses}). All are exact.
 *
 * <p>An instance keeps the batch and reuses its buffers: build it once and call
 * {@link #evaluate} every training step. The gradient arrays it returns are those buffers,
 * valid until the next call.
 */
public final class ScoreMatchingEngine {
    private final Batch batch;
    private final double l2Coefficient;
    private final double[][] unitDirections;
    private TangentPasses work;
    private TwoLayerStep twoLayer;
    private FloatReluStep floatRelu;
    private FloatSoftplusStep floatSoftplus;
    private boolean sparsity = sparsityDefault;
    private static volatile boolean sparsityDefault = true;
    private static final AtomicLong SPARSE_STEPS = new AtomicLong();

    public ScoreMatchingEngine(Batch batch, double l2Coefficient) {
        this.batch = batch;
        this.l2Coefficient = l2Coefficient;
        int m = batch.rows();
        int d = batch.dims();
        // Directions e_1 … e_D on every row: Σ_i e_iᵀ J e_i is the trace.
        unitDirections = new double[d][m * d];
        for (int i = 0; i < d; i++) {
            for (int r = 0; r < m; r++) {
                unitDirections[i][r * d + i] = 1.0;
            }
        }
    }

    public ValueAndGrad evaluate(SdeScoreModel model, boolean withGrad) {
        if (FloatReluStep.supports(model)) {
            if (floatRelu == null || !floatRelu.fits(model)) {
                floatRelu = new FloatReluStep(model, batch);
                floatRelu.exploitSparsity(sparsity);
            }
            long before = floatRelu.sparseSteps();
            ValueAndGrad step = floatRelu.run(model, withGrad, l2Coefficient);
            SPARSE_STEPS.addAndGet(floatRelu.sparseSteps() - before);
            return step;
        }
        if (FloatSoftplusStep.supports(model) && !Blas.machineDependent()) {
            if (floatSoftplus == null || !floatSoftplus.fits(model)) {
                floatSoftplus = new FloatSoftplusStep(model, batch);
            }
            return floatSoftplus.run(model, withGrad, l2Coefficient);
        }
        if (model.depth() == 2) {
            if (twoLayer == null || !twoLayer.fits(model)) {
                twoLayer = new TwoLayerStep(model, batch);
            }
            return twoLayer.run(model, withGrad, l2Coefficient);
        }
        if (work == null || !work.fits(model, batch.dims())) {
            work = new TangentPasses(model, batch, batch.dims());
        }
        return work.run(model, unitDirections, null, withGrad, l2Coefficient);
    }

    /**
     * Whether the FLOAT ReLU step may use the zeros of ReLU (on by default; the results are exact
     * either way): leave second-layer units that are provably inactive on every row out of the
     * forward product, and take a sparse backward pass when almost all of σ'(z2) is zero. Off,
     * every step multiplies out all three products, as the benchmark's {@code --sparsity off}
     * does to time them.
     */
    public ScoreMatchingEngine sparsity(boolean on) {
        sparsity = on;
        if (floatRelu != null) {
            floatRelu.exploitSparsity(on);
        }
        return this;
    }

    /** How many steps so far took the float ReLU step's sparse backward pass. */
    public long sparseBackwardSteps() {
        return floatRelu == null ? 0 : floatRelu.sparseSteps();
    }

    /**
     * The benchmark's {@code --sparsity} option: whether engines made from now on may use ReLU's
     * zeros (see {@link #sparsity}).
     */
    public static void sparsityForNewEngines(boolean on) {
        sparsityDefault = on;
    }

    /** Steps of every engine so far that took the sparse backward pass, for the benchmark's report. */
    public static long sparseBackwardStepsOfAll() {
        return SPARSE_STEPS.get();
    }
}
