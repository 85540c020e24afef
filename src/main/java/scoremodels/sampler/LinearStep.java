package scoremodels.sampler;

/**
 * Euler and Heun steps. Their dense output is the straight line between the two ends: its
 * O(h²) interpolation error is within Euler's O(h) and matches Heun's O(h²) global error.
 */
final class LinearStep extends Step {
    private LinearStep(double t0, double t1, double[] y0, double[] y1, double[] error) {
        super(t0, t1, y0, y1, error, null);
    }

    /** y1 = y0 + h·f(t0, y0). */
    static Step euler(double t0, double[] y0, double[] f0, double t1) {
        double h = t1 - t0;
        double[] y1 = new double[y0.length];
        for (int j = 0; j < y0.length; j++) {
            y1[j] = y0[j] + h * f0[j];
        }
        return new LinearStep(t0, t1, y0, y1, null);
    }

    /**
     * The explicit trapezoid rule: k2 = f(t0 + h, y0 + h·k1), y1 = y0 + h/2·(k1 + k2). The
     * embedded Euler solution differs from it by h/2·(k2 − k1), the error estimate.
     */
    static Step heun(BatchDrift f, double t0, double[] y0, double[] f0, double t1) {
        double h = t1 - t0;
        double[] predictor = new double[y0.length];
        for (int j = 0; j < y0.length; j++) {
            predictor[j] = y0[j] + h * f0[j];
        }
        double[] k2 = f.apply(t1, predictor);
        double[] y1 = new double[y0.length];
        double[] err = new double[y0.length];
        for (int j = 0; j < y0.length; j++) {
            y1[j] = y0[j] + 0.5 * h * (f0[j] + k2[j]);
            err[j] = 0.5 * h * (k2[j] - f0[j]);
        }
        return new LinearStep(t0, t1, y0, y1, err);
    }

    @Override
    void interpolate(double theta, double[] out) {
        for (int j = 0; j < out.length; j++) {
            out[j] = y0[j] + theta * (y1[j] - y0[j]);
        }
    }
}
