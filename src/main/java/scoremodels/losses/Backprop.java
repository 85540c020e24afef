package scoremodels.losses;

import java.util.LinkedHashMap;
import java.util.Map;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import scoremodels.models.Activation;
import scoremodels.models.Params;
import scoremodels.models.SdeScoreModel;

/**
 * The chain rule behind the three losses, written out in plain ND4J and in double precision: the
 * reference that the fast steps of {@code scoremodels.engine} are tested against.
 *
 * <p>The score-matching losses need directional derivatives of the score, J v = ∂s/∂x · v, for a
 * few directions v per row (the unit vectors e_i for the trace, random ones for the sliced loss).
 * They come from carrying a tangent along each layer: with z = h Wᵀ + b and h' = σ(z), a tangent
 * ḣ becomes ż = ḣ Wᵀ and ḣ' = σ'(z) ⊙ ż. The input's tangent is (v, 0): t does not move.
 *
 * <p>The backward pass runs through primal and tangent rows alike. A loss gives ∂L/∂s and ∂L/∂ṡ_p;
 * a layer then gives ∂L/∂W = (∂L/∂z)ᵀ h + Σ_p (∂L/∂ż_p)ᵀ ḣ_p and ∂L/∂b = Σ_rows ∂L/∂z (tangents carry no
 * bias), and hands back ∂L/∂h = ∂L/∂z · W, ∂L/∂ḣ_p = ∂L/∂ż_p · W. Through the activation,
 * ∂L/∂ż_p = ∂L/∂ḣ'_p ⊙ σ'(z), and since ḣ'_p = σ'(z) ⊙ ż_p depends on z too,
 * ∂L/∂z = ∂L/∂h' ⊙ σ'(z) + σ''(z) ⊙ Σ_p ∂L/∂ḣ'_p ⊙ ż_p — the second-order term of these losses.
 */
final class Backprop {
    private final SdeScoreModel model;  // in double
    private final INDArray[] h;         // h[l]: input of layer l, [M, in]; h[0] = x ‖ t
    private final INDArray[][] hDot;    // hDot[l][p]: its tangent along direction p
    private final INDArray[] z;         // z[l] = h[l] Wₗᵀ + bₗ for the hidden layers
    private final INDArray[][] zDot;
    private final INDArray s;           // the scores [M, D]
    private final INDArray[] sDot;      // sDot[p] = J v_p, [M, D]

    /** The forward pass on rows {@code input} [M, D + 1] with directions v [P][M, D] (P may be 0). */
    Backprop(SdeScoreModel model, INDArray input, INDArray[] v) {
        this.model = model.castTo(DataType.DOUBLE);
        int depth = model.depth();
        int p = v.length;
        h = new INDArray[depth + 1];
        hDot = new INDArray[depth + 1][p];
        z = new INDArray[depth];
        zDot = new INDArray[depth][p];
        h[0] = input.castTo(DataType.DOUBLE);
        for (int i = 0; i < p; i++) {
            hDot[0][i] = Nd4j.hstack(v[i].castTo(DataType.DOUBLE), Nd4j.zeros(DataType.DOUBLE, input.rows(), 1));
        }
        Activation act = model.activation();
        for (int l = 0; l < depth; l++) {
            z[l] = this.model.linear(l, h[l]);
            h[l + 1] = act.value(z[l]);
            INDArray slope = act.first(z[l]);
            for (int i = 0; i < p; i++) {
                zDot[l][i] = hDot[l][i].mmul(weight(l).transpose());
                hDot[l + 1][i] = slope.mul(zDot[l][i]);
            }
        }
        s = this.model.linear(depth, h[depth]);
        sDot = new INDArray[p];
        for (int i = 0; i < p; i++) {
            sDot[i] = hDot[depth][i].mmul(weight(depth).transpose());
        }
    }

    INDArray scores() {
        return s;
    }

    INDArray directional(int p) {
        return sDot[p];
    }

    /** The gradient of L for every parameter (in double), given ∂L/∂s and ∂L/∂ṡ_p. */
    Params backward(INDArray gS, INDArray[] gSDot) {
        Activation act = model.activation();
        Map<String, INDArray> grads = new LinkedHashMap<>();
        INDArray gZ = gS;
        INDArray[] gZDot = gSDot;
        for (int l = model.depth(); l >= 0; l--) {
            INDArray gW = gZ.transpose().mmul(h[l]);
            for (int i = 0; i < gZDot.length; i++) {
                gW.addi(gZDot[i].transpose().mmul(hDot[l][i]));
            }
            grads.put("layers." + l + ".bias", gZ.sum(0));
            grads.put("layers." + l + ".weight", gW);
            if (l == 0) {
                break;
            }
            INDArray gH = gZ.mmul(weight(l));
            INDArray slope = act.first(z[l - 1]);
            INDArray curvature = act.second(z[l - 1]);
            INDArray[] gHDot = new INDArray[gZDot.length];
            gZ = gH.mul(slope);
            for (int i = 0; i < gZDot.length; i++) {
                gHDot[i] = gZDot[i].mmul(weight(l));
                gZ.addi(curvature.mul(gHDot[i]).muli(zDot[l - 1][i]));
                gHDot[i].muli(slope);
            }
            gZDot = gHDot;
        }
        Map<String, INDArray> ordered = new LinkedHashMap<>();
        for (String name : model.params().names()) {
            ordered.put(name, grads.get(name));
        }
        return new Params(ordered);
    }

    private INDArray weight(int l) {
        return model.weight(l);
    }

    /**
     * The loss plus the l2 penalty c·Σθ², whose gradient is 2c·θ, with the gradient (null: the value
     * alone) cast to the model's type.
     */
    static ValueAndGrad withL2(SdeScoreModel model, double value, Params grads, double l2Coefficient) {
        Map<String, INDArray> typed = new LinkedHashMap<>();
        for (String name : model.params().names()) {
            INDArray theta = model.params().get(name).castTo(DataType.DOUBLE);
            value += l2Coefficient * theta.mul(theta).sumNumber().doubleValue();
            if (grads != null) {
                typed.put(name, grads.get(name).add(theta.mul(2 * l2Coefficient)).castTo(model.dataType()));
            }
        }
        return new ValueAndGrad(value, grads == null ? null : new Params(typed));
    }
}
