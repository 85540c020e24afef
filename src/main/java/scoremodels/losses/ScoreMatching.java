package scoremodels.losses;

import org.nd4j.linalg.api.ndarray.INDArray;
import scoremodels.engine.Batch;
import scoremodels.engine.ScoreMatchingEngine;
import scoremodels.models.SdeScoreModel;

/**
 * The chapter's (Hyvärinen) score-matching objective on a fixed batch, with its exact gradient.
 *
 * <p>Per row r with time t_r the model gives s = s(x_r, t_r) and the objective is
 * Σ_r w_r (tr ∂s/∂x + ½|s|²) + l2Weight · l2Scale · Σθ². For the chapter's joint loss the weight of
 * a row of level k is t_k / N_k (the level's mean, weighted by its t).
 *
 * <p>An instance keeps the batch and reuses its buffers: build it once and call
 * {@link #valueAndGrad} every training step. The gradient arrays it returns are those buffers,
 * valid until the next call; copy them to keep them.
 */
public final class ScoreMatching implements Objective {
    private final int dims;
    private final int rows;
    private final ScoreMatchingEngine engine;

    /**
     * @param x             points [M, D]
     * @param t             time of each row [M]
     * @param rowWeight     weight of each row [M]
     * @param l2Coefficient multiplier of Σθ² added to the objective (chapter: 0.01 · 0.1)
     */
    public ScoreMatching(INDArray x, double[] t, double[] rowWeight, double l2Coefficient) {
        this(checked(x, l2Coefficient, t, rowWeight), l2Coefficient);
    }

    private static Batch checked(INDArray x, double l2Coefficient, double[] t, double[] rowWeight) {
        Checks.points("x", x);
        Checks.l2(l2Coefficient);
        return new Batch(x, t, rowWeight);
    }

    private ScoreMatching(Batch batch, double l2Coefficient) {
        Checks.l2(l2Coefficient);
        this.dims = batch.dims();
        this.rows = batch.rows();
        this.engine = new ScoreMatchingEngine(batch, l2Coefficient);
    }

    /**
     * The chapter's joint objective over noise levels: noisedDatas [T, N, D] with times ts [T];
     * level k's rows weigh t_k / N. {@code l2Coefficient} multiplies Σθ².
     */
    public static ScoreMatching joint(INDArray noisedDatas, double[] ts, double l2Coefficient) {
        Checks.levels(noisedDatas, ts);
        return new ScoreMatching(Batch.joint(noisedDatas, ts), l2Coefficient);
    }

    public int rows() {
        return rows;
    }

    @Override
    public ValueAndGrad evaluate(SdeScoreModel model, boolean withGrad) {
        Checks.model(model, dims);
        return engine.evaluate(model, withGrad);
    }

    /** See {@link ScoreMatchingEngine#sparsity}. */
    public ScoreMatching sparsity(boolean on) {
        engine.sparsity(on);
        return this;
    }

    /** How many steps so far took the float ReLU step's sparse backward pass. */
    public long sparseBackwardSteps() {
        return engine.sparseBackwardSteps();
    }
}
