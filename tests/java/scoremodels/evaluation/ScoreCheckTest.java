package scoremodels.evaluation;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.ndarray.INDArray;
import scoremodels.data.ExactScore;
import scoremodels.models.Activation;
import scoremodels.models.ScoreFunction;
import scoremodels.models.SdeScoreModel;
import scoremodels.random.Key;
import tech.tablesaw.api.Table;

class ScoreCheckTest {
    private static final double[] TS = {0.001, 1.25, 10};

    @Test
    void theExactScoreHasCosineOneAndRatioOneItsNegativeCosineMinusOne() {
        for (String data : List.of("gaussians", "moons", "circles")) {
            ScoreCheck check = ScoreCheck.forDataset(data, TS, Key.of(3));
            ScoreFunction exact = ExactScore.of(data);
            ScoreFunction negative = (x, t) -> exact.apply(x, t).neg();
            ScoreFunction doubled = (x, t) -> exact.apply(x, t).mul(2);
            for (ScoreCheck.Level l : check.levels(exact)) {
                assertEquals(1.0, l.meanCosine(), 1e-12, data + " t=" + l.t());
                assertEquals(1.0, l.medianNormRatio(), 1e-12, data + " t=" + l.t());
                assertEquals(0, l.deadUnits().length, "not a ReLU model: no dead-unit figures");
            }
            for (ScoreCheck.Level l : check.levels(negative)) {
                assertEquals(-1.0, l.meanCosine(), 1e-12, data + " t=" + l.t());
            }
            for (ScoreCheck.Level l : check.levels(doubled)) {
                assertEquals(1.0, l.meanCosine(), 1e-12);
                assertEquals(2.0, l.medianNormRatio(), 1e-12);
            }
        }
    }

    /** A constant field (1, 0) against the Gaussians' exact score, by hand: cosine = s₁ / |s|. */
    @Test
    void aConstantFieldMatchesTheHandComputedCosine() {
        ScoreCheck check = ScoreCheck.forDataset("gaussians", TS, Key.of(4));
        ScoreFunction east = (x, t) -> {
            double[][] s = new double[(int) x.rows()][];
            java.util.Arrays.setAll(s, i -> new double[] {1, 0});
            return org.nd4j.linalg.factory.Nd4j.createFromArray(s);
        };
        List<ScoreCheck.Level> levels = check.levels(east);
        ExactScore exact = ExactScore.of("gaussians");
        for (int k = 0; k < TS.length; k++) {
            double[][] s = exact.apply(check.points(k), TS[k]).toDoubleMatrix();
            double sum = 0;
            for (double[] r : s) {
                sum += r[0] / Math.hypot(r[0], r[1]);
            }
            assertEquals(sum / s.length, levels.get(k).meanCosine(), 1e-12);
        }
        assertEquals((levels.get(1).meanCosine() + levels.get(2).meanCosine()) / 2, ScoreCheck.meanCosine(levels, 1.25), 1e-15);
        assertTrue(Double.isNaN(ScoreCheck.meanCosine(levels, 11)));
    }

    @Test
    void tableHasOneRowPerLevelAndDeadUnitColumnsForReluModels() {
        ScoreCheck check = ScoreCheck.forDataset("moons", TS, Key.of(5));
        SdeScoreModel relu = new SdeScoreModel(2, 16, 2, Activation.RELU, Key.of(1));
        ScoreCheck.Result r = check.of(relu, "training points", ExactScore.ofPoints(check.points(0)));
        Table t = r.table();
        assertEquals(TS.length, t.rowCount());
        assertEquals(List.of("t", "mean cosine", "median |s_θ| / |∇ log p_t|", "dead units of 16, layer 1",
                "dead units of 16, layer 2", "mean cosine, training points"), t.columnNames());
        assertArrayEquals(TS, t.doubleColumn("t").asDoubleArray(), 0);
        assertEquals((r.levels().get(1).meanCosine() + r.levels().get(2).meanCosine()) / 2, r.meanCosine(), 1e-15);
        Table soft = check.of(new SdeScoreModel()).table();
        assertEquals(3, soft.columnCount(), "no dead-unit columns for softplus");
    }

    /** The words follow the numbers: a model that is the exact score up to a factor gets "point where". */
    @Test
    void summarySaysWhatTheNumbersSay() {
        ScoreCheck check = ScoreCheck.forDataset("gaussians", TS, Key.of(8));
        ScoreCheck.Result untrained = check.of(new SdeScoreModel(2, 16, 2, Activation.RELU, Key.of(2)), "the exact score",
                ExactScore.of("gaussians"));
        String text = untrained.summary().text();
        assertTrue(text.startsWith(String.format(java.util.Locale.ROOT, "Over the 2 levels with t ≥ 1.25 the mean cosine is **%.2f**",
                untrained.meanCosine())), text);
        assertTrue(text.contains("In hidden layer 2, "), text);
        assertTrue(text.contains("the exact score scores 1.00 over the same levels"), text);
        assertTrue(untrained.meanCosine() < 0.9 && !text.contains("point where the true score points"), text);
    }

    @Test
    void sameKeySameFiguresBitForBit() {
        SdeScoreModel model = new SdeScoreModel();
        List<ScoreCheck.Level> a = ScoreCheck.forDataset("circles", TS, Key.of(6)).levels(model);
        List<ScoreCheck.Level> b = ScoreCheck.forDataset("circles", TS, Key.of(6)).levels(model);
        for (int k = 0; k < TS.length; k++) {
            assertEquals(Double.doubleToRawLongBits(a.get(k).meanCosine()), Double.doubleToRawLongBits(b.get(k).meanCosine()));
            assertEquals(Double.doubleToRawLongBits(a.get(k).medianNormRatio()),
                    Double.doubleToRawLongBits(b.get(k).medianNormRatio()));
        }
    }

    @Test
    void badInputNamesTheParameter() {
        INDArray clean = org.nd4j.linalg.factory.Nd4j.zeros(4, 2);
        ExactScore exact = ExactScore.of("gaussians");
        assertThrows(IllegalArgumentException.class, () -> new ScoreCheck(null, clean, TS, Key.of(1)));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> new ScoreCheck(exact, clean, new double[] {1, Double.NaN}, Key.of(1)));
        assertEquals("ts[1] must be finite and >= 0, got NaN", e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> new ScoreCheck(exact, clean, new double[0], Key.of(1)));
        assertThrows(IllegalArgumentException.class, () -> new ScoreCheck(exact, clean, TS, null));
        ScoreCheck check = new ScoreCheck(exact, clean, TS, Key.of(1));
        ScoreFunction wrongShape = (x, t) -> org.nd4j.linalg.factory.Nd4j.zeros(x.rows(), 3);
        assertThrows(IllegalArgumentException.class, () -> check.levels(wrongShape));
        ScoreFunction nan = (x, t) -> org.nd4j.linalg.factory.Nd4j.valueArrayOf(x.shape(), Double.NaN);
        assertThrows(IllegalStateException.class, () -> check.levels(nan));
    }
}
