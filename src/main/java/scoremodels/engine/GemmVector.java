package scoremodels.engine;

import jdk.incubator.vector.DoubleVector;
import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorSpecies;

/**
 * {@link Gemm}'s products on the Vector API: every entry of c summed in the same order and with
 * the same roundings as the plain loops (each product rounded, then added to the running sum), so
 * the same bits.
 *
 * <p>The vectors are 512 bits wide where the JIT has 512-bit vectors (AVX-512), else 256 bits
 * (AVX2); {@code -Dscoremodels.vector.bits=256} keeps 256 anyway. Lanes are independent entries
 * of c, so the width changes no sum and no bit, only how many columns one instruction serves. The
 * kernel holds a tile of c of {@value #MR} rows × two vectors in registers while it runs over a
 * block of up to {@value #KC} inner indices. It reads B in panels two vectors wide (B itself when
 * its rows are contiguous and a whole number of panels wide, else a packed copy with zeros past the
 * edge) and A in strips of {@value #MR} rows (where A lies when it is row- or column-major and the
 * strip is whole, else a packed copy with zeros past the last row), so one kernel serves every
 * shape. An edge tile goes through a small scratch tile, so no row outside [lo, hi) is read or
 * written. A block of the inner index continues the sums the block before left in c, which keeps
 * their order. Loaded only when the module is present (see {@link Gemm}).
 *
 * <p>The float and double versions differ only in their types and lane counts.
 */
final class GemmVector {
    /** Bits per vector: 512 where the JIT has them, 256 otherwise or when the property says so. */
    static final int BITS = bits();
    /** The float species of {@link #BITS}; {@link FloatMathVector} uses it too. */
    static final VectorSpecies<Float> FLOATS = BITS == 512 ? FloatVector.SPECIES_512 : FloatVector.SPECIES_256;
    private static final VectorSpecies<Double> DOUBLES = BITS == 512 ? DoubleVector.SPECIES_512 : DoubleVector.SPECIES_256;
    /** Lanes per vector and columns per panel (two vectors), float and double. */
    private static final int LF = FLOATS.length();
    private static final int NRF = 2 * LF;
    private static final int LD = DOUBLES.length();
    private static final int NRD = 2 * LD;
    /** Rows of c per tile. */
    static final int MR = 6;
    /** Inner indices per block: a packed panel of B (KC × 32 floats at most, 32 KB) stays in L1 while strips of A pass. */
    static final int KC = 256;
    /** Rows of A packed at a time: a multiple of MR, MC × KC floats (96 KB) stay in L2. */
    static final int MC = 96;

    private static final ThreadLocal<Scratch> SCRATCH = ThreadLocal.withInitial(Scratch::new);

    private GemmVector() {
    }

    private static int bits() {
        boolean has512 = FloatVector.SPECIES_PREFERRED.vectorBitSize() >= 512 && DoubleVector.SPECIES_PREFERRED.vectorBitSize() >= 512;
        return has512 && VectorWidth.requested() != 256 ? 512 : 256;
    }

    /**
     * Whether the JIT has 256-bit vectors here (AVX2 and later on x86-64). Without them the Vector
     * API emulates the species in plain Java, far slower than the plain loops, which give the same bits.
     */
    static boolean wideEnough() {
        return FloatVector.SPECIES_PREFERRED.vectorBitSize() >= 256 && DoubleVector.SPECIES_PREFERRED.vectorBitSize() >= 256;
    }

    /** Runs one small product through the vector kernel and the plain loops: true when they agree bit for bit. */
    static boolean selfCheck() {
        int m = 7;
        int n = 19;
        int k = 5;
        float[] a = new float[m * k];
        float[] b = new float[k * n];
        for (int i = 0; i < a.length; i++) {
            a[i] = (float) Math.sin(i + 1);
        }
        for (int i = 0; i < b.length; i++) {
            b[i] = (float) Math.cos(3 * i + 1);
        }
        float[][] bRows = new float[k][n];
        for (int q = 0; q < k; q++) {
            System.arraycopy(b, q * n, bRows[q], 0, n);
        }
        float[] v = new float[m * n];
        float[] s = new float[m * n];
        rows(a, k, 1, b, n, 1, v, n, k, 0, m);
        Gemm.scalarRows(a, k, 1, bRows, s, n, k, 0, m, new float[n], new float[n]);
        return java.util.Arrays.equals(v, s);
    }

