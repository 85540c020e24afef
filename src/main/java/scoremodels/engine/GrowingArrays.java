package scoremodels.engine;

/**
 * Java arrays kept in numbered slots and replaced by a larger one only when a call needs more, so
 * a thread that holds one reuses its arrays from one product or step to the next without
 * allocating.
 */
class GrowingArrays {
    private final float[][] floats;
    private final double[][] doubles;

    GrowingArrays(int slots) {
        floats = new float[slots][0];
        doubles = new double[slots][0];
    }

    /** The float array of {@code slot}, at least {@code n} long; what it held before is not kept. */
    final float[] floats(int slot, int n) {
        if (floats[slot].length < n) {
            floats[slot] = new float[n];
        }
        return floats[slot];
    }

    /** The double array of {@code slot}, at least {@code n} long; what it held before is not kept. */
    final double[] doubles(int slot, int n) {
        if (doubles[slot].length < n) {
            doubles[slot] = new double[n];
        }
        return doubles[slot];
    }
}
