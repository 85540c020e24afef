package scoremodels.losses;

import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import scoremodels.Checks;
import scoremodels.engine.Batch;
import scoremodels.engine.ScoreMatchingEngine;
import scoremodels.models.SdeScoreModel;

/**
 * The chapter's (Hyvärinen) score-matching objective on a fixed batch, with its exact gradient.
 *
 * <p>Per row r with time t_r the model gives s = s(x_r, t_r) and the objective is
 * Σ_r w_r (tr ∂s/∂x + ½|s|²) + l2Coefficient · Σθ². For the chapter's joint loss the weight of
 * a row of level k is t_k / N (the level's mean, weighted by its t).
 */
public final class ScoreMatching implements Objective {
    private final Batch batch;
    private final double l2Coefficient;
    private final ScoreMatchingEngine engine;

    /**
     * @param x             points [M, D]
     * @param t             time of each row [M]
     * @param rowWeight     weight of each row [M]
     * @param l2Coefficient multiplier of Σθ² added to the objective (chapter: 0.01 · 0.1)
     */
    public ScoreMatching(INDArray x, double[] t, double[] rowWeight, double l2Coefficient) {
        this(rows(x, t, rowWeight), l2Coefficient);
    }

    private ScoreMatching(Batch batch, double l2Coefficient) {
        Checks.l2(l2Coefficient);
        this.batch = batch;
        this.l2Coefficient = l2Coefficient;
        this.engine = new ScoreMatchingEngine(batch, l2Coefficient);
    }

    /**
     * The chapter's joint objective over noise levels: noisedDatas [T, N, D] with times ts [T];
     * level k's rows weigh t_k / N. {@code l2Coefficient} multiplies Σθ².
     */
    public static ScoreMatching joint(INDArray noisedDatas, double[] ts, double l2Coefficient) {
        Checks.levels(noisedDatas, ts);
        return new ScoreMatching(Batch.joint(noisedDatas, ts), l2Coefficient);
    }

    private static Batch rows(INDArray x, double[] t, double[] rowWeight) {
        Checks.points("x", x);
        return new Batch(x, t, rowWeight);
    }

    public int rows() {
        return batch.rows();
    }

    @Override
    public ValueAndGrad evaluate(SdeScoreModel model, boolean withGrad) {
        ValueAndGrad step = valueAndGradOrValue(model, withGrad);
        return withGrad ? new ValueAndGrad(step.value(), step.grads().copy()) : step;
    }

    @Override
    public ValueAndGrad valueAndGradForUpdate(SdeScoreModel model) {
        return valueAndGradOrValue(model, true);
    }

    private ValueAndGrad valueAndGradOrValue(SdeScoreModel model, boolean withGrad) {
        Checks.model(model, batch.dims());
        return engine.evaluate(model, withGrad);
    }

    @Override
    public ValueAndGrad evaluateReference(SdeScoreModel model, boolean withGrad) {
        Checks.model(model, batch.dims());
        int m = batch.rows();
        int d = batch.dims();
        // The unit directions e_1 … e_D on every row: Σ_i e_iᵀ (∂s/∂x) e_i is the trace.
        INDArray[] unit = new INDArray[d];
        for (int i = 0; i < d; i++) {
            unit[i] = Nd4j.zeros(DataType.DOUBLE, m, d);
            unit[i].getColumn(i).assign(1.0);
        }
        return reference(model, batch.input(), batch.weights(), unit, withGrad, l2Coefficient);
    }

    /**
     * Σ_r w_r (Σ_p v_pᵀ J_r v_p + ½|s_r|²) + l2Coefficient · Σθ² for directions v [P][M, D], and
     * its gradient: the Hyvärinen loss for the unit directions, the sliced one for random ones.
     * With L = Σ_r w_r (Σ_p v_p · ṡ_p + ½|s|²), ∂L/∂s = w ⊙ s and ∂L/∂ṡ_p = w ⊙ v_p.
     */
    static ValueAndGrad reference(SdeScoreModel model, INDArray input, double[] rowWeight, INDArray[] v,
            boolean withGrad, double l2Coefficient) {
        Backprop pass = new Backprop(model, input, v);
        INDArray w = Nd4j.createFromArray(rowWeight).reshape(rowWeight.length, 1);
        INDArray s = pass.scores();
        INDArray perRow = s.mul(s).sum(1).muli(0.5);                    // ½|s|²
        for (int p = 0; p < v.length; p++) {
            perRow.addi(v[p].mul(pass.directional(p)).sum(1));          // v_pᵀ J v_p
        }
        double value = perRow.mul(w.reshape(rowWeight.length)).sumNumber().doubleValue();
        if (!withGrad) {
            return Backprop.withL2(model, value, null, l2Coefficient);
        }
        INDArray[] gDirectional = new INDArray[v.length];
        for (int p = 0; p < v.length; p++) {
            gDirectional[p] = v[p].mulColumnVector(w);
        }
        return Backprop.withL2(model, value, pass.backward(s.mulColumnVector(w), gDirectional), l2Coefficient);
    }

    @Override
    public String toString() {
        return "ScoreMatching(rows=" + batch.rows() + ", l2Coefficient=" + l2Coefficient + ")";
    }
}
