package scoremodels.models;

import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import scoremodels.random.Key;

/**
 * The chapter's time-dependent score model: an MLP whose input is x concatenated with t.
 *
 * <p>As {@code eqx.nn.MLP}: input size D + 1, {@code depth} hidden layers of {@code widthSize}
 * units with the activation after each, and a linear output layer of size D. Layer l holds
 * {@code layers.l.weight} [out, in] and {@code layers.l.bias} [out]. Like an Equinox module the
 * model is its parameters: losses and optimisers act on {@link #params()} from outside.
 */
public final class SdeScoreModel implements ScoreFunction {
    private final int dataDims;
    private final int widthSize;
    private final int depth;
    private final Activation activation;
    private final Params params;

    /** The chapter's defaults: data_dims=2, width_size=256, depth=2, softplus, PRNGKey(45). */
    public SdeScoreModel() {
        this(2, 256, 2, Activation.SOFTPLUS, Key.of(45));
    }

    /** A float32 model, like the chapter's. */
    public SdeScoreModel(int dataDims, int widthSize, int depth, Activation activation, Key key) {
        this(dataDims, widthSize, depth, activation, key, DataType.FLOAT);
    }

    /** A model with parameters of the given floating type (FLOAT or DOUBLE), initialised as Equinox does. */
    public SdeScoreModel(int dataDims, int widthSize, int depth, Activation activation, Key key, DataType dataType) {
        this(dataDims, widthSize, depth, activation, Layers.initial(dataDims, widthSize, depth, key, dataType));
    }

    /** A model around existing parameters (loading, copying); their names and shapes are checked. */
    public SdeScoreModel(int dataDims, int widthSize, int depth, Activation activation, Params params) {
        Layers.check(dataDims, widthSize, depth, activation, params);
        this.dataDims = dataDims;
        this.widthSize = widthSize;
        this.depth = depth;
        this.activation = activation;
        this.params = params;
    }

    /** s(x, t) on a batch: x [N, D] (finite) and one time per row t [N] (finite, >= 0) give the scores [N, D]. */
    @Override
    public INDArray apply(INDArray x, INDArray t) {
        Layers.checkInput(dataDims, x, t);
        DataType type = dataType();
        INDArray h = Nd4j.hstack(x.castTo(type), t.reshape(x.rows(), 1).castTo(type)); // x ‖ t: [N, D + 1]
        for (int l = 0; l < depth; l++) {
            h = activation.value(linear(l, h));
        }
        return linear(depth, h);
    }

    /** Layer l on a batch of rows h [N, in]: h Wₗᵀ + bₗ, [N, out]. */
    public INDArray linear(int l, INDArray h) {
        return h.mmul(weight(l).transpose()).addiRowVector(bias(l));
    }

    public int dataDims() { return dataDims; }
    public int widthSize() { return widthSize; }
    public int depth() { return depth; }
    public Activation activation() { return activation; }
    public DataType dataType() { return weight(0).dataType(); }

    /** The parameters in Equinox order (layers.0.weight, layers.0.bias, ...). */
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

    /** Number of parameters. */
    public long parameterCount() {
        return params.arrays().stream().mapToLong(INDArray::length).sum();
    }

    @Override
    public String toString() {
        return "SdeScoreModel(dataDims=" + dataDims + ", widthSize=" + widthSize + ", depth=" + depth
                + ", activation=" + activation.id() + ", parameters=" + parameterCount() + ", dtype=" + dataType() + ")";
    }
}
