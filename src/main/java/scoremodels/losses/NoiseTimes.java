package scoremodels.losses;

/**
 * How {@link DenoisingScoreMatching#freshNoise} draws each row's noise time t: a map from a
 * uniform number u in [0, 1) to a time (the inverse of the distribution function).
 *
 * <p>The choice decides where the model gets its practice. Log-uniform times spend as many rows
 * on [0.001, 0.01] as on [1, 10], which sharpens the score near the data (what the samplers'
 * last steps need); uniform times spend nine rows in ten on t ≥ 1, where the chapter's noise
 * levels lie and where the denoising target is noisiest.
 */
@FunctionalInterface
public interface NoiseTimes {
    /** The time for the uniform number {@code u} in [0, 1). */
    double at(double u);

    /** log t uniform on [log tMin, log tMax]. */
    static NoiseTimes logUniform(double tMin, double tMax) {
        check(tMin, tMax);
        double logRatio = Math.log(tMax / tMin);
        return u -> tMin * Math.exp(logRatio * u);
    }

    /** t uniform on [tMin, tMax]. */
    static NoiseTimes uniform(double tMin, double tMax) {
        check(tMin, tMax);
        return u -> tMin + (tMax - tMin) * u;
    }

    /** Half the rows (u < ½) log-uniform and half uniform, both on [tMin, tMax]. */
    static NoiseTimes halfLogHalfUniform(double tMin, double tMax) {
        NoiseTimes log = logUniform(tMin, tMax);
        NoiseTimes lin = uniform(tMin, tMax);
        return u -> u < 0.5 ? log.at(2 * u) : lin.at(2 * u - 1);
    }

    private static void check(double tMin, double tMax) {
        if (!(tMin > 0) || !(tMax > tMin) || Double.isInfinite(tMax)) {
            throw new IllegalArgumentException("need finite 0 < tMin < tMax, got tMin=" + tMin + ", tMax=" + tMax);
        }
    }
}
