package scoremodels.metrics;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.function.Executable;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.indexing.NDArrayIndex;
import scoremodels.random.Key;
import tech.tablesaw.api.Table;

class SampleQualityTest {
    private static final double[][] X = Gaussians.sample(Key.of(41), 60, Gaussians.zeros(2), 1);
    private static final double[][] Y = Gaussians.sample(Key.of(42), 50, new double[] {1, 0}, 1);

    @Test
    void figuresAreTheSingleMetricsWithTheDocumentedKeys() {
        Key key = Key.of(43);
        SampleQuality q = SampleQuality.of(X, Y, key);
        assertEquals(EnergyDistance.of(X, Y), q.energy());
        assertEquals(EnergyDistance.unbiased(X, Y), q.energyUnbiased());
        assertEquals(Mmd.medianBandwidth(X, Y, key.split(2)[0]), q.bandwidth());
        assertEquals(Mmd.squared(X, Y, q.bandwidth()), q.mmd2());
        assertEquals(Mmd.root(q.mmd2()), q.mmd());
        assertEquals(SlicedWasserstein.of(X, Y, key.split(2)[1]), q.sw2());
        assertTrue(q.energy() > 0 && q.mmd2() > 0 && q.sw2() > 0, q.toString());
        assertEquals(q, SampleQuality.of(X, Y, Key.of(43)));
    }

    @Test
    void ndArraysIncludingViewsAndFortranOrderGiveTheSameFigures() {
        SampleQuality q = SampleQuality.of(X, Y, Key.of(44));
        INDArray fx = Nd4j.createFromArray(X).dup('f');
        // Y as a strided view cut out of a bigger array.
        INDArray big = Nd4j.zeros(DataType.DOUBLE, Y.length + 3, 4);
        big.get(NDArrayIndex.interval(2, 2 + Y.length), NDArrayIndex.interval(1, 3)).assign(Nd4j.createFromArray(Y));
        INDArray vy = big.get(NDArrayIndex.interval(2, 2 + Y.length), NDArrayIndex.interval(1, 3));
        assertEquals(q, SampleQuality.of(fx, vy, Key.of(44)));
    }

    @Test
    void tableHasOneRowPerEntryInOrder() {
        Map<String, SampleQuality> rows = new LinkedHashMap<>();
        rows.put("trained", SampleQuality.of(X, Y, Key.of(45)));
        rows.put("untrained", SampleQuality.of(X, Gaussians.sample(Key.of(46), 50, new double[] {4, 4}, 1), Key.of(45)));
        Table t = Metrics.table(rows);
        assertEquals(java.util.List.of("name", "energy", "energy (unbiased)", "mmd", "sw2"), t.columnNames());
        assertEquals(2, t.rowCount());
        assertEquals("trained", t.stringColumn("name").get(0));
        assertEquals("untrained", t.stringColumn("name").get(1));
        assertEquals(rows.get("untrained").energy(), t.doubleColumn("energy").get(1));
        assertEquals(rows.get("trained").mmd(), t.doubleColumn("mmd").get(0));
        assertEquals(rows.get("untrained").sw2(), t.doubleColumn("sw2").get(1));
        assertTrue(t.doubleColumn("sw2").get(1) > t.doubleColumn("sw2").get(0));
        assertEquals(0, Metrics.table(Map.of()).rowCount());
    }

