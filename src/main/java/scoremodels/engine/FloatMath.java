package scoremodels.engine;

/**
 * e^x and log(1 + x) in float for the float training steps, and softplus with its two derivatives
 * built from them, written so that every CPU, vector width and JDK gives the same bits.
 *
 * <p>Why not {@code Math.exp} and {@code Math.log}: they are calls per entry, in double, which the
 * JIT cannot vectorise, and a training step with a smooth activation spent more time in them than
 * in its products. Why not the Vector API's {@code EXP}: it calls a library whose bits are not
 * specified and differ between CPUs. What is here uses only float additions, multiplications,
 * divisions, min, max and integer operations on the bits of a float, each rounded once as IEEE
 * 754 prescribes, so every CPU, vector width and JDK gives the same bits, one entry at a time
 * ({@link #expNonPositive}, {@link #log1pUnit}, {@link #softplus(float)}) or a row at a time
 * ({@link #softplus(float[], float[], float[], float[], int)}, on the Vector API when the JVM has it,
 * else in loops that the JIT vectorises at whatever width the CPU has).
 *
 * <p>Accuracy, checked against {@code StrictMath} by the tests: {@link #expNonPositive} within
 * 1.5 ulp for normal results and within one unit of the last place for subnormal ones;
 * {@link #log1pUnit} within 1.5 ulp; softplus, sigmoid and softplus'' within 5 ulp.
 */
final class FloatMath {
    // Cody–Waite split of ln 2: LN2_HI has 16 significant bits, so n · LN2_HI is exact for |n| < 2⁸.
    static final float LN2_HI = 0.693145751953125f;
    static final float LN2_LO = 1.42860677e-6f;
    static final float LOG2E = 1.44269504f;
    // Adding 1.5 · 2²³ to a float of magnitude < 2²² rounds it to an integer n and leaves
    // 0x4B400000 + n in the bits of the sum.
    static final float ROUND = 12582912f;
    static final int ROUND_BITS = 0x4B400000;
    // e^−104 is under half the smallest subnormal, 2⁻¹⁵⁰, and rounds to 0, as does all below.
    static final float LOWEST = -104f;
    // Below 2⁻³⁰, log(1 + x) rounds to x.
    static final float TINY = 0x1p-30f;

    // The row function on the Vector API where the products run there (same bits, see FloatMathVector).
    private static final boolean VECTOR = Gemm.vectorised();

    private FloatMath() {
    }

    /**
     * e^x for x ≤ 0 (positive x is taken as 0, NaN gives NaN): x = n ln 2 + r with n an integer and
     * |r| ≤ ln 2 / 2, e^r by its Taylor polynomial to r⁷ (the next term is below 2⁻²⁷ of it), and
     * 2ⁿ put into the exponent field, in two halves so that each factor is a normal float and the
     * product is rounded once even when it is subnormal.
     */
    static float expNonPositive(float x) {
        // min(max(x, LOWEST), 0) as the row loops have it, NaN and −0 included: one entry at a time,
        // min and max are slow instruction sequences under the JDK 17 JIT, comparisons are not.
        float y = x < LOWEST ? LOWEST : x > 0f ? 0f : x;
        float t = y * LOG2E + ROUND;
        float n = t - ROUND;
        float r = (y - n * LN2_HI) - n * LN2_LO;
        float p = poly(r);
        int ni = Float.floatToRawIntBits(t) - ROUND_BITS; // n, in [−150, 0]
        int n1 = ni >> 1;
        int n2 = ni - n1;
        return (p * Float.intBitsToFloat((n1 + 127) << 23)) * Float.intBitsToFloat((n2 + 127) << 23);
    }

    /** e^r for |r| ≤ ln 2 / 2. */
    static float poly(float r) {
        return 1f + r * (1f + r * (0.5f + r * (1f / 6 + r * (1f / 24 + r * (1f / 120 + r * (1f / 720
                + r * (1f / 5040)))))));
    }

    /**
     * log(1 + x) for x in [0, 1]: x itself up to {@link #TINY} (log(1 + x) = x(1 − x/2 + …) rounds to
     * x there), above it 2 atanh(s) with s = x / (2 + x) ≤ 1/3 by the series 2s (1 + s²/3 + s⁴/5 + …)
     * to s¹⁸ (the next term is below 2⁻³⁰ of the sum), written as x − s (x − 2s² R(s²)) (2s = x − s x):
     * the rounding of s then weighs at most x/2 of the result.
     */
    static float log1pUnit(float x) {
        return x <= TINY ? x : log1pSeries(x);
    }

