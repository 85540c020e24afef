package scoremodels.training;

import org.nd4j.linalg.api.ndarray.INDArray;
import scoremodels.losses.Losses;
import scoremodels.losses.Objective;
import scoremodels.losses.ScoreMatching;
import scoremodels.losses.ValueAndGrad;
import scoremodels.models.SdeScoreModel;

/**
 * The chapter's training loop (section 6.5): each step takes the value and gradient of
 * joint score-matching loss + l2Weight · l2Norm and applies one optimiser update.
 */
public final class Training {
    private Training() {
    }

    /**
     * Trains {@code model} in place for {@code steps} full-batch steps on noisedDatas [T, N, D]
     * with times ts [T], showing a progress bar when {@code showProgress}.
     *
     * @throws IllegalStateException if the loss or a gradient becomes non-finite; the message
     *     names the step, and the model keeps its last finite parameters.
     */
    public static TrainingResult fit(SdeScoreModel model, INDArray noisedDatas, double[] ts, int steps,
            Adam optimizer, double l2Weight, boolean showProgress) {
        if (!Double.isFinite(l2Weight) || l2Weight < 0) {
            throw new IllegalArgumentException("l2Weight must be finite and >= 0, got " + l2Weight);
        }
        return fit(model, ScoreMatching.joint(noisedDatas, ts, l2Weight * Losses.L2_SCALE), steps, optimizer,
                showProgress);
    }

    /**
     * Trains {@code model} in place against any objective (Hyvärinen, denoising or sliced score
     * matching), one full-batch Adam step per iteration.
     */
    public static TrainingResult fit(SdeScoreModel model, Objective objective, int steps, Adam optimizer,
            boolean showProgress) {
        if (model == null) {
            throw new IllegalArgumentException("model must not be null");
        }
        if (objective == null) {
            throw new IllegalArgumentException("objective must not be null");
        }
        if (steps < 1) {
            throw new IllegalArgumentException("steps must be >= 1, got " + steps);
        }
        if (optimizer == null) {
            throw new IllegalArgumentException("optimizer must not be null");
        }
        Progress bar = showProgress ? Progress.stdout(steps) : null;
        double[] history = new double[steps];
        long start = System.nanoTime();
        try {
            for (int step = 0; step < steps; step++) {
                ValueAndGrad vg = objective.valueAndGradForUpdate(model);
                if (!Double.isFinite(vg.value()) || !vg.grads().allFinite()) {
                    throw new IllegalStateException("training stopped at step " + step + ": the loss is "
                            + vg.value() + (Double.isFinite(vg.value()) ? " but a gradient is not finite" : "")
                            + "; the model keeps the parameters of step " + step);
                }
                history[step] = vg.value();
                optimizer.update(model.params(), vg.grads());
                if (bar != null) {
                    bar.setDescription(String.format(java.util.Locale.ROOT, "Score· %.2f", vg.value()));
                    bar.update(step + 1);
                }
            }
        } finally {
            if (bar != null) {
                bar.close();
            }
        }
        return new TrainingResult(history, (System.nanoTime() - start) / 1e9);
    }

    /** The chapter's settings: Adam(5e-2) and 0.01 · l2Norm. */
    public static TrainingResult fit(SdeScoreModel model, INDArray noisedDatas, double[] ts, int steps) {
        return fit(model, noisedDatas, ts, steps, new Adam(5e-2), 0.01, true);
    }
}
