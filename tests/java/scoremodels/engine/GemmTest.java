package scoremodels.engine;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.Arrays;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import scoremodels.random.Key;

/**
 * The vector kernel and the plain loops give the same bits as the sums written out in the
 * documented order (each product rounded, added to the running sum in the order of the inner
 * index), for shapes that are not multiples of the kernel's tile or block, with either operand
 * transposed, in float and double.
 */
class GemmTest {
    /**
     * m, n, k: tiles of 6 rows × two vectors (16 or 32 floats, 8 or 16 doubles), blocks of 256 inner
     * indices and 96 rows; some fit, most do not. Whole strips of A are read in place, others packed.
     */
    private static final String SHAPES = "1,1,1; 7,19,5; 6,16,256; 13,33,300; 25,17,257; 97,40,513; 130,70,31; 192,64,300; 12,32,40";

    @Test
    void theTestJvmRunsTheVectorKernelWhereTheCpuHas256BitVectors() {
        // surefire starts the tests with --add-modules jdk.incubator.vector, as the CLI and the kernel run
        assertEquals(GemmVector.wideEnough(), Gemm.vectorised(), "products run on " + Gemm.path());
        assertEquals(GemmVector.wideEnough() ? "java-vector" : "java-scalar", Gemm.path());
    }

    @ParameterizedTest
    @CsvSource({"false,false", "true,false", "false,true", "true,true"})
    void floatProductsAreTheSumsInOrder(boolean ta, boolean tb) {
        for (String shape : SHAPES.split(";")) {
            int[] s = Arrays.stream(shape.trim().split(",")).mapToInt(Integer::parseInt).toArray();
            checkFloat(s[0], s[1], s[2], ta, tb);
        }
    }

    @ParameterizedTest
    @CsvSource({"false,false", "true,false", "false,true", "true,true"})
    void doubleProductsAreTheSumsInOrder(boolean ta, boolean tb) {
        for (String shape : SHAPES.split(";")) {
            int[] s = Arrays.stream(shape.trim().split(",")).mapToInt(Integer::parseInt).toArray();
            checkDouble(s[0], s[1], s[2], ta, tb);
        }
    }

    private static void checkFloat(int m, int n, int k, boolean ta, boolean tb) {
        String what = m + "×" + k + (ta ? "ᵀ" : "") + " · " + k + "×" + n + (tb ? "ᵀ" : "") + " (float)";
        float[] a = floats(m * k, 1);
        float[] b = floats(k * n, 2);
        int ars = ta ? 1 : k;
        int acs = ta ? m : 1;
        int brs = tb ? 1 : n;
        int bcs = tb ? k : 1;
        float[] want = new float[m * n];
        for (int i = 0; i < m; i++) {
            for (int j = 0; j < n; j++) {
                float sum = 0f;
                for (int q = 0; q < k; q++) {
                    sum += a[i * ars + q * acs] * b[q * brs + j * bcs];
                }
                want[i * n + j] = sum;
            }
        }
        float[][] bRows = new float[k][n];
        for (int q = 0; q < k; q++) {
            for (int j = 0; j < n; j++) {
                bRows[q][j] = b[q * brs + j * bcs];
            }
        }
        float[] vector = filled(m * n);
        GemmVector.rows(a, ars, acs, b, brs, bcs, vector, n, k, 0, m);
        assertBits(want, vector, "vector kernel, " + what);
        float[] scalar = filled(m * n);
        Gemm.scalarRows(a, ars, acs, bRows, scalar, n, k, 0, m, new float[n], new float[n]);
        assertBits(want, scalar, "plain loops, " + what);
        float[] whole = filled(m * n);
        Gemm.product(a, ars, acs, b, brs, bcs, whole, m, n, k);
        assertBits(want, whole, "Gemm.product, " + what);
        // Two ranges of rows computed apart, split off the tile boundary: each leaves the other's rows alone.
        int mid = m / 3;
        float[] split = filled(m * n);
        Gemm.rows(a, ars, acs, b, brs, bcs, split, n, k, mid, m);
        for (int x = 0; x < mid * n; x++) {
            assertEquals(-7f, split[x], "row " + x / n + " outside [" + mid + ", " + m + ") was written, " + what);
        }
        Gemm.rows(a, ars, acs, bRows, split, n, k, 0, mid, new float[n], new float[n]);
        assertBits(want, split, "rows in two ranges, " + what);
    }

