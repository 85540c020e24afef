package scoremodels.losses;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import scoremodels.models.Activation;
import scoremodels.models.SdeScoreModel;
import scoremodels.random.Key;

/** The chapter's loss through its public names: closed forms, finite differences, bad input. */
class ScoreMatchingTest {

    private static INDArray levels(int t, int n, int d, Key key) {
        double[] v = key.normal(t * n * d);
        return Nd4j.createFromArray(v).reshape('c', t, n, d).muli(2.0);
    }

    /** Both the engines and the reference code against central differences of the value. */
    @ParameterizedTest
    @CsvSource({"RELU,2", "SOFTPLUS,2", "TANH,1", "SIGMOID,3", "SWISH,2", "GELU,2", "SOFTPLUS,0", "RELU,3"})
    void gradientMatchesCentralDifferences(Activation act, int depth) {
        SdeScoreModel model = new SdeScoreModel(2, 6, depth, act, Key.of(3), DataType.DOUBLE);
        INDArray data = levels(3, 7, 2, Key.of(4));
        double[] ts = {0.5, 1.5, 3.0};
        double l2Weight = 0.01;
        ValueAndGrad fast = Losses.valueAndGrad(model, data, ts, l2Weight);
        ValueAndGrad reference = ScoreMatching.joint(data, ts, l2Weight * Losses.L2_SCALE).evaluateReference(model, true);
        double h = 1e-6;
        for (ValueAndGrad vg : java.util.List.of(fast, reference))
        for (String name : model.params().names()) {
            INDArray p = model.params().get(name);
            INDArray g = vg.grads().get(name);
            assertEquals(java.util.Arrays.toString(p.shape()), java.util.Arrays.toString(g.shape()), name);
            INDArray flat = p.reshape(p.length());
            double maxErr = 0;
            double scale = 0;
            for (int i = 0; i < p.length(); i++) {
                double old = flat.getDouble(i);
                flat.putScalar(i, old + h);
                double up = Losses.jointSdeScoreMatchingLoss(model, data, ts) + l2Weight * Losses.l2Norm(model);
                flat.putScalar(i, old - h);
                double down = Losses.jointSdeScoreMatchingLoss(model, data, ts) + l2Weight * Losses.l2Norm(model);
                flat.putScalar(i, old);
                double fd = (up - down) / (2 * h);
                double an = g.reshape(g.length()).getDouble(i);
                maxErr = Math.max(maxErr, Math.abs(fd - an));
                scale = Math.max(scale, Math.abs(fd));
            }
            assertTrue(scale > 0, name + " has an all-zero gradient");
            assertTrue(maxErr / scale < 1e-6, act + " depth " + depth + " " + name + (vg == fast ? "" : " (reference)")
                    + ": relative error " + maxErr / scale);
        }
    }

    @Test
    void valueOfLinearModelMatchesClosedForm() {
        // depth 0: s = W [x, t] + b, so tr ∂s/∂x = W00 + W11 and the loss is explicit.
        SdeScoreModel model = new SdeScoreModel(2, 4, 0, Activation.RELU, Key.of(1), DataType.DOUBLE);
        model.weight(0).assign(Nd4j.createFromArray(new double[][] {{-1, 0.5, 0.1}, {0.2, -2, 0}}));
        model.bias(0).assign(Nd4j.createFromArray(new double[] {0.3, -0.4}));
        INDArray x = Nd4j.createFromArray(new double[][] {{1, 2}, {-1, 0.5}});
        double t = 2.0;
        double expected = 0;
        double[][] xs = {{1, 2}, {-1, 0.5}};
        for (double[] r : xs) {
            double s0 = -1 * r[0] + 0.5 * r[1] + 0.1 * t + 0.3;
            double s1 = 0.2 * r[0] - 2 * r[1] - 0.4;
            expected += (-1 - 2) + 0.5 * (s0 * s0 + s1 * s1);
        }
        expected /= 2;
        assertEquals(expected, Losses.scoreMatchingLoss(model, x, t), 1e-12);
    }

