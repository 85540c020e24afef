package scoremodels.evaluation;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import scoremodels.losses.Losses;
import scoremodels.losses.ScoreMatching;
import scoremodels.models.Activation;
import scoremodels.models.Params;
import scoremodels.models.SdeScoreModel;
import scoremodels.data.Grid;
import scoremodels.noise.Noise;
import scoremodels.random.Key;
import scoremodels.training.Adam;
import tech.tablesaw.api.Table;

class DeadUnitsTest {
    /**
     * Input (x₁, x₂, t), four units per hidden layer. Layer 1: unit 0 is −1 everywhere (dead),
     * unit 1 is x₁ (alive where x₁ &gt; 0), unit 2 is t − 5 (alive only for t &gt; 5), unit 3 is
     * −x₁ − 100 (dead for |x₁| &lt; 100). Layer 2 reads layer 1: unit 0 is h₁ − 0.5 (alive where
     * x₁ &gt; 0.5), unit 1 is −h₂ (dead: h₂ ≥ 0), unit 2 is h₀ (h₀ = 0: dead), unit 3 is 1 (alive).
     */
    private static SdeScoreModel handBuilt(Activation activation) {
        Map<String, INDArray> p = new LinkedHashMap<>();
        p.put("layers.0.weight", Nd4j.createFromArray(new double[][] {{0, 0, 0}, {1, 0, 0}, {0, 0, 1}, {-1, 0, 0}}));
        p.put("layers.0.bias", Nd4j.createFromArray(new double[] {-1, 0, -5, -100}));
        p.put("layers.1.weight", Nd4j.createFromArray(new double[][] {{0, 1, 0, 0}, {0, 0, -1, 0}, {1, 0, 0, 0}, {0, 0, 0, 0}}));
        p.put("layers.1.bias", Nd4j.createFromArray(new double[] {-0.5, 0, 0, 1}));
        p.put("layers.2.weight", Nd4j.zeros(DataType.DOUBLE, 2, 4));
        p.put("layers.2.bias", Nd4j.zeros(DataType.DOUBLE, 2));
        return new SdeScoreModel(2, 4, 2, activation, new Params(p));
    }

    @Test
    void countsTheUnitsThatAreZeroOnEveryPointOfAHandBuiltReluModel() {
        SdeScoreModel m = handBuilt(Activation.RELU);
        INDArray x = Nd4j.createFromArray(new double[][] {{-2, 1}, {1, 3}, {0.2, -4}});
        // t ≤ 5 everywhere: layer 1 units 0, 2, 3 dead; layer 2: unit 1 (−h₂ ≤ 0) and unit 2 (h₀ = 0).
        assertArrayEquals(new int[] {3, 2}, DeadUnits.count(m, x, Nd4j.createFromArray(new double[] {1, 2, 5})));
        // One point at t = 6 wakes layer 1's unit 2; then layer 2's unit 1 is −1 there: still dead.
        assertArrayEquals(new int[] {2, 2}, DeadUnits.count(m, x, Nd4j.createFromArray(new double[] {1, 6, 5})));
        // Only x₁ ≤ 0.5: layer 2's unit 0 (h₁ − 0.5) joins the dead.
        INDArray left = Nd4j.createFromArray(new double[][] {{-2, 1}, {0.2, -4}});
        assertArrayEquals(new int[] {3, 3}, DeadUnits.count(m, left, Nd4j.createFromArray(new double[] {1, 1})));
        // Softplus is never exactly zero (here: for pre-activations above about −745).
        assertArrayEquals(new int[] {0, 0}, DeadUnits.count(handBuilt(Activation.SOFTPLUS), x,
                Nd4j.createFromArray(new double[] {1, 2, 5})));
    }

    @Test
    void overNoiseLevelsEachLevelUsesItsOwnTime() {
        SdeScoreModel m = handBuilt(Activation.RELU);
        INDArray levels = Nd4j.createFromArray(new double[][][] {{{1, 0}, {2, 0}}, {{1, 0}, {2, 0}}});
        assertArrayEquals(new int[] {3, 2}, DeadUnits.count(m, levels, new double[] {1, 2}));
        assertArrayEquals(new int[] {2, 2}, DeadUnits.count(m, levels, new double[] {1, 7}));
        assertThrows(IllegalArgumentException.class, () -> DeadUnits.count(m, levels, new double[] {1}));
    }

