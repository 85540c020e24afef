package scoremodels.evaluation;

import org.nd4j.linalg.api.ndarray.INDArray;
import scoremodels.losses.DenoisingScoreMatching;
import scoremodels.losses.Losses;
import scoremodels.losses.Objective;
import scoremodels.losses.ScoreMatching;
import scoremodels.losses.SlicedScoreMatching;
import scoremodels.random.Key;

/** The three training losses the notebooks compare, each with the chapter's 0.01 · l2Norm. */
public enum TrainingLoss {
    /** The chapter's loss: trace of the Jacobian plus half the squared score. */
    HYVARINEN,
    /**
     * Regression onto the score of the noising kernel, no Jacobian; fresh noise and a fresh
     * log-uniform t in [0.001, 10] for every row and step, and no l2 penalty: pulling the weights
     * towards zero blurs the learned densities (docs/performance.md has the comparison).
     */
    DENOISING,
    /** The trace replaced by vᵀJv for one random direction per row and step. */
    SLICED;

    static final double L2_WEIGHT = 0.01;

    /** The objective over the chapter's levels: clean data X [N, D], noisedDatas [T, N, D], ts [T]. */
    public Objective of(INDArray x, INDArray noisedDatas, double[] ts, Key key) {
        double l2 = L2_WEIGHT * Losses.L2_SCALE;
        switch (this) {
            case HYVARINEN:
                return ScoreMatching.joint(noisedDatas, ts, l2);
            case DENOISING:
                return DenoisingScoreMatching.freshNoise(x, ts[0], ts[ts.length - 1], ts.length, key, 0);
            default:
                return SlicedScoreMatching.joint(noisedDatas, ts, 1, key, l2);
        }
    }

    public String label() {
        return name().charAt(0) + name().substring(1).toLowerCase(java.util.Locale.ROOT);
    }
}