    /**
     * Rows [lo, hi) of c = A · B in float, strides as in {@link Gemm#rows(float[], int, int, float[], int, int, float[], int, int, int, int)}.
     */
    static void rows(float[] a, int ars, int acs, float[] b, int brs, int bcs, float[] c, int n, int k, int lo, int hi) {
        rowsPacked(a, ars, acs, packed(b, brs, bcs, n, k), brs, bcs, c, n, k, lo, hi);
    }

    /**
     * B as {@link #rowsPacked} reads it: B itself when its rows are contiguous and a whole number
     * of panels wide ({@link #directFloats}), else packed into this thread's scratch (until its next product).
     */
    static float[] packed(float[] b, int brs, int bcs, int n, int k) {
        if (directFloats(bcs, n)) {
            return b;
        }
        float[] bp = SCRATCH.get().floats(0, packedSizeFloats(n, k));
        packRight(b, brs, bcs, n, k, bp);
        return bp;
    }

    private static boolean directFloats(int bcs, int n) {
        return bcs == 1 && n % NRF == 0;
    }

    /** Entries of B packed for a product with n columns and inner size k (float). */
    static int packedSizeFloats(int n, int k) {
        return (n + NRF - 1) / NRF * NRF * k;
    }

    /** B as {@link #rowsPacked} reads it, into {@code bp} (at least {@link #packedSizeFloats} entries). */
    static void packRight(float[] b, int brs, int bcs, int n, int k, float[] bp) {
        int panels = (n + NRF - 1) / NRF;
        for (int kb = 0; kb < k; kb += KC) {
            pack(b, brs, bcs, kb, Math.min(KC, k - kb), n, bp, kb * panels * NRF);
        }
    }

    /** Rows [lo, hi) of c = A · B, B as {@link #packed} gave it for these strides. */
    static void rowsPacked(float[] a, int ars, int acs, float[] bp, int brs, int bcs, float[] c, int n, int k, int lo, int hi) {
        boolean direct = directFloats(bcs, n);
        Scratch s = SCRATCH.get();
        int panels = (n + NRF - 1) / NRF;
        int kcMax = Math.min(k, KC);
        float[] ap = s.floats(1, (MC / MR) * kcMax * MR);
        float[] tile = s.floats(2, MR * NRF);
        for (int kb = 0; kb < k; kb += KC) {
            int kc = Math.min(KC, k - kb);
            // where the block starts, the step from one panel to the next and from one row to the next
            int block = direct ? kb * brs : kb * panels * NRF;
            int panelStep = direct ? NRF : kc * NRF;
            int rowStep = direct ? brs : NRF;
            for (int ib = lo; ib < hi; ib += MC) {
                int mc = Math.min(MC, hi - ib);
                // Whole strips of a row-major or column-major A are read where they lie; others packed.
                boolean inPlace = mc % MR == 0 && (acs == 1 || ars == 1);
                if (!inPlace) {
                    pack(a, ars, acs, ib, mc, kb, kc, ap);
                }
                for (int p = 0; p < panels; p++) {
                    int cj = p * NRF;
                    int cols = Math.min(NRF, n - cj);
                    for (int t = 0; t * MR < mc; t++) {
                        int ci = ib + t * MR;
                        if (inPlace) {
                            kernel(a, ci * ars + kb * acs, acs, ars, bp, block + p * panelStep, rowStep, kc, c, n, ci, cj, MR, cols, kb == 0, tile);
                        } else {
                            kernel(ap, t * kc * MR, MR, 1, bp, block + p * panelStep, rowStep, kc, c, n, ci, cj, Math.min(MR, hi - ci), cols, kb == 0, tile);
                        }
                    }
                }
            }
        }
    }

