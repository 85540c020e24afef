package scoremodels.engine;

/**
 * Matrix products in Java with one fixed order of summation, so that they give the same bits on
 * every x86-64 CPU, with any number of threads, under JDK 17 and later.
 *
 * <p>Every entry is summed in the order of the inner index, c_ij = (…((a_i0 b_0j + a_i1 b_1j)
 * + a_i2 b_2j) + …) + a_i,k−1 b_k−1,j, each product rounded before it is added. Java's float and
 * double arithmetic is IEEE 754 without fused multiply-adds or reassociation, so however wide the
 * vectors and however the rows are shared between threads, each entry goes through the same
 * roundings. A BLAS library picks its kernel by CPU model and blocks the inner sums differently
 * for each, which changes the last bits of a product from one machine to the next. Two
 * implementations compute exactly these sums:
 * <ul>
 *   <li>{@link GemmVector}, on the Vector API ({@code jdk.incubator.vector}, present when the JVM
 *       was started with {@code --add-modules jdk.incubator.vector}, as the command line, the
 *       tests and the project's Jupyter kernel do): a register-blocked kernel on 512-bit vectors
 *       where the CPU has them and 256-bit ones otherwise, each lane one entry of c;</li>
 *   <li>plain loops otherwise (a JVM started without the module, such as a JJava or IJava kernel
 *       that loads the library with {@code %classpath}, or a CPU without 256-bit vectors), which
 *       the JIT vectorises as it can: slower, the same bits.</li>
 * </ul>
 * The sums are separate multiplications and additions, not fused multiply-adds: that is what the
 * JDK 17 JIT vectorises in the plain loops ({@link Math#fma} stays scalar there), and it keeps
 * the bits that the library computed before it had the vector kernel.
 *
 * <p>{@code -Dscoremodels.vector=false} forces the plain loops, {@code -Dscoremodels.vector.bits=256}
 * the narrower vectors (to compare, or to measure).
 */
public final class Gemm {
    /** Whether products run on the Vector API (see the class comment). */
    private static final boolean VECTOR = vectorAvailable();

    /** Rows of the right operand per block of the plain loops: 128 × 256 floats = 128 KB, inside a core's L2. */
    static final int K_BLOCK = 128;

    /** Per thread: the right operand (as rows for the plain loops, flat for the vector kernel) and two scratch rows. */
    private static final ThreadLocal<Scratch> SCRATCH = ThreadLocal.withInitial(Scratch::new);

    private Gemm() {
    }

    private static boolean vectorAvailable() {
        if (!Boolean.parseBoolean(System.getProperty("scoremodels.vector", "true"))) {
            return false;
        }
        VectorWidth.requested(); // a wrong value is an error, not a silent default
        if (ModuleLayer.boot().findModule("jdk.incubator.vector").isEmpty()) {
            return false;
        }
        try {
            return GemmVector.wideEnough() && GemmVector.selfCheck();
        } catch (LinkageError | RuntimeException e) {
            // an incubating API changed under a later JDK: the plain loops still give the bits
            return false;
        }
    }

    /** {@code "java-vector"} or {@code "java-scalar"}: which of the two implementations runs the products. */
    public static String path() {
        return VECTOR ? "java-vector" : "java-scalar";
    }

    /** The width of the vector kernel's vectors in bits (256 or 512), or 0 when the plain loops run the products. */
    public static int vectorBits() {
        return VECTOR ? GemmVector.BITS : 0;
    }

    /** Whether the Vector API kernel runs the products. */
    public static boolean vectorised() {
        return VECTOR;
    }

