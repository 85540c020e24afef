package scoremodels.sampler;

import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * The right-hand side of an ODE dy/dt = drift(t, y), applied to a whole batch at once.
 *
 * <p>Shapes: {@code y} is [n, D] (one state per row) and the result must be [n, D] too. The
 * solvers check the shape after every call, so a drift built for another dimension fails
 * loudly instead of broadcasting into nonsense.
 */
@FunctionalInterface
public interface Drift {
    /** dy/dt at time {@code t} for every row of {@code y} [n, D]; returns [n, D]. */
    INDArray apply(double t, INDArray y);
}
