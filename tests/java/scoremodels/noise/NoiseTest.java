package scoremodels.noise;

import scoremodels.data.Grid;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import scoremodels.data.Datasets;
import scoremodels.random.Key;

class NoiseTest {
    @Test
    void noiseHasMeanZeroAndVarianceT() {
        int n = 20000;
        double t = 4.0;
        INDArray X = Nd4j.zeros(DataType.DOUBLE, n, 2);
        INDArray y = Noise.noise(Key.of(11), X, t);
        double[][] v = y.toDoubleMatrix();
        for (int j = 0; j < 2; j++) {
            double sum = 0;
            double sumSq = 0;
            for (double[] row : v) {
                sum += row[j];
                sumSq += row[j] * row[j];
            }
            double mean = sum / n;
            double var = sumSq / n - mean * mean;
            assertEquals(0.0, mean, 4 * Math.sqrt(t) / Math.sqrt(n), "mean of column " + j);
            // The sample variance has standard deviation about t·√(2/n).
            assertEquals(t, var, 4 * t * Math.sqrt(2.0 / n), "variance of column " + j);
        }
        double cross = 0;
        for (double[] row : v) {
            cross += row[0] * row[1] / n;
        }
        assertEquals(0.0, cross, 4 * t / Math.sqrt(n), "the two coordinates are independent");
    }

    @Test
    void noiseIsAddedToTheData() {
        INDArray X = Datasets.load("gaussians").X();
        INDArray small = Noise.noise(Key.of(5), X, 1e-6);
        double maxDiff = small.sub(X).amaxNumber().doubleValue();
        assertTrue(maxDiff > 0 && maxDiff < 0.01, "tiny t moves points a tiny bit: " + maxDiff);
    }

    @Test
    void timeZeroReturnsTheDataUnchanged() {
        INDArray X = Datasets.load("moons").X();
        INDArray copy = X.dup();
        assertSame(X, Noise.noise(Key.of(1), X, 0.0));
        assertBitwise(copy, X);
        INDArray x = X.getRow(0).dup();
        assertSame(x, Noise.noiseBatch(Key.of(1), x, 0.0));
    }

    @Test
    void rowsAreNoiseBatchWithSplitKeysAndTypesAreKept() {
        Key key = Key.of(99);
        for (DataType type : new DataType[] {DataType.FLOAT, DataType.DOUBLE}) {
            INDArray X = Datasets.load("circles").X().castTo(type);
            INDArray Y = Noise.noise(key, X, 2.5);
            assertEquals(type, Y.dataType());
            assertArrayEquals(X.shape(), Y.shape());
            Key[] keys = key.split(100);
            for (int i : new int[] {0, 37, 99}) {
                INDArray row = Noise.noiseBatch(keys[i], X.getRow(i).dup(), 2.5);
                assertEquals(type, row.dataType());
                assertBitwise(row, Y.getRow(i));
                INDArray asRow = Noise.noiseBatch(keys[i], X.getRow(i).reshape(1, 2).dup(), 2.5);
                assertArrayEquals(new long[] {1, 2}, asRow.shape());
                assertBitwise(row, asRow.reshape(2));
            }
        }
    }

    @Test
    void sameKeySameNumbersOtherKeyOtherNumbers() {
        INDArray X = Datasets.load("gaussians").X();
        INDArray a = Noise.noise(Key.of(42), X, 3.0);
        INDArray b = Noise.noise(Key.of(42), X, 3.0);
        assertBitwise(a, b);
        assertNotEquals(a, Noise.noise(Key.of(43), X, 3.0));
    }

