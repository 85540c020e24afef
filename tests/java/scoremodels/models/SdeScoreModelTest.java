package scoremodels.models;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import scoremodels.random.Key;

class SdeScoreModelTest {
    @Test
    void equinoxLayoutAndInitRanges() {
        SdeScoreModel model = new SdeScoreModel();
        assertEquals(DataType.FLOAT, model.dataType());
        assertEquals(java.util.List.of("layers.0.weight", "layers.0.bias", "layers.1.weight", "layers.1.bias",
                "layers.2.weight", "layers.2.bias"), model.params().names());
        assertArrayEquals(new long[] {256, 3}, model.weight(0).shape());
        assertArrayEquals(new long[] {256, 256}, model.weight(1).shape());
        assertArrayEquals(new long[] {2, 256}, model.weight(2).shape());
        assertArrayEquals(new long[] {2}, model.bias(2).shape());
        int[] fanIn = {3, 256, 256};
        for (int l = 0; l < 3; l++) {
            double lim = 1 / Math.sqrt(fanIn[l]);
            for (INDArray p : new INDArray[] {model.weight(l), model.bias(l)}) {
                double max = p.maxNumber().doubleValue();
                double min = p.minNumber().doubleValue();
                assertTrue(max <= lim && min >= -lim, "layer " + l + " outside ±" + lim);
                // Uniform draws fill the range: the extremes come close to ±lim.
                if (p.length() >= 200) {
                    assertTrue(max > 0.9 * lim && min < -0.9 * lim, "layer " + l + " does not fill ±" + lim);
                }
            }
        }
        assertEquals(3 * 256 + 256 + 256 * 256 + 256 + 2 * 256 + 2, model.parameterCount());
    }

    @Test
    void sameKeySameModel() {
        SdeScoreModel a = new SdeScoreModel(2, 16, 2, Activation.RELU, Key.of(45));
        SdeScoreModel b = new SdeScoreModel(2, 16, 2, Activation.RELU, Key.of(45));
        SdeScoreModel c = new SdeScoreModel(2, 16, 2, Activation.RELU, Key.of(46));
        assertEquals(a.weight(1), b.weight(1));
        assertTrue(!a.weight(1).equals(c.weight(1)));
    }

    @Test
    void forwardShapesAsInTheChapter() {
        SdeScoreModel model = new SdeScoreModel(2, 256, 3, Activation.SOFTPLUS, Key.of(45));
        INDArray x = Nd4j.rand(DataType.FLOAT, 100, 2);
        assertArrayEquals(new long[] {100, 2}, model.apply(x, 3.0).shape());
        INDArray perRow = Nd4j.linspace(DataType.FLOAT, 0.1, 1.0, 100);
        assertArrayEquals(new long[] {100, 2}, model.apply(x, perRow).shape());
        // A per-row t equal to the scalar t gives the same numbers.
        INDArray same = Nd4j.valueArrayOf(new long[] {100}, 3.0, DataType.FLOAT);
        assertEquals(model.apply(x, 3.0), model.apply(x, same));
    }

    @Test
    void forwardMatchesAHandComputation() {
        SdeScoreModel model = new SdeScoreModel(1, 2, 1, Activation.RELU, Key.of(1), DataType.DOUBLE);
        model.weight(0).assign(Nd4j.createFromArray(new double[][] {{1, 2}, {-1, 0.5}}));
        model.bias(0).assign(Nd4j.createFromArray(0.1, 0.2));
        model.weight(1).assign(Nd4j.createFromArray(new double[][] {{3, -4}}));
        model.bias(1).assign(Nd4j.createFromArray(new double[] {0.5}));
        // x = 2, t = 1: z = (2 + 2 + 0.1, -2 + 0.5 + 0.2) = (4.1, -1.3); relu → (4.1, 0); s = 12.3 + 0.5.
        INDArray s = model.apply(Nd4j.createFromArray(new double[][] {{2}}), 1.0);
        assertEquals(12.8, s.getDouble(0, 0), 1e-12);
    }

