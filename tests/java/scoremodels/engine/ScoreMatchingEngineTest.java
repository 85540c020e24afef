package scoremodels.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.Test;
import java.util.Map;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.ops.transforms.Transforms;
import scoremodels.losses.Losses;
import scoremodels.losses.ScoreMatching;
import scoremodels.losses.ValueAndGrad;
import scoremodels.models.Activation;
import scoremodels.models.SdeScoreModel;
import scoremodels.random.Key;

class ScoreMatchingEngineTest {

    private static INDArray levels(int t, int n, int d, Key key) {
        double[] v = key.normal(t * n * d);
        return Nd4j.createFromArray(v).reshape('c', t, n, d).muli(2.0);
    }

    /**
     * The closed-form two-layer step against the tangent passes on 99 rows: two halves of 49 and 50
     * rows, each in blocks of {@link TwoLayerStep#BLOCK} with a shorter last block.
     */
    @ParameterizedTest
    @CsvSource({"RELU,DOUBLE,1e-12", "SOFTPLUS,DOUBLE,1e-12", "RELU,FLOAT,1e-4", "SOFTPLUS,FLOAT,1e-4"})
    void closedFormTwoLayerStepMatchesTangentPasses(Activation act, DataType type, double tolerance) {
        SdeScoreModel model = new SdeScoreModel(2, 16, 2, act, Key.of(5), DataType.DOUBLE);
        Batch batch = Batch.joint(levels(9, 11, 2, Key.of(6)), new double[] {0.001, 0.5, 1, 2, 3, 4, 6, 8, 10});
        int m = batch.rows();
        double[][] directions = new double[2][m * 2];
        for (int r = 0; r < m; r++) {
            directions[0][r * 2] = 1;
            directions[1][r * 2 + 1] = 1;
        }
        ValueAndGrad tangent = new TangentPasses(model, batch, 2).run(model, directions, null, true, 0.01);
        SdeScoreModel typed = model.castTo(type);
        ValueAndGrad closed = new TwoLayerStep(typed, batch).run(typed, true, 0.01);
        assertSameStep(tangent, closed, tolerance, act + " " + type);
    }

    private static void assertSameStep(ValueAndGrad want, ValueAndGrad got, double tolerance, String what) {
        assertEquals(want.value(), got.value(), tolerance * Math.abs(want.value()), what + " value");
        for (String name : want.grads().names()) {
            INDArray w = want.grads().get(name).castTo(DataType.DOUBLE);
            INDArray g = got.grads().get(name).castTo(DataType.DOUBLE);
            double scale = w.amaxNumber().doubleValue();
            double err = w.sub(g).amaxNumber().doubleValue();
            assertTrue(scale > 0, name + " has an all-zero gradient");
            assertTrue(err <= tolerance * scale, what + " " + name + ": error " + err + " against scale " + scale);
        }
    }

    /** The tangent passes in double on the model's weights, widened to double. */
    private static ValueAndGrad tangentPasses(SdeScoreModel model, Batch batch, double l2Coefficient) {
        SdeScoreModel exact = model.castTo(DataType.DOUBLE);
        int m = batch.rows();
        int d = batch.dims();
        double[][] directions = new double[d][m * d];
        for (int i = 0; i < d; i++) {
            for (int r = 0; r < m; r++) {
                directions[i][r * d + i] = 1;
            }
        }
        return new TangentPasses(exact, batch, d).run(exact, directions, null, true, l2Coefficient);
    }

    private static final double[] NINE_LEVELS = {0.001, 0.5, 1, 2, 3, 4, 6, 8, 10};

    /**
     * The float ReLU step (G counted in bits) against the tangent passes in double: joint batches
     * whose levels are not whole 32-row words, a width that is not a multiple of the vector
     * length, D = 3, the chapter's size, and a width beyond one 256-wide chunk of the score's
     * folded dot products.
     */
    @ParameterizedTest
    @CsvSource({"2,16,11,false", "3,37,7,false", "2,256,100,false", "2,300,9,false",
                "2,16,11,true", "3,37,7,true", "2,256,100,true", "2,300,9,true"})
    void floatReluStepMatchesTangentPasses(int dims, int width, int perLevel, boolean sparse) {
        SdeScoreModel model = new SdeScoreModel(dims, width, 2, Activation.RELU, Key.of(5), DataType.FLOAT);
        Batch batch = Batch.joint(levels(9, perLevel, dims, Key.of(6)), NINE_LEVELS);
        FloatReluStep step = new FloatReluStep(model, batch);
        step.force(sparse);
        ValueAndGrad fast = step.run(model, true, 0.01);
        assertSameStep(tangentPasses(model, batch, 0.01), fast, 1e-4,
                "D " + dims + " width " + width + (sparse ? " sparse" : " dense"));
    }

