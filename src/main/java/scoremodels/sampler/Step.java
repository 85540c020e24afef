package scoremodels.sampler;

/**
 * One step of a one-step method from (t0, y0) to (t1, y1), kept for dense output.
 *
 * <p>States are flat row-major [n·D] doubles. {@code error} is the embedded error estimate
 * (null for methods without one); {@code f1} is the drift at (t1, y1) when the method computed
 * it anyway (first-same-as-last), so the next step can reuse it, else null.
 */
abstract class Step {
    final double t0;
    final double t1;
    final double[] y0;
    final double[] y1;
    final double[] error;
    final double[] f1;

    Step(double t0, double t1, double[] y0, double[] y1, double[] error, double[] f1) {
        this.t0 = t0;
        this.t1 = t1;
        this.y0 = y0;
        this.y1 = y1;
        this.error = error;
        this.f1 = f1;
    }

    double h() {
        return t1 - t0;
    }

    /** Writes the dense-output state at t0 + θ·h, θ in [0, 1], into {@code out}. */
    abstract void interpolate(double theta, double[] out);

    /** out = y + h·Σ w_i k_i, the stage sum every Runge–Kutta method is made of. */
    static double[] combine(double[] y, double h, double[] w, double[][] k, int stages) {
        double[] out = new double[y.length];
        for (int j = 0; j < y.length; j++) {
            double s = 0.0;
            for (int i = 0; i < stages; i++) {
                s += w[i] * k[i][j];
            }
            out[j] = y[j] + h * s;
        }
        return out;
    }
}