    /**
     * c[m × n] = A · B, strides as in {@link #rows(float[], int, int, float[], int, int, float[], int, int, int, int)},
     * the rows of c in two halves at once ({@link Halves}); B is rearranged for the kernel once,
     * for both halves.
     */
    public static void product(float[] a, int aRowStride, int aColStride, float[] b, int bRowStride, int bColStride,
            float[] c, int m, int n, int k) {
        if (m == 0 || n == 0) {
            return;
        }
        if (k == 0) {
            java.util.Arrays.fill(c, 0, m * n, 0f);
            return;
        }
        if (VECTOR) {
            float[] bp = GemmVector.packed(b, bRowStride, bColStride, n, k);
            Halves.run(m, (part, lo, hi) -> GemmVector.rowsPacked(a, aRowStride, aColStride, bp, bRowStride, bColStride, c, n, k, lo, hi));
            return;
        }
        Scratch s = SCRATCH.get();
        float[][] rows = asRows(s.floatRows(k, n), b, bRowStride, bColStride, n, k);
        float[][] sums = s.floatSums(n);
        Halves.run(m, (part, lo, hi) -> scalarRows(a, aRowStride, aColStride, rows, c, n, k, lo, hi, sums[2 * part], sums[2 * part + 1]));
    }

    /** Entry (q, j) of B, at {@code b[q·bRowStride + j·bColStride]}, into {@code rows[q][j]}. */
    private static float[][] asRows(float[][] rows, float[] b, int bRowStride, int bColStride, int n, int k) {
        for (int q = 0; q < k; q++) {
            float[] row = rows[q];
            int from = q * bRowStride;
            if (bColStride == 1) {
                System.arraycopy(b, from, row, 0, n);
            } else {
                for (int j = 0; j < n; j++) {
                    row[j] = b[from + j * bColStride];
                }
            }
        }
        return rows;
    }

    /** {@link #product(float[], int, int, float[], int, int, float[], int, int, int)} in double. */
    public static void product(double[] a, int aRowStride, int aColStride, double[] b, int bRowStride, int bColStride,
            double[] c, int m, int n, int k) {
        if (m == 0 || n == 0) {
            return;
        }
        if (k == 0) {
            java.util.Arrays.fill(c, 0, m * n, 0.0);
            return;
        }
        if (VECTOR) {
            double[] bp = GemmVector.packed(b, bRowStride, bColStride, n, k);
            Halves.run(m, (part, lo, hi) -> GemmVector.rowsPacked(a, aRowStride, aColStride, bp, bRowStride, bColStride, c, n, k, lo, hi));
            return;
        }
        Scratch s = SCRATCH.get();
        double[][] rows = asRows(s.doubleRows(k, n), b, bRowStride, bColStride, n, k);
        double[][] sums = s.doubleSums(n);
        Halves.run(m, (part, lo, hi) -> scalarRows(a, aRowStride, aColStride, rows, c, n, k, lo, hi, sums[2 * part], sums[2 * part + 1]));
    }

    /** Entry (q, j) of B, at {@code b[q·bRowStride + j·bColStride]}, into {@code rows[q][j]}. */
    private static double[][] asRows(double[][] rows, double[] b, int bRowStride, int bColStride, int n, int k) {
        for (int q = 0; q < k; q++) {
            double[] row = rows[q];
            int from = q * bRowStride;
            if (bColStride == 1) {
                System.arraycopy(b, from, row, 0, n);
            } else {
                for (int j = 0; j < n; j++) {
                    row[j] = b[from + j * bColStride];
                }
            }
        }
        return rows;
    }

    /**
     * Rows [lo, hi) of c[m × n] = A · B, c row-major (row i at {@code c[i·n]}), entry (i, q) of A at
     * {@code a[i·aRowStride + q·aColStride]} and entry (q, j) of B at
     * {@code b[q·bRowStride + j·bColStride]}: (k, 1) for a row-major [m × k] array, (1, m) for its
     * transpose stored as [k × m], which then needs no copy. No other row of c is touched, so two
     * threads may compute two ranges of rows of one product at once.
     */
    public static void rows(float[] a, int aRowStride, int aColStride, float[] b, int bRowStride, int bColStride,
            float[] c, int n, int k, int lo, int hi) {
        if (lo >= hi || n == 0) {
            return;
        }
        if (k == 0) {
            java.util.Arrays.fill(c, lo * n, hi * n, 0f);
            return;
        }
        if (VECTOR) {
            GemmVector.rows(a, aRowStride, aColStride, b, bRowStride, bColStride, c, n, k, lo, hi);
            return;
        }
        Scratch s = SCRATCH.get();
        float[][] rows = asRows(s.floatRows(k, n), b, bRowStride, bColStride, n, k);
        scalarRows(a, aRowStride, aColStride, rows, c, n, k, lo, hi, s.floats(0, n), s.floats(1, n));
    }

