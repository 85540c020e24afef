package scoremodels.losses;

import org.nd4j.linalg.api.ndarray.INDArray;
import scoremodels.Checks;
import scoremodels.models.SdeScoreModel;

/**
 * The chapter's loss functions under their chapter names (score_models.losses).
 *
 * <p>Shapes: one level's data is [N, D]; all levels together are [T, N, D] with times ts [T].
 */
public final class Losses {
    /** The chapter's scale inside {@code l2_norm}: 0.1 · Σθ². */
    public static final double L2_SCALE = 0.1;

    private Losses() {
    }

    /**
     * Score-matching loss of one noise level: the mean over rows of
     * tr(∂s/∂x) + ½|s|², with s evaluated at time t.
     */
    public static double scoreMatchingLoss(SdeScoreModel model, INDArray x, double t) {
        if (!(t >= 0) || Double.isInfinite(t)) {
            throw new IllegalArgumentException("t must be finite and >= 0, got " + t);
        }
        Checks.points("x", x);
        long n = x.rows();
        double[] times = new double[(int) n];
        double[] weights = new double[(int) n];
        java.util.Arrays.fill(times, t);
        java.util.Arrays.fill(weights, 1.0 / n);
        return new ScoreMatching(x, times, weights, 0.0).value(model);
    }

    /** Σ over levels k of t_k × (level k's score-matching loss): noisedDatas [T, N, D], ts [T]. */
    public static double jointSdeScoreMatchingLoss(SdeScoreModel model, INDArray noisedDatas, double[] ts) {
        return ScoreMatching.joint(noisedDatas, ts, 0.0).value(model);
    }

    /** {@code l2_norm}: 0.1 × the sum of squares of every parameter. */
    public static double l2Norm(SdeScoreModel model) {
        return l2Norm(model, L2_SCALE);
    }

    /** {@code scale} × the sum of squares of every parameter. */
    public static double l2Norm(SdeScoreModel model, double scale) {
        if (!Double.isFinite(scale) || scale < 0) {
            throw new IllegalArgumentException("scale must be finite and >= 0, got " + scale);
        }
        return scale * model.params().sumOfSquares();
    }

    /** Value and gradient of the joint loss alone (the chapter's {@code filter_value_and_grad}). */
    public static ValueAndGrad valueAndGrad(SdeScoreModel model, INDArray noisedDatas, double[] ts) {
        return valueAndGrad(model, noisedDatas, ts, 0.0);
    }

    /**
     * Value and gradient of joint loss + l2Weight × l2Norm(model); the chapter trains with
     * l2Weight = 0.01.
     */
    public static ValueAndGrad valueAndGrad(SdeScoreModel model, INDArray noisedDatas, double[] ts, double l2Weight) {
        if (!Double.isFinite(l2Weight) || l2Weight < 0) {
            throw new IllegalArgumentException("l2Weight must be finite and >= 0, got " + l2Weight);
        }
        return ScoreMatching.joint(noisedDatas, ts, l2Weight * L2_SCALE).valueAndGrad(model);
    }
}
