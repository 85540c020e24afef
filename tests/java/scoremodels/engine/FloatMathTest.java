package scoremodels.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/**
 * FloatMath against StrictMath (whose bits the Java specification fixes), over the whole range each
 * function is used on, with the largest error stated: e^x within 1.5 ulp for normal results and
 * within one unit of the smallest subnormal below them, log(1 + x) within 1.5 ulp, softplus and its
 * derivatives (a few roundings more) within 5 ulp; and the row loops give exactly the bits of the
 * functions of one entry.
 */
class FloatMathTest {
    /** |got − want| in units of the last place of want rounded to float. */
    private static double ulps(float got, double want) {
        return Math.abs(got - want) / Math.ulp((float) want);
    }

    @Test
    void expIsWithinOneAndAHalfUlpDownToTheSubnormals() {
        double worst = 0;
        double worstSubnormal = 0;
        for (int i = 0; i <= 1_100_000; i++) {
            float x = -i * 1e-4f;
            float got = FloatMath.expNonPositive(x);
            double want = StrictMath.exp(x);
            if (want >= Float.MIN_NORMAL) {
                worst = Math.max(worst, ulps(got, want));
            } else {
                worstSubnormal = Math.max(worstSubnormal, Math.abs(got - want) / Float.MIN_VALUE);
            }
        }
        // Every float in [−1, 0) near 0, where the reduction has nothing to do.
        for (float x = -1e-6f; x < 0; x = Math.nextUp(x)) {
            worst = Math.max(worst, ulps(FloatMath.expNonPositive(x), StrictMath.exp(x)));
        }
        assertTrue(worst <= 1.5, "largest error on normal results: " + worst + " ulp");
        assertTrue(worstSubnormal <= 1.0, "largest error on subnormal results: " + worstSubnormal + " × 2⁻¹⁴⁹");
        assertTrue(worst > 0.5, "the test compares something: " + worst);
    }

    @Test
    void expEdgeCases() {
        assertEquals(1f, FloatMath.expNonPositive(0f));
        assertEquals(1f, FloatMath.expNonPositive(-0f));
        assertEquals(1f, FloatMath.expNonPositive(Float.MIN_VALUE), "positive x is taken as 0");
        assertEquals(1f, FloatMath.expNonPositive(-Float.MIN_VALUE));
        assertEquals(0f, FloatMath.expNonPositive(-104f));
        assertEquals(0f, FloatMath.expNonPositive(-1e30f));
        assertEquals(0f, FloatMath.expNonPositive(Float.NEGATIVE_INFINITY));
        assertTrue(Float.isNaN(FloatMath.expNonPositive(Float.NaN)));
        // e^−103.2 is 2⁻¹⁴⁸·⁹: the smallest subnormal, not 0.
        assertEquals(Float.MIN_VALUE, FloatMath.expNonPositive(-103.2f));
        assertEquals((float) StrictMath.exp(-87.5), FloatMath.expNonPositive(-87.5f), Math.ulp((float) StrictMath.exp(-87.5)));
    }

    @Test
    void log1pIsWithinOneAndAHalfUlpOnTheUnitInterval() {
        double worst = 0;
        for (int i = 0; i <= 2_000_000; i++) {
            float x = i / 2_000_000f;
            worst = Math.max(worst, ulps(FloatMath.log1pUnit(x), StrictMath.log1p(x)));
        }
        for (float x = Float.MIN_VALUE; x < 1e-30f; x *= 3) {
            assertEquals(x, FloatMath.log1pUnit(x), "log1p of a tiny x is x: " + x);
        }
        assertEquals(0f, FloatMath.log1pUnit(0f));
        assertTrue(worst <= 1.5, "largest error: " + worst + " ulp");
    }