    /**
     * A NaN weight makes the value and every gradient NaN, whichever backward pass the step takes,
     * also where no unit is active (b1 = -50), so that the sparse pass has no entry to carry it.
     */
    @ParameterizedTest
    @CsvSource({"false", "true"})
    void floatReluStepWithANaNWeightIsNaNThroughout(boolean sparse) {
        SdeScoreModel model = new SdeScoreModel(2, 16, 2, Activation.RELU, Key.of(19), DataType.FLOAT);
        model.bias(1).assign(-50f);
        model.weight(1).putScalar(3, 5, Float.NaN);
        FloatReluStep step = new FloatReluStep(model, Batch.joint(levels(9, 5, 2, Key.of(20)), NINE_LEVELS));
        step.force(sparse);
        ValueAndGrad vg = step.run(model, true, 0.01);
        assertTrue(Double.isNaN(vg.value()), "value " + vg.value());
        vg.grads().asMap().forEach((name, g) -> assertTrue(Double.isNaN(g.sumNumber().doubleValue()), name));
    }

    /**
     * Second-layer units provably inactive (b1 = -50) on every other unit, or on all of them (the
     * forward product is then skipped and the scores are the output bias): value and gradients
     * still match the tangent passes, for D = 2 and D = 3 and either backward pass.
     */
    @ParameterizedTest
    @CsvSource({"2,false,false", "2,true,false", "3,false,false", "3,true,false", "2,false,true", "2,true,true"})
    void floatReluStepWithDeadUnitsMatchesTangentPasses(int dims, boolean sparse, boolean allDead) {
        int h = 32;
        SdeScoreModel model = new SdeScoreModel(dims, h, 2, Activation.RELU, Key.of(15), DataType.FLOAT);
        float[] bias = model.bias(1).data().asFloat();
        for (int j = 0; j < h; j++) {
            if (allDead || j % 2 == 1) {
                bias[j] = -50f;
            }
        }
        model.bias(1).assign(Nd4j.createFromArray(bias));
        Batch batch = Batch.joint(levels(9, 10, dims, Key.of(16)), NINE_LEVELS);
        FloatReluStep step = new FloatReluStep(model, batch);
        step.force(sparse);
        ValueAndGrad fast = step.run(model, true, 0.01);
        if (allDead) {
            assertEquals(0, step.liveCount(), "no unit can be active");
        } else {
            assertTrue(step.liveCount() <= h / 2 && step.liveCount() > 0, "live units: " + step.liveCount());
        }
        assertSameStep(tangentPasses(model, batch, 0.01), fast, 1e-4, "D " + dims + (allDead ? ", no live unit" : ""));
    }

    /**
     * Where the bound is tight (every row the same point and time, W1 ≥ 0, so Σ_b C[b] W1[a][b] is
     * z2 itself) and every unit is active by only 0.01 (b1 set from z2 worked out in double): the
     * bound must keep every unit, and the step must match the tangent passes. A bound with less
     * care at zero would drop the units, and with them σ' = 1 on every row.
     */
    @Test
    void floatReluStepKeepsUnitsThatAreBarelyActive() {
        SdeScoreModel model = new SdeScoreModel(2, 48, 2, Activation.RELU, Key.of(17), DataType.FLOAT);
        int h = 48;
        int m = 40;
        model.weight(1).assign(Transforms.abs(model.weight(1)));
        double[] x = {0.3, -0.2};
        double t = 1.0;
        double[][] w0 = model.weight(0).castTo(DataType.DOUBLE).toDoubleMatrix();
        double[] b0 = model.bias(0).castTo(DataType.DOUBLE).toDoubleVector();
        double[][] w1 = model.weight(1).castTo(DataType.DOUBLE).toDoubleMatrix();
        float[] b1 = new float[h];
        for (int a = 0; a < h; a++) {
            double z2 = 0;
            for (int b = 0; b < h; b++) {
                z2 += w1[a][b] * Math.max(b0[b] + w0[b][0] * x[0] + w0[b][1] * x[1] + w0[b][2] * t, 0);
            }
            b1[a] = (float) (0.01 - z2);
        }
        model.bias(1).assign(Nd4j.createFromArray(b1));
        double[] points = new double[m * 2];
        double[] ts = new double[m];
        double[] weights = new double[m];
        for (int r = 0; r < m; r++) {
            points[2 * r] = x[0];
            points[2 * r + 1] = x[1];
            ts[r] = t;
            weights[r] = 1.0 / m;
        }
        Batch batch = new Batch(Nd4j.createFromArray(points).reshape('c', m, 2), ts, weights);
        FloatReluStep step = new FloatReluStep(model, batch);
        ValueAndGrad fast = step.run(model, true, 0.01);
        assertEquals(h, step.liveCount(), "every unit is active");
        assertSameStep(tangentPasses(model, batch, 0.01), fast, 1e-4, "barely active units");
    }