    @Test
    void chapterLevelsHaveShape9x100x2() {
        double[] ts = Grid.linspace(0.001, 10, 9);
        assertEquals(0.001, ts[0], 0.0);
        assertEquals(10.0, ts[8], 0.0);
        INDArray X = Datasets.load("moons").X();
        Key key = Key.of(99);
        INDArray levels = Noise.noiseLevels(key, X, ts);
        assertArrayEquals(new long[] {9, 100, 2}, levels.shape());
        assertEquals(DataType.DOUBLE, levels.dataType());
        Key[] keys = key.split(9);
        for (int i : new int[] {0, 4, 8}) {
            assertBitwise(Noise.noise(keys[i], X, ts[i]), levels.slice(i));
        }
        // The spread grows with t: level 8 (t = 10) is far wider than level 0.
        double spread0 = levels.slice(0).sub(X).std(0).meanNumber().doubleValue();
        double spread8 = levels.slice(8).sub(X).std(0).meanNumber().doubleValue();
        assertEquals(Math.sqrt(0.001), spread0, 0.5 * Math.sqrt(0.001));
        assertEquals(Math.sqrt(10), spread8, 0.5 * Math.sqrt(10));
        INDArray f = Noise.noiseLevels(key, X.castTo(DataType.FLOAT), ts);
        assertEquals(DataType.FLOAT, f.dataType());
        assertBitwise(levels, Noise.noiseLevels(key, X, ts));
    }

    @Test
    void badInputsNameTheParameter() {
        Key key = Key.of(0);
        INDArray X = Nd4j.createFromArray(new double[][] {{1, 2}, {3, 4}});
        assertMessage("t", "-1.0", () -> Noise.noise(key, X, -1.0));
        assertMessage("t", "NaN", () -> Noise.noise(key, X, Double.NaN));
        assertMessage("t", "Infinity", () -> Noise.noise(key, X, Double.POSITIVE_INFINITY));
        assertMessage("t", "-0.5", () -> Noise.noiseBatch(key, X.getRow(0), -0.5));
        assertMessage("X", "NaN", () -> Noise.noise(key, Nd4j.createFromArray(new double[][] {{1, Double.NaN}}), 1.0));
        assertMessage("X", "Infinity",
                () -> Noise.noise(key, Nd4j.createFromArray(new float[][] {{Float.NEGATIVE_INFINITY, 0}}), 0.0));
        assertMessage("x", "NaN", () -> Noise.noiseBatch(key, Nd4j.createFromArray(Double.NaN, 1.0), 1.0));
        assertMessage("X", "[0, 2]", () -> Noise.noise(key, Nd4j.create(DataType.DOUBLE, 0, 2), 1.0));
        assertMessage("X", "[3]", () -> Noise.noise(key, Nd4j.zeros(3), 1.0));
        assertMessage("X", "[2, 2, 2]", () -> Noise.noise(key, Nd4j.zeros(2, 2, 2), 1.0));
        assertMessage("x", "[2, 2]", () -> Noise.noiseBatch(key, X, 1.0));
        assertMessage("X", "INT", () -> Noise.noise(key, Nd4j.createFromArray(new int[][] {{1, 2}}), 1.0));
        assertMessage("X", "null", () -> Noise.noise(key, null, 1.0));
        assertMessage("key", "null", () -> Noise.noise(null, X, 1.0));
        assertMessage("ts", "empty", () -> Noise.noiseLevels(key, X, new double[0]));
        assertMessage("ts[2]", "-3.0", () -> Noise.noiseLevels(key, X, new double[] {1, 2, -3}));
        assertMessage("ts[0]", "NaN", () -> Noise.noiseLevels(key, X, new double[] {Double.NaN}));
    }

    // INDArray.equals allows 1e-5; determinism claims need exact equality.
    private static void assertBitwise(INDArray expected, INDArray actual) {
        assertArrayEquals(expected.shape(), actual.shape(), "shape");
        assertEquals(expected.dataType(), actual.dataType(), "type");
        assertArrayEquals(expected.dup('c').reshape(expected.length()).toDoubleVector(),
                actual.dup('c').reshape(actual.length()).toDoubleVector(), 0.0);
    }

    private static void assertMessage(String param, String value, Executable call) {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, call);
        assertTrue(e.getMessage().contains(param) && e.getMessage().contains(value),
                "message names " + param + " and " + value + ": " + e.getMessage());
    }
}
