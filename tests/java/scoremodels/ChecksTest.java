package scoremodels;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import scoremodels.data.Datasets;
import scoremodels.data.HigherDimensions;
import scoremodels.random.Key;
import scoremodels.sampler.Priors;

class ChecksTest {
    @Test
    void arrayLengthMultipliesExactlyAndNamesTheSizes() {
        assertEquals(6, Checks.arrayLength("n·D", 2, 3));
        assertEquals(0, Checks.arrayLength("n·D", 0, Long.MAX_VALUE));
        assertEquals(Checks.MAX_ARRAY_LENGTH, Checks.arrayLength("n", Checks.MAX_ARRAY_LENGTH));
        // 65536·65536 wraps to 0 in int arithmetic; 2^62·4 wraps to 0 in long arithmetic.
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> Checks.arrayLength("out·in", 65536, 65536));
        assertEquals("out·in = 65536·65536 entries, more than a Java array holds (2147483639)", e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> Checks.arrayLength("n·T·D", 1L << 62, 4, 1));
        assertTrue(e.getMessage().startsWith("n·T·D = 4611686018427387904·4·1 entries"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> Checks.arrayLength("n·D", -1, 2));
        assertTrue(e.getMessage().contains("negative size in [-1, 2]"), e.getMessage());
    }

    @Test
    void numbersNameTheParameterAndTheValue() {
        assertEquals(2.0, Checks.positive("rate", 2.0));
        assertEquals(0.0, Checks.nonNegative("t", 0.0));
        assertEquals("rate must be finite and > 0, got 0.0",
                assertThrows(IllegalArgumentException.class, () -> Checks.positive("rate", 0.0)).getMessage());
        assertEquals("t must be finite and >= 0, got NaN",
                assertThrows(IllegalArgumentException.class, () -> Checks.nonNegative("t", Double.NaN)).getMessage());
        assertEquals("x must be finite, got Infinity",
                assertThrows(IllegalArgumentException.class, () -> Checks.finite("x", Double.POSITIVE_INFINITY)).getMessage());
        assertEquals("x must be finite, got NaN at row 1, column 0",
                assertThrows(IllegalArgumentException.class,
                        () -> Checks.finite("x", new double[] {1, 2, Double.NaN, 4}, 2)).getMessage());
        assertEquals("key must not be null",
                assertThrows(IllegalArgumentException.class, () -> Checks.notNull("key", null)).getMessage());
    }

    @Test
    void sizesFromSeveralIntsAreRefusedBeforeAllocating() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> Datasets.load("gaussians", Integer.MAX_VALUE, Key.of(1)));
        assertTrue(e.getMessage().contains("2·n") && e.getMessage().contains("2·2147483647"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> HigherDimensions.twoGaussians(100_000, 100_000, Key.of(1)));
        assertTrue(e.getMessage().startsWith("n·dims = 100000·100000 entries"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> Priors.chapter(65_536, 65_536, Key.of(1)));
        assertTrue(e.getMessage().startsWith("rows·cols = 65536·65536 entries"), e.getMessage());
    }
}
