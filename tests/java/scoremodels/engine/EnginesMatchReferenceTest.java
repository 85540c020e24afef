package scoremodels.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import scoremodels.losses.DenoisingScoreMatching;
import scoremodels.losses.Objective;
import scoremodels.losses.ScoreMatching;
import scoremodels.losses.SlicedScoreMatching;
import scoremodels.losses.ValueAndGrad;
import scoremodels.models.Activation;
import scoremodels.models.SdeScoreModel;
import scoremodels.random.Key;
import scoremodels.training.Adam;
import scoremodels.training.Training;

/**
 * Every fast step of this package against the reference code of the losses (the chain rule written
 * out in plain ND4J, in double): the loss and every gradient entry agree within
 * {@value #DOUBLE_TOLERANCE} (DOUBLE models) or {@value #FLOAT_TOLERANCE} (FLOAT models), relative to
 * the largest entry of each gradient array, for every activation, depth 1 to 3 and D = 2 and 3.
 */
class EnginesMatchReferenceTest {
    /** DOUBLE models: both sides in double; only the order of the sums differs. */
    static final double DOUBLE_TOLERANCE = 1e-9;
    /** FLOAT models: the float ReLU step works in float (sums of ~10³ products, ε = 6·10⁻⁸). */
    static final double FLOAT_TOLERANCE = 2e-4;
    private static final double[] TS = {0.05, 0.5, 2.0, 6.0};

    private static INDArray levels(int d, Key key) {
        return Nd4j.createFromArray(key.normal(TS.length * 12 * d)).reshape('c', TS.length, 12, d).muli(2.0);
    }

    static Stream<Arguments> configurations() {
        List<Arguments> all = new ArrayList<>();
        for (Activation act : Activation.values()) {
            for (int depth = 1; depth <= 3; depth++) {
                for (int d = 2; d <= 3; d++) {
                    all.add(Arguments.of(act, depth, d));
                }
            }
        }
        return all.stream();
    }

    private static void assertSame(ValueAndGrad want, ValueAndGrad got, double tolerance, String what) {
        assertEquals(want.value(), got.value(), tolerance * Math.max(1, Math.abs(want.value())), what + ": value");
        assertEquals(want.grads().names(), got.grads().names(), what + ": names");
        for (String name : want.grads().names()) {
            INDArray w = want.grads().get(name).castTo(DataType.DOUBLE);
            INDArray g = got.grads().get(name).castTo(DataType.DOUBLE);
            double scale = Math.max(1e-12, w.amaxNumber().doubleValue());
            double diff = w.sub(g).amaxNumber().doubleValue();
            assertTrue(diff <= tolerance * scale, what + ": " + name + " differs by " + diff + " (largest entry " + scale + ")");
        }
    }

    /** The Hyvärinen loss: the tangent passes for any depth, and the dispatch (two-layer closed forms at depth 2). */
    @ParameterizedTest
    @MethodSource("configurations")
    void hyvarinenEnginesMatchTheReference(Activation act, int depth, int d) {
        INDArray data = levels(d, Key.of(depth * 10 + d));
        for (DataType type : new DataType[] {DataType.DOUBLE, DataType.FLOAT}) {
            SdeScoreModel model = new SdeScoreModel(d, 10, depth, act, Key.of(3), type);
            double tolerance = type == DataType.DOUBLE ? DOUBLE_TOLERANCE : FLOAT_TOLERANCE;
            ScoreMatching objective = ScoreMatching.joint(data, TS, 0.003);
            ValueAndGrad reference = objective.evaluateReference(model, true);
            String what = act + " depth " + depth + " D " + d + " " + type;
            assertSame(reference, objective.valueAndGrad(model), tolerance, what + " dispatch");
            Batch batch = Batch.joint(data, TS);
            double[][] unit = new double[d][batch.rows() * d];
            for (int i = 0; i < d; i++) {
                for (int r = 0; r < batch.rows(); r++) {
                    unit[i][r * d + i] = 1;
                }
            }
            assertSame(reference, new TangentPasses(model, batch, d).run(model, unit, null, true, 0.003), tolerance,
                    what + " tangent passes");
            if (depth == 2) {
                assertSame(reference, new TwoLayerStep(model, batch).run(model, true, 0.003), tolerance,
                        what + " two-layer step");
            }
            assertEquals(reference.value(), objective.evaluateReference(model, false).value(), 0.0, "value alone");
        }
    }

    /** The chapter's float ReLU step, dense and sparse, D = 2 and 3, including units dead on every row. */
    @Test
    void floatReluStepMatchesTheReferenceDenseAndSparse() {
        for (int d = 2; d <= 3; d++) {
            INDArray data = levels(d, Key.of(40 + d));
            SdeScoreModel model = new SdeScoreModel(d, 32, 2, Activation.RELU, Key.of(41), DataType.FLOAT);
            model.bias(1).get(org.nd4j.linalg.indexing.NDArrayIndex.interval(0, 16)).assign(-50); // half the units dead
            ValueAndGrad reference = ScoreMatching.joint(data, TS, 0.003).evaluateReference(model, true);
            for (boolean sparse : new boolean[] {false, true}) {
                FloatReluStep step = new FloatReluStep(model, Batch.joint(data, TS));
                step.force(sparse);
                assertSame(reference, step.run(model, true, 0.003), FLOAT_TOLERANCE, "float ReLU D " + d
                        + (sparse ? " sparse" : " dense"));
            }
        }
    }

