package scoremodels.sampler;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import scoremodels.random.Key;

class PriorsTest {
    private static final INDArray X = Nd4j.createFromArray(new double[][] {{0, 0}, {10, 10}, {-5, 3}, {2, -7}});

    @Test
    void noisedPointsUseEveryTrainingPointEqually() {
        // At t = 0 the starts are the training points themselves: each 12 / 4 = 3 times.
        double[][] y = Priors.noisedPoints(X, 0.0, 12, Key.of(1)).toDoubleMatrix();
        Map<String, Integer> counts = new HashMap<>();
        for (double[] r : y) {
            counts.merge(r[0] + "," + r[1], 1, Integer::sum);
        }
        assertEquals(Map.of("0.0,0.0", 3, "10.0,10.0", 3, "-5.0,3.0", 3, "2.0,-7.0", 3), counts);
    }

    @Test
    void eachTrainingPointsNoiseIsSpreadEvenly() {
        // At a tiny t every start sits next to its own training point, so ε = (start − x)/√t can be
        // read back. 100 starts per point: the mean of independent ε would be off by 0.1 (one
        // standard error) per coordinate; quasi-random ones by far less, for every point.
        double t = 1e-8;
        double[][] y = Priors.noisedPoints(X, t, 400, Key.of(4)).toDoubleMatrix();
        double[][] x = X.toDoubleMatrix();
        double[][] sum = new double[4][2];
        double[][] sq = new double[4][2];
        int[] count = new int[4];
        for (double[] r : y) {
            int b = 0;
            for (int i = 1; i < 4; i++) {
                if (Math.hypot(r[0] - x[i][0], r[1] - x[i][1]) < Math.hypot(r[0] - x[b][0], r[1] - x[b][1])) {
                    b = i;
                }
            }
            count[b]++;
            for (int j = 0; j < 2; j++) {
                double e = (r[j] - x[b][j]) / Math.sqrt(t);
                sum[b][j] += e;
                sq[b][j] += e * e;
            }
        }
        for (int b = 0; b < 4; b++) {
            assertEquals(100, count[b]);
            for (int j = 0; j < 2; j++) {
                assertEquals(0, sum[b][j] / 100, 0.03, "mean of ε, point " + b + ", coordinate " + j);
                assertEquals(1, sq[b][j] / 100, 0.15, "mean of ε², point " + b + ", coordinate " + j);
            }
        }
    }

    @Test
    void noisedPointsHaveTheNoiseOfTimeT() {
        INDArray y = Priors.noisedPoints(X, 9.0, 4000, Key.of(2));
        double[][] rows = y.toDoubleMatrix();
        double[][] x = X.toDoubleMatrix();
        double sq = 0;
        // Starts come in the key's order; the nearest training point to each start is its own
        // with high probability only for small t, so measure the noise through the mean and spread.
        double[] mean = new double[2];
        for (double[] r : rows) {
            mean[0] += r[0] / rows.length;
            mean[1] += r[1] / rows.length;
        }
        assertEquals((0 + 10 - 5 + 2) / 4.0, mean[0], 0.05);
        assertEquals((0 + 10 + 3 - 7) / 4.0, mean[1], 0.05);
        double dataVar = 0;
        for (double[] r : x) {
            dataVar += Math.pow(r[0] - 1.75, 2) / 4;
        }
        for (double[] r : rows) {
            sq += Math.pow(r[0] - mean[0], 2) / rows.length;
        }
        assertEquals(dataVar + 9.0, sq, 0.3);
        assertEquals(DataType.DOUBLE, y.dataType());
        assertEquals(y, Priors.noisedPoints(X, 9.0, 4000, Key.of(2)));
        assertTrue(!y.equals(Priors.noisedPoints(X, 9.0, 4000, Key.of(3))));
    }

    @Test
    void noisedPointsRejectBadInput() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Priors.noisedPoints(X, -1, 5, Key.of(1)));
        assertTrue(e.getMessage().contains("t must be finite and >= 0, got -1.0"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> Priors.noisedPoints(X, 1, 0, Key.of(1)));
        assertTrue(e.getMessage().contains("n must be >= 1, got 0"), e.getMessage());
        INDArray nan = Nd4j.createFromArray(new double[][] {{0, Double.NaN}, {1, 1}});
        e = assertThrows(IllegalArgumentException.class, () -> Priors.noisedPoints(nan, 1, 5, Key.of(1)));
        assertTrue(e.getMessage().contains("NaN"), e.getMessage());
    }
}
