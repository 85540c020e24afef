package scoremodels.models;

import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * An ordered collection of named parameter arrays — the Java stand-in for an Equinox pytree of
 * arrays. Models, gradients and optimiser moments all use it, so they line up name by name.
 */
public final class Params {
    private final LinkedHashMap<String, INDArray> arrays;

    public Params(Map<String, INDArray> arrays) {
        if (arrays == null) {
            throw new IllegalArgumentException("arrays must not be null");
        }
        this.arrays = new LinkedHashMap<>(arrays);
    }

    public INDArray get(String name) { return arrays.get(name); }

    public List<String> names() { return Collections.unmodifiableList(new ArrayList<>(arrays.keySet())); }

    public Collection<INDArray> arrays() { return Collections.unmodifiableCollection(arrays.values()); }

    public Map<String, INDArray> asMap() { return Collections.unmodifiableMap(arrays); }

    public int size() { return arrays.size(); }

    public Params copy() {
        Map<String, INDArray> m = new LinkedHashMap<>();
        arrays.forEach((k, v) -> m.put(k, v.dup()));
        return new Params(m);
    }

    public Params castTo(DataType type) {
        Map<String, INDArray> m = new LinkedHashMap<>();
        arrays.forEach((k, v) -> m.put(k, v.castTo(type).dup()));
        return new Params(m);
    }

    /** Copies every array of {@code other} into this one, in place. */
    public void assign(Params other) {
        for (Map.Entry<String, INDArray> e : arrays.entrySet()) {
            e.getValue().assign(other.get(e.getKey()));
        }
    }

    /** Σ of squares of every entry. */
    public double sumOfSquares() {
        double s = 0;
        for (INDArray a : arrays.values()) {
            double n = a.norm2Number().doubleValue();
            s += n * n;
        }
        return s;
    }

    /**
     * True when every entry is finite. One bulk copy of each array's native memory into a Java array
     * and a plain loop: per-element reads through ND4J cost far more than the check.
     */
    public boolean allFinite() {
        for (INDArray a : arrays.values()) {
            INDArray plain = a.isView() || a.ordering() != 'c' ? a.dup('c') : a;
            int n = (int) plain.length();
            if (plain.dataType() == DataType.FLOAT) {
                float[] v = new float[n];
                plain.data().asNioFloat().get(v);
                for (float x : v) {
                    if (!Float.isFinite(x)) {
                        return false;
                    }
                }
            } else {
                double[] v = new double[n];
                plain.castTo(DataType.DOUBLE).data().asNioDouble().get(v);
                for (double x : v) {
                    if (!Double.isFinite(x)) {
                        return false;
                    }
                }
            }
        }
        return true;
    }
}
