package scoremodels.training;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import scoremodels.data.Datasets;
import scoremodels.losses.DenoisingScoreMatching;
import scoremodels.losses.ScoreMatching;
import scoremodels.models.Activation;
import scoremodels.models.SdeScoreModel;
import scoremodels.data.Grid;
import scoremodels.noise.Noise;
import scoremodels.random.Key;

class RecipeTest {
    /** Steps of the reduced run: a fifth of the notebook's. */
    private static final int STEPS = 800;

    /**
     * The score of ½N((0,0), (1+t)I) + ½N((10,10), (1+t)I) at x: (E[c | x] − x) / (1 + t), with the
     * posterior weight of the second centre a logistic function of the two squared distances.
     */
    private static double[] mixtureScore(double x1, double x2, double t) {
        double v = 1 + t;
        double l0 = -(x1 * x1 + x2 * x2) / (2 * v);
        double l1 = -((x1 - 10) * (x1 - 10) + (x2 - 10) * (x2 - 10)) / (2 * v);
        double w1 = 1 / (1 + Math.exp(l0 - l1));
        return new double[] {(10 * w1 - x1) / v, (10 * w1 - x2) / v};
    }

    @Test
    void workingRecipeLearnsTheTwoGaussiansScoreAtReducedSteps() {
        INDArray x = Recipe.WORKING.data("gaussians").X();
        assertEquals(Recipe.WORKING_POINTS, x.rows());
        double[] ts = Grid.linspace(0.001, 10, 9);
        SdeScoreModel model = Recipe.WORKING.model(Key.of(45));
        assertEquals(Activation.RELU, model.activation());
        assertEquals(256, model.widthSize());
        assertEquals(2, model.depth());
        TrainingResult fit = Recipe.WORKING.fit(model, x, null, ts, STEPS, Key.of(7), false);
        assertTrue(Double.isFinite(fit.finalLoss()));
        // Fresh points of the noised mixture: a centre by a fair coin, then N(0, (1 + t) I) around it.
        Key[] keys = Key.of(123).split(ts.length);
        double sum = 0;
        int levels = 0;
        for (int k = 0; k < ts.length; k++) {
            if (ts[k] < 1.25) {
                continue;
            }
            int m = 500;
            double[] coin = keys[k].split(2)[0].uniform(m);
            double[] z = keys[k].split(2)[1].normal(2 * m);
            double[][] p = new double[m][2];
            for (int i = 0; i < m; i++) {
                double c = coin[i] < 0.5 ? 0 : 10;
                p[i][0] = c + Math.sqrt(1 + ts[k]) * z[2 * i];
                p[i][1] = c + Math.sqrt(1 + ts[k]) * z[2 * i + 1];
            }
            double[][] s = model.apply(Nd4j.createFromArray(p).castTo(DataType.FLOAT), ts[k]).toDoubleMatrix();
            double cos = 0;
            for (int i = 0; i < m; i++) {
                double[] e = mixtureScore(p[i][0], p[i][1], ts[k]);
                cos += (s[i][0] * e[0] + s[i][1] * e[1]) / (Math.hypot(s[i][0], s[i][1]) * Math.hypot(e[0], e[1]));
            }
            sum += cos / m;
            levels++;
        }
        assertEquals(8, levels);
        double meanCosine = sum / levels;
        assertTrue(meanCosine >= 0.8, "mean cosine over t >= 1.25 after " + STEPS + " steps: " + meanCosine);
    }

    @Test
    void thePiecesAreTheDocumentedOnes() {
        INDArray x = Datasets.load("gaussians").X();
        double[] ts = Grid.linspace(0.001, 10, 9);
        INDArray noised = Noise.noiseLevels(Key.of(99), x, ts);
        assertTrue(Recipe.CHAPTER.objective(x, noised, ts, Key.of(1)) instanceof ScoreMatching);
        assertTrue(Recipe.WORKING.objective(x, noised, ts, Key.of(1)) instanceof DenoisingScoreMatching);
        assertEquals(Activation.RELU, Recipe.CHAPTER.model(Key.of(45)).activation());
        assertEquals(5e-2, Recipe.CHAPTER.optimizer(10).learningRate());
        Adam working = Recipe.WORKING.optimizer(100);
        assertEquals(Recipe.WORKING_LEARNING_RATE, working.learningRate());
        assertEquals(20_000, Recipe.CHAPTER.defaultSteps());
        assertEquals(Recipe.WORKING, Recipe.parse(" Working "));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Recipe.parse("fast"));
        assertEquals("recipe must be chapter or working, got 'fast'", e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> Recipe.WORKING.optimizer(0));
        // The chapter's 100 points for its recipe; 900 other points of the same generator for the working one.
        assertEquals(Datasets.load("moons").toArray()[7][0], Recipe.CHAPTER.data("moons").toArray()[7][0], 0.0);
        assertEquals(Datasets.load("moons", 900, Key.of(2023)).toArray()[7][0], Recipe.WORKING.data("moons").toArray()[7][0], 0.0);
        assertEquals(100, Recipe.CHAPTER.defaultPoints());
        assertEquals(900, Recipe.WORKING.defaultPoints());
        // Every step has the chapter's 900 rows: 9 copies of 100 points, 1 of 900.
        assertEquals(9, Recipe.copies(100));
        assertEquals(1, Recipe.copies(900));
        assertEquals(1, Recipe.copies(5000));
        assertThrows(IllegalArgumentException.class, () -> Recipe.copies(0));
    }

    @Test
    void sameKeysSameModelBitForBit() {
        INDArray x = Datasets.load("moons").X();
        double[] ts = Grid.linspace(0.001, 10, 9);
        SdeScoreModel a = Recipe.WORKING.model(2, 16, 2, Key.of(45));
        SdeScoreModel b = Recipe.WORKING.model(2, 16, 2, Key.of(45));
        Recipe.WORKING.fit(a, x, null, ts, 20, Key.of(7), false);
        Recipe.WORKING.fit(b, x, null, ts, 20, Key.of(7), false);
        for (String name : a.params().names()) {
            float[] pa = a.params().get(name).dup('c').data().asFloat();
            float[] pb = b.params().get(name).dup('c').data().asFloat();
            for (int i = 0; i < pa.length; i++) {
                assertEquals(Float.floatToRawIntBits(pa[i]), Float.floatToRawIntBits(pb[i]), name + "[" + i + "]");
            }
        }
    }
}