    /** Columns [0, n) of rows [kb, kb + kc) of B as panels of NRF (two vectors of) columns, each row of a panel after the one before, zeros past n. */
    private static void pack(float[] b, int brs, int bcs, int kb, int kc, int n, float[] bp, int at) {
        for (int j0 = 0, p = 0; j0 < n; j0 += NRF, p++) {
            int base = at + p * kc * NRF;
            int cols = Math.min(NRF, n - j0);
            if (bcs == 1) {
                for (int q = 0; q < kc; q++) {
                    int from = (kb + q) * brs + j0;
                    int to = base + q * NRF;
                    for (int l = 0; l < cols; l++) {
                        bp[to + l] = b[from + l];
                    }
                    for (int l = cols; l < NRF; l++) {
                        bp[to + l] = 0;
                    }
                }
            } else {
                for (int l = 0; l < NRF; l++) {
                    if (l < cols) {
                        int from = kb * brs + (j0 + l) * bcs;
                        for (int q = 0; q < kc; q++) {
                            bp[base + q * NRF + l] = b[from + q * brs];
                        }
                    } else {
                        for (int q = 0; q < kc; q++) {
                            bp[base + q * NRF + l] = 0;
                        }
                    }
                }
            }
        }
    }

    /** Rows [ib, ib + mc) and inner indices [kb, kb + kc) of A as strips of MR rows, entry (r, q) of a strip at q·MR + r, zeros past mc. */
    private static void pack(float[] a, int ars, int acs, int ib, int mc, int kb, int kc, float[] ap) {
        for (int t = 0; t * MR < mc; t++) {
            int base = t * kc * MR;
            int rows = Math.min(MR, mc - t * MR);
            if (acs != 1 && rows == MR) {
                // A transposed: the strip's MR entries of one inner index lie side by side
                for (int q = 0; q < kc; q++) {
                    int from = (ib + t * MR) * ars + (kb + q) * acs;
                    for (int r = 0; r < MR; r++) {
                        ap[base + q * MR + r] = a[from + r * ars];
                    }
                }
                continue;
            }
            for (int r = 0; r < MR; r++) {
                int row = t * MR + r;
                if (row < mc) {
                    int from = (ib + row) * ars + kb * acs;
                    for (int q = 0; q < kc; q++) {
                        ap[base + q * MR + r] = a[from + q * acs];
                    }
                } else {
                    for (int q = 0; q < kc; q++) {
                        ap[base + q * MR + r] = 0;
                    }
                }
            }
        }
    }

