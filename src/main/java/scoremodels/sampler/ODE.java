package scoremodels.sampler;

import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * The chapter's {@code ODE} module: integrate a drift through save times and return every
 * trajectory at every save time.
 *
 * <p>{@code new ODE(drift).solve(ts, y0s)} does what the chapter's {@code ode(ts, y0)} does for
 * each row of y0s: Tsit5 from ts[0] to ts[T−1] with constant steps dt0 = ts[1] − ts[0], dense
 * output, evaluated at ts. Here the whole batch [n, D] is integrated at once.
 */
public final class ODE {
    private final Drift drift;

    public ODE(Drift drift) {
        if (drift == null) {
            throw new IllegalArgumentException("drift must not be null");
        }
        this.drift = drift;
    }

    /** Tsit5 with dt0 = ts[1] − ts[0], the chapter's settings. */
    public Trajectories solve(double[] ts, INDArray y0s) {
        States.requireDiffusionTimes(ts, "ts");
        return solve(ts, y0s, Solver.TSIT5, ts[1] - ts[0]);
    }

    /** Constant steps of dt0 with the given solver. */
    public Trajectories solve(double[] ts, INDArray y0s, Solver solver, double dt0) {
        return solve(ts, y0s, solver, dt0, null);
    }

    /**
     * Adaptive steps (first trial step dt0) when {@code controller} is not null. The times ts
     * are diffusion times: finite, >= 0, strictly monotonic.
     */
    public Trajectories solve(double[] ts, INDArray y0s, Solver solver, double dt0,
            PIController controller) {
        States.requireDiffusionTimes(ts, "ts");
        Solution sol = DiffEqSolve.solve(drift, solver, ts[0], ts[ts.length - 1], dt0, y0s,
                controller, DiffEqSolve.DEFAULT_MAX_STEPS);
        return new Trajectories(sol.evaluate(ts), ts);
    }
}
