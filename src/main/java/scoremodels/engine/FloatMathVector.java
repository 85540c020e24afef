package scoremodels.engine;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.IntVector;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorSpecies;

/**
 * {@link FloatMath}'s softplus on the Vector API: the same operations in the same order, eight
 * entries at a time, so the same bits. Loaded only when the JVM has {@code jdk.incubator.vector}.
 * The species is fixed at 256 bits whatever the CPU offers: lane-wise operations give the same
 * bits at any width, and one width everywhere keeps one code path to test.
 */
final class FloatMathVector {
    private static final VectorSpecies<Float> S = FloatVector.SPECIES_256;
    private static final int L = S.length();
    private static final FloatVector ONE = FloatVector.broadcast(S, 1f);

    private FloatMathVector() {
    }

    /**
     * Whether the vector loop is worth taking and gives the scalar bits on a range of inputs (run
     * once, at class set-up). A CPU without 256-bit vectors would run it as slow Java objects.
     */
    static boolean selfCheck() {
        if (FloatVector.SPECIES_PREFERRED.vectorBitSize() < S.vectorBitSize()) {
            return false;
        }
        int n = 4 * L;
        float[] z = new float[n];
        for (int j = 0; j < n; j++) {
            z[j] = (j - n / 2) * 3.7f;
        }
        z[1] = 0f;
        z[2] = -0f;
        z[3] = -200f;
        float[] v = new float[n];
        float[] f = new float[n];
        float[] s = new float[n];
        if (softplus(z, v, f, s, n) != n) {
            return false;
        }
        for (int j = 0; j < n; j++) {
            if (Float.floatToIntBits(v[j]) != Float.floatToIntBits(FloatMath.softplus(z[j]))
                    || Float.floatToIntBits(f[j]) != Float.floatToIntBits(FloatMath.sigmoid(z[j]))
                    || Float.floatToIntBits(s[j]) != Float.floatToIntBits(FloatMath.sigmoidSlope(z[j]))) {
                return false;
            }
        }
        return true;
    }

    /** The vector part of {@link FloatMath#softplus(float[], float[], float[], float[], int)}: returns the entries done. */
    static int softplus(float[] z, float[] value, float[] first, float[] second, int n) {
        int j = 0;
        // Two vectors per turn: each is a long chain of dependent operations, and two chains
        // side by side keep the core's arithmetic units busy.
        for (; j + 2 * L <= n; j += 2 * L) {
            block(z, value, first, second, j);
            block(z, value, first, second, j + L);
        }
        for (; j + L <= n; j += L) {
            block(z, value, first, second, j);
        }
        return j;
    }

    private static void block(float[] z, float[] value, float[] first, float[] second, int j) {
        FloatVector zv = FloatVector.fromArray(S, z, j);
        FloatVector e = expNonPositive(zv.abs().neg());
        FloatVector inv = ONE.div(e.add(1f));
        zv.max(0f).add(log1pUnit(e)).intoArray(value, j);
        // z ≥ 0 (−0 included, NaN not): 1, else e; then times 1 / (1 + e).
        ONE.blend(e, zv.lt(0f)).mul(inv).intoArray(first, j);
        if (second != null) {
            e.mul(inv).mul(inv).intoArray(second, j);
        }
    }

    private static FloatVector expNonPositive(FloatVector x) {
        FloatVector y = x.max(FloatMath.LOWEST).min(0f);
        FloatVector t = y.mul(FloatMath.LOG2E).add(FloatMath.ROUND);
        FloatVector n = t.sub(FloatMath.ROUND);
        FloatVector r = y.sub(n.mul(FloatMath.LN2_HI)).sub(n.mul(FloatMath.LN2_LO));
        FloatVector p = r.mul(1f / 5040).add(1f / 720);
        p = r.mul(p).add(1f / 120);
        p = r.mul(p).add(1f / 24);
        p = r.mul(p).add(1f / 6);
        p = r.mul(p).add(0.5f);
        p = r.mul(p).add(1f);
        p = r.mul(p).add(1f);
        IntVector ni = t.reinterpretAsInts().sub(FloatMath.ROUND_BITS);
        IntVector n1 = ni.lanewise(VectorOperators.ASHR, 1);
        IntVector n2 = ni.sub(n1);
        FloatVector s1 = n1.add(127).lanewise(VectorOperators.LSHL, 23).reinterpretAsFloats();
        FloatVector s2 = n2.add(127).lanewise(VectorOperators.LSHL, 23).reinterpretAsFloats();
        return p.mul(s1).mul(s2);
    }

    private static FloatVector log1pUnit(FloatVector x) {
        FloatVector s = x.div(x.add(2f));
        FloatVector q = s.mul(s);
        FloatVector r = q.mul(1f / 19).add(1f / 17);
        r = q.mul(r).add(1f / 15);
        r = q.mul(r).add(1f / 13);
        r = q.mul(r).add(1f / 11);
        r = q.mul(r).add(1f / 9);
        r = q.mul(r).add(1f / 7);
        r = q.mul(r).add(1f / 5);
        r = q.mul(r).add(1f / 3);
        return x.sub(s.mul(x.sub(q.mul(2f).mul(r))));
    }
}
