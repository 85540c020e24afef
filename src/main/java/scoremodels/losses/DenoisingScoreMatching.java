package scoremodels.losses;

import java.util.Arrays;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import scoremodels.models.SdeScoreModel;

/**
 * Denoising score matching (Vincent, 2011): regress the model onto the score of the noising
 * kernel instead of matching the data score directly.
 *
 * <p>A point x̃ = x + √t·ε drawn from N(x, t·I) has kernel score −(x̃ − x)/t, so the objective is
 * Σ_k t_k · mean over the level's rows of ½|s(x̃, t_k) + (x̃ − x)/t_k|² — weighted by t_k as the
 * chapter weights its own loss, which keeps every level's term of order one. No Jacobian is needed,
 * so a step costs a third of the Hyvärinen loss's.
 */
public final class DenoisingScoreMatching implements Objective {
    private final Batch batch;
    private final double[] target;
    private final double l2Coefficient;
    private Workspace work;

    private DenoisingScoreMatching(Batch batch, double[] target, double l2Coefficient) {
        Checks.l2(l2Coefficient);
        this.batch = batch;
        this.target = target;
        this.l2Coefficient = l2Coefficient;
    }

    /**
     * @param x             the clean data [N, D]
     * @param noisedDatas   its noised copies [T, N, D], row for row
     * @param ts            the noise variance of each level [T], all > 0
     * @param l2Coefficient multiplier of Σθ²
     */
    public static DenoisingScoreMatching joint(INDArray x, INDArray noisedDatas, double[] ts, double l2Coefficient) {
        Checks.points("x", x);
        Batch batch = Batch.joint(noisedDatas, ts);
        int n = (int) noisedDatas.size(1);
        int d = (int) noisedDatas.size(2);
        if (x.rows() != n || x.columns() != d) {
            throw new IllegalArgumentException("x must have shape [" + n + ", " + d + "] like each level of noisedDatas, got "
                    + Arrays.toString(x.shape()));
        }
        for (int k = 0; k < ts.length; k++) {
            if (!(ts[k] > 0)) {
                throw new IllegalArgumentException("ts[" + k + "] must be > 0 for denoising score matching, got " + ts[k]);
            }
        }
        double[] clean = x.castTo(DataType.DOUBLE).dup('c').data().asDouble();
        double[] noised = noisedDatas.castTo(DataType.DOUBLE).dup('c').data().asDouble();
        double[] target = new double[noised.length];
        for (int k = 0; k < ts.length; k++) {
            for (int q = 0; q < n * d; q++) {
                int idx = k * n * d + q;
                target[idx] = -(noised[idx] - clean[q]) / ts[k];
            }
        }
        return new DenoisingScoreMatching(batch, target, l2Coefficient);
    }

    @Override
    public ValueAndGrad evaluate(SdeScoreModel model, boolean withGrad) {
        Checks.model(model, batch.dims());
        if (work == null || !work.fits(model, 0)) {
            work = new Workspace(model, batch, 0);
        }
        return work.run(model, null, target, withGrad, l2Coefficient);
    }
}
