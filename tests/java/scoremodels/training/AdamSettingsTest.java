package scoremodels.training;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import scoremodels.models.Params;

/** Adam's hyper-parameters: each bad one is refused, naming it and its value. */
class AdamSettingsTest {
    @Test
    void epsMustBePositiveEvenInFloat() {
        assertRefused("eps must be > 0 and finite, also as a float", "got 0.0", () -> new Adam(0.1, 0.9, 0.999, 0.0));
        assertRefused("eps", "got -1.0E-8", () -> new Adam(0.1, 0.9, 0.999, -1e-8));
        assertRefused("eps", "got NaN", () -> new Adam(0.1, 0.9, 0.999, Double.NaN));
        assertRefused("eps", "got Infinity", () -> new Adam(0.1, 0.9, 0.999, Double.POSITIVE_INFINITY));
        // 1e-50 is a positive double but 0 as a float: a FLOAT model would divide 0 by 0.
        assertRefused("eps", "got 1.0E-50", () -> new Adam(0.1, 0.9, 0.999, 1e-50));
    }

    @Test
    void ratesAndDecaysNameTheirValue() {
        assertRefused("learningRate must be finite and > 0", "got Infinity", () -> new Adam(Double.POSITIVE_INFINITY));
        assertRefused("b1 must be in [0, 1)", "got NaN", () -> new Adam(0.1, Double.NaN, 0.999, 1e-8));
        assertRefused("b1 must be in [0, 1)", "got -0.1", () -> new Adam(0.1, -0.1, 0.999, 1e-8));
        assertRefused("b2 must be in [0, 1)", "got 1.0", () -> new Adam(0.1, 0.9, 1.0, 1e-8));
        assertRefused("schedule must not be null", "", () -> new Adam(null, 0.9, 0.999, 1e-8));
    }

    /** With the smallest float eps, a zero gradient moves nothing and makes no NaN. */
    @Test
    void aZeroGradientWithTinyEpsLeavesTheParameter() {
        INDArray p = Nd4j.createFromArray(1.5f, -2f);
        Params theta = new Params(java.util.Map.of("p", p));
        Params zero = new Params(java.util.Map.of("p", Nd4j.zeros(DataType.FLOAT, 2)));
        new Adam(0.1, 0.9, 0.999, Float.MIN_VALUE).update(theta, zero);
        assertEquals(1.5f, p.getFloat(0), 0f);
        assertEquals(-2f, p.getFloat(1), 0f);
    }

    private static void assertRefused(String what, String value, Executable call) {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, call);
        assertTrue(e.getMessage().contains(what) && e.getMessage().contains(value), e.getMessage());
    }
}
