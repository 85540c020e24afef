package scoremodels.models;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import scoremodels.random.Key;

/** SdeScoreModel's inputs: finite points, finite times >= 0, sizes that fit an array. */
class ModelInputChecksTest {
    private final SdeScoreModel model = new SdeScoreModel(2, 8, 2, Activation.RELU, Key.of(1));
    private final INDArray x = Nd4j.createFromArray(new float[][] {{1f, 2f}, {3f, 4f}});

    @Test
    void nonFinitePointsAreRefusedNamingTheEntry() {
        assertRefused("x must be finite, got NaN at row 1, column 0",
                () -> model.apply(Nd4j.createFromArray(new float[][] {{1f, 2f}, {Float.NaN, 4f}}), 1.0));
        assertRefused("x must be finite, got -Infinity at row 0, column 1",
                () -> model.apply(Nd4j.createFromArray(new double[][] {{1, Double.NEGATIVE_INFINITY}}), 1.0));
    }

    @Test
    void timesMustBeFiniteAndNotNegative() {
        assertRefused("t must be finite and >= 0, got -0.5 at row 0", () -> model.apply(x, -0.5));
        assertRefused("t must be finite and >= 0, got NaN at row 1",
                () -> model.apply(x, Nd4j.createFromArray(1f, Float.NaN)));
        assertRefused("t must be finite and >= 0, got Infinity at row 0",
                () -> model.apply(x, Double.POSITIVE_INFINITY));
    }

    /** t = 0 is the data itself: a legitimate time, and the output is finite. */
    @Test
    void timeZeroIsAccepted() {
        INDArray s = model.apply(x, 0.0);
        assertEquals(2, s.rows());
        assertTrue(!s.isNaN().any() && !s.isInfinite().any());
    }

    @Test
    void weightsTooLargeForAnArrayNameTheSizes() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> new SdeScoreModel(2, 100_000, 2, Activation.RELU, Key.of(1), DataType.FLOAT));
        assertTrue(e.getMessage().contains("widthSize=100000") && e.getMessage().contains("100000·100000"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class,
                () -> new SdeScoreModel(3_000_000, 1_000, 0, Activation.RELU, Key.of(1)));
        assertTrue(e.getMessage().contains("dataDims=3000000") && e.getMessage().contains("3000000·3000001"), e.getMessage());
    }

    private static void assertRefused(String message, Executable call) {
        assertEquals(message, assertThrows(IllegalArgumentException.class, call).getMessage());
    }
}
