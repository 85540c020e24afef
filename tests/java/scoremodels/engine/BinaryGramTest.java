package scoremodels.engine;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import scoremodels.random.Key;

class BinaryGramTest {

    private static float[] normal(int n, long seed) {
        double[] v = Key.of(seed).normal(n);
        float[] f = new float[n];
        for (int i = 0; i < n; i++) {
            f[i] = (float) v[i];
        }
        return f;
    }

    /** Σ_r w_r [L_rk > 0][R_rj > 0], written out in double. */
    private static double[] naive(double[] w, float[] left, float[] right, int cols) {
        double[] g = new double[cols * cols];
        for (int r = 0; r < w.length; r++) {
            for (int k = 0; k < cols; k++) {
                for (int j = 0; j < cols; j++) {
                    if (left[r * cols + k] > 0 && right[r * cols + j] > 0) {
                        g[k * cols + j] += w[r];
                    }
                }
            }
        }
        return g;
    }

    /** G of the whole matrices, each factor taken in at once. */
    private static float[] product(double[] w, float[] left, float[] right, int cols) {
        BinaryGram gram = new BinaryGram(w, cols);
        gram.setLeft(left);
        gram.setRight(right);
        float[] g = new float[cols * cols];
        gram.product(g);
        return g;
    }

    private static void assertClose(double[] want, float[] got) {
        double scale = 0;
        for (double v : want) {
            scale = Math.max(scale, Math.abs(v));
        }
        assertTrue(scale > 0, "the reference is all zero");
        for (int i = 0; i < want.length; i++) {
            assertEquals(want[i], got[i], 1e-6 * scale, "entry " + i);
        }
    }

    /**
     * Runs of equal weight that are not whole words (100 = 3 × 32 + 4, 37, 1), one run longer
     * than many words, and rows whose weights all differ.
     */
    @ParameterizedTest
    @CsvSource({"joint,7", "joint,33", "distinct,5", "mixed,16"})
    void countsEqualTheWeightedSums(String layout, int cols) {
        double[] w;
        switch (layout) {
            case "joint":
                w = new double[900];
                for (int r = 0; r < w.length; r++) {
                    w[r] = (0.001 + 1.25 * (r / 100)) / 100;
                }
                break;
            case "distinct":
                w = Key.of(3).normal(70);
                break;
            default:
                w = new double[100 + 37 + 1 + 300];
                for (int r = 0; r < w.length; r++) {
                    w[r] = r < 100 ? 0.5 : r < 137 ? -2.0 : r < 138 ? 3.0 : 0.125;
                }
        }
        float[] left = normal(w.length * cols, 1);
        float[] right = normal(w.length * cols, 2);
        float[] got = product(w, left, right, cols);
        assertClose(naive(w, left, right, cols), got);
        assertArrayEquals(got, product(w, left, right, cols), "a second product gives the same bits");
    }

    /** Only strictly positive entries count: +0, -0 and negatives are out, the smallest subnormal is in. */
    @Test
    void onlyPositiveEntriesCount() {
        float[] column = {0f, -0f, Float.NEGATIVE_INFINITY, -1f, Float.MIN_VALUE, 1e30f, Float.POSITIVE_INFINITY, 2f};
        double[] w = new double[column.length];
        java.util.Arrays.fill(w, 1.0);
        float[] ones = new float[column.length];
        java.util.Arrays.fill(ones, 1f);
        BinaryGram gram = new BinaryGram(w, 1);
        gram.setLeft(column);
        gram.setRight(ones);
        float[] g = new float[1];
        gram.product(g);
        assertEquals(4f, g[0], "MIN_VALUE, 1e30, +inf and 2 count");
    }

    @Test
    void aNaNMakesTheProductNaNUntilReplaced() {
        double[] w = new double[40];
        java.util.Arrays.fill(w, 0.5);
        float[] values = normal(40 * 3, 9);
        BinaryGram gram = new BinaryGram(w, 3);
        gram.setLeft(values);
        float[] poisoned = values.clone();
        poisoned[35 * 3 + 1] = Float.NaN;
        gram.setRight(poisoned);
        float[] g = new float[9];
        gram.product(g);
        for (float v : g) {
            assertTrue(Float.isNaN(v), "every entry is NaN");
        }
        gram.setRight(values);
        gram.product(g);
        assertClose(naive(w, values, values, 3), g);
    }

    /**
     * Rows handed in one at a time by two threads, split at {@link BinaryGram#splitRow} (a word
     * boundary), the left factor already as a 0/1 mask: the same bits as the whole-matrix form.
     */
    @Test
    void rowsAddedOneAtATimeGiveTheSameProduct() {
        double[] w = new double[900];
        for (int r = 0; r < w.length; r++) {
            w[r] = (0.001 + 1.25 * (r / 100)) / 100;
        }
        int cols = 40;
        float[] left = normal(w.length * cols, 5);
        float[] right = normal(w.length * cols, 6);
        float[] want = product(w, left, right, cols);

        BinaryGram byRows = new BinaryGram(w, cols);
        int split = byRows.splitRow();
        assertTrue(split > 400 && split < 500 && split % 100 % 32 == 0, "split " + split);
        Halves.run(w.length, split, (part, lo, hi) -> {
            float[] mask = new float[cols];
            float[] row = new float[cols];
            for (int r = lo; r < hi; r++) {
                for (int j = 0; j < cols; j++) {
                    mask[j] = left[r * cols + j] > 0 ? 1f : 0f;
                }
                System.arraycopy(right, r * cols, row, 0, cols);
                byRows.addMask(BinaryGram.LEFT, part, r, mask);
                byRows.addRow(BinaryGram.RIGHT, part, r, row);
            }
        });
        float[] got = new float[cols * cols];
        byRows.product(got);
        assertArrayEquals(want, got);
    }

