package scoremodels.training;

/**
 * A learning rate per update, as optax's schedules: {@link #at} gets the number of updates made
 * before this one (0 for the first), like optax's {@code count}.
 */
@FunctionalInterface
public interface Schedule {
    /** The learning rate of the update that follows {@code count} earlier ones. */
    double at(int count);

    /** The same rate for every update. */
    static Schedule constant(double learningRate) {
        check("learningRate", learningRate);
        return count -> learningRate;
    }

    /**
     * optax's {@code cosine_decay_schedule(peak, decaySteps)}: peak · ½(1 + cos(π·count/decaySteps)),
     * from {@code peak} at the first update down to 0 after {@code decaySteps}, and 0 from then on.
     * The falling rate lets the late updates average out the noise of fresh-noise losses instead
     * of jumping around the minimum at full size.
     */
    static Schedule cosineDecay(double peak, int decaySteps) {
        check("peak", peak);
        if (decaySteps < 1) {
            throw new IllegalArgumentException("decaySteps must be >= 1, got " + decaySteps);
        }
        return count -> peak * 0.5 * (1 + Math.cos(Math.PI * Math.min(count, decaySteps) / decaySteps));
    }

    private static void check(String name, double rate) {
        if (!(rate > 0) || Double.isInfinite(rate)) {
            throw new IllegalArgumentException(name + " must be finite and > 0, got " + rate);
        }
    }
}
