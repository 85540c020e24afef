package scoremodels.engine;

/**
 * The products of the float training steps on Java arrays: {@link Gemm#product}, the rows of the
 * result in two halves at once ({@link Halves}).
 */
final class FloatProducts {
    /**
     * out[n0 × n] = A · B, with entry (i, q) of A at a[i·ars + q·acs] and entry (q, j) of B at
     * b[q·brs + j·bcs], k inner indices: (k, 1) for a row-major [n0 × k] array, (1, n0) for the
     * transpose of a [k × n0] one, read in place.
     */
    void product(float[] a, int ars, int acs, float[] b, int brs, int bcs, float[] out, int n0, int n, int k) {
        Gemm.product(a, ars, acs, b, brs, bcs, out, n0, n, k);
    }
}
