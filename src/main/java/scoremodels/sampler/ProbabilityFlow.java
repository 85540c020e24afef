package scoremodels.sampler;

import java.util.Arrays;
import java.util.function.DoubleUnaryOperator;
import org.nd4j.linalg.api.ndarray.INDArray;
import scoremodels.engine.FastScore;
import scoremodels.models.ScoreFunction;

/**
 * The probability-flow drift dx/dt = f(t, x) − ½·g(t)²·s(x, t) of a forward SDE
 * dx = f dt + g(t) dW with isotropic diffusion g(t)·I and a score s.
 *
 * <p>Two named choices:
 * <ul>
 *   <li>{@link #chapter}: the chapter's f = 0, g = t, so dx/dt = −½·t²·s.</li>
 *   <li>{@link #consistent}: f = 0, g = 1. The noising of section 6.2 adds variance t, which
 *       is the SDE dx = dW, so g² = 1 and dx/dt = −½·s: the flow that actually carries the
 *       noised data at time t back to the data.</li>
 * </ul>
 * The same f, g and score define the reverse-time SDE of {@link ReverseSdeSampler}.
 */
public final class ProbabilityFlow implements Drift {
    private final String name;
    private final Drift f;
    private final DoubleUnaryOperator g;
    private final ScoreFunction score;
    private final ScoreFunction fastScore;

    private ProbabilityFlow(String name, Drift f, DoubleUnaryOperator g, ScoreFunction score) {
        if (score == null) {
            throw new IllegalArgumentException("score must not be null");
        }
        if (g == null) {
            throw new IllegalArgumentException("g must not be null");
        }
        this.name = name;
        this.f = f;
        this.g = g;
        this.score = score;
        this.fastScore = FastScore.of(score);
    }

    /** The chapter's flow: f = 0, g(t) = t, drift −½·t²·s. */
    public static ProbabilityFlow chapter(ScoreFunction score) {
        return new ProbabilityFlow("chapter", null, t -> t, score);
    }

    /** The flow consistent with noise of variance t: f = 0, g = 1, drift −½·s. */
    public static ProbabilityFlow consistent(ScoreFunction score) {
        return new ProbabilityFlow("consistent", null, t -> 1.0, score);
    }

    /** Any drift f (null for zero) and scalar diffusion g(t). */
    public static ProbabilityFlow of(Drift f, DoubleUnaryOperator g, ScoreFunction score) {
        return new ProbabilityFlow("custom", f, g, score);
    }

    public String name() {
        return name;
    }

    /** The forward drift f, or null when it is zero. */
    public Drift f() {
        return f;
    }

    /** The scalar diffusion g(t). */
    public DoubleUnaryOperator g() {
        return g;
    }

    public ScoreFunction score() {
        return score;
    }

    /** g(t), checked to be finite. */
    public double diffusion(double t) {
        double v = g.applyAsDouble(t);
        if (!Double.isFinite(v)) {
            throw new IllegalStateException("diffusion g(t) is not finite (" + v + ") at t=" + t);
        }
        return v;
    }

    /** The score at (y, t), checked to have y's shape, in y's data type. */
    public INDArray scoreAt(double t, INDArray y) {
        INDArray s = fastScore.apply(y, t);
        if (s == null || !Arrays.equals(s.shape(), y.shape())) {
            throw new IllegalArgumentException("score output shape "
                    + (s == null ? "null" : Arrays.toString(s.shape())) + " differs from the state "
                    + "shape " + Arrays.toString(y.shape()) + " at t=" + t);
        }
        return s.dataType() == y.dataType() ? s : s.castTo(y.dataType());
    }

    /** The forward drift at (t, y), zero when f is not set. */
    public INDArray forwardDrift(double t, INDArray y) {
        if (f == null) {
            return y.like().assign(0.0);
        }
        INDArray v = f.apply(t, y);
        if (v == null || !Arrays.equals(v.shape(), y.shape())) {
            throw new IllegalArgumentException("f output shape "
                    + (v == null ? "null" : Arrays.toString(v.shape())) + " differs from the state "
                    + "shape " + Arrays.toString(y.shape()) + " at t=" + t);
        }
        return v.dataType() == y.dataType() ? v : v.castTo(y.dataType());
    }

    @Override
    public INDArray apply(double t, INDArray y) {
        double gt = diffusion(t);
        INDArray drift = scoreAt(t, y).mul(-0.5 * gt * gt);
        return f == null ? drift : drift.addi(forwardDrift(t, y));
    }

    @Override
    public String toString() {
        return "ProbabilityFlow(" + name + ")";
    }
}
