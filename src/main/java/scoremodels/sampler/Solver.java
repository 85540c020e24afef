package scoremodels.sampler;

/**
 * The one-step methods the integrator offers.
 *
 * <ul>
 *   <li>{@link #TSIT5}: Tsitouras' 5(4) pair (Diffrax's and the chapter's {@code Tsit5}), seven
 *       stages with first-same-as-last, an embedded 4th-order error estimate and Tsitouras'
 *       own 4th-order continuous extension for dense output.</li>
 *   <li>{@link #HEUN}: the explicit trapezoid rule, order 2, with Euler embedded as the error
 *       estimate; dense output by linear interpolation (its O(h²) error matches the order).</li>
 *   <li>{@link #EULER}: order 1, no error estimate (constant steps only); linear dense output.</li>
 * </ul>
 */
public enum Solver {
    TSIT5(5, true),
    HEUN(2, true),
    EULER(1, false);

    private final int order;
    private final boolean adaptive;

    Solver(int order, boolean adaptive) {
        this.order = order;
        this.adaptive = adaptive;
    }

    /** The global order of accuracy: halving the step divides the error by about 2^order. */
    public int order() {
        return order;
    }

    /** Whether the method carries an embedded error estimate, so it can adapt its steps. */
    public boolean isAdaptive() {
        return adaptive;
    }

    /** One step from (t0, y0) to t1; {@code f0} is the drift at (t0, y0). */
    Step step(BatchDrift f, double t0, double[] y0, double[] f0, double t1) {
        switch (this) {
            case TSIT5:
                return Tsit5.step(f, t0, y0, f0, t1);
            case HEUN:
                return LinearStep.heun(f, t0, y0, f0, t1);
            case EULER:
                return LinearStep.euler(t0, y0, f0, t1);
            default:
                throw new IllegalStateException("unknown solver " + this);
        }
    }
}
