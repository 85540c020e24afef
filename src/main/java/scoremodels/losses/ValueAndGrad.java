package scoremodels.losses;

import scoremodels.models.Params;

/**
 * A loss value and its gradient with respect to every model parameter — what Equinox's
 * {@code filter_value_and_grad} returns. {@code grads} has the model's names and shapes.
 */
public record ValueAndGrad(double value, Params grads) {
}
