package scoremodels.models;

import java.util.Locale;
import java.util.function.DoubleUnaryOperator;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * The activations an {@link SdeScoreModel} may use, each with its first and second derivative.
 *
 * <p>The score-matching loss contains the input Jacobian of the model, so its gradient needs the
 * second derivative of the activation too; that is why each constant carries three functions.
 *
 * <p>tanh is {@code StrictMath.tanh}, whose bits the Java specification fixes: recent JDKs
 * replace {@code Math.tanh} by an intrinsic with other roundings. {@code Math.exp} and
 * {@code Math.log} stay: they give the same bits on every x86-64 instruction set and from JDK 17
 * to 25 (docs/performance.md), and are faster than StrictMath's native calls under JDK 17.
 */
public enum Activation {
    RELU {
        @Override public double value(double z) { return Math.max(z, 0.0); }
        @Override public double first(double z) { return z > 0 ? 1 : 0; }
        @Override public double second(double z) { return 0; }
        @Override public void evaluate(double[] z, double[] value, double[] first, double[] second, int from, int to) {
            // No calls and no branches per entry: ceil(min(relu, 1)) is 1 for z > 0 and 0 otherwise,
            // and unlike z > 0 ? 1 : 0 the JIT vectorises it (a branch on the sign of z
            // mispredicts half the time).
            for (int p = from; p < to; p++) {
                double r = Math.max(z[p], 0.0);
                value[p] = r;
                first[p] = Math.ceil(Math.min(r, 1.0));
            }
            if (second != null) {
                java.util.Arrays.fill(second, from, to, 0.0);
            }
        }
        @Override public void apply(double[] z, int from, int to) {
            for (int p = from; p < to; p++) {
                z[p] = Math.max(z[p], 0.0);
            }
        }
    },
    SOFTPLUS {
        // log(1 + e^z) written as max(z, 0) + log1p(e^-|z|) so that large |z| cannot overflow.
        @Override public double value(double z) { return Math.max(z, 0) + Math.log1p(Math.exp(-Math.abs(z))); }
        @Override public double first(double z) { return sigmoid(z); }
        @Override public double second(double z) {
            double s = sigmoid(z);
            return s * (1 - s);
        }
        @Override public void evaluate(double[] z, double[] value, double[] first, double[] second, int from, int to) {
            // One exponential serves all three: e = e^-|z| gives log1p(e) and the sigmoid.
            for (int p = from; p < to; p++) {
                double zz = z[p];
                double e = Math.exp(-Math.abs(zz));
                double u = 1 + e;
                double sig = zz >= 0 ? 1 / u : e / u;
                value[p] = softplus(zz, e, u);
                first[p] = sig;
                if (second != null) {
                    second[p] = sig * (1 - sig);
                }
            }
        }
        @Override public void apply(double[] z, int from, int to) {
            for (int p = from; p < to; p++) {
                double e = Math.exp(-Math.abs(z[p]));
                z[p] = softplus(z[p], e, 1 + e);
            }
        }
    },
    TANH {
        @Override public double value(double z) { return StrictMath.tanh(z); }
        @Override public double first(double z) {
            double y = StrictMath.tanh(z);
            return 1 - y * y;
        }
        @Override public double second(double z) {
            double y = StrictMath.tanh(z);
            return -2 * y * (1 - y * y);
        }
    },
    SIGMOID {
        @Override public double value(double z) { return sigmoid(z); }
        @Override public double first(double z) {
            double s = sigmoid(z);
            return s * (1 - s);
        }
        @Override public double second(double z) {
            double s = sigmoid(z);
            return s * (1 - s) * (1 - 2 * s);
        }
    },
    /** z·sigmoid(z), also called SiLU. */
    SWISH {
        @Override public double value(double z) { return z * sigmoid(z); }
        @Override public double first(double z) {
            double s = sigmoid(z);
            return s + z * s * (1 - s);
        }
        @Override public double second(double z) {
            double s = sigmoid(z);
            return s * (1 - s) * (2 + z * (1 - 2 * s));
        }
    },
    /** GELU with the tanh approximation, JAX's default ({@code jax.nn.gelu(approximate=True)}). */
    GELU {
        private static final double C = 0.7978845608028654; // sqrt(2/pi)
        private static final double A = 0.044715;

        @Override public double value(double z) { return 0.5 * z * (1 + StrictMath.tanh(C * (z + A * z * z * z))); }
        @Override public double first(double z) {
            double th = StrictMath.tanh(C * (z + A * z * z * z));
            double du = C * (1 + 3 * A * z * z);
            return 0.5 * (1 + th) + 0.5 * z * (1 - th * th) * du;
        }
        @Override public double second(double z) {
            double th = StrictMath.tanh(C * (z + A * z * z * z));
            double sech2 = 1 - th * th;
            double du = C * (1 + 3 * A * z * z);
            double ddu = 6 * A * C * z;
            return sech2 * du + 0.5 * z * (sech2 * ddu - 2 * th * sech2 * du * du);
        }
    };

