package scoremodels.linalg;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * The weighted product of two 0/1 matrices, G = (w ⊙ [L > 0])ᵀ [R > 0], by counting bits.
 *
 * <p>L and R are [rows, cols] float matrices; only which entries are positive matters. G[k][j] is
 * the sum of w_r over the rows r where both L[r][k] and R[r][j] are positive. The rows are cut into
 * runs of equal weight (the chapter's joint loss has one run per noise level) and each run into
 * words of 32 rows, one bit per row, so a word of L and a word of R give 32 row products in one
 * AND and one bit count. The JDK 17 JIT vectorises the count over a word's columns, which makes
 * this several times cheaper than a float matrix product of the same shape. Counts are exact
 * integers; each run's count is weighted in float and the runs are added in order, so the result
 * depends only on the inputs.
 *
 * <p>Rows of unequal weights still work (runs of one row each), only slower. A NaN among the values
 * makes the whole product NaN, as it would a float product, rather than dropping a word's bits.
 */
public final class BinaryGram {
    // min(max(x · 2¹²⁶ · 2¹²⁶, 0), 1) is 1 for every positive float and 0 for the rest.
    private static final float BIG = 0x1p126f;

    private final int rows;
    private final int cols;
    private final int[] wordFirstRow;
    private final int[] wordRows;
    private final int[] runFirstWord; // runs + 1 entries
    private final float[] runWeight;
    private final int[][] left;  // [word][cols]
    private final int[][] right; // [word][cols]
    private final Part[] parts;
    private final boolean[] leftNaN = new boolean[2];  // per Part: a NaN seen by the last pack
    private final boolean[] rightNaN = new boolean[2];

    /** One thread's scratch. */
    private final class Part {
        final float[] row = new float[cols];
        final float[] lo = new float[cols];
        final float[] hi = new float[cols];
        final int[] count = new int[cols];
        final float[] out = new float[cols];
    }

    /**
     * @param rowWeights w, one per row (finite)
     * @param cols       columns of L and R (and the size of the square G)
     */
    public BinaryGram(double[] rowWeights, int cols) {
        if (rowWeights.length == 0) {
            throw new IllegalArgumentException("rowWeights must not be empty");
        }
        if (cols < 1) {
            throw new IllegalArgumentException("cols must be >= 1, got " + cols);
        }
        this.rows = rowWeights.length;
        this.cols = cols;
        List<int[]> words = new ArrayList<>(); // {first row, rows}
        List<Integer> firstWord = new ArrayList<>();
        List<Float> weights = new ArrayList<>();
        int r = 0;
        while (r < rows) {
            double wr = rowWeights[r];
            if (!Double.isFinite(wr)) {
                throw new IllegalArgumentException("rowWeights[" + r + "] must be finite, got " + wr);
            }
            int end = r + 1;
            while (end < rows && rowWeights[end] == wr) {
                end++;
            }
            firstWord.add(words.size());
            weights.add((float) wr);
            for (int s = r; s < end; s += 32) {
                words.add(new int[] {s, Math.min(32, end - s)});
            }
            r = end;
        }
        firstWord.add(words.size());
        wordFirstRow = words.stream().mapToInt(x -> x[0]).toArray();
        wordRows = words.stream().mapToInt(x -> x[1]).toArray();
        runFirstWord = firstWord.stream().mapToInt(Integer::intValue).toArray();
        runWeight = new float[weights.size()];
        for (int g = 0; g < runWeight.length; g++) {
            runWeight[g] = weights.get(g);
        }
        parts = new Part[] {new Part(), new Part()};
        left = new int[words.size()][cols];
        right = new int[words.size()][cols];
    }

    public int rows() {
        return rows;
    }

    public int cols() {
        return cols;
    }

    /** Takes in L: which entries of {@code values} [rows, cols] (row-major) are positive. */
    public void setLeft(float[] values) {
        pack(values, left, leftNaN);
    }

    /** Takes in R, as {@link #setLeft}. */
    public void setRight(float[] values) {
        pack(values, right, rightNaN);
    }

    private void pack(float[] values, int[][] bits, boolean[] nan) {
        if (values.length != rows * cols) {
            throw new IllegalArgumentException("values must hold rows × cols = " + rows * cols + " entries, got "
                    + values.length);
        }
        int words = bits.length;
        Halves.run(words * 32, (part, lo, hi) -> {
            Part p = parts[part];
            boolean seen = false;
            for (int word = lo / 32; word < hi / 32; word++) {
                seen |= packWord(p, values, word, bits[word]);
            }
            nan[part] = seen;
        });
    }

    /**
     * One word's bits for every column: 16 rows at a time are summed as powers of two in float
     * (exact below 2²⁴) so that the loop over columns vectorises, then joined into an int.
     * Returns whether a NaN was among the values.
     */
    private boolean packWord(Part p, float[] values, int word, int[] bits) {
        float[] lo = p.lo;
        float[] hi = p.hi;
        float[] row = p.row;
        Arrays.fill(lo, 0f);
        Arrays.fill(hi, 0f);
        int first = wordFirstRow[word];
        for (int i = 0; i < wordRows[word]; i++) {
            System.arraycopy(values, (first + i) * cols, row, 0, cols);
            float[] acc = i < 16 ? lo : hi;
            float power = 1 << (i & 15);
            for (int j = 0; j < cols; j++) {
                acc[j] += Math.min(Math.max(row[j] * BIG * BIG, 0f), 1f) * power;
            }
        }
        boolean nan = false;
        for (int j = 0; j < cols; j++) {
            float l = lo[j];
            float u = hi[j];
            nan |= l != l || u != u;
            bits[j] = (int) l | ((int) u << 16);
        }
        return nan;
    }

    /** G into {@code out} [cols, cols] (row-major), from the last {@link #setLeft} and {@link #setRight}. */
    public void product(float[] out) {
        if (out.length != cols * cols) {
            throw new IllegalArgumentException("out must hold cols × cols = " + cols * cols + " entries, got "
                    + out.length);
        }
        if (leftNaN[0] || leftNaN[1] || rightNaN[0] || rightNaN[1]) {
            Arrays.fill(out, Float.NaN);
            return;
        }
        Halves.run(cols, (part, lo, hi) -> {
            Part p = parts[part];
            for (int k = lo; k < hi; k++) {
                productRow(p, k);
                System.arraycopy(p.out, 0, out, k * cols, cols);
            }
        });
    }

    private void productRow(Part p, int k) {
        float[] out = p.out;
        int[] count = p.count;
        Arrays.fill(out, 0f);
        for (int g = 0; g < runWeight.length; g++) {
            Arrays.fill(count, 0);
            boolean any = false;
            for (int word = runFirstWord[g]; word < runFirstWord[g + 1]; word++) {
                int a = left[word][k];
                if (a == 0) {
                    continue;
                }
                any = true;
                int[] b = right[word];
                for (int j = 0; j < cols; j++) {
                    count[j] += Integer.bitCount(a & b[j]);
                }
            }
            if (any) {
                float wg = runWeight[g];
                for (int j = 0; j < cols; j++) {
                    out[j] += wg * count[j];
                }
            }
        }
    }
}