    private static void checkDouble(int m, int n, int k, boolean ta, boolean tb) {
        String what = m + "×" + k + (ta ? "ᵀ" : "") + " · " + k + "×" + n + (tb ? "ᵀ" : "") + " (double)";
        double[] a = doubles(m * k, 3);
        double[] b = doubles(k * n, 4);
        int ars = ta ? 1 : k;
        int acs = ta ? m : 1;
        int brs = tb ? 1 : n;
        int bcs = tb ? k : 1;
        double[] want = new double[m * n];
        for (int i = 0; i < m; i++) {
            for (int j = 0; j < n; j++) {
                double sum = 0.0;
                for (int q = 0; q < k; q++) {
                    sum += a[i * ars + q * acs] * b[q * brs + j * bcs];
                }
                want[i * n + j] = sum;
            }
        }
        double[][] bRows = new double[k][n];
        for (int q = 0; q < k; q++) {
            for (int j = 0; j < n; j++) {
                bRows[q][j] = b[q * brs + j * bcs];
            }
        }
        double[] vector = new double[m * n];
        GemmVector.rows(a, ars, acs, b, brs, bcs, vector, n, k, 0, m);
        assertBits(want, vector, "vector kernel, " + what);
        double[] scalar = new double[m * n];
        Gemm.scalarRows(a, ars, acs, bRows, scalar, n, k, 0, m, new double[n], new double[n]);
        assertBits(want, scalar, "plain loops, " + what);
        double[] whole = new double[m * n];
        Gemm.product(a, ars, acs, b, brs, bcs, whole, m, n, k);
        assertBits(want, whole, "Gemm.product, " + what);
        int mid = m / 3;
        double[] split = new double[m * n];
        Arrays.fill(split, -7.0);
        Gemm.rows(a, ars, acs, b, brs, bcs, split, n, k, mid, m);
        for (int x = 0; x < mid * n; x++) {
            assertEquals(-7.0, split[x], "row " + x / n + " outside [" + mid + ", " + m + ") was written, " + what);
        }
        Gemm.rows(a, ars, acs, bRows, split, n, k, 0, mid, new double[n], new double[n]);
        assertBits(want, split, "rows in two ranges, " + what);
    }

    @Test
    void anEmptyInnerDimensionGivesZeros() {
        float[] c = filled(6);
        Gemm.product(new float[0], 0, 1, new float[0], 3, 1, c, 2, 3, 0);
        assertArrayEquals(new float[6], c);
        double[] d = {5, 5, 5, 5};
        Gemm.rows(new double[0], 0, 1, new double[0], 2, 1, d, 2, 0, 0, 2);
        assertArrayEquals(new double[4], d);
    }

    /** Normal draws over six orders of magnitude: sums in another order would round differently. */
    private static float[] floats(int n, long seed) {
        double[] z = Key.of(seed).normal(n);
        float[] x = new float[n];
        for (int i = 0; i < n; i++) {
            x[i] = (float) (z[i] * Math.pow(10, (i * 7) % 6 - 3));
        }
        return x;
    }

    private static double[] doubles(int n, long seed) {
        double[] z = Key.of(seed).normal(n);
        for (int i = 0; i < n; i++) {
            z[i] *= Math.pow(10, (i * 7) % 6 - 3);
        }
        return z;
    }

    private static float[] filled(int n) {
        float[] x = new float[n];
        Arrays.fill(x, -7f);
        return x;
    }

    private static void assertBits(float[] want, float[] got, String what) {
        for (int i = 0; i < want.length; i++) {
            if (Float.floatToRawIntBits(want[i]) != Float.floatToRawIntBits(got[i])) {
                throw new AssertionError(what + ": entry " + i + " is " + got[i] + ", the sums in order give " + want[i]);
            }
        }
    }

    private static void assertBits(double[] want, double[] got, String what) {
        for (int i = 0; i < want.length; i++) {
            if (Double.doubleToRawLongBits(want[i]) != Double.doubleToRawLongBits(got[i])) {
                throw new AssertionError(what + ": entry " + i + " is " + got[i] + ", the sums in order give " + want[i]);
            }
        }
    }
}