    @ParameterizedTest
    @MethodSource("configurations")
    void denoisingAndSlicedMatchTheReference(Activation act, int depth, int d) {
        INDArray data = levels(d, Key.of(depth * 10 + d));
        INDArray clean = data.slice(0).dup();
        SdeScoreModel model = new SdeScoreModel(d, 10, depth, act, Key.of(5), DataType.DOUBLE);
        String what = act + " depth " + depth + " D " + d;
        assertSame(DenoisingScoreMatching.joint(clean, data, TS, 0.002).evaluateReference(model, true),
                DenoisingScoreMatching.joint(clean, data, TS, 0.002).valueAndGrad(model), DOUBLE_TOLERANCE, what + " denoising");
        Objective fast = DenoisingScoreMatching.freshNoise(clean, 0.01, 5, 2, Key.of(6), 0.002);
        Objective ref = DenoisingScoreMatching.freshNoise(clean, 0.01, 5, 2, Key.of(6), 0.002);
        for (int call = 0; call < 2; call++) {
            assertSame(ref.evaluateReference(model, true), fast.valueAndGrad(model), DOUBLE_TOLERANCE,
                    what + " fresh-noise denoising, call " + call);
        }
        Objective slicedFast = SlicedScoreMatching.joint(data, TS, 2, Key.of(7), 0.002);
        Objective slicedRef = SlicedScoreMatching.joint(data, TS, 2, Key.of(7), 0.002);
        for (int call = 0; call < 2; call++) {
            assertSame(slicedRef.evaluateReference(model, true), slicedFast.valueAndGrad(model), DOUBLE_TOLERANCE,
                    what + " sliced, call " + call);
        }
    }

    /**
     * The float closed form of the Hyvärinen loss for FLOAT softplus models, D = 2 and 3, units far
     * into both tails of softplus included: built directly and through the objective's dispatch.
     */
    @Test
    void floatSoftplusStepMatchesTheReference() {
        for (int d = 2; d <= 3; d++) {
            INDArray data = levels(d, Key.of(80 + d));
            SdeScoreModel model = new SdeScoreModel(d, 37, 2, Activation.SOFTPLUS, Key.of(81), DataType.FLOAT);
            model.bias(0).addi(3);
            model.bias(1).get(org.nd4j.linalg.indexing.NDArrayIndex.interval(0, 5)).assign(-30);
            ScoreMatching objective = ScoreMatching.joint(data, TS, 0.003);
            ValueAndGrad reference = objective.evaluateReference(model, true);
            String what = "float softplus Hyvärinen D " + d;
            FloatSoftplusStep step = new FloatSoftplusStep(model, Batch.joint(data, TS));
            assertSame(reference, step.run(model, true, 0.003), FLOAT_TOLERANCE, what);
            assertEquals(reference.value(), step.run(model, false, 0.003).value(),
                    FLOAT_TOLERANCE * Math.abs(reference.value()), what + " value alone");
            assertSame(reference, objective.valueAndGrad(model), FLOAT_TOLERANCE, what + " dispatch");
        }
    }

