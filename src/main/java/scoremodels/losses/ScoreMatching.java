package scoremodels.losses;

import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.indexing.INDArrayIndex;
import org.nd4j.linalg.indexing.NDArrayIndex;
import scoremodels.models.SdeScoreModel;

/**
 * The chapter's (Hyvärinen) score-matching objective on a fixed batch, with its exact gradient.
 *
 * <p>Per row r with time t_r the model gives s = s(x_r, t_r) and the objective is
 * Σ_r w_r (tr ∂s/∂x + ½|s|²) + l2Weight · l2Scale · Σθ². For the chapter's joint loss the weight of
 * a row of level k is t_k / N_k (the level's mean, weighted by its t).
 *
 * <p>How the trace is differentiated: for the chapter's two hidden layers the trace has a closed
 * form ({@link TwoLayerWorkspace}; the chapter's own FLOAT ReLU model takes a float version of it,
 * {@link FloatReluWorkspace}); for any other depth the D columns of the input Jacobian are carried
 * forward as tangents and back-propagated with the primal rows ({@link Workspace}). All are exact.
 *
 * <p>An instance keeps the batch and reuses its buffers: build it once and call
 * {@link #valueAndGrad} every training step. The gradient arrays it returns are those buffers,
 * valid until the next call; copy them to keep them.
 */
public final class ScoreMatching implements Objective {
    private final Batch batch;
    private final double l2Coefficient;
    private final double[][] unitDirections;
    private Workspace work;
    private TwoLayerWorkspace twoLayer;
    private FloatReluWorkspace floatRelu;
    private boolean sparsity = true;

    /**
     * @param x             points [M, D]
     * @param t             time of each row [M]
     * @param rowWeight     weight of each row [M]
     * @param l2Coefficient multiplier of Σθ² added to the objective (chapter: 0.01 · 0.1)
     */
    public ScoreMatching(INDArray x, double[] t, double[] rowWeight, double l2Coefficient) {
        this(new Batch(x, t, rowWeight), l2Coefficient);
    }

    private ScoreMatching(Batch batch, double l2Coefficient) {
        Checks.l2(l2Coefficient);
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

    /**
     * The chapter's joint objective over noise levels: noisedDatas [T, N, D] with times ts [T];
     * level k's rows weigh t_k / N. {@code l2Coefficient} multiplies Σθ².
     */
    public static ScoreMatching joint(INDArray noisedDatas, double[] ts, double l2Coefficient) {
        return new ScoreMatching(Batch.joint(noisedDatas, ts), l2Coefficient);
    }

    public int rows() {
        return batch.rows();
    }

    @Override
    public ValueAndGrad evaluate(SdeScoreModel model, boolean withGrad) {
        Checks.model(model, batch.dims());
        if (FloatReluWorkspace.supports(model)) {
            if (floatRelu == null || !floatRelu.fits(model)) {
                floatRelu = new FloatReluWorkspace(model, batch);
                floatRelu.exploitSparsity(sparsity);
            }
            return floatRelu.run(model, withGrad, l2Coefficient);
        }
        if (model.depth() == 2) {
            if (twoLayer == null || !twoLayer.fits(model)) {
                twoLayer = new TwoLayerWorkspace(model, batch);
            }
            return twoLayer.run(model, withGrad, l2Coefficient);
        }
        if (work == null || !work.fits(model, batch.dims())) {
            work = new Workspace(model, batch, batch.dims());
        }
        return work.run(model, unitDirections, null, withGrad, l2Coefficient);
    }

    /**
     * Whether the chapter's FLOAT ReLU step may use the zeros of ReLU (on by default; the results
     * are exact either way): leave second-layer units that are provably inactive on every row out
     * of the forward product, and take a sparse backward pass when almost all of σ'(z2) is zero.
     * Off, every step multiplies out all three products, as the benchmark's {@code --sparsity off}
     * does to time them.
     */
    public ScoreMatching sparsity(boolean on) {
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

    static INDArrayIndex[] rowBlock(int block, int m) {
        return new INDArrayIndex[] {NDArrayIndex.interval((long) block * m, (long) (block + 1) * m), NDArrayIndex.all()};
    }
}
