package scoremodels.losses;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.function.ToDoubleFunction;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import scoremodels.engine.Batch;
import scoremodels.engine.TangentPasses;
import scoremodels.models.Activation;
import scoremodels.models.Params;
import scoremodels.models.SdeScoreModel;
import scoremodels.random.Key;

/** Denoising and sliced score matching, and the general pass against the two-layer closed form. */
class OtherLossesTest {
    private static final double[] TS = {0.5, 1.5, 3.0};

    private static INDArray levels(Key key) {
        return Nd4j.createFromArray(key.normal(3 * 7 * 2)).reshape('c', 3, 7, 2).muli(2.0);
    }

    /** Largest relative error of {@code grads} against central differences of {@code f}. */
    static double worstRelativeError(SdeScoreModel model, Params grads, ToDoubleFunction<SdeScoreModel> f) {
        double worst = 0;
        double h = 1e-6;
        for (String name : model.params().names()) {
            INDArray flat = model.params().get(name).reshape(model.params().get(name).length());
            INDArray g = grads.get(name).reshape(flat.length());
            double err = 0;
            double scale = 0;
            for (int i = 0; i < flat.length(); i++) {
                double old = flat.getDouble(i);
                flat.putScalar(i, old + h);
                double up = f.applyAsDouble(model);
                flat.putScalar(i, old - h);
                double down = f.applyAsDouble(model);
                flat.putScalar(i, old);
                double fd = (up - down) / (2 * h);
                err = Math.max(err, Math.abs(fd - g.getDouble(i)));
                scale = Math.max(scale, Math.abs(fd));
            }
            assertTrue(scale > 0, name + " has an all-zero gradient");
            worst = Math.max(worst, err / scale);
        }
        return worst;
    }

    @ParameterizedTest
    @CsvSource({"RELU,2", "SOFTPLUS,2", "TANH,0", "GELU,3"})
    void denoisingGradientMatchesCentralDifferences(Activation act, int depth) {
        SdeScoreModel model = new SdeScoreModel(2, 6, depth, act, Key.of(5), DataType.DOUBLE);
        INDArray x = Nd4j.createFromArray(Key.of(1).normal(14)).reshape(7, 2);
        INDArray noised = levels(Key.of(2));
        DenoisingScoreMatching dsm = DenoisingScoreMatching.joint(x, noised, TS, 0.001);
        ValueAndGrad vg = dsm.valueAndGrad(model);
        Params grads = vg.grads().copy();
        double err = worstRelativeError(model, grads, dsm::value);
        assertTrue(err < 1e-6, act + " depth " + depth + ": relative error " + err);
    }

    @Test
    void denoisingValueMatchesItsDefinition() {
        // depth 0 model s = W[x, t] + b: compute Σ_k t_k mean ½|s + (x̃ − x)/t_k|² directly.
        SdeScoreModel model = new SdeScoreModel(2, 4, 0, Activation.RELU, Key.of(9), DataType.DOUBLE);
        INDArray x = Nd4j.createFromArray(Key.of(1).normal(14)).reshape(7, 2);
        INDArray noised = levels(Key.of(2));
        double expected = 0;
        for (int k = 0; k < 3; k++) {
            INDArray s = model.apply(noised.slice(k), TS[k]);
            INDArray resid = s.add(noised.slice(k).sub(x).div(TS[k]));
            expected += TS[k] * 0.5 * resid.mul(resid).sumNumber().doubleValue() / 7;
        }
        assertEquals(expected, DenoisingScoreMatching.joint(x, noised, TS, 0).value(model), 1e-12);
    }