    /**
     * The tile of c at rows [ci, ci + rows), columns [cj, cj + cols) (at most MR × NRF): its sums
     * continued over the kc inner indices of a strip of A (entry (r, q) at {@code ao + q·aq + r·ar}:
     * packed, or A where it lies) and the panel of B (row q of the panel at {@code bo + q·bs}), or
     * started from zero.
     */
    private static void kernel(float[] ap, int ao, int aq, int ar, float[] bp, int bo, int bs, int kc, float[] c, int n, int ci, int cj, int rows, int cols,
            boolean first, float[] tile) {
        boolean whole = rows == MR && cols == NRF;
        float[] src = c;
        int at = ci * n + cj;
        int stride = n;
        if (!whole) {
            src = tile;
            at = 0;
            stride = NRF;
            java.util.Arrays.fill(tile, 0, MR * NRF, 0);
            if (!first) {
                for (int r = 0; r < rows; r++) {
                    System.arraycopy(c, (ci + r) * n + cj, tile, r * NRF, cols);
                }
            }
        }
        FloatVector c00 = FloatVector.zero(FLOATS);
        FloatVector c01 = FloatVector.zero(FLOATS);
        FloatVector c10 = FloatVector.zero(FLOATS);
        FloatVector c11 = FloatVector.zero(FLOATS);
        FloatVector c20 = FloatVector.zero(FLOATS);
        FloatVector c21 = FloatVector.zero(FLOATS);
        FloatVector c30 = FloatVector.zero(FLOATS);
        FloatVector c31 = FloatVector.zero(FLOATS);
        FloatVector c40 = FloatVector.zero(FLOATS);
        FloatVector c41 = FloatVector.zero(FLOATS);
        FloatVector c50 = FloatVector.zero(FLOATS);
        FloatVector c51 = FloatVector.zero(FLOATS);
        if (!first) {
            c00 = FloatVector.fromArray(FLOATS, src, at + 0 * stride + 0);
            c01 = FloatVector.fromArray(FLOATS, src, at + 0 * stride + LF);
            c10 = FloatVector.fromArray(FLOATS, src, at + 1 * stride + 0);
            c11 = FloatVector.fromArray(FLOATS, src, at + 1 * stride + LF);
            c20 = FloatVector.fromArray(FLOATS, src, at + 2 * stride + 0);
            c21 = FloatVector.fromArray(FLOATS, src, at + 2 * stride + LF);
            c30 = FloatVector.fromArray(FLOATS, src, at + 3 * stride + 0);
            c31 = FloatVector.fromArray(FLOATS, src, at + 3 * stride + LF);
            c40 = FloatVector.fromArray(FLOATS, src, at + 4 * stride + 0);
            c41 = FloatVector.fromArray(FLOATS, src, at + 4 * stride + LF);
            c50 = FloatVector.fromArray(FLOATS, src, at + 5 * stride + 0);
            c51 = FloatVector.fromArray(FLOATS, src, at + 5 * stride + LF);
        }
        for (int q = 0; q < kc; q++) {
            int pb = bo + q * bs;
            int pa = ao + q * aq;
            FloatVector b0 = FloatVector.fromArray(FLOATS, bp, pb);
            FloatVector b1 = FloatVector.fromArray(FLOATS, bp, pb + LF);
            FloatVector a0 = FloatVector.broadcast(FLOATS, ap[pa]);
            c00 = c00.add(a0.mul(b0));
            c01 = c01.add(a0.mul(b1));
            FloatVector a1 = FloatVector.broadcast(FLOATS, ap[pa + ar]);
            c10 = c10.add(a1.mul(b0));
            c11 = c11.add(a1.mul(b1));
            FloatVector a2 = FloatVector.broadcast(FLOATS, ap[pa + 2 * ar]);
            c20 = c20.add(a2.mul(b0));
            c21 = c21.add(a2.mul(b1));
            FloatVector a3 = FloatVector.broadcast(FLOATS, ap[pa + 3 * ar]);
            c30 = c30.add(a3.mul(b0));
            c31 = c31.add(a3.mul(b1));
            FloatVector a4 = FloatVector.broadcast(FLOATS, ap[pa + 4 * ar]);
            c40 = c40.add(a4.mul(b0));
            c41 = c41.add(a4.mul(b1));
            FloatVector a5 = FloatVector.broadcast(FLOATS, ap[pa + 5 * ar]);
            c50 = c50.add(a5.mul(b0));
            c51 = c51.add(a5.mul(b1));
        }
        c00.intoArray(src, at + 0 * stride + 0);
        c01.intoArray(src, at + 0 * stride + LF);
        c10.intoArray(src, at + 1 * stride + 0);
        c11.intoArray(src, at + 1 * stride + LF);
        c20.intoArray(src, at + 2 * stride + 0);
        c21.intoArray(src, at + 2 * stride + LF);
        c30.intoArray(src, at + 3 * stride + 0);
        c31.intoArray(src, at + 3 * stride + LF);
        c40.intoArray(src, at + 4 * stride + 0);
        c41.intoArray(src, at + 4 * stride + LF);
        c50.intoArray(src, at + 5 * stride + 0);
        c51.intoArray(src, at + 5 * stride + LF);
        if (!whole) {
            for (int r = 0; r < rows; r++) {
                System.arraycopy(tile, r * NRF, c, (ci + r) * n + cj, cols);
            }
        }
    }

