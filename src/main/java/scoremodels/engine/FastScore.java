package scoremodels.engine;

import java.util.Arrays;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import scoremodels.Checks;
import scoremodels.models.ScoreFunction;
import scoremodels.models.SdeScoreModel;

/**
 * The score function the samplers call: for an {@link SdeScoreModel}, its forward pass through
 * {@link Forward}, which keeps its buffers from one call to the next; any other score as it is.
 * The samplers evaluate the same model hundreds of times on batches of one size, where the reused
 * buffers and the two-thread split pay.
 */
public final class FastScore {
    private FastScore() {
    }

    public static ScoreFunction of(ScoreFunction score) {
        if (!(score instanceof SdeScoreModel)) {
            return score;
        }
        SdeScoreModel model = (SdeScoreModel) score;
        Forward forward = new Forward();
        return (x, t) -> {
            if (x == null || x.rank() != 2 || x.columns() != model.dataDims()) {
                throw new IllegalArgumentException("x must have shape [N, " + model.dataDims() + "], got "
                        + (x == null ? "null" : Arrays.toString(x.shape())));
            }
            if (t == null || t.length() != x.rows()) {
                throw new IllegalArgumentException("t must hold one time per row of x (" + x.rows()
                        + "), got " + (t == null ? "null" : Arrays.toString(t.shape())));
            }
            Checks.arrayLength("x's rows·widthSize", x.rows(), Math.max(model.widthSize(), model.dataDims() + 1));
            double[] xs = x.castTo(DataType.DOUBLE).dup('c').data().asDouble();
            double[] ts = t.castTo(DataType.DOUBLE).dup('c').data().asDouble();
            Checks.scoreInputs(xs, model.dataDims(), ts);
            return forward.apply(model, xs, ts, (int) x.rows());
        };
    }
}