    @Test
    void freshNoiseValueFollowsTheDocumentedDraws() {
        // Call c draws from key.fold(c).split(2): uniforms for log-uniform t, then the normals.
        SdeScoreModel model = new SdeScoreModel(2, 4, 1, Activation.SOFTPLUS, Key.of(9), DataType.DOUBLE);
        INDArray x = Nd4j.createFromArray(Key.of(1).normal(14)).reshape(7, 2);
        double tMin = 0.01;
        double tMax = 5;
        int copies = 3;
        Key key = Key.of(21);
        DenoisingScoreMatching dsm = DenoisingScoreMatching.freshNoise(x, tMin, tMax, copies, key, 0);
        for (int call = 0; call < 3; call++) {
            Key[] k = key.fold(call).split(2);
            double[] u = k[0].uniform(21);
            double[] eps = k[1].normal(42);
            double[] t = new double[21];
            INDArray noised = Nd4j.create(DataType.DOUBLE, 21, 2);
            for (int r = 0; r < 21; r++) {
                t[r] = tMin * Math.pow(tMax / tMin, u[r]);
                for (int i = 0; i < 2; i++) {
                    noised.putScalar(r, i, x.getDouble(r % 7, i) + Math.sqrt(t[r]) * eps[2 * r + i]);
                }
            }
            INDArray s = model.apply(noised, Nd4j.createFromArray(t));
            double expected = 0;
            for (int r = 0; r < 21; r++) {
                for (int i = 0; i < 2; i++) {
                    double resid = s.getDouble(r, i) + eps[2 * r + i] / Math.sqrt(t[r]);
                    expected += t[r] / 7 * 0.5 * resid * resid;
                }
            }
            assertEquals(expected, dsm.value(model), 1e-9 * Math.abs(expected), "call " + call);
        }
    }

    @Test
    void freshNoiseGradientMatchesCentralDifferences() {
        // A new objective with the same key repeats the first draw, so each difference sees the same rows.
        SdeScoreModel model = new SdeScoreModel(2, 5, 2, Activation.SOFTPLUS, Key.of(6), DataType.DOUBLE);
        INDArray x = Nd4j.createFromArray(Key.of(3).normal(10)).reshape(5, 2);
        Params grads = DenoisingScoreMatching.freshNoise(x, 0.05, 4, 2, Key.of(4), 0.001).valueAndGrad(model).grads().copy();
        double err = worstRelativeError(model, grads,
                m -> DenoisingScoreMatching.freshNoise(x, 0.05, 4, 2, Key.of(4), 0.001).value(m));
        assertTrue(err < 1e-6, "relative error " + err);
    }

    @ParameterizedTest
    @CsvSource({"SOFTPLUS,2", "RELU,1"})
    void freshNoiseGradientOnRowsSplitOverTwoThreads(Activation act, int depth) {
        // 11 points × 9 copies = 99 rows: enough for the activation passes to run in two halves.
        SdeScoreModel model = new SdeScoreModel(2, 4, depth, act, Key.of(7), DataType.DOUBLE);
        INDArray x = Nd4j.createFromArray(Key.of(8).normal(22)).reshape(11, 2);
        Params grads = DenoisingScoreMatching.freshNoise(x, 0.05, 4, 9, Key.of(9), 0).valueAndGrad(model).grads().copy();
        double err = worstRelativeError(model, grads,
                m -> DenoisingScoreMatching.freshNoise(x, 0.05, 4, 9, Key.of(9), 0).value(m));
        assertTrue(err < 1e-6, act + " depth " + depth + ": relative error " + err);
    }

