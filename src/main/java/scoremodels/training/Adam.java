package scoremodels.training;

import java.util.Map;
import org.nd4j.linalg.api.ndarray.INDArray;
import scoremodels.Checks;
import scoremodels.engine.AdamStep;
import scoremodels.models.Params;

/**
 * Adam with optax's semantics ({@code optax.adam}): first and second moments with decay b1 and
 * b2, bias correction by 1 − bᵗ, and eps added after the square root:
 * θ ← θ − lr · m̂ / (√v̂ + eps), where lr may follow a {@link Schedule}. As in optax the moments
 * and the arithmetic are in the parameters' type: float for FLOAT models (the chapter's float32),
 * double for DOUBLE ones.
 */
public final class Adam {
    private final Schedule schedule;
    private final double b1;
    private final double b2;
    private final double eps;
    private final AdamStep step;
    private int count;

    /** optax defaults: b1 0.9, b2 0.999, eps 1e-8. */
    public Adam(double learningRate) {
        this(learningRate, 0.9, 0.999, 1e-8);
    }

    public Adam(double learningRate, double b1, double b2, double eps) {
        this(Schedule.constant(learningRate), b1, b2, eps);
    }

    /** optax defaults with a learning rate per update, e.g. {@link Schedule#cosineDecay}. */
    public Adam(Schedule schedule) {
        this(schedule, 0.9, 0.999, 1e-8);
    }

    public Adam(Schedule schedule, double b1, double b2, double eps) {
        Checks.notNull("schedule", schedule);
        if (!(b1 >= 0 && b1 < 1)) {
            throw new IllegalArgumentException("b1 must be in [0, 1), got " + b1);
        }
        if (!(b2 >= 0 && b2 < 1)) {
            throw new IllegalArgumentException("b2 must be in [0, 1), got " + b2);
        }
        // eps keeps m̂ / (√v̂ + eps) defined when a gradient is exactly zero (0/0 otherwise), also
        // in float arithmetic, where it must not round to 0.
        if (!((float) eps > 0) || !Float.isFinite((float) eps)) {
            throw new IllegalArgumentException("eps must be > 0 and finite, also as a float (from "
                    + Float.MIN_VALUE + " to " + Float.MAX_VALUE + "), got " + eps);
        }
        this.schedule = schedule;
        this.b1 = b1;
        this.b2 = b2;
        this.eps = eps;
        this.step = new AdamStep(b1, b2, eps);
    }

    /** The learning rate of the next update. */
    public double learningRate() {
        return schedule.at(count);
    }

    /** Number of updates applied so far. */
    public int count() {
        return count;
    }

    /** Applies one update to {@code params} in place, given gradients with the same names. */
    public void update(Params params, Params grads) {
        double learningRate = schedule.at(count);
        if (!(learningRate >= 0) || Double.isInfinite(learningRate)) {
            throw new IllegalStateException("the schedule gave learning rate " + learningRate + " for update " + count);
        }
        count++;
        double c1 = 1 - Math.pow(b1, count);
        double c2 = 1 - Math.pow(b2, count);
        for (Map.Entry<String, INDArray> e : params.asMap().entrySet()) {
            String name = e.getKey();
            INDArray p = e.getValue();
            INDArray g = grads.get(name);
            if (g == null || g.length() != p.length()) {
                throw new IllegalArgumentException("grads: '" + name + "' is missing or has the wrong shape");
            }
            step.update(name, p, g, learningRate, c1, c2);
        }
    }
}