    /**
     * Rows [lo, hi) of c = A · B in double, strides as in {@link Gemm#rows(double[], int, int, double[], int, int, double[], int, int, int, int)}.
     */
    static void rows(double[] a, int ars, int acs, double[] b, int brs, int bcs, double[] c, int n, int k, int lo, int hi) {
        rowsPacked(a, ars, acs, packed(b, brs, bcs, n, k), brs, bcs, c, n, k, lo, hi);
    }

    /**
     * B as {@link #rowsPacked} reads it: B itself when its rows are contiguous and a whole number
     * of panels wide ({@link #directDoubles}), else packed into this thread's scratch (until its next product).
     */
    static double[] packed(double[] b, int brs, int bcs, int n, int k) {
        if (directDoubles(bcs, n)) {
            return b;
        }
        double[] bp = SCRATCH.get().doubles(0, packedSizeDoubles(n, k));
        packRight(b, brs, bcs, n, k, bp);
        return bp;
    }

    private static boolean directDoubles(int bcs, int n) {
        return bcs == 1 && n % NRD == 0;
    }

    /** Entries of B packed for a product with n columns and inner size k (double). */
    static int packedSizeDoubles(int n, int k) {
        return (n + NRD - 1) / NRD * NRD * k;
    }

    /** B as {@link #rowsPacked} reads it, into {@code bp} (at least {@link #packedSizeDoubles} entries). */
    static void packRight(double[] b, int brs, int bcs, int n, int k, double[] bp) {
        int panels = (n + NRD - 1) / NRD;
        for (int kb = 0; kb < k; kb += KC) {
            pack(b, brs, bcs, kb, Math.min(KC, k - kb), n, bp, kb * panels * NRD);
        }
    }

    /** Rows [lo, hi) of c = A · B, B as {@link #packed} gave it for these strides. */
    static void rowsPacked(double[] a, int ars, int acs, double[] bp, int brs, int bcs, double[] c, int n, int k, int lo, int hi) {
        boolean direct = directDoubles(bcs, n);
        Scratch s = SCRATCH.get();
        int panels = (n + NRD - 1) / NRD;
        int kcMax = Math.min(k, KC);
        double[] ap = s.doubles(1, (MC / MR) * kcMax * MR);
        double[] tile = s.doubles(2, MR * NRD);
        for (int kb = 0; kb < k; kb += KC) {
            int kc = Math.min(KC, k - kb);
            // where the block starts, the step from one panel to the next and from one row to the next
            int block = direct ? kb * brs : kb * panels * NRD;
            int panelStep = direct ? NRD : kc * NRD;
            int rowStep = direct ? brs : NRD;
            for (int ib = lo; ib < hi; ib += MC) {
                int mc = Math.min(MC, hi - ib);
                // Whole strips of a row-major or column-major A are read where they lie; others packed.
                boolean inPlace = mc % MR == 0 && (acs == 1 || ars == 1);
                if (!inPlace) {
                    pack(a, ars, acs, ib, mc, kb, kc, ap);
                }
                for (int p = 0; p < panels; p++) {
                    int cj = p * NRD;
                    int cols = Math.min(NRD, n - cj);
                    for (int t = 0; t * MR < mc; t++) {
                        int ci = ib + t * MR;
                        if (inPlace) {
                            kernel(a, ci * ars + kb * acs, acs, ars, bp, block + p * panelStep, rowStep, kc, c, n, ci, cj, MR, cols, kb == 0, tile);
                        } else {
                            kernel(ap, t * kc * MR, MR, 1, bp, block + p * panelStep, rowStep, kc, c, n, ci, cj, Math.min(MR, hi - ci), cols, kb == 0, tile);
                        }
                    }
                }
            }
        }
    }

