package scoremodels.engine;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * The weighted product of two 0/1 matrices, G = (w ⊙ [L > 0])ᵀ [R > 0], by counting bits.
 *
 * <p>L and R are [rows, cols] float matrices; only which entries are positive matters. G[k][j] is
 * the sum of w_r over the rows r where both L[r][k] and R[r][j] are positive. Rows are cut into
 * chunks of equal weight (the chapter's joint loss: one per noise level) of at most 127 rows, and
 * chunks into words of 32 rows, one bit per row, so a word of L and a word of R give 32 row
 * products in one AND and one bit count; the JDK 17 JIT vectorises the count over a word's
 * columns. What it does not vectorise is turning an int count into a float, so three chunks share
 * one int, in bytes 0, 1 and 2 (a count is at most 127), and are taken apart again in float
 * arithmetic after one conversion. Counts are exact; each is weighted in float and the chunks
 * are added in order, so the result depends only on the inputs.
 *
 * <p>Rows are taken in one at a time ({@link #addRow}), so the passes that compute L and R can
 * pack them on the way, or all at once ({@link #setLeft}, {@link #setRight}). A NaN among the
 * values makes the whole product NaN, as it would a float product.
 */
public final class BinaryGram {
    /** Which factor a row belongs to. */
    public static final int LEFT = 0;
    public static final int RIGHT = 1;
    private static final int CHUNK = 127;
    // min(max(x · 2¹²⁶ · 2¹²⁶, 0), 1) is 1 for every positive float and 0 for the rest.
    private static final float BIG = 0x1p126f;
    // (x + 2²³) − 2²³ rounds a float in [0, 2²²) to the nearest integer.
    private static final float ROUND = 0x1p23f;

    private final int rows;
    private final int cols;
    private final int[] rowWord;
    private final int[] rowBit;
    private final int[] wordRows;
    private final int[] wordFirstRow;
    private final int[] wordShift;    // 0, 8 or 16: the chunk's byte in its group's count
    private final int[] groupFirstWord; // groups + 1 entries
    private final float[][] groupWeight; // [group][3], 0 for an absent chunk
    private final int[][][] bits;     // [side][word][cols]
    private final boolean[][] wordNaN; // [side][word]
    private final Part[] parts;

    /** One thread's scratch. */
    private final class Part {
        final float[][] lo = new float[2][cols]; // rows 0–15 of the word being packed, per side
        final float[][] hi = new float[2][cols]; // rows 16–31
        final int[] count = new int[cols];
        final float[] countF = new float[cols];
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
        rowWord = new int[rows];
        rowBit = new int[rows];
        List<Integer> sizes = new ArrayList<>();
        List<Integer> shifts = new ArrayList<>();
        List<Integer> groupStarts = new ArrayList<>();
        List<float[]> weights = new ArrayList<>();
        int chunkInGroup = 3;
        int r = 0;
        while (r < rows) {
            double wr = rowWeights[r];
            if (!Double.isFinite(wr)) {
                throw new IllegalArgumentException("rowWeights[" + r + "] must be finite, got " + wr);
            }
            int end = r + 1;
            while (end < rows && end - r < CHUNK && rowWeights[end] == wr) {
                end++;
            }
            if (chunkInGroup == 3) {
                groupStarts.add(sizes.size());
                weights.add(new float[3]);
                chunkInGroup = 0;
            }
            weights.get(weights.size() - 1)[chunkInGroup] = (float) wr;
            for (int s = r; s < end; s += 32) {
                int n = Math.min(32, end - s);
                for (int i = 0; i < n; i++) {
                    rowWord[s + i] = sizes.size();
                    rowBit[s + i] = i;
                }
                sizes.add(n);
                shifts.add(8 * chunkInGroup);
            }
            chunkInGroup++;
            r = end;
        }
        groupStarts.add(sizes.size());
        wordRows = sizes.stream().mapToInt(Integer::intValue).toArray();
        wordFirstRow = new int[wordRows.length];
        for (int row = rows - 1; row >= 0; row--) {
            wordFirstRow[rowWord[row]] = row;
        }
        wordShift = shifts.stream().mapToInt(Integer::intValue).toArray();
        groupFirstWord = groupStarts.stream().mapToInt(Integer::intValue).toArray();
        groupWeight = weights.toArray(new float[0][]);
        bits = new int[2][wordRows.length][cols];
        wordNaN = new boolean[2][wordRows.length];
        parts = new Part[] {new Part(), new Part()};
    }

    public int rows() {
        return rows;
    }

    public int cols() {
        return cols;
    }

    /**
     * The first row of the word nearest the middle: two threads that each take the rows on one
     * side of it (see {@link Halves#run(int, int, Halves.Body)}) never share a word.
     */
    public int splitRow() {
        int best = 0;
        for (int r = 0; r < rows; r++) {
            if (rowBit[r] == 0 && Math.abs(2 * r - rows) < Math.abs(2 * best - rows)) {
                best = r;
            }
        }
        return best;
    }

    /**
     * Takes in row {@code row} of L or R ({@code side}) from {@code values[0..cols)}. The rows of a
     * word must come in order and from one thread, which passes its {@code part} (0 or 1).
     */
    public void addRow(int side, int part, int row, float[] values) {
        add(side, part, row, values, true);
    }

    /** As {@link #addRow}, from a row already reduced to 0 and 1 (which this does not check). */
    public void addMask(int side, int part, int row, float[] mask) {
        add(side, part, row, mask, false);
    }

    private void add(int side, int part, int row, float[] values, boolean step) {
        if (row < 0 || row >= rows) {
            throw new IllegalArgumentException("row must be in [0, " + rows + "), got " + row);
        }
        if (values.length < cols) {
            throw new IllegalArgumentException("values must hold cols = " + cols + " entries, got " + values.length);
        }
        Part p = parts[part];
        float[] lo = p.lo[side];
        float[] hi = p.hi[side];
        int bit = rowBit[row];
        int word = rowWord[row];
        if (bit == 0) {
            Arrays.fill(lo, 0f);
            Arrays.fill(hi, 0f);
        }
        // Sixteen rows at a time are summed as powers of two in float, exact below 2²⁴, so
        // that the loop vectorises; the two halves are joined into an int at the word's end.
        float[] acc = bit < 16 ? lo : hi;
        float power = 1 << (bit & 15);
        if (step) {
            for (int j = 0; j < cols; j++) {
                acc[j] += Math.min(Math.max(values[j] * BIG * BIG, 0f), 1f) * power;
            }
        } else {
            for (int j = 0; j < cols; j++) {
                acc[j] += values[j] * power;
            }
        }
        if (bit == wordRows[word] - 1) {
            int[] out = bits[side][word];
            boolean nan = false;
            for (int j = 0; j < cols; j++) {
                float l = lo[j];
                float u = hi[j];
                nan |= l != l || u != u;
                out[j] = (int) l | ((int) u << 16);
            }
            wordNaN[side][word] = nan;
        }
    }

    /** How many entries of one side ({@link #LEFT} or {@link #RIGHT}) are positive, over the rows taken in. */
    public long count(int side) {
        long n = 0;
        for (int[] word : bits[checkSide(side)]) {
            int s = 0;
            for (int v : word) {
                s += Integer.bitCount(v);
            }
            n += s;
        }
        return n;
    }

    /**
     * Where one side is positive, row by row: {@code counts[r]} columns, in increasing order, at
     * {@code positions[r * cols .. r * cols + counts[r])}. A sparse side costs little: each word
     * of 32 rows is read once and only its set bits are visited.
     */
    public void positions(int side, int[] counts, int[] positions) {
        int[][] words = bits[checkSide(side)];
        if (counts.length < rows) {
            throw new IllegalArgumentException("counts must hold rows = " + rows + " entries, got " + counts.length);
        }
        if (positions.length < rows * cols) {
            throw new IllegalArgumentException("positions must hold rows × cols = " + rows * cols + " entries, got "
                    + positions.length);
        }
        Arrays.fill(counts, 0, rows, 0);
        for (int word = 0; word < words.length; word++) {
            int[] w = words[word];
            int first = wordFirstRow[word];
            for (int j = 0; j < cols; j++) {
                int b = w[j];
                while (b != 0) {
                    int r = first + Integer.numberOfTrailingZeros(b);
                    positions[r * cols + counts[r]++] = j;
                    b &= b - 1;
                }
            }
        }
    }

    private static int checkSide(int side) {
        if (side != LEFT && side != RIGHT) {
            throw new IllegalArgumentException("side must be LEFT (0) or RIGHT (1), got " + side);
        }
        return side;
    }

    /** Takes in L: which entries of {@code values} [rows, cols] (row-major) are positive. */
    public void setLeft(float[] values) {
        set(LEFT, values);
    }

    /** Takes in R, as {@link #setLeft}. */
    public void setRight(float[] values) {
        set(RIGHT, values);
    }

    private void set(int side, float[] values) {
        if (values.length != rows * cols) {
            throw new IllegalArgumentException("values must hold rows × cols = " + rows * cols + " entries, got "
                    + values.length);
        }
        Halves.run(rows, splitRow(), (part, lo, hi) -> {
            float[] row = parts[part].out;
            for (int r = lo; r < hi; r++) {
                System.arraycopy(values, r * cols, row, 0, cols);
                addRow(side, part, r, row);
            }
        });
    }

    /** G into {@code out} [cols, cols] (row-major), from the rows taken in last. */
    public void product(float[] out) {
        if (out.length != cols * cols) {
            throw new IllegalArgumentException("out must hold cols × cols = " + cols * cols + " entries, got "
                    + out.length);
        }
        for (boolean[] side : wordNaN) {
            for (boolean nan : side) {
                if (nan) {
                    Arrays.fill(out, Float.NaN);
                    return;
                }
            }
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
        float[] countF = p.countF;
        int[][] left = bits[LEFT];
        int[][] right = bits[RIGHT];
        Arrays.fill(out, 0f);
        for (int g = 0; g + 1 < groupFirstWord.length; g++) {
            Arrays.fill(count, 0);
            boolean any = false;
            for (int word = groupFirstWord[g]; word < groupFirstWord[g + 1]; word++) {
                int a = left[word][k];
                if (a == 0) {
                    continue;
                }
                any = true;
                int[] b = right[word];
                int shift = wordShift[word];
                for (int j = 0; j < cols; j++) {
                    count[j] += Integer.bitCount(a & b[j]) << shift;
                }
            }
            if (!any) {
                continue;
            }
            // The conversion alone in its loop: in a loop with the float arithmetic it would keep
            // that arithmetic from being vectorised too.
            for (int j = 0; j < cols; j++) {
                countF[j] = count[j];
            }
            float w0 = groupWeight[g][0];
            float w1 = groupWeight[g][1];
            float w2 = groupWeight[g][2];
            for (int j = 0; j < cols; j++) {
                float f = countF[j];
                float c2 = (f * 0x1p-16f + ROUND) - ROUND;
                float rest = f - c2 * 65536f;
                float c1 = (rest * 0x1p-8f + ROUND) - ROUND;
                float c0 = rest - c1 * 256f;
                out[j] += w0 * c0 + w1 * c1 + w2 * c2;
            }
        }
    }
}
