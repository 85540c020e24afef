package scoremodels.models;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import scoremodels.engine.Forward;
import scoremodels.random.Key;

/**
 * The chapter's time-dependent score model: an MLP that takes x concatenated with t.
 *
 * <p>Equinox semantics: input size D + 1, {@code depth} hidden layers of {@code widthSize}
 * units with the activation after each, and a linear output layer of size D. Layer {@code l}
 * holds {@code layers.l.weight} [out, in] and {@code layers.l.bias} [out], drawn from
 * U(−1/√fan_in, 1/√fan_in) with the key split as {@code eqx.nn.MLP} and {@code eqx.nn.Linear}
 * split it. Like an Equinox module, the model is plain data: its parameters live in
 * {@link #params()}, and losses and optimisers act on them from outside.
 */
public final class SdeScoreModel implements ScoreFunction {
    private final int dataDims;
    private final int widthSize;
    private final int depth;
    private final Activation activation;
    private final Params params;
    private final Forward forward = new Forward();

    /** The chapter's defaults: data_dims=2, width_size=256, depth=2, softplus, PRNGKey(45). */
    public SdeScoreModel() {
        this(2, 256, 2, Activation.SOFTPLUS, Key.of(45));
    }

    /** A float32 model, like the chapter's. */
    public SdeScoreModel(int dataDims, int widthSize, int depth, Activation activation, Key key) {
        this(dataDims, widthSize, depth, activation, key, DataType.FLOAT);
    }

    /** A model with parameters of the given floating type (FLOAT or DOUBLE). */
    public SdeScoreModel(int dataDims, int widthSize, int depth, Activation activation, Key key,
            DataType dataType) {
        checkShape(dataDims, widthSize, depth);
        if (activation == null) {
            throw new IllegalArgumentException("activation must not be null");
        }
        if (key == null) {
            throw new IllegalArgumentException("key must not be null");
        }
        if (dataType != DataType.FLOAT && dataType != DataType.DOUBLE) {
            throw new IllegalArgumentException("dataType must be FLOAT or DOUBLE, got " + dataType);
        }
        this.dataDims = dataDims;
        this.widthSize = widthSize;
        this.depth = depth;
        this.activation = activation;
        Map<String, INDArray> p = new LinkedHashMap<>();
        Key[] layerKeys = key.split(depth + 1);
        for (int l = 0; l <= depth; l++) {
            int in = l == 0 ? dataDims + 1 : widthSize;
            int out = l == depth ? dataDims : widthSize;
            Key[] wb = layerKeys[l].split(2);
            double lim = 1.0 / Math.sqrt(in);
            p.put("layers." + l + ".weight", uniform(wb[0], new long[] {out, in}, lim, dataType));
            p.put("layers." + l + ".bias", uniform(wb[1], new long[] {out}, lim, dataType));
        }
        this.params = new Params(p);
    }

    /** A model around existing parameters (used by loading and copying); shapes are checked. */
    public SdeScoreModel(int dataDims, int widthSize, int depth, Activation activation, Params params) {
        checkShape(dataDims, widthSize, depth);
        if (activation == null) {
            throw new IllegalArgumentException("activation must not be null");
        }
        this.dataDims = dataDims;
        this.widthSize = widthSize;
        this.depth = depth;
        this.activation = activation;
        for (int l = 0; l <= depth; l++) {
            int in = l == 0 ? dataDims + 1 : widthSize;
            int out = l == depth ? dataDims : widthSize;
            expectShape(params, "layers." + l + ".weight", new long[] {out, in});
            expectShape(params, "layers." + l + ".bias", new long[] {out});
        }
        if (params.size() != 2 * (depth + 1)) {
            throw new IllegalArgumentException("params: expected " + 2 * (depth + 1)
                    + " arrays for depth " + depth + ", got " + params.size() + " " + params.names());
        }
        this.params = params;
    }