    /** σ of every entry of {@code z}, as a new array of z's shape and type. */
    public INDArray value(INDArray z) {
        return map(z, this::value);
    }

    /** σ' of every entry of {@code z}, as a new array. */
    public INDArray first(INDArray z) {
        return map(z, this::first);
    }

    /** σ'' of every entry of {@code z}, as a new array. */
    public INDArray second(INDArray z) {
        return map(z, this::second);
    }

    private static INDArray map(INDArray z, DoubleUnaryOperator f) {
        double[] v = z.castTo(DataType.DOUBLE).dup('c').data().asDouble();
        for (int i = 0; i < v.length; i++) {
            v[i] = f.applyAsDouble(v[i]);
        }
        return Nd4j.createFromArray(v).reshape('c', z.shape()).castTo(z.dataType());
    }

    /** σ(z). */
    public abstract double value(double z);

    /** σ'(z). */
    public abstract double first(double z);

    /** σ''(z). */
    public abstract double second(double z);

    /**
     * σ, σ' and (when {@code second} is not null) σ'' of the entries {@code from} (inclusive) to
     * {@code to} (exclusive) of {@code z} at once, into the same entries of the given arrays;
     * activations override it where the three share work.
     */
    public void evaluate(double[] z, double[] value, double[] first, double[] second, int from, int to) {
        for (int p = from; p < to; p++) {
            value[p] = value(z[p]);
            first[p] = first(z[p]);
            if (second != null) {
                second[p] = second(z[p]);
            }
        }
    }

    /** σ of the entries {@code from} (inclusive) to {@code to} (exclusive) of {@code z}, in place. */
    public void apply(double[] z, int from, int to) {
        for (int p = from; p < to; p++) {
            z[p] = value(z[p]);
        }
    }

    /**
     * Softplus of z from e = e^−|z| and u = 1 + e: max(z, 0) + log1p(e), with log1p(e) from the
     * intrinsic log: log(u) is off by the rounding of 1 + e, which ((u − 1) − e)/u puts back
     * (exact to an ulp, and = e when u rounds to 1).
     */
    private static double softplus(double z, double e, double u) {
        return Math.max(z, 0) + (Math.log(u) - ((u - 1) - e) / u);
    }

    private static double sigmoid(double z) {
        // Two branches keep exp's argument non-positive, so neither overflows.
        if (z >= 0) {
            return 1 / (1 + Math.exp(-z));
        }
        double e = Math.exp(z);
        return e / (1 + e);
    }

    /** Parses a name as the chapter writes it: relu, softplus, tanh, sigmoid, swish, silu, gelu. */
    public static Activation parse(String name) {
        if (name == null) {
            throw new IllegalArgumentException("activation must not be null");
        }
        String n = name.trim().toLowerCase(Locale.ROOT);
        if (n.equals("silu")) {
            return SWISH;
        }
        for (Activation a : values()) {
            if (a.name().toLowerCase(Locale.ROOT).equals(n)) {
                return a;
            }
        }
        throw new IllegalArgumentException("activation: unknown name '" + name
                + "' (use relu, softplus, tanh, sigmoid, swish, silu or gelu)");
    }

    /** The lower-case name used in files and on the command line. */
    public String id() {
        return name().toLowerCase(Locale.ROOT);
    }
}
