package scoremodels.models;

import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import scoremodels.Checks;
import scoremodels.random.Key;

/** The layer layout of an {@link SdeScoreModel}: Equinox's initialisation and the checks of its shapes. */
final class Layers {
    private Layers() {
    }

    /**
     * Fresh parameters as {@code eqx.nn.MLP} draws them: the key split in one per layer, each split
     * in two for weight and bias, both U(−1/√fan_in, 1/√fan_in).
     */
    static Params initial(int dataDims, int widthSize, int depth, Key key, DataType dataType) {
        checkSizes(dataDims, widthSize, depth);
        if (key == null) {
            throw new IllegalArgumentException("key must not be null");
        }
        if (dataType != DataType.FLOAT && dataType != DataType.DOUBLE) {
            throw new IllegalArgumentException("dataType must be FLOAT or DOUBLE, got " + dataType);
        }
        Map<String, INDArray> p = new LinkedHashMap<>();
        Key[] layerKeys = key.split(depth + 1);
        for (int l = 0; l <= depth; l++) {
            long[] shape = weightShape(dataDims, widthSize, depth, l);
            Key[] wb = layerKeys[l].split(2);
            double lim = 1.0 / Math.sqrt(shape[1]);
            p.put("layers." + l + ".weight", uniform(wb[0], shape, lim, dataType));
            p.put("layers." + l + ".bias", uniform(wb[1], new long[] {shape[0]}, lim, dataType));
        }
        return new Params(p);
    }

    /** [out, in] of layer l: in = D + 1 for the first layer, out = D for the last. */
    static long[] weightShape(int dataDims, int widthSize, int depth, int l) {
        return new long[] {l == depth ? dataDims : widthSize, l == 0 ? dataDims + 1 : widthSize};
    }

    static void check(int dataDims, int widthSize, int depth, Activation activation, Params params) {
        checkSizes(dataDims, widthSize, depth);
        if (activation == null) {
            throw new IllegalArgumentException("activation must not be null");
        }
        if (params == null) {
            throw new IllegalArgumentException("params must not be null");
        }
        for (int l = 0; l <= depth; l++) {
            long[] shape = weightShape(dataDims, widthSize, depth, l);
            expectShape(params, "layers." + l + ".weight", shape);
            expectShape(params, "layers." + l + ".bias", new long[] {shape[0]});
        }
        if (params.size() != 2 * (depth + 1)) {
            throw new IllegalArgumentException("params: expected " + 2 * (depth + 1)
                    + " arrays for depth " + depth + ", got " + params.size() + " " + params.names());
        }
    }

    static void checkInput(int dataDims, INDArray x, INDArray t) {
        if (x == null) {
            throw new IllegalArgumentException("x must not be null");
        }
        if (x.rank() != 2 || x.columns() != dataDims) {
            throw new IllegalArgumentException("x must have shape [N, " + dataDims + "], got "
                    + Arrays.toString(x.shape()));
        }
        if (t == null || t.length() != x.rows()) {
            throw new IllegalArgumentException("t must hold one time per row of x (" + x.rows()
                    + "), got " + (t == null ? "null" : Arrays.toString(t.shape())));
        }
        Checks.scoreInputs(x.castTo(DataType.DOUBLE).dup('c').data().asDouble(), dataDims,
                t.castTo(DataType.DOUBLE).dup('c').data().asDouble());
    }

    private static void checkSizes(int dataDims, int widthSize, int depth) {
        if (dataDims < 1) {
            throw new IllegalArgumentException("dataDims must be >= 1, got " + dataDims);
        }
        if (widthSize < 1) {
            throw new IllegalArgumentException("widthSize must be >= 1, got " + widthSize);
        }
        if (depth < 0) {
            throw new IllegalArgumentException("depth must be >= 0, got " + depth);
        }
        // Every weight matrix must fit one array: out·in entries with out, in up to widthSize + dataDims.
        long in = Math.max((long) dataDims + 1, depth > 0 ? widthSize : 0);
        long out = Math.max(dataDims, depth > 0 ? widthSize : 0);
        Checks.arrayLength("a weight's out·in (dataDims=" + dataDims + ", widthSize=" + widthSize + ")", out, in);
    }

    private static void expectShape(Params params, String name, long[] shape) {
        INDArray a = params.get(name);
        if (a == null) {
            throw new IllegalArgumentException("params: missing '" + name + "'");
        }
        if (!Arrays.equals(a.shape(), shape)) {
            throw new IllegalArgumentException("params: '" + name + "' has shape "
                    + Arrays.toString(a.shape()) + ", expected " + Arrays.toString(shape));
        }
    }

    private static INDArray uniform(Key key, long[] shape, double lim, DataType type) {
        int n = Checks.arrayLength("out·in", shape);
        return Nd4j.createFromArray(key.uniform(n, -lim, lim)).reshape('c', shape).castTo(type);
    }
}
