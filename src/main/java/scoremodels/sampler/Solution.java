package scoremodels.sampler;

import java.util.List;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import scoremodels.Checks;

/**
 * The result of {@link DiffEqSolve#solve}: every accepted step, so the solution can be evaluated
 * anywhere in [t0, t1] (Diffrax's {@code SaveAt(dense=True)} and {@code sol.evaluate}).
 */
public final class Solution {
    private final List<Step> steps;
    private final double t0;
    private final double t1;
    private final int n;
    private final int d;
    private final DataType type;
    private final int rejected;
    private final long evaluations;

    Solution(List<Step> steps, double t0, double t1, int n, int d, DataType type, int rejected,
            long evaluations) {
        this.steps = List.copyOf(steps);
        this.t0 = t0;
        this.t1 = t1;
        this.n = n;
        this.d = d;
        this.type = type;
        this.rejected = rejected;
        this.evaluations = evaluations;
    }

    public double t0() {
        return t0;
    }

    public double t1() {
        return t1;
    }

    /** Accepted steps. */
    public int numSteps() {
        return steps.size();
    }

    /** Steps the controller rejected (always 0 with constant steps). */
    public int numRejected() {
        return rejected;
    }

    /** Calls of the drift, one per batch evaluation. */
    public long numDriftEvaluations() {
        return evaluations;
    }

    /** The times where steps ended, t0 first and t1 last. */
    public double[] stepTimes() {
        double[] out = new double[steps.size() + 1];
        out[0] = t0;
        for (int i = 0; i < steps.size(); i++) {
            out[i + 1] = steps.get(i).t1;
        }
        return out;
    }

    /** The state at t1, [n, D]. */
    public INDArray ys() {
        return States.toArray(steps.get(steps.size() - 1).y1, n, d, type);
    }

    /** The dense solution at time t in [t0, t1], [n, D]. */
    public INDArray evaluate(double t) {
        return States.toArray(evaluateFlat(t), n, d, type);
    }

    /** The dense solution at every time of ts, stacked as [n, T, D] (trajectory, time, dim). */
    public INDArray evaluate(double[] ts) {
        if (ts == null || ts.length == 0) {
            throw new IllegalArgumentException("ts must hold at least one time, got "
                    + (ts == null ? "null" : "[]"));
        }
        int tn = ts.length;
        double[] out = new double[Checks.arrayLength("n·T·D (points·times·dimensions)", n, tn, d)];
        for (int k = 0; k < tn; k++) {
            double[] y = evaluateFlat(ts[k]);
            for (int r = 0; r < n; r++) {
                System.arraycopy(y, r * d, out, (r * tn + k) * d, d);
            }
        }
        INDArray a = Nd4j.createFromArray(out).reshape('c', n, tn, d);
        return type == DataType.DOUBLE ? a : a.castTo(type);
    }

    double[] evaluateFlat(double t) {
        double dir = Math.signum(t1 - t0);
        // Allow a rounding-sized overshoot at either end, e.g. from linspace arithmetic.
        double slack = 1e-12 * Math.max(1.0, Math.max(Math.abs(t0), Math.abs(t1)));
        double u = dir * (t - t0);
        double span = dir * (t1 - t0);
        if (!Double.isFinite(t) || u < -slack || u > span + slack) {
            throw new IllegalArgumentException("t=" + t + " lies outside the solved interval ["
                    + Math.min(t0, t1) + ", " + Math.max(t0, t1) + "]");
        }
        Step s = locate(u, dir);
        if (t == s.t0) {
            return s.y0.clone();
        }
        if (t == s.t1) {
            return s.y1.clone();
        }
        double theta = Math.min(1.0, Math.max(0.0, (t - s.t0) / s.h()));
        double[] out = new double[s.y0.length];
        s.interpolate(theta, out);
        return out;
    }

    /** The last step whose start is not after u (u measured from t0 along the direction). */
    private Step locate(double u, double dir) {
        int lo = 0;
        int hi = steps.size() - 1;
        while (lo < hi) {
            int mid = (lo + hi + 1) >>> 1;
            if (dir * (steps.get(mid).t0 - t0) <= u) {
                lo = mid;
            } else {
                hi = mid - 1;
            }
        }
        return steps.get(lo);
    }
}
