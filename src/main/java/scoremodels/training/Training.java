package scoremodels.training;

import org.nd4j.linalg.api.ndarray.INDArray;
import scoremodels.Checks;
import scoremodels.losses.Losses;
import scoremodels.losses.Objective;
import scoremodels.losses.ScoreMatching;
import scoremodels.losses.ValueAndGrad;
import scoremodels.models.Params;
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
     * @throws IllegalStateException if a step fails (a non-finite loss, gradient or update); the
     *     message names the step, and the model keeps its last finite parameters.
     */
    public static TrainingResult fit(SdeScoreModel model, INDArray noisedDatas, double[] ts, int steps,
            Adam optimizer, double l2Weight, boolean showProgress) {
        Checks.nonNegative("l2Weight", l2Weight);
        return fit(model, ScoreMatching.joint(noisedDatas, ts, l2Weight * Losses.L2_SCALE), steps, optimizer,
                showProgress);
    }

    /**
     * Trains {@code model} in place against any objective (Hyvärinen, denoising or sliced score
     * matching), one full-batch Adam step per iteration.
     *
     * <p>Whatever goes wrong in a step (a non-finite loss or gradient, parameters that overflow in
     * the update, an exception from the objective or the optimiser), the model is left with the
     * parameters it had before that step, which are finite, and the exception names the step:
     * an IllegalStateException, or an IllegalArgumentException when the step found a bad
     * argument (such as a model that does not fit the data). The optimiser's moments are not
     * rolled back; continue with a fresh Adam.
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
        if (!model.params().allFinite()) {
            throw new IllegalArgumentException("model: its parameters hold NaN or infinite values");
        }
        Progress bar = showProgress ? Progress.stdout(steps) : null;
        double[] history = new double[steps];
        Params before = model.params().copy();
        long start = System.nanoTime();
        try {
            for (int step = 0; step < steps; step++) {
                ValueAndGrad vg = step(model, objective, optimizer, before, step);
                history[step] = vg.value();
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

    /**
     * One step, guarded: {@code before} receives the parameters first, and they come back
     * whenever the step fails, so the model never holds a failed step's values.
     */
    private static ValueAndGrad step(SdeScoreModel model, Objective objective, Adam optimizer, Params before,
            int step) {
        Params params = model.params();
        before.assign(params);
        String problem;
        ValueAndGrad vg = null;
        RuntimeException cause = null;
        try {
            vg = objective.valueAndGradForUpdate(model);
            if (!Double.isFinite(vg.value())) {
                problem = "the loss is " + vg.value();
            } else {
                // A non-finite gradient makes Adam's update NaN, so one check of the parameters
                // after the update catches both; the gradients are looked at only to say which.
                double rate = optimizer.learningRate();
                optimizer.update(params, vg.grads());
                problem = params.allFinite() ? null : !vg.grads().allFinite()
                        ? "the loss is " + vg.value() + " but a gradient is not finite"
                        : "the update with learning rate " + rate + " made a parameter non-finite";
            }
        } catch (RuntimeException e) {
            cause = e;
            problem = e.getMessage() != null ? e.getMessage() : e.toString();
        }
        if (problem == null) {
            return vg;
        }
        params.assign(before);
        String message = "training stopped at step " + step + ": " + problem
                + "; the model keeps the parameters it had before step " + step;
        throw cause instanceof IllegalArgumentException ? new IllegalArgumentException(message, cause)
                : new IllegalStateException(message, cause);
    }

    /** The chapter's settings: Adam(5e-2) and 0.01 · l2Norm. */
    public static TrainingResult fit(SdeScoreModel model, INDArray noisedDatas, double[] ts, int steps) {
        return fit(model, noisedDatas, ts, steps, new Adam(5e-2), 0.01, true);
    }
}
