package scoremodels.sampler;

import java.util.ArrayList;
import java.util.List;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * The integration loop, Diffrax's {@code diffeqsolve} for ODEs: a whole batch [n, D] moves
 * together from t0 to t1 (either direction), with constant steps of dt0 or adaptive steps.
 *
 * <p>Constant steps: the step boundaries are t0 + i·dt0 (computed from i, so rounding does not
 * accumulate), and the last step is clipped to land exactly on t1. When (t1 − t0)/dt0 is within
 * 1e-9 of a whole number m, the grid has exactly m steps (the last one absorbs the rounding), so
 * {@code dt0 = ts[1] − ts[0]} over a linspace gives one step per save interval, as in Diffrax.
 */
public final class DiffEqSolve {
    /** Diffrax's default {@code max_steps}. */
    public static final int DEFAULT_MAX_STEPS = 4096;

    private DiffEqSolve() {
    }

    /** Constant steps of dt0 with the default step limit. */
    public static Solution solve(Drift drift, Solver solver, double t0, double t1, double dt0,
            INDArray y0) {
        return solve(drift, solver, t0, t1, dt0, y0, null, DEFAULT_MAX_STEPS);
    }

    /**
     * Integrates dy/dt = drift(t, y) from y(t0) = y0 [n, D] to t1.
     *
     * @param dt0 the constant step, or the first trial step when {@code controller} is given;
     *     its sign must point from t0 to t1
     * @param controller null for constant steps, else the adaptive step-size rule
     * @param maxSteps the most steps (accepted and rejected) allowed
     */
    public static Solution solve(Drift drift, Solver solver, double t0, double t1, double dt0,
            INDArray y0, PIController controller, int maxSteps) {
        if (drift == null) {
            throw new IllegalArgumentException("drift must not be null");
        }
        if (solver == null) {
            throw new IllegalArgumentException("solver must not be null");
        }
        if (!Double.isFinite(t0) || !Double.isFinite(t1) || t0 == t1) {
            throw new IllegalArgumentException("need finite t0 != t1, got t0=" + t0 + ", t1=" + t1);
        }
        if (!Double.isFinite(dt0) || dt0 == 0.0) {
            throw new IllegalArgumentException("dt0 must be finite and non-zero, got " + dt0);
        }
        if (Math.signum(dt0) != Math.signum(t1 - t0)) {
            throw new IllegalArgumentException("dt0=" + dt0 + " points the wrong way: it must have"
                    + " the sign of t1 - t0 = " + (t1 - t0));
        }
        if (maxSteps < 1) {
            throw new IllegalArgumentException("maxSteps must be >= 1, got " + maxSteps);
        }
        if (controller != null && !solver.isAdaptive()) {
            throw new IllegalArgumentException("solver " + solver
                    + " has no error estimate, so it cannot take adaptive steps; use constant steps");
        }
        States.requireBatch(y0, "y0");
        BatchDrift f = new BatchDrift(drift, (int) y0.rows(), (int) y0.columns(), y0.dataType());
        double[] y = States.toFlat(y0);
        return controller == null
                ? constant(f, solver, t0, t1, dt0, y, maxSteps)
                : adaptive(f, solver, t0, t1, dt0, y, controller, maxSteps);
    }

    private static Solution constant(BatchDrift f, Solver solver, double t0, double t1, double dt0,
            double[] y, int maxSteps) {
        double ratio = (t1 - t0) / dt0;
        long whole = Math.round(ratio);
        long count = Math.abs(ratio - whole) <= 1e-9 * Math.max(1.0, ratio) ? whole : (long) Math.ceil(ratio);
        if (count > maxSteps) {
            throw new IllegalArgumentException("dt0=" + dt0 + " needs " + count + " steps from t0="
                    + t0 + " to t1=" + t1 + ", more than maxSteps=" + maxSteps);
        }
        if (t0 + dt0 == t0) {
            throw new IllegalArgumentException("dt0=" + dt0 + " is below the resolution of t0=" + t0);
        }
        List<Step> steps = new ArrayList<>((int) count);
        double[] fy = f.apply(t0, y);
        double t = t0;
        for (long i = 1; i <= count; i++) {
            double next = i == count ? t1 : t0 + i * dt0;
            Step s = solver.step(f, t, y, fy, next);
            States.requireFinite(s.y1, f.dims(), "state", s.t1);
            steps.add(s);
            t = next;
            y = s.y1;
            if (i < count) {
                fy = s.f1 != null ? s.f1 : f.apply(t, y);
            }
        }
        return new Solution(steps, t0, t1, f.rows(), f.dims(), f.dataType(), 0, f.evaluations());
    }

    private static Solution adaptive(BatchDrift f, Solver solver, double t0, double t1, double dt0,
            double[] y, PIController controller, int maxSteps) {
        double dir = Math.signum(t1 - t0);
        List<Step> steps = new ArrayList<>();
        double[] fy = f.apply(t0, y);
        double t = t0;
        double h = dt0;
        double previousError = 1.0;
        int attempts = 0;
        int rejected = 0;
        while (dir * (t1 - t) > 0) {
            if (++attempts > maxSteps) {
                throw new IllegalStateException("maxSteps=" + maxSteps + " reached at t=" + t
                        + " before t1=" + t1 + "; loosen rtol/atol or raise maxSteps");
            }
            // Clip the step to t1, and do not leave a sliver shorter than 1e-9 of a step behind.
            boolean last = dir * (t + h - t1) >= -1e-9 * Math.abs(h);
            double next = last ? t1 : t + h;
            if (next == t) {
                throw new IllegalStateException("step size underflow: dt=" + h + " at t=" + t
                        + " no longer moves time; the drift is too stiff for rtol="
                        + controller.rtol() + ", atol=" + controller.atol());
            }
            Step s = solver.step(f, t, y, fy, next);
            double error = controller.scaledError(s, f.dims());
            boolean accepted = error <= 1.0 && allFinite(s.y1);
            double factor = Double.isFinite(error)
                    ? controller.factor(error, previousError, solver.order(), accepted)
                    : 0.2;
            if (accepted) {
                steps.add(s);
                t = next;
                y = s.y1;
                previousError = Math.max(error, 1e-10);
                if (dir * (t1 - t) > 0) {
                    fy = s.f1 != null ? s.f1 : f.apply(t, y);
                }
            } else {
                rejected++;
            }
            h = (next - s.t0) * factor;
            if (Math.abs(h) < 1e-14 * Math.max(1.0, Math.abs(t))) {
                throw new IllegalStateException("step size underflow: dt=" + h + " at t=" + t
                        + " for rtol=" + controller.rtol() + ", atol=" + controller.atol());
            }
        }
        return new Solution(steps, t0, t1, f.rows(), f.dims(), f.dataType(), rejected,
                f.evaluations());
    }

    private static boolean allFinite(double[] y) {
        for (double v : y) {
            if (!Double.isFinite(v)) {
                return false;
            }
        }
        return true;
    }
}