    /** Columns [0, n) of rows [kb, kb + kc) of B as panels of NRD (two vectors of) columns, each row of a panel after the one before, zeros past n. */
    private static void pack(double[] b, int brs, int bcs, int kb, int kc, int n, double[] bp, int at) {
        for (int j0 = 0, p = 0; j0 < n; j0 += NRD, p++) {
            int base = at + p * kc * NRD;
            int cols = Math.min(NRD, n - j0);
            if (bcs == 1) {
                for (int q = 0; q < kc; q++) {
                    int from = (kb + q) * brs + j0;
                    int to = base + q * NRD;
                    for (int l = 0; l < cols; l++) {
                        bp[to + l] = b[from + l];
                    }
                    for (int l = cols; l < NRD; l++) {
                        bp[to + l] = 0;
                    }
                }
            } else {
                for (int l = 0; l < NRD; l++) {
                    if (l < cols) {
                        int from = kb * brs + (j0 + l) * bcs;
                        for (int q = 0; q < kc; q++) {
                            bp[base + q * NRD + l] = b[from + q * brs];
                        }
                    } else {
                        for (int q = 0; q < kc; q++) {
                            bp[base + q * NRD + l] = 0;
                        }
                    }
                }
            }
        }
    }

    /** Rows [ib, ib + mc) and inner indices [kb, kb + kc) of A as strips of MR rows, entry (r, q) of a strip at q·MR + r, zeros past mc. */
    private static void pack(double[] a, int ars, int acs, int ib, int mc, int kb, int kc, double[] ap) {
        for (int t = 0; t * MR < mc; t++) {
            int base = t * kc * MR;
            int rows = Math.min(MR, mc - t * MR);
            if (acs != 1 && rows == MR) {
                // A transposed: the strip's MR entries of one inner index lie side by side
                for (int q = 0; q < kc; q++) {
                    int from = (ib + t * MR) * ars + (kb + q) * acs;
                    for (int r = 0; r < MR; r++) {
                        ap[base + q * MR + r] = a[from + r * ars];
                    }
                }
                continue;
            }
            for (int r = 0; r < MR; r++) {
                int row = t * MR + r;
                if (row < mc) {
                    int from = (ib + row) * ars + kb * acs;
                    for (int q = 0; q < kc; q++) {
                        ap[base + q * MR + r] = a[from + q * acs];
                    }
                } else {
                    for (int q = 0; q < kc; q++) {
                        ap[base + q * MR + r] = 0;
                    }
                }
            }
        }
    }

