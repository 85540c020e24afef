package scoremodels.losses;

import scoremodels.models.SdeScoreModel;

/**
 * A training objective over a fixed batch: its value, and its value with the exact gradient
 * for every model parameter. {@link scoremodels.training.Training#fit} trains against any of them.
 */
public interface Objective {
    double value(SdeScoreModel model);

    ValueAndGrad valueAndGrad(SdeScoreModel model);
}