    @Test
    void softplusAndItsDerivativesFollowStrictMath() {
        double worst = 0;
        for (int i = -2_000_000; i <= 2_000_000; i++) {
            float z = i * 6e-5f;
            double e = StrictMath.exp(-Math.abs((double) z));
            double softplus = Math.max(z, 0) + StrictMath.log1p(e);
            double sigmoid = z >= 0 ? 1 / (1 + e) : e / (1 + e);
            double slope = e / ((1 + e) * (1 + e));
            worst = Math.max(worst, ulps(FloatMath.softplus(z), softplus));
            worst = Math.max(worst, ulps(FloatMath.sigmoid(z), sigmoid));
            worst = Math.max(worst, ulps(FloatMath.sigmoidSlope(z), slope));
        }
        assertTrue(worst <= 5, "largest error: " + worst + " ulp");
        // Large |z|: no overflow, and the tails as StrictMath gives them.
        assertEquals(1000f, FloatMath.softplus(1000f));
        assertEquals(0f, FloatMath.softplus(-1000f));
        assertEquals((float) StrictMath.exp(-90), FloatMath.softplus(-90f), Math.ulp((float) StrictMath.exp(-90)));
        assertEquals(1f, FloatMath.sigmoid(200f));
        assertEquals(0f, FloatMath.sigmoid(-200f));
        assertEquals(0.5f, FloatMath.sigmoid(0f));
        assertEquals(0.5f, FloatMath.sigmoid(-0f));
        assertEquals(0.25f, FloatMath.sigmoidSlope(0f));
        assertEquals((float) StrictMath.exp(-60), FloatMath.sigmoidSlope(60f), 2 * Math.ulp((float) StrictMath.exp(-60)));
        assertEquals(Float.POSITIVE_INFINITY, FloatMath.softplus(Float.POSITIVE_INFINITY));
        assertEquals(0f, FloatMath.softplus(Float.NEGATIVE_INFINITY));
        assertTrue(Float.isNaN(FloatMath.softplus(Float.NaN)));
        assertTrue(Float.isNaN(FloatMath.sigmoid(Float.NaN)));
        assertTrue(Float.isNaN(FloatMath.sigmoidSlope(Float.NaN)));
    }

    /**
     * The row forms give the bits of the functions of one entry: the Vector API's (which runs here
     * when the tests have the module and the CPU 256-bit vectors) and the plain loops alike.
     */
    @Test
    void theArrayFormGivesTheScalarBits() {
        int n = 1003; // not a multiple of any vector length: the JIT's tail loops run too
        float[] z = new float[n];
        long seed = 12345;
        for (int j = 0; j < n; j++) {
            seed = seed * 6364136223846793005L + 1442695040888963407L;
            z[j] = (float) ((seed >>> 11) * 0x1p-53 * 240 - 120);
        }
        z[0] = 0f;
        z[1] = -0f;
        z[2] = Float.NaN;
        z[3] = Float.POSITIVE_INFINITY;
        z[4] = Float.NEGATIVE_INFINITY;
        z[5] = -103.5f;
        z[6] = Float.MIN_VALUE;
        float[] value = new float[n];
        float[] first = new float[n];
        float[] second = new float[n];
        float[] value2 = new float[n];
        float[] first2 = new float[n];
        float[] value3 = new float[n];
        float[] first3 = new float[n];
        float[] second3 = new float[n];
        // Many calls, so that the last ones run the JIT's vectorised code, not the interpreter's.
        for (int call = 0; call < 5000; call++) {
            FloatMath.softplus(z, value, first, second, n);
            FloatMath.softplus(z, value2, first2, null, n);
            FloatMath.softplusLoops(z, value3, first3, second3, 0, n); // the plain loops, whichever path runs above
        }
        for (int j = 0; j < n; j++) {
            String at = "z = " + z[j];
            assertEquals(Float.floatToIntBits(FloatMath.softplus(z[j])), Float.floatToIntBits(value[j]), at);
            assertEquals(Float.floatToIntBits(FloatMath.sigmoid(z[j])), Float.floatToIntBits(first[j]), at);
            assertEquals(Float.floatToIntBits(FloatMath.sigmoidSlope(z[j])), Float.floatToIntBits(second[j]), at);
            assertEquals(Float.floatToIntBits(value[j]), Float.floatToIntBits(value2[j]), at);
            assertEquals(Float.floatToIntBits(first[j]), Float.floatToIntBits(first2[j]), at);
            assertEquals(Float.floatToIntBits(value[j]), Float.floatToIntBits(value3[j]), at);
            assertEquals(Float.floatToIntBits(first[j]), Float.floatToIntBits(first3[j]), at);
            assertEquals(Float.floatToIntBits(second[j]), Float.floatToIntBits(second3[j]), at);
        }
    }
}
