package scoremodels.losses;

import java.util.Arrays;
import org.nd4j.linalg.api.ndarray.INDArray;

/** Argument checks shared by the losses: each names the parameter and the offending value. */
final class Checks {
    private Checks() {
    }

    static void points(String name, INDArray x) {
        if (x == null) {
            throw new IllegalArgumentException(name + " must not be null");
        }
        if (x.rank() != 2 || x.rows() == 0 || x.columns() == 0) {
            throw new IllegalArgumentException(name + " must be a non-empty [N, D] array, got shape "
                    + Arrays.toString(x.shape()));
        }
        finite(name, x);
    }

    static void finite(String name, INDArray x) {
        if (x.isNaN().any() || x.isInfinite().any()) {
            throw new IllegalArgumentException(name + " holds NaN or infinite values");
        }
    }

    static void model(scoremodels.models.SdeScoreModel model, int dims) {
        if (model == null) {
            throw new IllegalArgumentException("model must not be null");
        }
        if (model.dataDims() != dims) {
            throw new IllegalArgumentException("model.dataDims (" + model.dataDims()
                    + ") does not match the data's dimension " + dims);
        }
    }

    static void l2(double l2Coefficient) {
        if (!Double.isFinite(l2Coefficient) || l2Coefficient < 0) {
            throw new IllegalArgumentException("l2Coefficient must be finite and >= 0, got " + l2Coefficient);
        }
    }

    static void levels(INDArray noisedDatas, double[] ts) {
        if (noisedDatas == null) {
            throw new IllegalArgumentException("noisedDatas must not be null");
        }
        if (noisedDatas.rank() != 3 || noisedDatas.length() == 0) {
            throw new IllegalArgumentException("noisedDatas must be a non-empty [T, N, D] array, got shape "
                    + Arrays.toString(noisedDatas.shape()));
        }
        if (ts == null || ts.length != noisedDatas.size(0)) {
            throw new IllegalArgumentException("ts must hold one time per level (" + noisedDatas.size(0)
                    + "), got " + (ts == null ? "null" : ts.length + " times"));
        }
        for (int k = 0; k < ts.length; k++) {
            if (!(ts[k] >= 0) || Double.isInfinite(ts[k])) {
                throw new IllegalArgumentException("ts[" + k + "] must be finite and >= 0, got " + ts[k]);
            }
        }
        finite("noisedDatas", noisedDatas);
    }
}