    /** {@link #rows(float[], int, int, float[], int, int, float[], int, int, int, int)} in double. */
    public static void rows(double[] a, int aRowStride, int aColStride, double[] b, int bRowStride, int bColStride,
            double[] c, int n, int k, int lo, int hi) {
        if (lo >= hi || n == 0) {
            return;
        }
        if (k == 0) {
            java.util.Arrays.fill(c, lo * n, hi * n, 0.0);
            return;
        }
        if (VECTOR) {
            GemmVector.rows(a, aRowStride, aColStride, b, bRowStride, bColStride, c, n, k, lo, hi);
            return;
        }
        Scratch s = SCRATCH.get();
        double[][] rows = asRows(s.doubleRows(k, n), b, bRowStride, bColStride, n, k);
        scalarRows(a, aRowStride, aColStride, rows, c, n, k, lo, hi, s.doubles(0, n), s.doubles(1, n));
    }

    /**
     * As {@link #rows(float[], int, int, float[], int, int, float[], int, int, int, int)} with A
     * read at {@code a[i·rowStride + q·colStride]} and B given as its k rows of n entries;
     * {@code s0} and {@code s1} are scratch rows of at least n entries.
     */
    public static void rows(float[] a, int rowStride, int colStride, float[][] b, float[] c, int n, int k, int lo, int hi,
            float[] s0, float[] s1) {
        if (k == 0) {
            java.util.Arrays.fill(c, lo * n, hi * n, 0f);
        } else if (VECTOR && lo < hi && n > 0) {
            float[] flat = SCRATCH.get().floats(2, k * n);
            for (int q = 0; q < k; q++) {
                System.arraycopy(b[q], 0, flat, q * n, n);
            }
            GemmVector.rows(a, rowStride, colStride, flat, n, 1, c, n, k, lo, hi);
        } else {
            scalarRows(a, rowStride, colStride, b, c, n, k, lo, hi, s0, s1);
        }
    }

    /** {@link #rows(float[], int, int, float[][], float[], int, int, int, int, float[], float[])} in double. */
    public static void rows(double[] a, int rowStride, int colStride, double[][] b, double[] c, int n, int k, int lo, int hi,
            double[] s0, double[] s1) {
        if (k == 0) {
            java.util.Arrays.fill(c, lo * n, hi * n, 0.0);
        } else if (VECTOR && lo < hi && n > 0) {
            double[] flat = SCRATCH.get().doubles(2, k * n);
            for (int q = 0; q < k; q++) {
                System.arraycopy(b[q], 0, flat, q * n, n);
            }
            GemmVector.rows(a, rowStride, colStride, flat, n, 1, c, n, k, lo, hi);
        } else {
            scalarRows(a, rowStride, colStride, b, c, n, k, lo, hi, s0, s1);
        }
    }