    @Test
    void traceOfTwoLayerModelMatchesItsJacobian() {
        // For an exactly known Jacobian: tanh MLP of depth 1, J = W1 diag(1 - tanh²(z)) W0[:, :2].
        SdeScoreModel model = new SdeScoreModel(2, 3, 1, Activation.TANH, Key.of(8), DataType.DOUBLE);
        INDArray x = Nd4j.createFromArray(new double[][] {{0.3, -0.7}});
        double t = 0.5;
        INDArray in = Nd4j.createFromArray(new double[][] {{0.3, -0.7, 0.5}});
        INDArray z = in.mmul(model.weight(0).transpose()).addiRowVector(model.bias(0));
        INDArray s = org.nd4j.linalg.ops.transforms.Transforms.tanh(z, true).mmul(model.weight(1).transpose())
                .addiRowVector(model.bias(1));
        double trace = 0;
        for (int i = 0; i < 2; i++) {
            for (int j = 0; j < 3; j++) {
                double th = Math.tanh(z.getDouble(0, j));
                trace += model.weight(1).getDouble(i, j) * (1 - th * th) * model.weight(0).getDouble(j, i);
            }
        }
        double expected = trace + 0.5 * (s.getDouble(0, 0) * s.getDouble(0, 0) + s.getDouble(0, 1) * s.getDouble(0, 1));
        assertEquals(expected, Losses.scoreMatchingLoss(model, x, t), 1e-12);
    }

    @Test
    void jointLossWeightsEachLevelByItsTime() {
        SdeScoreModel model = new SdeScoreModel(2, 8, 2, Activation.SOFTPLUS, Key.of(2), DataType.DOUBLE);
        INDArray data = levels(2, 5, 2, Key.of(6));
        double[] ts = {0.25, 4.0};
        double expected = 0.25 * Losses.scoreMatchingLoss(model, data.slice(0), 0.25)
                + 4.0 * Losses.scoreMatchingLoss(model, data.slice(1), 4.0);
        assertEquals(expected, Losses.jointSdeScoreMatchingLoss(model, data, ts), 1e-10);
    }

    @Test
    void badInputsNameTheParameter() {
        SdeScoreModel model = new SdeScoreModel(2, 4, 1, Activation.RELU, Key.of(1), DataType.DOUBLE);
        INDArray data = levels(2, 3, 2, Key.of(1));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> Losses.jointSdeScoreMatchingLoss(model, data, new double[] {1.0}));
        assertTrue(e.getMessage().contains("ts"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class,
                () -> Losses.jointSdeScoreMatchingLoss(model, data, new double[] {1.0, -2.0}));
        assertTrue(e.getMessage().contains("ts[1]") && e.getMessage().contains("-2.0"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class,
                () -> Losses.jointSdeScoreMatchingLoss(model, data, new double[] {1.0, Double.NaN}));
        assertTrue(e.getMessage().contains("NaN"), e.getMessage());
        INDArray nan = data.dup();
        nan.putScalar(new long[] {1, 1, 1}, Double.NaN);
        e = assertThrows(IllegalArgumentException.class,
                () -> Losses.jointSdeScoreMatchingLoss(model, nan, new double[] {1.0, 2.0}));
        assertTrue(e.getMessage().contains("noisedDatas"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class,
                () -> Losses.jointSdeScoreMatchingLoss(model, Nd4j.zeros(2, 0, 2), new double[] {1.0, 2.0}));
        assertTrue(e.getMessage().contains("noisedDatas"), e.getMessage());
        SdeScoreModel threeD = new SdeScoreModel(3, 4, 1, Activation.RELU, Key.of(1), DataType.DOUBLE);
        e = assertThrows(IllegalArgumentException.class,
                () -> Losses.jointSdeScoreMatchingLoss(threeD, data, new double[] {1.0, 2.0}));
        assertTrue(e.getMessage().contains("dataDims"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class,
                () -> Losses.valueAndGrad(model, data, new double[] {1.0, 2.0}, Double.NaN));
        assertTrue(e.getMessage().contains("l2Weight"), e.getMessage());
    }
}
