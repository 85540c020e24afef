package scoremodels.losses;

import scoremodels.models.SdeScoreModel;

/**
 * A training objective over a batch: its value, and its value with the exact gradient for every
 * model parameter. {@link scoremodels.training.Training#fit} trains against any of them.
 *
 * <p>The losses of this package compute each step twice over, in two ways that tests prove equal:
 * {@link #evaluate} takes the fast step of {@code scoremodels.engine} for the model's configuration,
 * {@link #evaluateReference} the chain rule written out in plain ND4J (see {@link Backprop}).
 */
public interface Objective {
    /** One pass over the batch; the gradient only when {@code withGrad}. Gradients are fresh arrays. */
    ValueAndGrad evaluate(SdeScoreModel model, boolean withGrad);

    /**
     * The same pass through the readable reference code. Objectives that draw new rows or directions
     * for every call draw them here as in {@link #evaluate}, so that two objectives built alike, one
     * called through each, see the same draws. Objectives with no separate fast step are their own
     * reference.
     */
    default ValueAndGrad evaluateReference(SdeScoreModel model, boolean withGrad) {
        return evaluate(model, withGrad);
    }

    /** The objective alone (no backward pass). */
    default double value(SdeScoreModel model) {
        return evaluate(model, false).value();
    }

    /** The objective and its exact gradient for every parameter of {@code model}. */
    default ValueAndGrad valueAndGrad(SdeScoreModel model) {
        return evaluate(model, true);
    }

    /**
     * The value and gradient for one optimiser step, for loops that apply the gradient at once (as
     * {@link scoremodels.training.Training#fit} does): the gradient arrays may be buffers that the
     * objective fills again at its next call, which spares the training loop a copy per step. Keep
     * gradients from {@link #valueAndGrad}, which are always fresh arrays.
     */
    default ValueAndGrad valueAndGradForUpdate(SdeScoreModel model) {
        return evaluate(model, true);
    }

    /** This objective computed by its reference code on every call: to train with, or to read. */
    default Objective reference() {
        Objective fast = this;
        return new Objective() {
            @Override
            public ValueAndGrad evaluate(SdeScoreModel model, boolean withGrad) {
                return fast.evaluateReference(model, withGrad);
            }

            @Override
            public String toString() {
                return "reference(" + fast + ")";
            }
        };
    }
}
