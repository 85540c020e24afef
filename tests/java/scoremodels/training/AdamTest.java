package scoremodels.training;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import scoremodels.models.Params;

class AdamTest {
    private static Params of(double... v) {
        Map<String, INDArray> m = new LinkedHashMap<>();
        m.put("p", Nd4j.createFromArray(v));
        return new Params(m);
    }

    @Test
    void twoStepsMatchTheHandComputation() {
        // By hand, lr 0.1, b1 0.9, b2 0.999, eps 1e-8:
        // step 1: m̂ = g, v̂ = g², so θ moves by 0.1 · g/(|g| + eps): 1 → 0.900000002, -2 → -2.09999999.
        // step 2: m = (0.015, 0.029), v = (3.3975e-4, 4.999e-5), m̂ = m/0.19, v̂ = v/0.001999.
        Params theta = of(1.0, -2.0);
        Adam adam = new Adam(0.1);
        adam.update(theta, of(0.5, 0.1));
        assertEquals(0.900000002, theta.get("p").getDouble(0), 1e-12);
        assertEquals(-2.09999999, theta.get("p").getDouble(1), 1e-12);
        adam.update(theta, of(-0.3, 0.2));
        assertEquals(0.8808501989417752, theta.get("p").getDouble(0), 1e-12);
        assertEquals(-2.196518186478747, theta.get("p").getDouble(1), 1e-12);
        assertEquals(2, adam.count());
    }

    /**
     * FLOAT parameters take the float path (moments and arithmetic in float, as optax keeps them
     * for float32): the same hand-computed steps to float precision, and 200 updates of a larger
     * tensor within float rounding of the double path.
     */
    @Test
    void floatParametersFollowTheDoubleComputationToFloatPrecision() {
        Params theta = of(1.0, -2.0);
        Params thetaF = theta.castTo(org.nd4j.linalg.api.buffer.DataType.FLOAT);
        Adam adam = new Adam(0.1);
        adam.update(thetaF, of(0.5, 0.1).castTo(org.nd4j.linalg.api.buffer.DataType.FLOAT));
        adam.update(thetaF, of(-0.3, 0.2).castTo(org.nd4j.linalg.api.buffer.DataType.FLOAT));
        assertEquals(org.nd4j.linalg.api.buffer.DataType.FLOAT, thetaF.get("p").dataType());
        assertEquals(0.8808501989417752, thetaF.get("p").getDouble(0), 1e-6);
        assertEquals(-2.196518186478747, thetaF.get("p").getDouble(1), 1e-6);

        int n = 1000;
        double[] start = scoremodels.random.Key.of(1).normal(n);
        Params d = of(start);
        Params f = d.castTo(org.nd4j.linalg.api.buffer.DataType.FLOAT);
        Adam onDouble = new Adam(Schedule.cosineDecay(1e-2, 200));
        Adam onFloat = new Adam(Schedule.cosineDecay(1e-2, 200));
        for (int step = 0; step < 200; step++) {
            // The gradient of Σ (θ − 1)² / 2 + small keyed noise, the same for both.
            double[] noise = scoremodels.random.Key.of(100 + step).normal(n);
            double[] gd = new double[n];
            double[] gf = new double[n];
            for (int i = 0; i < n; i++) {
                gd[i] = d.get("p").getDouble(i) - 1 + 0.1 * noise[i];
                gf[i] = f.get("p").getDouble(i) - 1 + 0.1 * noise[i];
            }
            onDouble.update(d, of(gd));
            onFloat.update(f, of(gf).castTo(org.nd4j.linalg.api.buffer.DataType.FLOAT));
        }
        double worst = 0;
        for (int i = 0; i < n; i++) {
            worst = Math.max(worst, Math.abs(d.get("p").getDouble(i) - f.get("p").getDouble(i)));
        }
        assertTrue(worst < 1e-4, "largest difference " + worst);
        assertTrue(Math.abs(d.get("p").getDouble(0) - start[0]) > 0.1, "the parameters moved");
    }

    @Test
    void badSettingsAreRefused() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> new Adam(0.0));
        assertTrue(e.getMessage().contains("learningRate") && e.getMessage().contains("0.0"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> new Adam(-1e-3));
        assertTrue(e.getMessage().contains("-0.001"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> new Adam(Double.NaN));
        assertTrue(e.getMessage().contains("NaN"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> new Adam(0.1, 1.0, 0.999, 1e-8));
        assertTrue(e.getMessage().contains("b1"), e.getMessage());
        Params theta = of(1.0, 2.0);
        Map<String, INDArray> other = new LinkedHashMap<>();
        other.put("q", Nd4j.createFromArray(1.0, 2.0));
        e = assertThrows(IllegalArgumentException.class, () -> new Adam(0.1).update(theta, new Params(other)));
        assertTrue(e.getMessage().contains("'p'"), e.getMessage());
    }

    @Test
    void aScheduleSetsTheRateOfEachUpdate() {
        // A cosine decay over 2 updates: rates 0.1, then 0.1 · ½(1 + cos(π/2)) = 0.05. The first
        // update is the constant-rate one; the second moves θ half as far as above
        // (0.8808501989417752 − 0.900000002 = −0.0191498030582248).
        Params theta = of(1.0, -2.0);
        Adam adam = new Adam(Schedule.cosineDecay(0.1, 2));
        assertEquals(0.1, adam.learningRate(), 0);
        adam.update(theta, of(0.5, 0.1));
        assertEquals(0.900000002, theta.get("p").getDouble(0), 1e-12);
        assertEquals(0.05, adam.learningRate(), 1e-15);
        adam.update(theta, of(-0.3, 0.2));
        assertEquals(0.900000002 - 0.0191498030582248 / 2, theta.get("p").getDouble(0), 1e-12);
        assertEquals(-2.09999999 + (-2.196518186478747 + 2.09999999) / 2, theta.get("p").getDouble(1), 1e-12);
        // After the decay the rate stays 0: parameters no longer move.
        assertEquals(0.0, adam.learningRate(), 0);
        double before = theta.get("p").getDouble(0);
        adam.update(theta, of(1.0, 1.0));
        assertEquals(before, theta.get("p").getDouble(0), 0);
    }

    @Test
    void cosineDecayFollowsOptax() {
        Schedule s = Schedule.cosineDecay(2e-3, 100);
        assertEquals(2e-3, s.at(0), 0);
        assertEquals(1e-3, s.at(50), 1e-18);
        assertEquals(2e-3 * 0.5 * (1 + Math.cos(Math.PI * 0.25)), s.at(25), 1e-18);
        assertEquals(0.0, s.at(100), 1e-18);
        assertEquals(0.0, s.at(1000), 1e-18);
        assertEquals(0.3, Schedule.constant(0.3).at(12345), 0);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Schedule.cosineDecay(0.1, 0));
        assertTrue(e.getMessage().contains("decaySteps must be >= 1, got 0"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> Schedule.cosineDecay(-1, 10));
        assertTrue(e.getMessage().contains("peak must be finite and > 0, got -1.0"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> new Adam((Schedule) null));
        assertTrue(e.getMessage().contains("schedule"), e.getMessage());
        // A schedule that returns NaN stops the update before it touches the parameters.
        Params theta = of(1.0, 2.0);
        IllegalStateException bad = assertThrows(IllegalStateException.class,
                () -> new Adam(count -> Double.NaN).update(theta, of(0.1, 0.1)));
        assertTrue(bad.getMessage().contains("NaN") && bad.getMessage().contains("update 0"), bad.getMessage());
        assertEquals(1.0, theta.get("p").getDouble(0), 0);
    }
}