    private static void rejects(Executable call, String... fragments) {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, call);
        for (String f : fragments) {
            assertTrue(e.getMessage().contains(f), "message '" + e.getMessage() + "' lacks '" + f + "'");
        }
    }

    @Test
    void badInputsNameTheParameterAndValue() {
        double[][] empty = new double[0][];
        double[][] nan = {{0, 0}, {1, Double.NaN}};
        double[][] inf = {{0, 0}, {Double.POSITIVE_INFINITY, 1}};
        double[][] threeD = {{0, 0, 0}, {1, 1, 1}};
        double[][] ragged = {{0, 0}, {1}};
        double[][] one = {{0, 0}};
        Key key = Key.of(1);
        rejects(() -> EnergyDistance.of(empty, Y), "X", "0 rows");
        rejects(() -> Mmd.squared(X, empty, 1.0), "Y", "0 rows");
        rejects(() -> SlicedWasserstein.of(X, empty, key), "Y", "0 rows");
        rejects(() -> EnergyDistance.of(X, nan), "Y[1][1]", "NaN");
        rejects(() -> Mmd.squared(inf, Y), "X[1][0]", "Infinity");
        rejects(() -> SlicedWasserstein.of(nan, Y, key), "X[1][1]", "NaN");
        rejects(() -> SampleQuality.of(X, inf, key), "Y[1][0]", "Infinity");
        rejects(() -> EnergyDistance.of(X, threeD), "dimension", "X: 2", "Y: 3");
        rejects(() -> Mmd.squared(threeD, Y, 1.0), "dimension", "X: 3", "Y: 2");
        rejects(() -> SlicedWasserstein.of(X, threeD, key), "dimension", "Y: 3");
        rejects(() -> EnergyDistance.of(ragged, Y), "X[1]", "got 1");
        rejects(() -> EnergyDistance.of(one, Y), "X", "at least 2", "got 1");
        rejects(() -> Mmd.squared(X, one, 1.0), "Y", "at least 2", "got 1");
        rejects(() -> SlicedWasserstein.of(X, Y, key, 0), "numDirections", "0");
        rejects(() -> SlicedWasserstein.of(X, Y, key, -3), "numDirections", "-3");
        rejects(() -> SlicedWasserstein.of(X, Y, null), "key", "null");
        rejects(() -> SampleQuality.of(X, Y, null), "key", "null");
        rejects(() -> Mmd.squared(X, Y, 0.0), "bandwidth", "0.0");
        rejects(() -> Mmd.squared(X, Y, -1.5), "bandwidth", "-1.5");
        rejects(() -> Mmd.of(X, Y, Double.NaN), "bandwidth", "NaN");
        rejects(() -> Mmd.squared(X, Y, Double.POSITIVE_INFINITY), "bandwidth", "Infinity");
        rejects(() -> SlicedWasserstein.w2Squared1d(new double[0], new double[] {1}), "a", "0 values");
        rejects(() -> SlicedWasserstein.w2Squared1d(new double[] {1}, new double[] {Double.NaN}), "b[0]", "NaN");
        rejects(() -> SlicedWasserstein.directions(key, 0, 2), "count", "0");
        rejects(() -> EnergyDistance.of(Nd4j.createFromArray(1.0, 2.0), Nd4j.createFromArray(X)), "X", "[2]");
        rejects(() -> Mmd.squared(Nd4j.createFromArray(X), Nd4j.createFromArray(nan)), "Y[1][1]", "NaN");
        rejects(() -> Metrics.table(null), "rows", "null");
    }

    @Test
    void meanAveragesEachFieldAndRecomputesTheMmd() {
        SampleQuality a = new SampleQuality(0.1, -0.2, 0.04, 0.2, 1.0, 3.0);
        SampleQuality b = new SampleQuality(0.3, 0.4, -0.02, 0.0, 3.0, 5.0);
        SampleQuality m = SampleQuality.mean(java.util.List.of(a, b));
        assertEquals(0.2, m.energy(), 1e-15);
        assertEquals(0.1, m.energyUnbiased(), 1e-15);
        assertEquals(0.01, m.mmd2(), 1e-15);
        assertEquals(0.1, m.mmd(), 1e-15);
        assertEquals(2.0, m.bandwidth(), 1e-15);
        assertEquals(4.0, m.sw2(), 1e-15);
        IllegalArgumentException e = org.junit.jupiter.api.Assertions.assertThrows(IllegalArgumentException.class,
                () -> SampleQuality.mean(java.util.List.of()));
        org.junit.jupiter.api.Assertions.assertTrue(e.getMessage().contains("all"), e.getMessage());
    }
}
