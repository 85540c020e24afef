package scoremodels.data;

import java.util.Locale;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import scoremodels.models.ScoreFunction;

/**
 * The true score ∇ₓ log p_t(x) of a data generator's distribution noised to time t (x + √t·ε),
 * for the chapter's three datasets: what a perfect score model would return.
 *
 * <p>Each generator draws a half (probability ½), a point on that half's curve (uniform in angle)
 * or its cluster centre, and isotropic Gaussian noise of variance σ². Noised to time t that is a
 * mixture of Gaussians N(c, (σ² + t)·I) over the points c of the curves, so the score is
 * Σ_c w_c(x) (c − x) / (σ² + t) with softmax weights w_c. Along a curve the mixture is an integral
 * over the angle, taken with the midpoint rule at a spacing of half the noise's standard deviation
 * or less: for a Gaussian, the rule's relative error then falls like exp(−2π²·4) (Poisson summation),
 * far below float precision.
 *
 * <ul>
 *   <li>gaussians: centres (0, 0) and (10, 10), σ² = 1;</li>
 *   <li>moons: the two half circles of {@code make_moons} scaled by 10, σ = 0.1 · 10;</li>
 *   <li>circles: circles of radius 10 and 2 ({@code make_circles}, factor 0.2, scaled by 10),
 *       σ = 0.01 · 10.</li>
 * </ul>
 */
public final class ExactScore implements ScoreFunction {
    private final double[][] centres; // [K][2]
    private final double[] logWeights; // [K]: log of each centre's mixture weight
    private final double variance;    // σ²

    private ExactScore(double[][] centres, double[] logWeights, double variance) {
        this.centres = centres;
        this.logWeights = logWeights;
        this.variance = variance;
    }

    /** The exact score of {@link Datasets#load(String, int, Key)}'s generator for {@code name}. */
    public static ExactScore of(String name) {
        switch (Datasets.normalise(name)) {
            case "gaussians":
                return new ExactScore(new double[][] {{0, 0}, {10, 10}}, new double[] {Math.log(0.5), Math.log(0.5)}, 1.0);
            case "moons":
                return curves(1.0, 10 * Math.PI, Math.PI, (half, th) -> half == 0
                        ? new double[] {10 * Math.cos(th), 10 * Math.sin(th)}
                        : new double[] {10 * (1 - Math.cos(th)), 10 * (1 - Math.sin(th) - 0.5)});
            default: // circles
                return curves(0.1, 2 * Math.PI * 10, 2 * Math.PI, (half, th) -> {
                    double r = half == 0 ? 10 : 2;
                    return new double[] {r * Math.cos(th), r * Math.sin(th)};
                });
        }
    }

    /**
     * The exact score of the points x [N, 2] themselves, noised to time t: the mixture of N(x_i, t·I)
     * with equal weights. Trained on these N points, denoising score matching converges to this
     * score (it is the loss's minimiser), so it is the best any model trained on them can do.
     * Defined for t &gt; 0 only.
     */
    public static ExactScore ofPoints(INDArray x) {
        if (x == null || x.rank() != 2 || x.columns() != 2 || x.rows() < 1) {
            throw new IllegalArgumentException("x must be an [N, 2] array with N >= 1, got "
                    + (x == null ? "null" : java.util.Arrays.toString(x.shape())));
        }
        double[][] c = x.castTo(DataType.DOUBLE).toDoubleMatrix();
        for (double[] row : c) {
            if (!Double.isFinite(row[0]) || !Double.isFinite(row[1])) {
                throw new IllegalArgumentException("x holds a non-finite value: " + java.util.Arrays.toString(row));
            }
        }
        double[] lw = new double[c.length];
        java.util.Arrays.fill(lw, -Math.log(c.length));
        return new ExactScore(c, lw, 0.0);
    }

    private interface Curve {
        double[] at(int half, double angle);
    }

    /**
     * Two curves over angles [0, span), each with weight ½, noise standard deviation {@code sd};
     * nodes spaced at most sd / 2 along the longer curve (length {@code longest}).
     */
    private static ExactScore curves(double sd, double longest, double span, Curve curve) {
        int q = (int) Math.ceil(longest / (0.5 * sd));
        double[][] c = new double[2 * q][];
        double[] lw = new double[2 * q];
        for (int half = 0; half < 2; half++) {
            for (int k = 0; k < q; k++) {
                c[half * q + k] = curve.at(half, span * (k + 0.5) / q);
                lw[half * q + k] = Math.log(0.5 / q);
            }
        }
        return new ExactScore(c, lw, sd * sd);
    }

    @Override
    public INDArray apply(INDArray x, INDArray t) {
        if (x == null || x.rank() != 2 || x.columns() != 2) {
            throw new IllegalArgumentException("x must be an [N, 2] array, got "
                    + (x == null ? "null" : java.util.Arrays.toString(x.shape())));
        }
        if (t == null || t.length() != x.rows()) {
            throw new IllegalArgumentException("t must hold one time per row of x (" + x.rows() + "), got "
                    + (t == null ? "null" : t.length() + " values"));
        }
        double[][] p = x.castTo(DataType.DOUBLE).toDoubleMatrix();
        double[] ts = t.castTo(DataType.DOUBLE).reshape(t.length()).toDoubleVector();
        double[][] out = new double[p.length][];
        double[] lw = new double[centres.length];
        for (int i = 0; i < p.length; i++) {
            if (!(ts[i] >= 0) || Double.isInfinite(ts[i]) || (variance == 0 && ts[i] == 0)) {
                throw new IllegalArgumentException("t must be finite and " + (variance == 0 ? "> 0" : ">= 0")
                        + ", got " + ts[i] + " at row " + i);
            }
            out[i] = scoreAt(p[i][0], p[i][1], variance + ts[i], lw);
        }
        return Nd4j.createFromArray(out).castTo(x.dataType());
    }

    /** Σ_c w_c (c − x) / v with w the softmax of log weight − |x − c|² / 2v (largest term first subtracted). */
    private double[] scoreAt(double x1, double x2, double v, double[] lw) {
        double best = Double.NEGATIVE_INFINITY;
        for (int k = 0; k < centres.length; k++) {
            double d1 = x1 - centres[k][0];
            double d2 = x2 - centres[k][1];
            lw[k] = logWeights[k] - (d1 * d1 + d2 * d2) / (2 * v);
            best = Math.max(best, lw[k]);
        }
        double sum = 0;
        double s1 = 0;
        double s2 = 0;
        for (int k = 0; k < centres.length; k++) {
            double w = Math.exp(lw[k] - best);
            sum += w;
            s1 += w * centres[k][0];
            s2 += w * centres[k][1];
        }
        return new double[] {(s1 / sum - x1) / v, (s2 / sum - x2) / v};
    }

    @Override
    public String toString() {
        return String.format(Locale.ROOT, "ExactScore(%d Gaussians, σ² = %s)", centres.length, variance);
    }
}
