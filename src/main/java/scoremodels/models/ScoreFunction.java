package scoremodels.models;

import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * A time-dependent score s(x, t) ≈ ∇ₓ log p_t(x), evaluated on a batch of points.
 *
 * <p>Shapes: {@code x} is [N, D]; the result is [N, D]. Samplers and plots depend only on this
 * interface, so an exact analytic score and a trained network are interchangeable.
 */
@FunctionalInterface
public interface ScoreFunction {
    /** The score at every row of {@code x} [N, D], with per-row times {@code t} [N]. */
    INDArray apply(INDArray x, INDArray t);

    /** The score at every row of {@code x} [N, D] at one time {@code t}. */
    default INDArray apply(INDArray x, double t) {
        return apply(x, Nd4j.valueArrayOf(new long[] {x.rows()}, t, x.dataType()));
    }
}
