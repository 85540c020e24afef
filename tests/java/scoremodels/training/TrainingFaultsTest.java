package scoremodels.training;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import scoremodels.losses.Losses;
import scoremodels.losses.Objective;
import scoremodels.losses.ScoreMatching;
import scoremodels.losses.ValueAndGrad;
import scoremodels.models.Activation;
import scoremodels.models.Params;
import scoremodels.models.SdeScoreModel;
import scoremodels.random.Key;

/** Whatever goes wrong in a step, fit names the step and leaves the parameters from before it. */
class TrainingFaultsTest {
    private static final double[] TS = {0.001, 2.5, 5.0, 10.0};
    private static final INDArray DATA = Nd4j.createFromArray(Key.of(7).normal(4 * 20 * 2))
            .reshape('c', 4, 20, 2).muli(3.0).castTo(DataType.FLOAT);

    /** A fresh objective each time, so no state of its own carries over between runs. */
    private static Objective loss() {
        return ScoreMatching.joint(DATA, TS, 0.01 * Losses.L2_SCALE);
    }

    private static SdeScoreModel model() {
        return new SdeScoreModel(2, 16, 2, Activation.RELU, Key.of(3));
    }

    /** The model after {@code steps} good steps, for comparing bit for bit. */
    private static SdeScoreModel trained(int steps) {
        SdeScoreModel m = model();
        if (steps > 0) {
            Training.fit(m, loss(), steps, new Adam(5e-2), false);
        }
        return m;
    }

    /** The objective, except that from {@code badStep} on it answers with {@code bad}. */
    private static Objective failingAt(int badStep, java.util.function.Function<ValueAndGrad, ValueAndGrad> bad) {
        int[] calls = {0};
        Objective loss = loss();
        return (model, withGrad) -> {
            ValueAndGrad vg = loss.evaluate(model, withGrad);
            return calls[0]++ < badStep ? vg : bad.apply(vg);
        };
    }

    @Test
    void aNonFiniteLossKeepsTheParametersOfTheLastGoodStep() {
        SdeScoreModel m = model();
        IllegalStateException e = assertThrows(IllegalStateException.class, () -> Training.fit(m,
                failingAt(3, vg -> new ValueAndGrad(Double.NaN, vg.grads())), 10, new Adam(5e-2), false));
        assertEquals("training stopped at step 3: the loss is NaN; the model keeps the parameters it had before step 3",
                e.getMessage());
        assertSameParams(trained(3), m);
    }

    @Test
    void aNonFiniteGradientKeepsTheParameters() {
        SdeScoreModel m = model();
        IllegalStateException e = assertThrows(IllegalStateException.class, () -> Training.fit(m,
                failingAt(2, vg -> {
                    vg.grads().get("layers.1.weight").putScalar(0, 3, Float.POSITIVE_INFINITY);
                    return vg;
                }), 10, new Adam(5e-2), false));
        assertTrue(e.getMessage().startsWith("training stopped at step 2: the loss is ")
                && e.getMessage().contains("but a gradient is not finite"), e.getMessage());
        assertSameParams(trained(2), m);
    }

    /** A float model and a rate beyond float's range: the loss and gradients are finite, the update is not. */
    @Test
    void anUpdateThatOverflowsIsUndone() {
        SdeScoreModel m = model();
        SdeScoreModel before = model();
        IllegalStateException e = assertThrows(IllegalStateException.class,
                () -> Training.fit(m, loss(), 5, new Adam(1e39), false));
        assertEquals("training stopped at step 0: the update with learning rate 1.0E39 made a parameter non-finite;"
                + " the model keeps the parameters it had before step 0", e.getMessage());
        assertSameParams(before, m);
        assertTrue(m.params().allFinite());
    }

    /** The optimiser fails half-way through the parameters: the ones it already changed come back. */
    @Test
    void anExceptionInTheMiddleOfAnUpdateIsUndone() {
        SdeScoreModel m = model();
        Objective lacksALayer = failingAt(4, vg -> {
            Map<String, INDArray> g = new LinkedHashMap<>(vg.grads().asMap());
            g.remove("layers.2.weight");
            return new ValueAndGrad(vg.value(), new Params(g));
        });
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> Training.fit(m, lacksALayer, 10, new Adam(5e-2), false));
        assertTrue(e.getMessage().startsWith("training stopped at step 4: grads: 'layers.2.weight' is missing"),
                e.getMessage());
        assertSameParams(trained(4), m);
    }

    @Test
    void anExceptionFromTheObjectiveNamesTheStep() {
        SdeScoreModel m = model();
        IllegalStateException e = assertThrows(IllegalStateException.class, () -> Training.fit(m,
                failingAt(1, vg -> {
                    throw new UnsupportedOperationException("out of scratch space");
                }), 10, new Adam(5e-2), false));
        assertTrue(e.getMessage().startsWith("training stopped at step 1: out of scratch space"), e.getMessage());
        assertEquals(UnsupportedOperationException.class, e.getCause().getClass());
        assertSameParams(trained(1), m);
    }

    @Test
    void aModelThatDoesNotFitTheDataIsABadArgument() {
        SdeScoreModel three = new SdeScoreModel(3, 8, 1, Activation.RELU, Key.of(1));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> Training.fit(three, loss(), 3, new Adam(5e-2), false));
        assertTrue(e.getMessage().contains("step 0") && e.getMessage().contains("model.dataDims (3)"), e.getMessage());
    }

    @Test
    void aModelWithNonFiniteParametersIsRefusedBeforeTraining() {
        SdeScoreModel m = model();
        m.bias(0).putScalar(2, Float.NaN);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> Training.fit(m, loss(), 3, new Adam(5e-2), false));
        assertEquals("model: its parameters hold NaN or infinite values", e.getMessage());
    }

    private static int[] bits(INDArray a) {
        float[] f = a.dup('c').data().asFloat();
        int[] out = new int[f.length];
        for (int i = 0; i < f.length; i++) {
            out[i] = Float.floatToRawIntBits(f[i]);
        }
        return out;
    }

    private static void assertSameParams(SdeScoreModel expected, SdeScoreModel actual) {
        for (String name : expected.params().names()) {
            INDArray a = expected.params().get(name);
            INDArray b = actual.params().get(name);
            assertArrayEquals(bits(a), bits(b), name);
        }
    }
}