    /**
     * The tile of c at rows [ci, ci + rows), columns [cj, cj + cols) (at most MR × NRD): its sums
     * continued over the kc inner indices of a strip of A (entry (r, q) at {@code ao + q·aq + r·ar}:
     * packed, or A where it lies) and the panel of B (row q of the panel at {@code bo + q·bs}), or
     * started from zero.
     */
    private static void kernel(double[] ap, int ao, int aq, int ar, double[] bp, int bo, int bs, int kc, double[] c, int n, int ci, int cj, int rows, int cols,
            boolean first, double[] tile) {
        boolean whole = rows == MR && cols == NRD;
        double[] src = c;
        int at = ci * n + cj;
        int stride = n;
        if (!whole) {
            src = tile;
            at = 0;
            stride = NRD;
            java.util.Arrays.fill(tile, 0, MR * NRD, 0);
            if (!first) {
                for (int r = 0; r < rows; r++) {
                    System.arraycopy(c, (ci + r) * n + cj, tile, r * NRD, cols);
                }
            }
        }
        DoubleVector c00 = DoubleVector.zero(DOUBLES);
        DoubleVector c01 = DoubleVector.zero(DOUBLES);
        DoubleVector c10 = DoubleVector.zero(DOUBLES);
        DoubleVector c11 = DoubleVector.zero(DOUBLES);
        DoubleVector c20 = DoubleVector.zero(DOUBLES);
        DoubleVector c21 = DoubleVector.zero(DOUBLES);
        DoubleVector c30 = DoubleVector.zero(DOUBLES);
        DoubleVector c31 = DoubleVector.zero(DOUBLES);
        DoubleVector c40 = DoubleVector.zero(DOUBLES);
        DoubleVector c41 = DoubleVector.zero(DOUBLES);
        DoubleVector c50 = DoubleVector.zero(DOUBLES);
        DoubleVector c51 = DoubleVector.zero(DOUBLES);
        if (!first) {
            c00 = DoubleVector.fromArray(DOUBLES, src, at + 0 * stride + 0);
            c01 = DoubleVector.fromArray(DOUBLES, src, at + 0 * stride + LD);
            c10 = DoubleVector.fromArray(DOUBLES, src, at + 1 * stride + 0);
            c11 = DoubleVector.fromArray(DOUBLES, src, at + 1 * stride + LD);
            c20 = DoubleVector.fromArray(DOUBLES, src, at + 2 * stride + 0);
            c21 = DoubleVector.fromArray(DOUBLES, src, at + 2 * stride + LD);
            c30 = DoubleVector.fromArray(DOUBLES, src, at + 3 * stride + 0);
            c31 = DoubleVector.fromArray(DOUBLES, src, at + 3 * stride + LD);
            c40 = DoubleVector.fromArray(DOUBLES, src, at + 4 * stride + 0);
            c41 = DoubleVector.fromArray(DOUBLES, src, at + 4 * stride + LD);
            c50 = DoubleVector.fromArray(DOUBLES, src, at + 5 * stride + 0);
            c51 = DoubleVector.fromArray(DOUBLES, src, at + 5 * stride + LD);
        }
        for (int q = 0; q < kc; q++) {
            int pb = bo + q * bs;
            int pa = ao + q * aq;
            DoubleVector b0 = DoubleVector.fromArray(DOUBLES, bp, pb);
            DoubleVector b1 = DoubleVector.fromArray(DOUBLES, bp, pb + LD);
            DoubleVector a0 = DoubleVector.broadcast(DOUBLES, ap[pa]);
            c00 = c00.add(a0.mul(b0));
            c01 = c01.add(a0.mul(b1));
            DoubleVector a1 = DoubleVector.broadcast(DOUBLES, ap[pa + ar]);
            c10 = c10.add(a1.mul(b0));
            c11 = c11.add(a1.mul(b1));
            DoubleVector a2 = DoubleVector.broadcast(DOUBLES, ap[pa + 2 * ar]);
            c20 = c20.add(a2.mul(b0));
            c21 = c21.add(a2.mul(b1));
            DoubleVector a3 = DoubleVector.broadcast(DOUBLES, ap[pa + 3 * ar]);
            c30 = c30.add(a3.mul(b0));
            c31 = c31.add(a3.mul(b1));
            DoubleVector a4 = DoubleVector.broadcast(DOUBLES, ap[pa + 4 * ar]);
            c40 = c40.add(a4.mul(b0));
            c41 = c41.add(a4.mul(b1));
            DoubleVector a5 = DoubleVector.broadcast(DOUBLES, ap[pa + 5 * ar]);
            c50 = c50.add(a5.mul(b0));
            c51 = c51.add(a5.mul(b1));
        }
        c00.intoArray(src, at + 0 * stride + 0);
        c01.intoArray(src, at + 0 * stride + LD);
        c10.intoArray(src, at + 1 * stride + 0);
        c11.intoArray(src, at + 1 * stride + LD);
        c20.intoArray(src, at + 2 * stride + 0);
        c21.intoArray(src, at + 2 * stride + LD);
        c30.intoArray(src, at + 3 * stride + 0);
        c31.intoArray(src, at + 3 * stride + LD);
        c40.intoArray(src, at + 4 * stride + 0);
        c41.intoArray(src, at + 4 * stride + LD);
        c50.intoArray(src, at + 5 * stride + 0);
        c51.intoArray(src, at + 5 * stride + LD);
        if (!whole) {
            for (int r = 0; r < rows; r++) {
                System.arraycopy(tile, r * NRD, c, (ci + r) * n + cj, cols);
            }
        }
    }

    /** Packed operands and an edge tile, per thread, grown when a larger product comes. */
    private static final class Scratch extends GrowingArrays {
        Scratch() {
            super(3);
        }
    }
}
