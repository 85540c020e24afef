package scoremodels.losses;

import scoremodels.models.SdeScoreModel;

/**
 * A training objective over a fixed batch: its value, and its value with the exact gradient
 * for every model parameter. {@link scoremodels.training.Training#fit} trains against any of them.
 */
public interface Objective {
    /** One pass over the batch; the gradient only when {@code withGrad}. */
    ValueAndGrad evaluate(SdeScoreModel model, boolean withGrad);

    /** The objective alone (no backward pass). */
    default double value(SdeScoreModel model) {
        return evaluate(model, false).value();
    }

    /** The objective and its exact gradient for every parameter of {@code model}. */
    default ValueAndGrad valueAndGrad(SdeScoreModel model) {
        return evaluate(model, true);
    }
}
