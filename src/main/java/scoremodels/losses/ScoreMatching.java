package scoremodels.losses;

import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.indexing.INDArrayIndex;
import org.nd4j.linalg.indexing.NDArrayIndex;
import scoremodels.models.Activation;
import scoremodels.models.Params;
import scoremodels.models.SdeScoreModel;

/**
 * The chapter's (Hyvärinen) score-matching objective on a fixed batch, with its exact gradient.
 *
 * <p>Per row r with time t_r the model gives s = s(x_r, t_r) and the objective is
 * Σ_r w_r (tr ∂s/∂x + ½|s|²) + l2Weight · l2Scale · Σθ². For the chapter's joint loss the weight of
 * a row of level k is t_k / N_k (the level's mean, weighted by its t).
 *
 * <p>How the trace is differentiated: the D columns of the input Jacobian are carried forward as
 * tangents (forward mode), stacked under the primal rows so that each hidden layer is one
 * matrix product on (D + 1)·M rows; the backward pass then runs through primal and tangent rows
 * together. The only second-order term, σ''(z) times the tangent, enters where the tangent went
 * through the activation. Everything is exact, in the model's floating type.
 *
 * <p>An instance keeps the batch and reuses its buffers: build it once and call
 * {@link #valueAndGrad} every training step. The gradient arrays it returns are those buffers,
 * valid until the next call; copy them to keep them.
 */
public final class ScoreMatching {
    private final int rows;        // M
    private final int dims;        // D
    private final INDArray input;  // [M, D+1] = x ‖ t
    private final INDArray weight; // [M, 1]
    private final double l2Coefficient;
    private Workspace work;
    private TwoLayerWorkspace twoLayer;

    /**
     * @param x             points [M, D]
     * @param t             time of each row [M]
     * @param rowWeight     weight of each row [M]
     * @param l2Coefficient multiplier of Σθ² added to the objective (chapter: 0.01 · 0.1)
     */
    public ScoreMatching(INDArray x, INDArray t, INDArray rowWeight, double l2Coefficient, DataType type) {
        Checks.points("x", x);
        this.rows = (int) x.rows();
        this.dims = (int) x.columns();
        if (t == null || t.length() != rows) {
            throw new IllegalArgumentException("t must hold one time per row (" + rows + "), got "
                    + (t == null ? "null" : Arrays.toString(t.shape())));
        }
        if (rowWeight == null || rowWeight.length() != rows) {
            throw new IllegalArgumentException("rowWeight must hold one weight per row (" + rows + "), got "
                    + (rowWeight == null ? "null" : Arrays.toString(rowWeight.shape())));
        }
        Checks.finite("t", t);
        Checks.finite("rowWeight", rowWeight);
        if (!Double.isFinite(l2Coefficient) || l2Coefficient < 0) {
            throw new IllegalArgumentException("l2Coefficient must be finite and >= 0, got " + l2Coefficient);
        }
        this.input = Nd4j.hstack(x.castTo(type), t.reshape(rows, 1).castTo(type));
        this.weight = rowWeight.reshape(rows, 1).castTo(type).dup();
        this.l2Coefficient = l2Coefficient;
    }

    /**
     * The chapter's joint objective over noise levels: noisedDatas [T, N, D] with times ts [T];
     * level k's rows weigh t_k / N. {@code l2Coefficient} multiplies Σθ².
     */
    public static ScoreMatching joint(INDArray noisedDatas, double[] ts, double l2Coefficient, DataType type) {
        Checks.levels(noisedDatas, ts);
        int levels = ts.length;
        int n = (int) noisedDatas.size(1);
        int d = (int) noisedDatas.size(2);
        INDArray x = noisedDatas.reshape('c', (long) levels * n, d);
        double[] t = new double[levels * n];
        double[] w = new double[levels * n];
        for (int k = 0; k < levels; k++) {
            for (int r = 0; r < n; r++) {
                t[k * n + r] = ts[k];
                w[k * n + r] = ts[k] / n;
            }
        }
        return new ScoreMatching(x, Nd4j.createFromArray(t), Nd4j.createFromArray(w), l2Coefficient, type);
    }

    public int rows() {
        return rows;
    }

    /** The objective alone (a forward pass with tangents, no backward pass). */
    public double value(SdeScoreModel model) {
        return pass(model, false).value();
    }

    /** The objective and its exact gradient for every parameter of {@code model}. */
    public ValueAndGrad valueAndGrad(SdeScoreModel model) {
        return pass(model, true);
    }

    private ValueAndGrad pass(SdeScoreModel model, boolean withGrad) {
        if (model.dataDims() != dims) {
            throw new IllegalArgumentException("model.dataDims (" + model.dataDims()
                    + ") does not match the data's dimension " + dims);
        }
        if (model.depth() == 0) {
            INDArray in = input.castTo(model.dataType());
            INDArray w = weight.castTo(model.dataType());
            double l2 = l2Coefficient * model.params().sumOfSquares();
            return linearModel(model, in, w, l2, withGrad);
        }
        if (model.depth() == 2) {
            if (twoLayer == null || !twoLayer.fits(model)) {
                twoLayer = new TwoLayerWorkspace(model, input, weight, rows, dims);
            }
            return twoLayer.bind(model).run(model, withGrad, l2Coefficient);
        }
        if (work == null || !work.fits(model)) {
            work = new Workspace(model, input, weight, rows, dims);
        }
        return work.run(model, withGrad, l2Coefficient);
    }

    /** depth 0: s = [x, t] W_0ᵀ + b_0, whose Jacobian trace is Σ_i W_0[i, i]. */
    private ValueAndGrad linearModel(SdeScoreModel model, INDArray in, INDArray w, double l2, boolean withGrad) {
        INDArray w0 = model.weight(0);
        INDArray s = in.mmul(w0.transpose()).addiRowVector(model.bias(0));
        double trace = 0;
        for (int i = 0; i < dims; i++) {
            trace += w0.getDouble(i, i);
        }
        double sumW = w.sumNumber().doubleValue();
        double value = s.mul(s).sum(true, 1).muli(0.5).mul(w).sumNumber().doubleValue() + trace * sumW + l2;
        if (!withGrad) {
            return new ValueAndGrad(value, null);
        }
        INDArray gs = s.mulColumnVector(w);
        INDArray gW = gs.transpose().mmul(in);
        for (int i = 0; i < dims; i++) {
            gW.putScalar(i, i, gW.getDouble(i, i) + sumW);
        }
        Map<String, INDArray> grads = new LinkedHashMap<>();
        grads.put("layers.0.weight", addL2(gW, w0));
        grads.put("layers.0.bias", addL2(gs.sum(0).reshape(model.bias(0).shape()), model.bias(0)));
        return new ValueAndGrad(value, new Params(grads));
    }

    private INDArray addL2(INDArray grad, INDArray param) {
        return l2Coefficient == 0 ? grad : grad.addi(param.mul(2 * l2Coefficient));
    }

    static INDArrayIndex[] rowBlock(int block, int m) {
        return new INDArrayIndex[] {NDArrayIndex.interval((long) block * m, (long) (block + 1) * m), NDArrayIndex.all()};
    }
}