    @Test
    void freshNoiseRejectsBadSettings() {
        INDArray x = Nd4j.createFromArray(Key.of(1).normal(14)).reshape(7, 2);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> DenoisingScoreMatching.freshNoise(x, 0, 10, 9, Key.of(1), 0));
        assertTrue(e.getMessage().contains("tMin=0.0"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> DenoisingScoreMatching.freshNoise(x, 2, 1, 9, Key.of(1), 0));
        assertTrue(e.getMessage().contains("tMax=1.0"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> DenoisingScoreMatching.freshNoise(x, 0.1, 1, 0, Key.of(1), 0));
        assertTrue(e.getMessage().contains("copies") && e.getMessage().contains("0"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> DenoisingScoreMatching.freshNoise(x, 0.1, 1, 9, null, 0));
        assertTrue(e.getMessage().contains("key"), e.getMessage());
    }

    @ParameterizedTest
    @CsvSource({"RELU,2,1", "SOFTPLUS,2,3", "SWISH,1,2"})
    void slicedGradientMatchesCentralDifferences(Activation act, int depth, int projections) {
        SdeScoreModel model = new SdeScoreModel(2, 6, depth, act, Key.of(5), DataType.DOUBLE);
        SlicedScoreMatching ssm = SlicedScoreMatching.joint(levels(Key.of(2)), TS, projections, Key.of(3), 0.001);
        double[][] v = ssm.nextDirections();
        Params grads = ssm.evaluate(model, v, true).grads().copy();
        double err = worstRelativeError(model, grads, mdl -> ssm.evaluate(mdl, v, false).value());
        assertTrue(err < 1e-6, act + " depth " + depth + ": relative error " + err);
    }

    @Test
    void slicedLossAveragesToTheHyvarinenLoss() {
        SdeScoreModel model = new SdeScoreModel(2, 16, 2, Activation.SOFTPLUS, Key.of(5), DataType.DOUBLE);
        INDArray data = levels(Key.of(2));
        double exact = Losses.jointSdeScoreMatchingLoss(model, data, TS);
        SlicedScoreMatching ssm = SlicedScoreMatching.joint(data, TS, 1, Key.of(4), 0);
        int draws = 2000;
        double sum = 0;
        double sumSq = 0;
        for (int i = 0; i < draws; i++) {
            double v = ssm.value(model);
            sum += v;
            sumSq += v * v;
        }
        double mean = sum / draws;
        double se = Math.sqrt((sumSq / draws - mean * mean) / draws);
        assertTrue(Math.abs(mean - exact) < 4 * se + 1e-9, "sliced mean " + mean + " vs exact " + exact + " (se " + se + ")");
        assertTrue(se > 0, "fresh directions each call");
    }

    @ParameterizedTest
    @CsvSource({"RELU", "SOFTPLUS", "TANH", "SIGMOID", "SWISH", "GELU"})
    void closedFormTraceEqualsTheTangentPasses(Activation act) {
        SdeScoreModel model = new SdeScoreModel(2, 12, 2, act, Key.of(7), DataType.DOUBLE);
        INDArray data = levels(Key.of(8));
        ScoreMatching closed = ScoreMatching.joint(data, TS, 0.002);
        ValueAndGrad fast = closed.valueAndGrad(model);
        Batch batch = Batch.joint(data, TS);
        double[][] unit = new double[2][batch.rows() * 2];
        for (int i = 0; i < 2; i++) {
            for (int r = 0; r < batch.rows(); r++) {
                unit[i][r * 2 + i] = 1;
            }
        }
        ValueAndGrad general = new TangentPasses(model, batch, 2).run(model, unit, null, true, 0.002);
        assertEquals(general.value(), fast.value(), 1e-12 * Math.max(1, Math.abs(general.value())));
        for (String name : model.params().names()) {
            double diff = general.grads().get(name).sub(fast.grads().get(name)).amaxNumber().doubleValue();
            double scale = general.grads().get(name).amaxNumber().doubleValue();
            assertTrue(diff <= 1e-10 * Math.max(1, scale), act + " " + name + " differs by " + diff);
        }
    }

    /**
     * valueAndGrad hands out fresh arrays that later calls leave alone; valueAndGradForUpdate, the
     * training loop's call, gives the same numbers (for the same draw) in the objective's buffers.
     */
    @Test
    void valueAndGradGivesFreshArraysAndTheTrainingCallTheSameNumbers() {
        INDArray data = levels(Key.of(30));
        INDArray clean = data.slice(0).dup();
        for (DataType type : new DataType[] {DataType.FLOAT, DataType.DOUBLE}) {
            SdeScoreModel model = new SdeScoreModel(2, 8, 2, Activation.RELU, Key.of(31), type);
            java.util.List<java.util.function.Supplier<Objective>> makers = java.util.List.of(
                    () -> ScoreMatching.joint(data, TS, 0.001),
                    () -> DenoisingScoreMatching.freshNoise(clean, 0.01, 5, 2, Key.of(32), 0.001),
                    () -> SlicedScoreMatching.joint(data, TS, 2, Key.of(33), 0.001));
            for (java.util.function.Supplier<Objective> make : makers) {
                Objective kept = make.get();
                Objective training = make.get();
                ValueAndGrad first = kept.valueAndGrad(model);
                Params snapshot = first.grads().copy();
                ValueAndGrad same = training.valueAndGradForUpdate(model);
                assertEquals(first.value(), same.value(), 0.0, kept + ": value");
                for (String name : snapshot.names()) {
                    org.junit.jupiter.api.Assertions.assertArrayEquals(snapshot.get(name).data().asDouble(),
                            same.grads().get(name).data().asDouble(), 0.0, kept + ": " + name);
                }
                model.params().get("layers.1.bias").addi(0.5);
                kept.valueAndGrad(model);
                for (String name : snapshot.names()) {
                    org.junit.jupiter.api.Assertions.assertArrayEquals(snapshot.get(name).data().asDouble(),
                            first.grads().get(name).data().asDouble(), 0.0, kept + ": " + name + " kept its values");
                }
            }
        }
    }

    @Test
    void badInputsNameTheParameter() {
        INDArray x = Nd4j.createFromArray(Key.of(1).normal(14)).reshape(7, 2);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> DenoisingScoreMatching.joint(x, levels(Key.of(2)), new double[] {0.0, 1, 2}, 0));
        assertTrue(e.getMessage().contains("ts[0]"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class,
                () -> DenoisingScoreMatching.joint(x.get(org.nd4j.linalg.indexing.NDArrayIndex.interval(0, 5)),
                        levels(Key.of(2)), TS, 0));
        assertTrue(e.getMessage().contains("[5, 2]"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class,
                () -> SlicedScoreMatching.joint(levels(Key.of(2)), TS, 0, Key.of(1), 0));
        assertTrue(e.getMessage().contains("projections") && e.getMessage().contains("0"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class,
                () -> SlicedScoreMatching.joint(levels(Key.of(2)), TS, 1, null, 0));
        assertTrue(e.getMessage().contains("key"), e.getMessage());
    }

    @Test
    void noiseTimesMapUniformsAsDocumented() {
        NoiseTimes log = NoiseTimes.logUniform(0.001, 10);
        NoiseTimes lin = NoiseTimes.uniform(0.001, 10);
        NoiseTimes half = NoiseTimes.halfLogHalfUniform(0.001, 10);
        assertEquals(0.001, log.at(0), 1e-18);
        assertEquals(0.1, log.at(0.5), 1e-15);
        assertEquals(5.0005, lin.at(0.5), 1e-12);
        assertEquals(log.at(0.5), half.at(0.25), 0);
        assertEquals(lin.at(0.5), half.at(0.75), 0);
        assertThrows(IllegalArgumentException.class, () -> NoiseTimes.uniform(1, 1));
        assertThrows(IllegalArgumentException.class, () -> NoiseTimes.logUniform(0, 1));
    }

    @Test
    void freshNoiseWithUniformTimesFollowsTheDocumentedDraws() {
        SdeScoreModel model = new SdeScoreModel(2, 4, 1, Activation.SOFTPLUS, Key.of(9), DataType.DOUBLE);
        INDArray x = Nd4j.createFromArray(Key.of(1).normal(10)).reshape(5, 2);
        Key key = Key.of(22);
        DenoisingScoreMatching dsm = DenoisingScoreMatching.freshNoise(x, NoiseTimes.uniform(0.5, 4), 2, key, 0);
        Key[] k = key.fold(0).split(2);
        double[] u = k[0].uniform(10);
        double[] eps = k[1].normal(20);
        double[] t = new double[10];
        INDArray noised = Nd4j.create(DataType.DOUBLE, 10, 2);
        for (int r = 0; r < 10; r++) {
            t[r] = 0.5 + 3.5 * u[r];
            for (int i = 0; i < 2; i++) {
                noised.putScalar(r, i, x.getDouble(r % 5, i) + Math.sqrt(t[r]) * eps[2 * r + i]);
            }
        }
        INDArray s = model.apply(noised, Nd4j.createFromArray(t));
        double expected = 0;
        for (int r = 0; r < 10; r++) {
            for (int i = 0; i < 2; i++) {
                double resid = s.getDouble(r, i) + eps[2 * r + i] / Math.sqrt(t[r]);
                expected += t[r] / 5 * 0.5 * resid * resid;
            }
        }
        assertEquals(expected, dsm.value(model), 1e-9 * Math.abs(expected));
        // The log-uniform overload is the NoiseTimes one, value for value.
        SdeScoreModel m = new SdeScoreModel(2, 8, 2, Activation.SOFTPLUS, Key.of(3));
        assertEquals(Double.doubleToRawLongBits(DenoisingScoreMatching.freshNoise(x, 0.01, 5, 3, key, 0).value(m)),
                Double.doubleToRawLongBits(DenoisingScoreMatching.freshNoise(x, NoiseTimes.logUniform(0.01, 5), 3, key, 0).value(m)));
        assertThrows(IllegalArgumentException.class, () -> DenoisingScoreMatching.freshNoise(x, (NoiseTimes) null, 2, key, 0));
        DenoisingScoreMatching bad = DenoisingScoreMatching.freshNoise(x, u2 -> 1.0, 2, key, 0);
        assertEquals(true, Double.isFinite(bad.value(m)));
        assertThrows(IllegalStateException.class, () -> DenoisingScoreMatching.freshNoise(x, u2 -> -1.0, 2, key, 0));
    }
}