    /**
     * The plain loops, for B as rows. They are shaped for the JIT: each row of the result is built
     * in a scratch row by adding four rows of B at a time, two rows of the result together (every
     * operand at the same index {@code j} of its own array, which the JIT vectorises), in blocks of
     * {@value #K_BLOCK} inner indices so that the rows of B being read stay in the core's cache.
     * Blocking does not change the order of the sums: each block continues the running sum of the
     * one before.
     */
    static void scalarRows(float[] a, int rowStride, int colStride, float[][] b, float[] c, int n, int k, int lo, int hi,
            float[] s0, float[] s1) {
        for (int kb = 0; kb < k; kb += K_BLOCK) {
            int ke = Math.min(k, kb + K_BLOCK);
            int i = lo;
            for (; i + 1 < hi; i += 2) {
                start(c, i, n, kb, s0);
                start(c, i + 1, n, kb, s1);
                int ao = i * rowStride;
                int ao2 = ao + rowStride;
                int q = kb;
                for (; q + 3 < ke; q += 4) {
                    int p = ao + q * colStride;
                    int p2 = ao2 + q * colStride;
                    float a0 = a[p];
                    float a1 = a[p + colStride];
                    float a2 = a[p + 2 * colStride];
                    float a3 = a[p + 3 * colStride];
                    float c0 = a[p2];
                    float c1 = a[p2 + colStride];
                    float c2 = a[p2 + 2 * colStride];
                    float c3 = a[p2 + 3 * colStride];
                    float[] b0 = b[q];
                    float[] b1 = b[q + 1];
                    float[] b2 = b[q + 2];
                    float[] b3 = b[q + 3];
                    for (int j = 0; j < n; j++) {
                        float x0 = b0[j];
                        float x1 = b1[j];
                        float x2 = b2[j];
                        float x3 = b3[j];
                        s0[j] = s0[j] + a0 * x0 + a1 * x1 + a2 * x2 + a3 * x3;
                        s1[j] = s1[j] + c0 * x0 + c1 * x1 + c2 * x2 + c3 * x3;
                    }
                }
                for (; q < ke; q++) {
                    oneTerm(a[ao + q * colStride], b[q], n, s0);
                    oneTerm(a[ao2 + q * colStride], b[q], n, s1);
                }
                System.arraycopy(s0, 0, c, i * n, n);
                System.arraycopy(s1, 0, c, (i + 1) * n, n);
            }
            if (i < hi) {
                start(c, i, n, kb, s0);
                oneRow(a, i * rowStride, colStride, b, n, kb, ke, s0);
                System.arraycopy(s0, 0, c, i * n, n);
            }
        }
    }

    /** The running sums of row i: zero before the first block, else what the blocks before left in c. */
    private static void start(float[] c, int i, int n, int kb, float[] s) {
        if (kb == 0) {
            java.util.Arrays.fill(s, 0, n, 0f);
        } else {
            System.arraycopy(c, i * n, s, 0, n);
        }
    }


    /** s += a0 · b0 over n entries. */
    private static void oneTerm(float a0, float[] b0, int n, float[] s) {
        for (int j = 0; j < n; j++) {
            s[j] = s[j] + a0 * b0[j];
        }
    }

    private static void oneRow(float[] a, int ao, int cs, float[][] b, int n, int kb, int ke, float[] s0) {
        int q = kb;
        for (; q + 3 < ke; q += 4) {
            int p = ao + q * cs;
            float a0 = a[p];
            float a1 = a[p + cs];
            float a2 = a[p + 2 * cs];
            float a3 = a[p + 3 * cs];
            float[] b0 = b[q];
            float[] b1 = b[q + 1];
            float[] b2 = b[q + 2];
            float[] b3 = b[q + 3];
            for (int j = 0; j < n; j++) {
                s0[j] = s0[j] + a0 * b0[j] + a1 * b1[j] + a2 * b2[j] + a3 * b3[j];
            }
        }
        for (; q < ke; q++) {
            float a0 = a[ao + q * cs];
            float[] b0 = b[q];
            for (int j = 0; j < n; j++) {
                s0[j] = s0[j] + a0 * b0[j];
            }
        }
    }

