package scoremodels.evaluation;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import tech.tablesaw.api.Table;

class EnergyComparisonTest {
    /**
     * Points on a line, by hand: the reference {0, 2}; set a = {0, 2} (distance 0); set b = {1, 1}:
     * 2·E|X−Y| = 2·1, E|X−X'| = 0, E|Y−Y'| = (0 + 2 + 2 + 0)/4 = 1, so 2 − 0 − 1 = 1; set c = {0, 4}:
     * 2·(0 + 2 + 4 + 2)/4 − 2 − 1 = 1.
     */
    @Test
    void energiesTableAndSummaryFollowTheHandComputedValues() {
        INDArray reference = Nd4j.createFromArray(new double[][] {{0, 0}, {2, 0}});
        Map<String, INDArray> sets = new LinkedHashMap<>();
        sets.put("generated points", Nd4j.createFromArray(new double[][] {{1, 0}, {1, 0}}));
        sets.put("copy", Nd4j.createFromArray(new double[][] {{0, 0}, {2, 0}}));
        sets.put("wide", Nd4j.createFromArray(new double[][] {{0, 0}, {4, 0}, {4, 0}}));
        EnergyComparison c = EnergyComparison.of(sets, reference);
        assertEquals(1.0, c.energy("generated points"), 1e-15);
        assertEquals(0.0, c.energy("copy"), 1e-15);
        // wide: 2·(0 + 2 + 4 + 2 + 4 + 2)/6 − 1 − (0 + 4 + 4 + 4 + 0 + 0 + 4 + 0 + 0)/9 = 14/3 − 1 − 16/9
        assertEquals(14.0 / 3 - 1 - 16.0 / 9, c.energy("wide"), 1e-12);
        Table t = c.table();
        assertEquals(List.of("points", "count", "energy distance"), t.columnNames());
        assertEquals(List.of(2, 2, 3), t.intColumn("count").asList());
        assertEquals("Generated points: energy distance **1.0000** to the fresh draw, 0.5× the floor (wide: 1.8889). "
                + "Copy: 0.0000 (0.0× the floor), nearer than the generated points.", c.summary("generated points", "wide").text());
        assertThrows(IllegalArgumentException.class, () -> c.energy("missing"));
        assertThrows(IllegalArgumentException.class, () -> EnergyComparison.of(Map.of(), reference));
    }

    /**
     * A row averaged over sets, by hand: reference {0, 2}; set {1, 1} scores 1 (above), set {0, 2}
     * scores 0, so their mean is 0.5; the count is the size of one set.
     */
    @Test
    void aMeanRowAveragesItsSetsDistances() {
        INDArray reference = Nd4j.createFromArray(new double[][] {{0, 0}, {2, 0}});
        Map<String, INDArray> sets = new LinkedHashMap<>();
        sets.put("generated points", Nd4j.createFromArray(new double[][] {{1, 0}, {1, 0}}));
        EnergyComparison c = EnergyComparison.of(sets, reference).withMean("floor", List.of(
                Nd4j.createFromArray(new double[][] {{1, 0}, {1, 0}}), Nd4j.createFromArray(new double[][] {{0, 0}, {2, 0}})));
        assertEquals(0.5, c.energy("floor"), 1e-15);
        assertEquals(List.of("generated points", "floor"), c.table().stringColumn("points").asList());
        assertEquals(List.of(2, 2), c.table().intColumn("count").asList());
        assertEquals("Generated points: energy distance **1.0000** to the fresh draw, 2.0× the floor (floor: 0.5000).",
                c.summary("generated points", "floor").text());
        assertThrows(IllegalArgumentException.class, () -> c.withMean("floor", List.of(reference)));
        assertThrows(IllegalArgumentException.class, () -> c.withMean("other", List.of()));
        assertThrows(IllegalArgumentException.class, () -> c.withMean("other",
                List.of(reference, Nd4j.createFromArray(new double[][] {{0, 0}, {1, 0}, {2, 0}}))));
    }
}