    /**
     * The series of {@link #log1pUnit}, for x ≥ {@link #TINY}: below, s² would be subnormal, and a
     * subnormal operand costs the CPU a slow assist on every vector it is in (nearly three times the
     * loop's time with a third of a row's |z| above 44 on the AMD EPYC).
     */
    static float log1pSeries(float x) {
        float s = x / (2f + x);
        float q = s * s;
        return x - s * (x - 2f * q * series(q));
    }

    /** R(q) = 1/3 + q/5 + q²/7 + … + q⁸/19. */
    static float series(float q) {
        return 1f / 3 + q * (1f / 5 + q * (1f / 7 + q * (1f / 9 + q * (1f / 11 + q * (1f / 13 + q * (1f / 15
                + q * (1f / 17 + q * (1f / 19))))))));
    }

    /** softplus(z) = max(z, 0) + log(1 + e^−|z|). */
    static float softplus(float z) {
        return Math.max(z, 0f) + log1pUnit(expNonPositive(-Math.abs(z)));
    }

    /**
     * sigmoid(z), softplus' first derivative: 1 / (1 + e^−|z|) for z ≥ 0 (and −0), e^−|z| / (1 + e^−|z|)
     * below, as a product with 1 / (1 + e^−|z|), which {@link #sigmoidSlope} shares.
     */
    static float sigmoid(float z) {
        float e = expNonPositive(-Math.abs(z));
        return (z >= 0f ? 1f : e) * (1f / (1f + e));
    }

    /** softplus'' = e^−|z| / (1 + e^−|z|)², even in z, and accurate where sigmoid is close to 1. */
    static float sigmoidSlope(float z) {
        float e = expNonPositive(-Math.abs(z));
        float inv = 1f / (1f + e);
        return e * inv * inv;
    }

    /**
     * softplus of z[0, n) into value, its first derivative into first and, when {@code second} is not
     * null, its second into second (z must be none of them): the values of {@link #softplus(float)},
     * {@link #sigmoid} and {@link #sigmoidSlope}, bit for bit (NaN for NaN), one exponential per entry.
     */
    static void softplus(float[] z, float[] value, float[] first, float[] second, int n) {
        if (VECTOR) {
            FloatMathVector.softplus(z, value, first, second, n);
        } else {
            softplusLoops(z, value, first, second, 0, n);
        }
    }

    /** {@link #softplus(float[], float[], float[], float[], int)} over entries [from, to), in plain loops. */
    static void softplusLoops(float[] z, float[] value, float[] first, float[] second, int from, int to) {
        // Plain loops, one chain of operations each, which the JDK 17 JIT vectorises (a loop with
        // two chains of min and max from one input, or the bit operations, it does not), with
        // value and first holding the intermediate results: t = y log2(e) + ROUND, then r, then
        // e^r, then e^x (the bit operations: one entry at a time), then the three outputs.
        for (int j = from; j < to; j++) {
            float y = Math.min(Math.max(-Math.abs(z[j]), LOWEST), 0f);
            float t = y * LOG2E + ROUND;
            float k = t - ROUND;
            first[j] = t;
            value[j] = (y - k * LN2_HI) - k * LN2_LO;
        }
        for (int j = from; j < to; j++) {
            value[j] = poly(value[j]);
        }
        for (int j = from; j < to; j++) {
            int ni = Float.floatToRawIntBits(first[j]) - ROUND_BITS;
            int n1 = ni >> 1;
            int n2 = ni - n1;
            first[j] = (value[j] * Float.intBitsToFloat((n1 + 127) << 23)) * Float.intBitsToFloat((n2 + 127) << 23);
        }
        for (int j = from; j < to; j++) {
            value[j] = log1pSeries(Math.max(first[j], TINY));
        }
        for (int j = from; j < to; j++) {
            float e = first[j];
            float above = Math.min(Math.max((e - TINY) * 0x1p126f * 0x1p126f, 0f), 1f); // e > TINY: 1, else 0
            value[j] = Math.max(z[j], 0f) + (above * value[j] + (1f - above) * e);
        }
        if (second != null) {
            for (int j = from; j < to; j++) {
                float e = first[j];
                float inv = 1f / (1f + e);
                second[j] = e * inv * inv;
            }
        }
        for (int j = from; j < to; j++) {
            float e = first[j];
            float u = Math.min(Math.max(z[j] * 0x1p126f * 0x1p126f + 1f, 0f), 1f); // 1 for z ≥ 0, else 0
            first[j] = (u + (1f - u) * e) * (1f / (1f + e));
        }
    }
}