    /** {@link #scalarRows(float[], int, int, float[][], float[], int, int, int, int, float[], float[])} in double. */
    static void scalarRows(double[] a, int rowStride, int colStride, double[][] b, double[] c, int n, int k, int lo, int hi,
            double[] s0, double[] s1) {
        for (int kb = 0; kb < k; kb += K_BLOCK) {
            int ke = Math.min(k, kb + K_BLOCK);
            int i = lo;
            for (; i + 1 < hi; i += 2) {
                start(c, i, n, kb, s0);
                start(c, i + 1, n, kb, s1);
                int ao = i * rowStride;
                int ao2 = ao + rowStride;
                int q = kb;
                for (; q + 3 < ke; q += 4) {
                    int p = ao + q * colStride;
                    int p2 = ao2 + q * colStride;
                    double a0 = a[p];
                    double a1 = a[p + colStride];
                    double a2 = a[p + 2 * colStride];
                    double a3 = a[p + 3 * colStride];
                    double c0 = a[p2];
                    double c1 = a[p2 + colStride];
                    double c2 = a[p2 + 2 * colStride];
                    double c3 = a[p2 + 3 * colStride];
                    double[] b0 = b[q];
                    double[] b1 = b[q + 1];
                    double[] b2 = b[q + 2];
                    double[] b3 = b[q + 3];
                    for (int j = 0; j < n; j++) {
                        double x0 = b0[j];
                        double x1 = b1[j];
                        double x2 = b2[j];
                        double x3 = b3[j];
                        s0[j] = s0[j] + a0 * x0 + a1 * x1 + a2 * x2 + a3 * x3;
                        s1[j] = s1[j] + c0 * x0 + c1 * x1 + c2 * x2 + c3 * x3;
                    }
                }
                for (; q < ke; q++) {
                    oneTerm(a[ao + q * colStride], b[q], n, s0);
                    oneTerm(a[ao2 + q * colStride], b[q], n, s1);
                }
                System.arraycopy(s0, 0, c, i * n, n);
                System.arraycopy(s1, 0, c, (i + 1) * n, n);
            }
            if (i < hi) {
                start(c, i, n, kb, s0);
                oneRow(a, i * rowStride, colStride, b, n, kb, ke, s0);
                System.arraycopy(s0, 0, c, i * n, n);
            }
        }
    }

    private static void start(double[] c, int i, int n, int kb, double[] s) {
        if (kb == 0) {
            java.util.Arrays.fill(s, 0, n, 0.0);
        } else {
            System.arraycopy(c, i * n, s, 0, n);
        }
    }


    /** s += a0 · b0 over n entries. */
    private static void oneTerm(double a0, double[] b0, int n, double[] s) {
        for (int j = 0; j < n; j++) {
            s[j] = s[j] + a0 * b0[j];
        }
    }

    private static void oneRow(double[] a, int ao, int cs, double[][] b, int n, int kb, int ke, double[] s0) {
        int q = kb;
        for (; q + 3 < ke; q += 4) {
            int p = ao + q * cs;
            double a0 = a[p];
            double a1 = a[p + cs];
            double a2 = a[p + 2 * cs];
            double a3 = a[p + 3 * cs];
            double[] b0 = b[q];
            double[] b1 = b[q + 1];
            double[] b2 = b[q + 2];
            double[] b3 = b[q + 3];
            for (int j = 0; j < n; j++) {
                s0[j] = s0[j] + a0 * b0[j] + a1 * b1[j] + a2 * b2[j] + a3 * b3[j];
            }
        }
        for (; q < ke; q++) {
            double a0 = a[ao + q * cs];
            double[] b0 = b[q];
            for (int j = 0; j < n; j++) {
                s0[j] = s0[j] + a0 * b0[j];
            }
        }
    }

    /** Java arrays per thread, grown when a larger product comes. */
    private static final class Scratch extends GrowingArrays {
        private float[][] floatRows = new float[0][0];
        private double[][] doubleRows = new double[0][0];
        private float[][] floatSums = new float[4][0];
        private double[][] doubleSums = new double[4][0];

        Scratch() {
            super(3);
        }

        /** Two scratch rows for each half of a product. */
        float[][] floatSums(int n) {
            if (floatSums[0].length < n) {
                floatSums = new float[4][n];
            }
            return floatSums;
        }

        double[][] doubleSums(int n) {
            if (doubleSums[0].length < n) {
                doubleSums = new double[4][n];
            }
            return doubleSums;
        }

        float[][] floatRows(int rows, int n) {
            if (floatRows.length < rows || (rows > 0 && floatRows[0].length < n)) {
                floatRows = new float[Math.max(rows, floatRows.length)][Math.max(n, floatRows.length == 0 ? 0 : floatRows[0].length)];
            }
            return floatRows;
        }

        double[][] doubleRows(int rows, int n) {
            if (doubleRows.length < rows || (rows > 0 && doubleRows[0].length < n)) {
                doubleRows = new double[Math.max(rows, doubleRows.length)][Math.max(n, doubleRows.length == 0 ? 0 : doubleRows[0].length)];
            }
            return doubleRows;
        }
    }
}