    /**
     * A model whose second layer is almost all inactive (most of b1 pushed far below zero), as
     * the chapter's training leaves it: the first step takes the dense backward pass and finds
     * σ'(z2) sparse, the next takes the sparse pass; both match the tangent passes, the value is
     * the same either way, and a dense model goes back to the dense pass.
     */
    @Test
    void floatReluStepChoosesTheSparsePassFromTheStepBefore() {
        SdeScoreModel model = new SdeScoreModel(2, 64, 2, Activation.RELU, Key.of(12), DataType.FLOAT);
        float[] bias = model.bias(1).data().asFloat();
        for (int j = 0; j < bias.length; j++) {
            if (j % 16 != 3) {
                bias[j] = -50f;
            }
        }
        model.bias(1).assign(Nd4j.createFromArray(bias));
        Batch batch = Batch.joint(levels(9, 20, 2, Key.of(13)), NINE_LEVELS);
        FloatReluStep step = new FloatReluStep(model, batch);
        assertFalse(step.sparseNext(), "a new workspace starts dense");
        ValueAndGrad dense = step.run(model, true, 0.01);
        assertTrue(step.sparseNext(), "four units of 64 at most: sparse next");
        assertEquals(4, step.liveCount(), "the forward product leaves out the units with b1 = -50");
        ValueAndGrad reference = tangentPasses(model, batch, 0.01);
        assertSameStep(reference, dense, 1e-4, "dense step");
        Map<String, float[]> denseGrads = new java.util.HashMap<>();
        dense.grads().asMap().forEach((name, g) -> denseGrads.put(name, g.dup().data().asFloat()));
        ValueAndGrad sparse = step.run(model, true, 0.01);
        assertSameStep(reference, sparse, 1e-4, "sparse step");
        assertEquals(dense.value(), sparse.value(), 0.0, "the forward pass is the same in both");
        sparse.grads().asMap().forEach((name, g) -> {
            float[] want = denseGrads.get(name);
            float[] got = g.data().asFloat();
            for (int i = 0; i < want.length; i++) {
                assertEquals(want[i], got[i], 1e-5 * (1 + Math.abs(want[i])), name + "[" + i + "]");
            }
        });
        FloatReluStep full = new FloatReluStep(model, batch);
        full.exploitSparsity(false);
        full.run(model, true, 0.01);
        ValueAndGrad fullAgain = full.run(model, true, 0.01);
        assertEquals(64, full.liveCount(), "sparsity off: every unit multiplied out");
        assertEquals(0, full.sparseSteps(), "sparsity off: never the sparse pass");
        assertEquals(dense.value(), fullAgain.value(), 1e-6 * Math.abs(dense.value()), "the same value");
        SdeScoreModel fresh = new SdeScoreModel(2, 64, 2, Activation.RELU, Key.of(14), DataType.FLOAT);
        step.run(fresh, true, 0.01);
        assertFalse(step.sparseNext(), "about half of σ'(z2) is 1 for a fresh model: dense next");
    }

    /** Every row its own time and weight: G's runs of equal weight are single rows. */
    @Test
    void floatReluStepWithADifferentWeightOnEveryRow() {
        SdeScoreModel model = new SdeScoreModel(2, 24, 2, Activation.RELU, Key.of(8), DataType.FLOAT);
        int m = 70;
        double[] t = new double[m];
        double[] w = new double[m];
        for (int r = 0; r < m; r++) {
            t[r] = 0.05 + 0.1 * r;
            w[r] = (r % 3 == 0 ? -1 : 1) * (0.2 + 0.01 * r);
        }
        Batch batch = new Batch(Nd4j.createFromArray(Key.of(9).normal(m * 2)).reshape('c', m, 2), t, w);
        ValueAndGrad fast = new FloatReluStep(model, batch).run(model, true, 0);
        assertSameStep(tangentPasses(model, batch, 0), fast, 1e-4, "distinct weights");
    }

    /**
     * The training objective takes the float step for the chapter's FLOAT ReLU model, and the step
     * repeats itself bit for bit; the value alone equals the value with gradients.
     */
    @Test
    void floatReluStepIsWhatTrainingUsesAndRepeatsExactly() {
        SdeScoreModel model = new SdeScoreModel(2, 64, 2, Activation.RELU, Key.of(10), DataType.FLOAT);
        INDArray data = levels(9, 100, 2, Key.of(11));
        ScoreMatching objective = ScoreMatching.joint(data, NINE_LEVELS, 0.001);
        ValueAndGrad viaObjective = objective.valueAndGrad(model);
        double value = viaObjective.value();
        float[] firstWeightGrad = viaObjective.grads().get("layers.1.weight").dup().data().asFloat();
        FloatReluStep direct = new FloatReluStep(model, Batch.joint(data, NINE_LEVELS));
        ValueAndGrad again = direct.run(model, true, 0.001);
        assertEquals(value, again.value(), 0.0, "ScoreMatching took the float step");
        org.junit.jupiter.api.Assertions.assertArrayEquals(firstWeightGrad,
                again.grads().get("layers.1.weight").data().asFloat(), "same bits");
        assertEquals(value, direct.run(model, false, 0.001).value(), 0.0, "value without gradients");
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> new FloatReluStep(
                model.castTo(DataType.DOUBLE), Batch.joint(data, NINE_LEVELS)));
        assertTrue(e.getMessage().contains("DOUBLE"), e.getMessage());
    }

}
