package scoremodels.models;

import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.ops.transforms.Transforms;

/**
 * The activations an {@link SdeScoreModel} may use, each with its first and second derivative.
 *
 * <p>The score-matching loss contains the input Jacobian of the model, so its gradient needs
 * the second derivative of the activation too; that is why each constant carries three
 * functions. All three take the pre-activation {@code z} and return a new array.
 */
public enum Activation {
    RELU {
        @Override public INDArray value(INDArray z) { return Transforms.relu(z, true); }
        @Override public INDArray first(INDArray z) { return z.gt(0.0).castTo(z.dataType()); }
        @Override public INDArray second(INDArray z) { return z.like().assign(0.0); }
    },
    SOFTPLUS {
        // log(1 + e^z), computed stably as max(z, 0) + log1p(e^{-|z|}).
        @Override public INDArray value(INDArray z) {
            INDArray e = Transforms.exp(Transforms.abs(z, true).negi(), false);
            return Transforms.log(e.addi(1.0), false).addi(Transforms.relu(z, true));
        }
        @Override public INDArray first(INDArray z) { return Transforms.sigmoid(z, true); }
        @Override public INDArray second(INDArray z) {
            INDArray s = Transforms.sigmoid(z, true);
            return s.rsub(1.0).muli(s);
        }
    },
    TANH {
        @Override public INDArray value(INDArray z) { return Transforms.tanh(z, true); }
        @Override public INDArray first(INDArray z) {
            INDArray y = Transforms.tanh(z, true);
            return y.muli(y).rsubi(1.0);
        }
        @Override public INDArray second(INDArray z) {
            INDArray y = Transforms.tanh(z, true);
            return y.mul(y).rsubi(1.0).muli(y).muli(-2.0);
        }
    },
    SIGMOID {
        @Override public INDArray value(INDArray z) { return Transforms.sigmoid(z, true); }
        @Override public INDArray first(INDArray z) {
            INDArray s = Transforms.sigmoid(z, true);
            return s.rsub(1.0).muli(s);
        }
        @Override public INDArray second(INDArray z) {
            INDArray s = Transforms.sigmoid(z, true);
            return s.rsub(1.0).muli(s).muli(s.mul(-2.0).addi(1.0));
        }
    },
    /** z·sigmoid(z), also called SiLU. */
    SWISH {
        @Override public INDArray value(INDArray z) { return Transforms.sigmoid(z, true).muli(z); }
        @Override public INDArray first(INDArray z) {
            INDArray s = Transforms.sigmoid(z, true);
            return s.rsub(1.0).muli(s).muli(z).addi(s);
        }
        @Override public INDArray second(INDArray z) {
            // s(1-s)(2 + z(1-2s))
            INDArray s = Transforms.sigmoid(z, true);
            INDArray inner = s.mul(-2.0).addi(1.0).muli(z).addi(2.0);
            return s.rsub(1.0).muli(s).muli(inner);
        }
    },
    /** GELU with the tanh approximation, JAX's default ({@code jax.nn.gelu(approximate=True)}). */
    GELU {
        private static final double C = 0.7978845608028654; // sqrt(2/pi)
        private static final double A = 0.044715;

        private INDArray u(INDArray z) { return z.mul(z).muli(A).addi(1.0).muli(z).muli(C); }

        private INDArray du(INDArray z) { return z.mul(z).muli(3 * A).addi(1.0).muli(C); }

        @Override public INDArray value(INDArray z) {
            return Transforms.tanh(u(z), false).addi(1.0).muli(z).muli(0.5);
        }
        @Override public INDArray first(INDArray z) {
            INDArray th = Transforms.tanh(u(z), false);
            INDArray sech2 = th.mul(th).rsubi(1.0);
            return sech2.muli(du(z)).muli(z).muli(0.5).addi(th.addi(1.0).muli(0.5));
        }
        @Override public INDArray second(INDArray z) {
            INDArray th = Transforms.tanh(u(z), false);
            INDArray sech2 = th.mul(th).rsubi(1.0);
            INDArray du = du(z);
            INDArray ddu = z.mul(6 * A * C);
            // sech2*u' + 0.5 z (sech2*u'' - 2 tanh sech2 u'^2)
            INDArray inner = sech2.mul(ddu).subi(th.mul(sech2).muli(du).muli(du).muli(2.0));
            return sech2.mul(du).addi(inner.muli(z).muli(0.5));
        }
    };

    /** sigma(z). */
    public abstract INDArray value(INDArray z);

    /** sigma'(z). */
    public abstract INDArray first(INDArray z);

    /** sigma''(z). */
    public abstract INDArray second(INDArray z);

    /** Parses a name as the chapter writes it: relu, softplus, tanh, sigmoid, swish, silu, gelu. */
    public static Activation parse(String name) {
        if (name == null) {
            throw new IllegalArgumentException("activation must not be null");
        }
        String n = name.trim().toLowerCase(java.util.Locale.ROOT);
        if (n.equals("silu")) {
            return SWISH;
        }
        for (Activation a : values()) {
            if (a.name().toLowerCase(java.util.Locale.ROOT).equals(n)) {
                return a;
            }
        }
        throw new IllegalArgumentException("activation: unknown name '" + name
                + "' (use relu, softplus, tanh, sigmoid, swish, silu or gelu)");
    }
}
