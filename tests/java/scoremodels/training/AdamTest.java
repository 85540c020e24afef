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
}
