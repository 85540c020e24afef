package scoremodels.sampler;

import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import scoremodels.Checks;
import scoremodels.random.Key;

/**
 * Sampling by the reverse-time SDE dx = [f − g²·s] dt + g dW̄, run from t = ts[0] down to
 * ts[T−1] with Euler–Maruyama (the predictor), optionally followed by Langevin corrector steps.
 *
 * <p>Predictor, over a step from t to t + Δt (Δt &lt; 0):
 * x ← x + [f(t, x) − g(t)²·s(x, t)]·Δt + g(t)·√|Δt|·z.
 *
 * <p>Corrector (Song et al. 2021, predictor–corrector sampling), at the new time t':
 * x ← x + ε·s(x, t') + √(2ε)·z with ε = 2·(r·‖z‖ / ‖s‖)², where ‖·‖ is the per-point
 * Euclidean norm averaged over the batch and r the signal-to-noise ratio (default 0.16). The
 * rule makes the noise a fixed fraction r of the score step, whatever the noise level.
 *
 * <p>Randomness: the key is split into one key per save interval, each into one per sub-step,
 * and each of those into one key for the predictor's noise and one per corrector step. Same key,
 * same samples.
 */
public final class ReverseSdeSampler {
    private final ProbabilityFlow flow;
    private final int substeps;
    private final int correctorSteps;
    private final double snr;

    /** Euler–Maruyama with one step per save interval and no corrector. */
    public ReverseSdeSampler(ProbabilityFlow flow) {
        this(flow, 1, 0, 0.16);
    }

    private ReverseSdeSampler(ProbabilityFlow flow, int substeps, int correctorSteps, double snr) {
        if (flow == null) {
            throw new IllegalArgumentException("flow must not be null");
        }
        if (substeps < 1) {
            throw new IllegalArgumentException("substeps must be >= 1, got " + substeps);
        }
        if (correctorSteps < 0) {
            throw new IllegalArgumentException("correctorSteps must be >= 0, got " + correctorSteps);
        }
        if (!(snr > 0) || !Double.isFinite(snr)) {
            throw new IllegalArgumentException("snr must be finite and > 0, got " + snr);
        }
        this.flow = flow;
        this.substeps = substeps;
        this.correctorSteps = correctorSteps;
        this.snr = snr;
    }

    /** Splits every save interval into {@code substeps} equal Euler–Maruyama steps. */
    public ReverseSdeSampler withSubsteps(int substeps) {
        return new ReverseSdeSampler(flow, substeps, correctorSteps, snr);
    }

    /** Adds {@code steps} Langevin corrector steps after every predictor step. */
    public ReverseSdeSampler withCorrector(int steps, double snr) {
        return new ReverseSdeSampler(flow, substeps, steps, snr);
    }

    public int substeps() {
        return substeps;
    }

    public int correctorSteps() {
        return correctorSteps;
    }

    /**
     * Runs the reverse SDE from y0s [n, D] at ts[0] through the strictly decreasing times ts
     * (each >= 0), recording the batch at each of them.
     */
    public Trajectories sample(double[] ts, INDArray y0s, Key key) {
        States.requireDiffusionTimes(ts, "ts");
        if (ts[1] > ts[0]) {
            throw new IllegalArgumentException("ts must decrease (reverse time runs from noise to "
                    + "data), got ts[0]=" + ts[0] + ", ts[1]=" + ts[1]);
        }
        if (key == null) {
            throw new IllegalArgumentException("key must not be null");
        }
        States.requireBatch(y0s, "y0s");
        int n = (int) y0s.rows();
        int d = (int) y0s.columns();
        DataType type = y0s.dataType();
        int tn = ts.length;
        double[] x = States.toFlat(y0s);
        double[] out = new double[Checks.arrayLength("n·T·D (points·times·dimensions)", n, tn, d)];
        record(out, x, 0, n, tn, d);
        Key[] intervalKeys = key.split(tn - 1);
        for (int i = 0; i + 1 < tn; i++) {
            Key[] stepKeys = intervalKeys[i].split(substeps);
            double h = (ts[i + 1] - ts[i]) / substeps;
            for (int j = 0; j < substeps; j++) {
                double t = ts[i] + j * h;
                double next = j + 1 == substeps ? ts[i + 1] : ts[i] + (j + 1) * h;
                Key[] noiseKeys = stepKeys[j].split(1 + correctorSteps);
                // Each move is checked before the score sees its result (a model refuses NaN input).
                x = predict(x, t, next - t, noiseKeys[0], n, d, type);
                States.requireFinite(x, d, "state", next);
                for (int c = 0; c < correctorSteps; c++) {
                    x = correct(x, next, noiseKeys[1 + c], n, d, type);
                    States.requireFinite(x, d, "state", next);
                }
            }
            record(out, x, i + 1, n, tn, d);
        }
        INDArray array = Nd4j.createFromArray(out).reshape('c', n, tn, d);
        return new Trajectories(type == DataType.DOUBLE ? array : array.castTo(type), ts);
    }

    private double[] predict(double[] x, double t, double dt, Key key, int n, int d, DataType type) {
        INDArray y = States.toArray(x, n, d, type);
        double g = flow.diffusion(t);
        double[] s = States.toFlat(flow.scoreAt(t, y));
        double[] f = flow.f() == null ? null : States.toFlat(flow.forwardDrift(t, y));
        double[] z = key.normal(x.length);
        double noise = g * Math.sqrt(Math.abs(dt));
        double[] out = new double[x.length];
        for (int j = 0; j < x.length; j++) {
            double drift = (f == null ? 0.0 : f[j]) - g * g * s[j];
            out[j] = x[j] + drift * dt + noise * z[j];
        }
        return out;
    }

    private double[] correct(double[] x, double t, Key key, int n, int d, DataType type) {
        double[] s = States.toFlat(flow.scoreAt(t, States.toArray(x, n, d, type)));
        double[] z = key.normal(x.length);
        double scoreNorm = meanRowNorm(s, n, d);
        if (scoreNorm == 0.0) {
            // A zero score carries no information about where to move; leave x as it is.
            return x;
        }
        double ratio = snr * meanRowNorm(z, n, d) / scoreNorm;
        double eps = 2.0 * ratio * ratio;
        double noise = Math.sqrt(2.0 * eps);
        double[] out = new double[x.length];
        for (int j = 0; j < x.length; j++) {
            out[j] = x[j] + eps * s[j] + noise * z[j];
        }
        return out;
    }

    private static double meanRowNorm(double[] v, int n, int d) {
        double total = 0.0;
        for (int r = 0; r < n; r++) {
            double sq = 0.0;
            for (int c = 0; c < d; c++) {
                sq += v[r * d + c] * v[r * d + c];
            }
            total += Math.sqrt(sq);
        }
        return total / n;
    }

    private static void record(double[] out, double[] x, int k, int n, int tn, int d) {
        for (int r = 0; r < n; r++) {
            System.arraycopy(x, r * d, out, (r * tn + k) * d, d);
        }
    }
}