    @Test
    void badShapesAreRefused() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> new SdeScoreModel(2, 256, -1, Activation.RELU, Key.of(1)));
        assertTrue(e.getMessage().contains("depth") && e.getMessage().contains("-1"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> new SdeScoreModel(2, 0, 2, Activation.RELU, Key.of(1)));
        assertTrue(e.getMessage().contains("widthSize") && e.getMessage().contains("0"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> new SdeScoreModel(0, 8, 2, Activation.RELU, Key.of(1)));
        assertTrue(e.getMessage().contains("dataDims"), e.getMessage());
        SdeScoreModel model = new SdeScoreModel(2, 8, 1, Activation.RELU, Key.of(1));
        e = assertThrows(IllegalArgumentException.class, () -> model.apply(Nd4j.rand(DataType.FLOAT, 5, 3), 1.0));
        assertTrue(e.getMessage().contains("[5, 3]"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> Activation.parse("leaky"));
        assertTrue(e.getMessage().contains("leaky"), e.getMessage());
        assertEquals(Activation.SWISH, Activation.parse("silu"));
    }

    @Test
    void batchedActivationsAgreeWithTheScalarOnesAtTheEdges() {
        double[] z = {-1e300, -2.5, -Double.MIN_VALUE, -0.0, 0.0, Double.MIN_VALUE, 1e-300, 0.3, 1.0, 7.5, 1e300};
        for (Activation act : Activation.values()) {
            int n = z.length;
            double[] value = new double[n + 2];
            double[] first = new double[n + 2];
            double[] second = new double[n + 2];
            double[] padded = new double[n + 2];
            System.arraycopy(z, 0, padded, 1, n);
            java.util.Arrays.fill(first, 42.0);
            act.evaluate(padded, value, first, second, 1, n + 1);
            assertEquals(42.0, first[0], act + " wrote before the range");
            assertEquals(42.0, first[n + 1], act + " wrote after the range");
            for (int i = 0; i < n; i++) {
                assertEquals(act.value(z[i]), value[i + 1], 1e-12 * Math.max(1, Math.abs(z[i])), act + " value at " + z[i]);
                assertEquals(act.first(z[i]), first[i + 1], 1e-12, act + " first derivative at " + z[i]);
                assertEquals(act.second(z[i]), second[i + 1], 1e-12, act + " second derivative at " + z[i]);
            }
        }
    }

    @Test
    void inPlaceActivationsMatchTheBatchedValues() {
        double[] z = {-1e300, -2.5, -Double.MIN_VALUE, -0.0, 0.0, Double.MIN_VALUE, 1e-300, 0.3, 1.0, 7.5, 1e300};
        for (Activation act : Activation.values()) {
            int n = z.length;
            double[] expected = new double[n];
            act.evaluate(z, expected, new double[n], null, 0, n);
            double[] padded = new double[n + 2];
            System.arraycopy(z, 0, padded, 1, n);
            padded[0] = 42.0;
            padded[n + 1] = 42.0;
            act.apply(padded, 1, n + 1);
            assertEquals(42.0, padded[0], act + " wrote before the range");
            assertEquals(42.0, padded[n + 1], act + " wrote after the range");
            for (int i = 0; i < n; i++) {
                assertEquals(expected[i], padded[i + 1], 0.0, act + " at " + z[i]);
            }
        }
    }

    @Test
    void aBatchLargeEnoughForTwoThreadsMatchesAPlainLoop() {
        // 150 rows: the first layer and the activations run in two halves on two threads.
        for (Activation act : new Activation[] {Activation.RELU, Activation.SOFTPLUS, Activation.TANH}) {
            SdeScoreModel model = new SdeScoreModel(2, 32, 2, act, Key.of(4), DataType.DOUBLE);
            double[] xs = Key.of(5).normal(300);
            double[] ts = Key.of(6).uniform(150);
            double[][] s = model.apply(Nd4j.createFromArray(xs).reshape(150, 2), Nd4j.createFromArray(ts)).toDoubleMatrix();
            for (int r = 0; r < 150; r++) {
                double[] h = {xs[2 * r], xs[2 * r + 1], ts[r]};
                for (int l = 0; l <= 2; l++) {
                    double[][] w = model.weight(l).toDoubleMatrix();
                    double[] b = model.bias(l).toDoubleVector();
                    double[] out = new double[b.length];
                    for (int j = 0; j < b.length; j++) {
                        double acc = b[j];
                        for (int q = 0; q < h.length; q++) {
                            acc += w[j][q] * h[q];
                        }
                        out[j] = l < 2 ? act.value(acc) : acc;
                    }
                    h = out;
                }
                assertArrayEquals(h, s[r], 1e-12, act + " row " + r);
            }
        }
    }
}
