package scoremodels.engine;

import scoremodels.losses.ValueAndGrad;
import scoremodels.models.SdeScoreModel;

/**
 * Forward and backward passes over a batch of rows with P directional derivatives carried along,
 * the engine of the denoising and sliced objectives (and of the Hyvärinen one at depths other than
 * two): see {@link TangentPasses} for the heads and the layout. An instance keeps the batch and its
 * buffers; the gradient arrays it returns are valid until the next call.
 */
public interface RowPasses {
    /**
     * The engine for a model, a batch and P directions: {@link FloatTangentStep} for a FLOAT model
     * with two softplus layers when the products are the reproducible Java ones, else
     * {@link TangentPasses} (any depth, type and activation; the one that goes through OpenBLAS
     * when {@link Blas#machineDependent()}).
     */
    static RowPasses of(SdeScoreModel model, Batch batch, int directions) {
        if (FloatTangentStep.supports(model) && !Blas.machineDependent()) {
            return new FloatTangentStep(model, batch, directions);
        }
        return new TangentPasses(model, batch, directions);
    }

    /** Whether this engine serves the model with that many directions (else make a new one with {@link #of}). */
    boolean fits(SdeScoreModel model, int directions);

    /**
     * One pass. {@code v} holds P per-row directions, each [M·D] row-major (score-matching head);
     * {@code target} [M·D] selects the regression head instead (then P must be 0).
     */
    ValueAndGrad run(SdeScoreModel model, double[][] v, double[] target, boolean withGrad, double l2Coefficient);

    /**
     * Replaces the rows' inputs x ‖ t ({@code input} [M·(D+1)], row-major) and their weights [M],
     * for objectives that draw new rows every step.
     */
    void setRows(double[] input, double[] weights);
}
