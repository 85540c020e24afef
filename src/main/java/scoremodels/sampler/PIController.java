package scoremodels.sampler;

/**
 * Adaptive step sizes from the embedded error estimate, like Diffrax's {@code PIDController}.
 *
 * <p>The scaled error of a step is, per trajectory, the root mean square over its D components
 * of err / (atol + rtol·max(|y0|, |y1|)); because the whole batch shares one step size, the
 * step's error is the largest of these over the rows, so every trajectory meets the tolerance.
 * A step is accepted when that error is at most 1. The next step is
 * h·clip(safety·ε_n^(−β1)·ε_(n−1)^(−β2), factorMin, factorMax) with β1 = (p + i)/k and
 * β2 = −p/k, k the solver's order (the embedded pair's lower order plus one). The defaults are
 * Diffrax's: p = 0, i = 1 (a plain integral controller), safety 0.9, factors in [0.2, 10];
 * {@link #withCoefficients} turns it into a PI controller (e.g. p = 0.4, i = 0.3 for Tsit5).
 */
public final class PIController {
    private final double rtol;
    private final double atol;
    private final double pcoeff;
    private final double icoeff;
    private final double safety;
    private final double factorMin;
    private final double factorMax;

    private PIController(double rtol, double atol, double pcoeff, double icoeff, double safety,
            double factorMin, double factorMax) {
        requirePositive("rtol", rtol);
        requirePositive("atol", atol);
        if (!(pcoeff >= 0) || !Double.isFinite(pcoeff)) {
            throw new IllegalArgumentException("pcoeff must be finite and >= 0, got " + pcoeff);
        }
        requirePositive("icoeff", icoeff);
        if (!(safety > 0 && safety <= 1)) {
            throw new IllegalArgumentException("safety must be in (0, 1], got " + safety);
        }
        if (!(factorMin > 0 && factorMin < 1)) {
            throw new IllegalArgumentException("factorMin must be in (0, 1), got " + factorMin);
        }
        if (!(factorMax > 1) || !Double.isFinite(factorMax)) {
            throw new IllegalArgumentException("factorMax must be finite and > 1, got " + factorMax);
        }
        this.rtol = rtol;
        this.atol = atol;
        this.pcoeff = pcoeff;
        this.icoeff = icoeff;
        this.safety = safety;
        this.factorMin = factorMin;
        this.factorMax = factorMax;
    }

    /** An integral controller with Diffrax's defaults and the given tolerances. */
    public static PIController of(double rtol, double atol) {
        return new PIController(rtol, atol, 0.0, 1.0, 0.9, 0.2, 10.0);
    }

    /** The same tolerances with proportional and integral coefficients p and i. */
    public PIController withCoefficients(double pcoeff, double icoeff) {
        return new PIController(rtol, atol, pcoeff, icoeff, safety, factorMin, factorMax);
    }

    public double rtol() {
        return rtol;
    }

    public double atol() {
        return atol;
    }

    /** The scaled error of a step: max over rows of the RMS of err/(atol + rtol·|y|). */
    double scaledError(Step step, int d) {
        double worst = 0.0;
        int n = step.y0.length / d;
        for (int r = 0; r < n; r++) {
            double sum = 0.0;
            for (int c = 0; c < d; c++) {
                int j = r * d + c;
                double scale = atol + rtol * Math.max(Math.abs(step.y0[j]), Math.abs(step.y1[j]));
                double e = step.error[j] / scale;
                sum += e * e;
            }
            worst = Math.max(worst, Math.sqrt(sum / d));
        }
        return worst;
    }

    /** The factor for the next step size from this step's and the previous step's errors. */
    double factor(double error, double previousError, int order, boolean accepted) {
        if (error == 0.0) {
            return factorMax;
        }
        double beta1 = (pcoeff + icoeff) / order;
        double beta2 = -pcoeff / order;
        double f = safety * Math.pow(error, -beta1) * Math.pow(previousError, -beta2);
        // A rejected step must shrink; an accepted one may grow up to factorMax.
        double hi = accepted ? factorMax : 1.0;
        return Math.min(hi, Math.max(factorMin, f));
    }

    private static void requirePositive(String name, double v) {
        if (!(v > 0) || !Double.isFinite(v)) {
            throw new IllegalArgumentException(name + " must be finite and > 0, got " + v);
        }
    }

    @Override
    public String toString() {
        return "PIController(rtol=" + rtol + ", atol=" + atol + ", pcoeff=" + pcoeff + ", icoeff="
                + icoeff + ")";
    }
}
