package scoremodels.engine;

/**
 * Matrix products in plain Java with one fixed order of summation, so that they give the same
 * bits on every x86-64 CPU, with any number of threads.
 *
 * <p>Every entry is summed in the order of the inner index, c_ij = (…((a_i0 b_0j + a_i1 b_1j)
 * + a_i2 b_2j) + …) + a_i,k−1 b_k−1,j, each product rounded before it is added. Java's float and
 * double arithmetic is IEEE 754 without fused multiply-adds or reassociation, so whichever vector
 * width the JIT picks (SSE, AVX2, AVX-512) and however the rows are shared between threads, each
 * entry goes through the same roundings. A BLAS library picks its kernel by CPU model and blocks
 * the inner sums differently for each, which changes the last bits of a product from one machine
 * to the next.
 *
 * <p>The loops are shaped for the JIT: each row of the result is built in a scratch row by adding
 * four rows of the right operand at a time, two rows of the result together (every operand at the
 * same index {@code j}, which the JDK 17 JIT vectorises), in blocks of {@value #K_BLOCK} inner
 * indices so that the rows of the right operand being read stay in the core's cache. Blocking
 * does not change the order of the sums: each block continues the running sum of the one before.
 */
public final class Gemm {
    /** Rows of the right operand per block: 128 × 256 floats = 128 KB, inside a core's L2. */
    static final int K_BLOCK = 128;

    private Gemm() {
    }

    /**
     * Rows [lo, hi) of c[m × n] = a · b, with c row-major, entry (i, q) of the left operand at
     * {@code a[i·rowStride + q·colStride]} (k, 1 for a row-major [m × k] array; 1, m for its
     * transpose stored as [k × m], which then needs no copy) and b given as its k rows of n
     * entries; {@code s0} and {@code s1} are scratch rows of at least n entries.
     */
    public static void rows(float[] a, int rowStride, int colStride, float[][] b, float[] c, int n, int k, int lo, int hi,
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

    /** {@link #rows(float[], float[][], float[], int, int, int, int, float[], float[])} in double. */
    public static void rows(double[] a, int rowStride, int colStride, double[][] b, double[] c, int n, int k, int lo, int hi,
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
}
