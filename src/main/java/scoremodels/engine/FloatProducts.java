package scoremodels.engine;

/**
 * The products of the float training steps on Java arrays: {@link Gemm}'s loops, the rows of the
 * result in two halves at once ({@link Halves}), with scratch kept from one call to the next.
 */
final class FloatProducts {
    private float[][] right = new float[0][0]; // the right operand as rows, as Gemm.rows takes it
    private final float[][] scratch = new float[4][0];

    /**
     * out[n0 × n] = A · B, with entry (i, q) of A at a[i·ars + q·acs] and entry (q, j) of B at
     * b[q·brs + j·bcs], k inner indices: (k, 1) for a row-major [n0 × k] array, (1, n0) for the
     * transpose of a [k × n0] one, read in place.
     */
    void product(float[] a, int ars, int acs, float[] b, int brs, int bcs, float[] out, int n0, int n, int k) {
        if (right.length < k || right[0].length < n) {
            right = new float[Math.max(k, right.length)][Math.max(n, right.length == 0 ? 0 : right[0].length)];
        }
        if (scratch[0].length < n) {
            for (int s = 0; s < scratch.length; s++) {
                scratch[s] = new float[n];
            }
        }
        for (int q = 0; q < k; q++) {
            float[] row = right[q];
            if (bcs == 1) {
                System.arraycopy(b, q * brs, row, 0, n);
            } else {
                for (int j = 0; j < n; j++) {
                    row[j] = b[q * brs + j * bcs];
                }
            }
        }
        float[][] rows = right;
        Halves.run(n0, (part, lo, hi) -> Gemm.rows(a, ars, acs, rows, out, n, k, lo, hi,
                scratch[2 * part], scratch[2 * part + 1]));
    }
}