    /** The chapter's rate kills units within the first steps, a gentle one far fewer. */
    @Test
    void duringTrainingCountsAtEachCheckpoint() {
        double[] ts = Grid.linspace(0.001, 10, 9);
        INDArray x = scoremodels.data.Datasets.load("gaussians").X();
        INDArray noised = Noise.noiseLevels(Key.of(99), x, ts);
        int[] checkpoints = {0, 5, 30};
        SdeScoreModel fast = new SdeScoreModel(2, 64, 2, Activation.RELU, Key.of(45));
        Table t = DeadUnits.duringTraining(fast, ScoreMatching.joint(noised, ts, 0.01 * Losses.L2_SCALE), new Adam(5e-2),
                checkpoints, noised, ts);
        assertArrayEquals(checkpoints, t.intColumn("step").asIntArray());
        assertEquals(4, t.columnCount());
        int[] layer2 = t.intColumn("dead units, layer 2").asIntArray();
        assertArrayEquals(DeadUnits.count(fast, noised, ts), new int[] {t.intColumn("dead units, layer 1").get(2), layer2[2]},
                "the last row counts the trained model");
        SdeScoreModel gentle = new SdeScoreModel(2, 64, 2, Activation.RELU, Key.of(45));
        Table g = DeadUnits.duringTraining(gentle, ScoreMatching.joint(noised, ts, 0.01 * Losses.L2_SCALE), new Adam(1e-3),
                checkpoints, noised, ts);
        assertEquals(layer2[0], g.intColumn("dead units, layer 2").get(0), "same start");
        assertEquals(true, layer2[2] > g.intColumn("dead units, layer 2").get(2) + 5,
                "5e-2 kills more second-layer units than 1e-3: " + t + g);
        assertThrows(IllegalArgumentException.class, () -> DeadUnits.duringTraining(gentle,
                ScoreMatching.joint(noised, ts, 0), new Adam(1e-3), new int[] {5, 5}, noised, ts));
    }

    @Test
    void summaryReadsTheLastLayerOfBothTables() {
        Table a = Table.create("a", tech.tablesaw.api.IntColumn.create("step", new int[] {0, 1, 2, 5, 10}),
                tech.tablesaw.api.DoubleColumn.create("loss", new double[] {1, 2, 3, 4, 5}),
                tech.tablesaw.api.IntColumn.create("dead units, layer 1", new int[] {0, 0, 1, 1, 2}),
                tech.tablesaw.api.IntColumn.create("dead units, layer 2", new int[] {3, 10, 20, 30, 40}));
        Table b = Table.create("b", tech.tablesaw.api.IntColumn.create("step", new int[] {0, 1, 2, 5, 10}),
                tech.tablesaw.api.DoubleColumn.create("loss", new double[] {1, 1, 1, 1, 1}),
                tech.tablesaw.api.IntColumn.create("dead units, layer 1", new int[] {0, 0, 0, 0, 0}),
                tech.tablesaw.api.IntColumn.create("dead units, layer 2", new int[] {3, 3, 4, 5, 6}));
        assertEquals("In hidden layer 2 (64 units), dead units go from 3 at the start to **30** after 5 steps and **40** after 10 "
                + "with fast; with slow, to 5 and 6.", DeadUnits.summary("fast", a, "slow", b, 64).text());
        Table side = DeadUnits.sideBySide("fast", a, "slow", b);
        assertEquals(java.util.List.of("step", "loss, fast", "dead units, layer 1, fast", "dead units, layer 2, fast", "loss, slow",
                "dead units, layer 1, slow", "dead units, layer 2, slow"), side.columnNames());
        assertThrows(IllegalArgumentException.class, () -> DeadUnits.sideBySide("x", a, "x", b));
    }
}
