package scoremodels.engine;

import java.util.HashMap;
import java.util.Map;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * The arithmetic of one Adam update, tensor by tensor, behind {@link scoremodels.training.Adam}:
 * the moments live in Java arrays, and each tensor is copied out of ND4J's memory and back once,
 * which beats per-element native access. A FLOAT tensor is updated in float, as optax does for
 * float32 parameters.
 */
public final class AdamStep {
    private final double b1;
    private final double b2;
    private final double eps;
    private final Map<String, double[]> m = new HashMap<>();
    private final Map<String, double[]> v = new HashMap<>();
    private final Map<String, float[]> mf = new HashMap<>();
    private final Map<String, float[]> vf = new HashMap<>();
    private final HeapCopier heap = new HeapCopier();
    private double[] theta = new double[0];
    private double[] grad = new double[0];
    private float[] thetaF = new float[0];
    private float[] gradF = new float[0];

    public AdamStep(double b1, double b2, double eps) {
        this.b1 = b1;
        this.b2 = b2;
        this.eps = eps;
    }

    /**
     * θ ← θ − lr · (m / c1) / (√(v / c2) + eps) for the tensor {@code name}, in place, with
     * m ← b1·m + (1 − b1)·g and v ← b2·v + (1 − b2)·g²; c1 = 1 − b1ᵗ and c2 = 1 − b2ᵗ.
     */
    public void update(String name, INDArray p, INDArray g, double learningRate, double c1, double c2) {
        if (plainFloat(p) && plainFloat(g)) {
            updateFloat(name, p, g, (float) learningRate, (float) c1, (float) c2);
            return;
        }
        int n = (int) p.length();
        double[] mb = m.computeIfAbsent(name, k -> new double[n]);
        double[] vb = v.computeIfAbsent(name, k -> new double[n]);
        if (theta.length < n) {
            theta = new double[n];
            grad = new double[n];
        }
        heap.read(p, theta);
        heap.read(g, grad);
        for (int i = 0; i < n; i++) {
            double gi = grad[i];
            double mi = b1 * mb[i] + (1 - b1) * gi;
            double vi = b2 * vb[i] + (1 - b2) * gi * gi;
            mb[i] = mi;
            vb[i] = vi;
            theta[i] -= learningRate * (mi / c1) / (Math.sqrt(vi / c2) + eps);
        }
        heap.write(theta, p);
    }

    private static boolean plainFloat(INDArray a) {
        return a.dataType() == DataType.FLOAT && a.ordering() == 'c' && !a.isView();
    }

    /** One FLOAT tensor, all in float: the JIT vectorises the loop, square root included. */
    private void updateFloat(String name, INDArray p, INDArray g, float lr, float c1, float c2) {
        int n = (int) p.length();
        float[] mb = mf.computeIfAbsent(name, k -> new float[n]);
        float[] vb = vf.computeIfAbsent(name, k -> new float[n]);
        if (thetaF.length < n) {
            thetaF = new float[n];
            gradF = new float[n];
        }
        FloatView pv = FloatView.of(p);
        pv.get(0, thetaF, 0, n);
        FloatView.of(g).get(0, gradF, 0, n);
        float d1 = (float) b1;
        float d2 = (float) b2;
        float r1 = (float) (1 - b1);
        float r2 = (float) (1 - b2);
        float e = (float) eps;
        float[] t = thetaF;
        float[] gr = gradF;
        for (int i = 0; i < n; i++) {
            float gi = gr[i];
            float mi = d1 * mb[i] + r1 * gi;
            float vi = d2 * vb[i] + r2 * gi * gi;
            mb[i] = mi;
            vb[i] = vi;
            t[i] -= lr * (mi / c1) / ((float) Math.sqrt(vi / c2) + e);
        }
        pv.set(t, 0, 0, n);
    }
}