    private static void checkShape(int dataDims, int widthSize, int depth) {
        if (dataDims < 1) {
            throw new IllegalArgumentException("dataDims must be >= 1, got " + dataDims);
        }
        if (widthSize < 1) {
            throw new IllegalArgumentException("widthSize must be >= 1, got " + widthSize);
        }
        if (depth < 0) {
            throw new IllegalArgumentException("depth must be >= 0, got " + depth);
        }
    }

    private static void expectShape(Params params, String name, long[] shape) {
        INDArray a = params.get(name);
        if (a == null) {
            throw new IllegalArgumentException("params: missing '" + name + "'");
        }
        if (!java.util.Arrays.equals(a.shape(), shape)) {
            throw new IllegalArgumentException("params: '" + name + "' has shape "
                    + java.util.Arrays.toString(a.shape()) + ", expected " + java.util.Arrays.toString(shape));
        }
    }

    private static INDArray uniform(Key key, long[] shape, double lim, DataType type) {
        int n = (int) (shape.length == 1 ? shape[0] : shape[0] * shape[1]);
        double[] u = key.uniform(n, -lim, lim);
        return Nd4j.createFromArray(u).reshape('c', shape).castTo(type);
    }

    public int dataDims() { return dataDims; }

    public int widthSize() { return widthSize; }

    public int depth() { return depth; }

    public Activation activation() { return activation; }

    public DataType dataType() { return params.get("layers.0.weight").dataType(); }

    /** The live parameters, in Equinox order (layers.0.weight, layers.0.bias, ...). */
    public Params params() { return params; }

    /** Weight of layer l, [out, in]. */
    public INDArray weight(int l) { return params.get("layers." + l + ".weight"); }

    /** Bias of layer l, [out]. */
    public INDArray bias(int l) { return params.get("layers." + l + ".bias"); }

    /** A deep copy with its own parameter arrays. */
    public SdeScoreModel copy() {
        return new SdeScoreModel(dataDims, widthSize, depth, activation, params.copy());
    }

    /** The same model with its parameters cast to another type (DOUBLE for exact checks). */
    public SdeScoreModel castTo(DataType type) {
        return new SdeScoreModel(dataDims, widthSize, depth, activation, params.castTo(type));
    }

    /**
     * The forward pass on a batch: x [N, D] and per-row times t [N] (or [N, 1]) give s [N, D].
     */
    @Override
    public INDArray apply(INDArray x, INDArray t) {
        checkInput(x, t);
        int n = (int) x.rows();
        double[] xs = x.castTo(DataType.DOUBLE).dup('c').data().asDouble();
        double[] ts = t.castTo(DataType.DOUBLE).dup('c').data().asDouble();
        return forward.apply(this, xs, ts, n);
    }

    private void checkInput(INDArray x, INDArray t) {
        if (x == null) {
            throw new IllegalArgumentException("x must not be null");
        }
        if (x.rank() != 2 || x.columns() != dataDims) {
            throw new IllegalArgumentException("x must have shape [N, " + dataDims + "], got "
                    + java.util.Arrays.toString(x.shape()));
        }
        if (t == null || t.length() != x.rows()) {
            throw new IllegalArgumentException("t must hold one time per row of x (" + x.rows()
                    + "), got " + (t == null ? "null" : java.util.Arrays.toString(t.shape())));
        }
    }

    /** Parameter count. */
    public long parameterCount() {
        long n = 0;
        for (INDArray a : params.arrays()) {
            n += a.length();
        }
        return n;
    }

    @Override
    public String toString() {
        return "SdeScoreModel(dataDims=" + dataDims + ", widthSize=" + widthSize + ", depth=" + depth
                + ", activation=" + activation.name().toLowerCase(java.util.Locale.ROOT)
                + ", parameters=" + parameterCount() + ", dtype=" + dataType() + ")";
    }

    /** Layer names in order, for files and displays. */
    public List<String> layerNames() {
        List<String> names = new ArrayList<>(params.names());
        return Collections.unmodifiableList(names);
    }
}