    /**
     * The float tangent step of FLOAT softplus models (denoising with fixed and fresh rows, sliced
     * with one and two directions, D = 2 and 3): through the objectives (dispatch) and built
     * directly, against the reference in double. Width 37 leaves a tail after the vector loops.
     */
    @Test
    void floatTangentStepMatchesTheReference() {
        for (int d = 2; d <= 3; d++) {
            INDArray data = levels(d, Key.of(70 + d));
            INDArray clean = data.slice(0).dup();
            SdeScoreModel model = new SdeScoreModel(d, 37, 2, Activation.SOFTPLUS, Key.of(71), DataType.FLOAT);
            model.bias(0).addi(3); // some units far into softplus' linear part, some far below
            model.bias(1).get(org.nd4j.linalg.indexing.NDArrayIndex.interval(0, 5)).assign(-30);
            String what = "float softplus D " + d;
            DenoisingScoreMatching joint = DenoisingScoreMatching.joint(clean, data, TS, 0.002);
            ValueAndGrad denoising = joint.evaluateReference(model, true);
            assertSame(denoising, joint.valueAndGrad(model), FLOAT_TOLERANCE, what + " denoising");
            assertEquals(denoising.value(), joint.evaluate(model, false).value(),
                    FLOAT_TOLERANCE * Math.abs(denoising.value()), what + " denoising, value alone");
            Objective fast = DenoisingScoreMatching.freshNoise(clean, 0.01, 5, 2, Key.of(6), 0.002);
            Objective ref = DenoisingScoreMatching.freshNoise(clean, 0.01, 5, 2, Key.of(6), 0.002);
            for (int call = 0; call < 2; call++) {
                assertSame(ref.evaluateReference(model, true), fast.valueAndGrad(model), FLOAT_TOLERANCE,
                        what + " fresh-noise denoising, call " + call);
            }
            for (int projections = 1; projections <= 2; projections++) {
                Objective slicedFast = SlicedScoreMatching.joint(data, TS, projections, Key.of(7), 0.002);
                Objective slicedRef = SlicedScoreMatching.joint(data, TS, projections, Key.of(7), 0.002);
                for (int call = 0; call < 2; call++) {
                    assertSame(slicedRef.evaluateReference(model, true), slicedFast.valueAndGrad(model), FLOAT_TOLERANCE,
                            what + " sliced, " + projections + " direction(s), call " + call);
                }
            }
            Batch batch = Batch.joint(data, TS);
            double[][] unit = new double[d][batch.rows() * d];
            for (int i = 0; i < d; i++) {
                for (int r = 0; r < batch.rows(); r++) {
                    unit[i][r * d + i] = 1;
                }
            }
            ValueAndGrad hyvarinen = ScoreMatching.joint(data, TS, 0.003).evaluateReference(model, true);
            RowPasses step = RowPasses.of(model, batch, d);
            assertTrue(step instanceof FloatTangentStep, "the float step serves FLOAT softplus: " + step.getClass());
            assertSame(hyvarinen, step.run(model, unit, null, true, 0.003), FLOAT_TOLERANCE, what + " unit directions");
            assertEquals(hyvarinen.value(), step.run(model, unit, null, false, 0.003).value(),
                    FLOAT_TOLERANCE * Math.abs(hyvarinen.value()), what + " value alone");
        }
    }

    /**
     * 200 Adam steps of a FLOAT softplus model with fresh-noise denoising and with sliced score
     * matching, through the float tangent step and through the reference (a second objective with
     * the same key, so that both see the same rows and directions), give the same losses.
     */
    @Test
    void floatSoftplusDenoisingAndSlicedTrainingFollowTheReference() {
        INDArray data = levels(2, Key.of(62));
        INDArray clean = data.slice(0).dup();
        Objective[][] pairs = {
            {DenoisingScoreMatching.freshNoise(clean, 0.01, 5, 3, Key.of(63), 0.001),
                DenoisingScoreMatching.freshNoise(clean, 0.01, 5, 3, Key.of(63), 0.001).reference()},
            {SlicedScoreMatching.joint(data, TS, 1, Key.of(64), 0.001),
                SlicedScoreMatching.joint(data, TS, 1, Key.of(64), 0.001).reference()},
        };
        for (Objective[] pair : pairs) {
            SdeScoreModel viaEngine = new SdeScoreModel(2, 16, 2, Activation.SOFTPLUS, Key.of(65), DataType.FLOAT);
            SdeScoreModel viaReference = viaEngine.copy();
            double[] fast = Training.fit(viaEngine, pair[0], 200, new Adam(1e-3), false).lossHistory();
            double[] slow = Training.fit(viaReference, pair[1], 200, new Adam(1e-3), false).lossHistory();
            for (int i = 0; i < fast.length; i++) {
                assertEquals(slow[i], fast[i], FLOAT_TOLERANCE * Math.max(1, Math.abs(slow[i])), pair[1] + " step " + i);
            }
        }
    }

    /** 200 Adam steps trained through the engines and through the reference give the same losses. */
    @Test
    void twoHundredTrainingStepsGiveTheSameLossHistory() {
        INDArray data = levels(2, Key.of(60));
        Object[][] runs = {
            {Activation.SOFTPLUS, 2, DataType.DOUBLE, DOUBLE_TOLERANCE},
            {Activation.TANH, 3, DataType.DOUBLE, DOUBLE_TOLERANCE},
            {Activation.RELU, 2, DataType.FLOAT, FLOAT_TOLERANCE},
            {Activation.SOFTPLUS, 2, DataType.FLOAT, FLOAT_TOLERANCE},
        };
        for (Object[] run : runs) {
            Activation act = (Activation) run[0];
            int depth = (int) run[1];
            DataType type = (DataType) run[2];
            double tolerance = (double) run[3];
            SdeScoreModel viaEngine = new SdeScoreModel(2, 16, depth, act, Key.of(61), type);
            SdeScoreModel viaReference = viaEngine.copy();
            double[] fast = Training.fit(viaEngine, ScoreMatching.joint(data, TS, 0.001), 200, new Adam(1e-3), false)
                    .lossHistory();
            double[] slow = Training.fit(viaReference, ScoreMatching.joint(data, TS, 0.001).reference(), 200,
                    new Adam(1e-3), false).lossHistory();
            for (int i = 0; i < fast.length; i++) {
                assertEquals(slow[i], fast[i], tolerance * Math.max(1, Math.abs(slow[i])),
                        act + " " + type + " step " + i);
            }
            assertTrue(fast[199] < fast[0], act + ": the loss fell (" + fast[0] + " -> " + fast[199] + ")");
        }
    }
}
