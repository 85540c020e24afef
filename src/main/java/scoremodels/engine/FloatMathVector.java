package scoremodels.engine;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.IntVector;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorSpecies;

/**
 * {@link FloatMath#softplus(float[], float[], float[], float[], int)} on the Vector API: the same
 * operations in the same order on every lane, so the same bits, with the exponent bits of 2ⁿ set
 * lane-wise as well (the JDK 17 JIT leaves those one entry at a time in the plain loops, where they
 * took over a quarter of the row's time). Vectors as wide as {@link GemmVector}'s. Loaded only when the
 * module is present and the products run on the Vector API (see {@link Gemm}).
 */
final class FloatMathVector {
    private static final VectorSpecies<Float> FLOATS = GemmVector.FLOATS;
    private static final int L = FLOATS.length();

    private FloatMathVector() {
    }

    /** As {@link FloatMath#softplus(float[], float[], float[], float[], int)}, bit for bit. */
    static void softplus(float[] z, float[] value, float[] first, float[] second, int n) {
        // Three passes over the row, each small enough for the JIT to inline every vector
        // operation (one loop with all of them left some as calls, several times slower).
        int whole = n - n % L;
        exp(z, first, whole);
        value(z, first, value, whole);
        slopes(z, first, second, whole);
        if (whole < n) {
            FloatMath.softplusLoops(z, value, first, second, whole, n);
        }
    }

    /** e^−|z| into e. */
    private static void exp(float[] z, float[] e, int whole) {
        for (int j = 0; j < whole; j += L) {
            expAt(z, e, j);
        }
    }

    private static void expAt(float[] z, float[] e, int j) {
        FloatVector y = FloatVector.fromArray(FLOATS, z, j).abs().neg().max(FloatMath.LOWEST); // −|z| ≤ 0: no min(·, 0) needed
        FloatVector t = y.mul(FloatMath.LOG2E).add(FloatMath.ROUND);
        FloatVector k = t.sub(FloatMath.ROUND);
        FloatVector p = poly(y.sub(k.mul(FloatMath.LN2_HI)).sub(k.mul(FloatMath.LN2_LO)));
        IntVector ni = t.reinterpretAsInts().sub(FloatMath.ROUND_BITS);
        IntVector n1 = ni.lanewise(VectorOperators.ASHR, 1);
        IntVector n2 = ni.sub(n1);
        FloatVector s1 = n1.add(127).lanewise(VectorOperators.LSHL, 23).reinterpretAsFloats();
        FloatVector s2 = n2.add(127).lanewise(VectorOperators.LSHL, 23).reinterpretAsFloats();
        p.mul(s1).mul(s2).intoArray(e, j);
    }

    /** softplus(z) = max(z, 0) + log(1 + e) into value, from e = e^−|z|. */
    private static void value(float[] z, float[] e, float[] value, int whole) {
        for (int j = 0; j < whole; j += L) {
            FloatVector ej = FloatVector.fromArray(FLOATS, e, j);
            FloatVector x = ej.max(FloatMath.TINY);
            FloatVector s = x.div(x.add(2f));
            FloatVector q = s.mul(s);
            FloatVector log = x.sub(s.mul(x.sub(q.mul(2f).mul(series(q)))));
            FloatVector above = ej.sub(FloatMath.TINY).mul(0x1p126f).mul(0x1p126f).max(0f).min(1f);
            FloatVector below = above.neg().add(1f);
            FloatVector.fromArray(FLOATS, z, j).max(0f).add(above.mul(log).add(below.mul(ej))).intoArray(value, j);
        }
    }

    /** sigmoid(z) over e = e^−|z| (into e's array), and softplus''(z) into second unless it is null. */
    private static void slopes(float[] z, float[] e, float[] second, int whole) {
        for (int j = 0; j < whole; j += L) {
            FloatVector ej = FloatVector.fromArray(FLOATS, e, j);
            FloatVector inv = FloatVector.broadcast(FLOATS, 1f).div(ej.add(1f));
            if (second != null) {
                ej.mul(inv).mul(inv).intoArray(second, j);
            }
            FloatVector u = FloatVector.fromArray(FLOATS, z, j).mul(0x1p126f).mul(0x1p126f).add(1f).max(0f).min(1f);
            u.add(u.neg().add(1f).mul(ej)).mul(inv).intoArray(e, j);
        }
    }

    private static FloatVector poly(FloatVector r) {
        return r.mul(1f / 5040).add(1f / 720).mul(r).add(1f / 120).mul(r).add(1f / 24).mul(r).add(1f / 6).mul(r).add(0.5f)
                .mul(r).add(1f).mul(r).add(1f);
    }

    private static FloatVector series(FloatVector q) {
        return q.mul(1f / 19).add(1f / 17).mul(q).add(1f / 15).mul(q).add(1f / 13).mul(q).add(1f / 11).mul(q).add(1f / 9)
                .mul(q).add(1f / 7).mul(q).add(1f / 5).mul(q).add(1f / 3);
    }
}
