package scoremodels.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.indexing.NDArrayIndex;
import scoremodels.random.Key;

class BlasTest {

    private static INDArray random(DataType type, int rows, int cols, long seed) {
        return Nd4j.createFromArray(Key.of(seed).normal(rows * cols)).reshape('c', rows, cols).castTo(type);
    }

    /** The product written out as sums, in double. */
    private static double[][] naive(INDArray a, INDArray b, boolean ta, boolean tb) {
        double[][] x = (ta ? a.transpose() : a).castTo(DataType.DOUBLE).toDoubleMatrix();
        double[][] y = (tb ? b.transpose() : b).castTo(DataType.DOUBLE).toDoubleMatrix();
        double[][] c = new double[x.length][y[0].length];
        for (int i = 0; i < x.length; i++) {
            for (int j = 0; j < y[0].length; j++) {
                for (int k = 0; k < y.length; k++) {
                    c[i][j] += x[i][k] * y[k][j];
                }
            }
        }
        return c;
    }

    @ParameterizedTest
    @CsvSource({"FLOAT,false,false", "FLOAT,true,false", "FLOAT,false,true", "FLOAT,true,true",
            "DOUBLE,false,false", "DOUBLE,true,false", "DOUBLE,false,true", "DOUBLE,true,true"})
    void everyTransposeMatchesTheSums(DataType type, boolean ta, boolean tb) {
        int m = 7;
        int n = 5;
        int k = 11;
        INDArray a = ta ? random(type, k, m, 1) : random(type, m, k, 1);
        INDArray b = tb ? random(type, n, k, 2) : random(type, k, n, 2);
        INDArray c = Nd4j.valueArrayOf(new long[] {m, n}, 99.0, type); // overwritten, not added to
        Blas.gemm(a, b, c, ta, tb);
        double[][] want = naive(a, b, ta, tb);
        double tol = type == DataType.FLOAT ? 1e-4 : 1e-12;
        for (int i = 0; i < m; i++) {
            for (int j = 0; j < n; j++) {
                assertEquals(want[i][j], c.getDouble(i, j), tol * 10, "c[" + i + "][" + j + "]");
            }
        }
    }

    @Test
    void rowBlockViewsAndOtherLayoutsGiveTheSameProduct() {
        INDArray big = random(DataType.DOUBLE, 10, 6, 3);
        INDArray rows = big.get(NDArrayIndex.interval(4, 9), NDArrayIndex.all()); // starts at an offset
        INDArray b = random(DataType.DOUBLE, 6, 3, 4);
        INDArray c = Nd4j.create(DataType.DOUBLE, 5, 3);
        Blas.gemm(rows, b, c, false, false);
        assertTrue(c.equalsWithEps(rows.dup().mmul(b), 1e-12), "view at an offset");
        INDArray fOrder = b.dup('f'); // not plain c-order: goes through Nd4j.gemm
        INDArray c2 = Nd4j.create(DataType.DOUBLE, 5, 3);
        Blas.gemm(rows, fOrder, c2, false, false);
        assertTrue(c2.equalsWithEps(c, 1e-12), "f-ordered operand");
    }

    @Test
    void mismatchedShapesNameThem() {
        INDArray a = Nd4j.create(DataType.FLOAT, 4, 3);
        INDArray b = Nd4j.create(DataType.FLOAT, 4, 2);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> Blas.gemm(a, b, Nd4j.create(DataType.FLOAT, 4, 2), false, false));
        assertTrue(e.getMessage().contains("[4, 3]") && e.getMessage().contains("[4, 2]"), e.getMessage());
    }
}