    @Test
    void newInputsReplaceTheOldOnes() {
        double[] w = {1, 1, 1, 1};
        BinaryGram gram = new BinaryGram(w, 2);
        float[] all = {1, 1, 1, 1, 1, 1, 1, 1};
        gram.setLeft(all);
        gram.setRight(all);
        float[] g = new float[4];
        gram.product(g);
        assertArrayEquals(new float[] {4, 4, 4, 4}, g);
        gram.setLeft(new float[] {1, -1, 1, -1, -1, -1, -1, -1});
        gram.product(g);
        assertArrayEquals(new float[] {2, 2, 0, 0}, g);
    }

    @Test
    void badInputsNameTheParameter() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> new BinaryGram(new double[0], 3));
        assertTrue(e.getMessage().contains("rowWeights"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> new BinaryGram(new double[] {1, Double.NaN}, 3));
        assertTrue(e.getMessage().contains("rowWeights[1]") && e.getMessage().contains("NaN"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> new BinaryGram(new double[] {1}, 0));
        assertTrue(e.getMessage().contains("cols") && e.getMessage().contains("0"), e.getMessage());
        BinaryGram gram = new BinaryGram(new double[] {1, 2}, 3);
        e = assertThrows(IllegalArgumentException.class, () -> gram.setLeft(new float[5]));
        assertTrue(e.getMessage().contains("values") && e.getMessage().contains("5"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> gram.product(new float[8]));
        assertTrue(e.getMessage().contains("out") && e.getMessage().contains("8"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> gram.addRow(BinaryGram.LEFT, 0, 2, new float[3]));
        assertTrue(e.getMessage().contains("row") && e.getMessage().contains("2"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> gram.addMask(BinaryGram.LEFT, 0, 1, new float[2]));
        assertTrue(e.getMessage().contains("values") && e.getMessage().contains("2"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> gram.product(new float[8]));
        assertTrue(e.getMessage().contains("out") && e.getMessage().contains("8"), e.getMessage());
    }

    /**
     * count and positions against a scan of the values: a sparse left side (about 3 % positive),
     * a dense right side, runs of equal weight that end inside a word and rows of distinct weight.
     */
    @ParameterizedTest
    @CsvSource({"joint,40", "distinct,9", "mixed,256"})
    void positionsListEveryPositiveEntryInOrder(String layout, int cols) {
        int rows = layout.equals("distinct") ? 70 : 438;
        double[] w = new double[rows];
        for (int r = 0; r < rows; r++) {
            w[r] = layout.equals("distinct") ? 0.1 * r : layout.equals("joint") ? 1 + r / 100 : r < 137 ? 0.5 : 2;
        }
        float[] sparse = normal(rows * cols, 4);
        for (int i = 0; i < sparse.length; i++) {
            sparse[i] -= 1.9f;
        }
        float[] dense = normal(rows * cols, 5);
        BinaryGram gram = new BinaryGram(w, cols);
        gram.setLeft(sparse);
        gram.setRight(dense);
        for (int side = 0; side < 2; side++) {
            float[] values = side == BinaryGram.LEFT ? sparse : dense;
            int[] counts = new int[rows];
            int[] positions = new int[rows * cols];
            gram.positions(side, counts, positions);
            long total = 0;
            for (int r = 0; r < rows; r++) {
                int k = 0;
                for (int j = 0; j < cols; j++) {
                    if (values[r * cols + j] > 0) {
                        assertTrue(k < counts[r], "row " + r + " has more positives than counted");
                        assertEquals(j, positions[r * cols + k], "row " + r + ", positive " + k);
                        k++;
                    }
                }
                assertEquals(k, counts[r], "row " + r);
                total += k;
            }
            assertEquals(total, gram.count(side), "count, side " + side);
            assertTrue(side == BinaryGram.RIGHT || total < 0.05 * rows * cols, "the left side is sparse: " + total);
        }
    }

    @Test
    void positionsNameBadArguments() {
        BinaryGram gram = new BinaryGram(new double[] {1, 1, 1}, 2);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> gram.count(2));
        assertTrue(e.getMessage().contains("side") && e.getMessage().contains("2"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> gram.positions(BinaryGram.LEFT, new int[2], new int[6]));
        assertTrue(e.getMessage().contains("counts") && e.getMessage().contains("2"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> gram.positions(BinaryGram.LEFT, new int[3], new int[5]));
        assertTrue(e.getMessage().contains("positions") && e.getMessage().contains("5"), e.getMessage());
    }
}
