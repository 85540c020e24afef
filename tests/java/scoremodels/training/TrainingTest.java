package scoremodels.training;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import scoremodels.models.Activation;
import scoremodels.models.SdeScoreModel;
import scoremodels.random.Key;

class TrainingTest {
    private static final double[] TS = {0.001, 2.5, 5.0, 10.0};

    private static INDArray data(Key key) {
        return Nd4j.createFromArray(key.normal(4 * 30 * 2)).reshape('c', 4, 30, 2).muli(3.0).castTo(DataType.FLOAT);
    }

    private static double[] run(long seed) {
        SdeScoreModel model = new SdeScoreModel(2, 32, 2, Activation.RELU, Key.of(seed));
        return Training.fit(model, data(Key.of(7)), TS, 200, new Adam(5e-2), 0.01, false).lossHistory();
    }

    @Test
    void sameKeyGivesBitwiseIdenticalHistory() {
        double[] a = run(45);
        double[] b = run(45);
        assertEquals(200, a.length);
        for (int i = 0; i < a.length; i++) {
            assertEquals(Double.doubleToRawLongBits(a[i]), Double.doubleToRawLongBits(b[i]), "step " + i);
        }
        double[] c = run(46);
        assertTrue(a[0] != c[0], "another key must give another model");
    }

    @Test
    void trainingLowersTheLoss() {
        SdeScoreModel model = new SdeScoreModel(2, 64, 2, Activation.SOFTPLUS, Key.of(1));
        TrainingResult r = Training.fit(model, data(Key.of(2)), TS, 300, new Adam(1e-2), 0.01, false);
        double early = r.lossHistory()[0];
        double late = r.finalLoss();
        assertTrue(late < early - 0.5, "loss went from " + early + " to " + late);
        assertEquals(300, r.table().rowCount());
        assertEquals(late, r.table().doubleColumn("loss").get(299), 0.0);
    }

    @Test
    void nonFiniteLossStopsWithTheStepAndKeepsTheModel() {
        SdeScoreModel model = new SdeScoreModel(2, 16, 2, Activation.RELU, Key.of(3), DataType.DOUBLE);
        // A learning rate this large drives the parameters to overflow within a few steps.
        Adam adam = new Adam(1e150);
        IllegalStateException e = assertThrows(IllegalStateException.class,
                () -> Training.fit(model, data(Key.of(4)).castTo(DataType.DOUBLE), TS, 50, adam, 0.0, false));
        assertTrue(e.getMessage().contains("step"), e.getMessage());
        assertTrue(model.params().allFinite(), "the model must keep finite parameters");
    }

    @Test
    void badArgumentsNameTheParameter() {
        SdeScoreModel model = new SdeScoreModel(2, 8, 2, Activation.RELU, Key.of(3));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> Training.fit(model, data(Key.of(1)), TS, 0, new Adam(0.1), 0.01, false));
        assertTrue(e.getMessage().contains("steps") && e.getMessage().contains("0"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class,
                () -> Training.fit(model, data(Key.of(1)), TS, 5, new Adam(0.1), -1, false));
        assertTrue(e.getMessage().contains("l2Weight"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class,
                () -> Training.fit(model, data(Key.of(1)), new double[] {1, 2}, 5, new Adam(0.1), 0.01, false));
        assertTrue(e.getMessage().contains("ts"), e.getMessage());
    }

    @Test
    void progressBarRewritesOneLine() {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        Progress p = new Progress(10, new PrintStream(bytes, true, StandardCharsets.UTF_8), 0);
        p.setDescription("Score· 1.23");
        for (int i = 1; i <= 10; i++) {
            p.update(i);
        }
        p.close();
        String out = bytes.toString(StandardCharsets.UTF_8);
        assertTrue(out.startsWith("\rScore· 1.23: "), out);
        assertTrue(out.contains("100%|████████████████████| 10/10"), out);
        assertEquals(1, out.chars().filter(ch -> ch == '\n').count(), "one line, rewritten in place");
    }
}
