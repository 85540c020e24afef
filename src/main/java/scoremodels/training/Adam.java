package scoremodels.training;

import java.util.HashMap;
import java.util.Map;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import scoremodels.engine.FloatView;
import scoremodels.engine.HeapCopier;
import scoremodels.models.Params;

/**
 * Adam with optax's semantics ({@code optax.adam}): first and second moments with decay b1 and
 * b2, bias correction by 1 − bᵗ, and eps added after the square root:
 * θ ← θ − lr · m̂ / (√v̂ + eps), where lr may follow a {@link Schedule}. As in optax the moments
 * and the arithmetic are in the parameters' type: float for FLOAT models (the chapter's float32),
 * double for DOUBLE ones.
 */
public final class Adam {
    private final Schedule schedule;
    private final double b1;
    private final double b2;
    private final double eps;
    // The moments live on the Java heap: one bulk copy in and out per tensor beats per-element
    // access to ND4J's memory.
    private final Map<String, double[]> m = new HashMap<>();
    private final Map<String, double[]> v = new HashMap<>();
    private final Map<String, float[]> mf = new HashMap<>();
    private final Map<String, float[]> vf = new HashMap<>();
    private final HeapCopier heap = new HeapCopier();
    private double[] theta = new double[0];
    private double[] grad = new double[0];
    private float[] thetaF = new float[0];
    private float[] gradF = new float[0];
    private int count;

    /** optax defaults: b1 0.9, b2 0.999, eps 1e-8. */
    public Adam(double learningRate) {
        this(learningRate, 0.9, 0.999, 1e-8);
    }

    public Adam(double learningRate, double b1, double b2, double eps) {
        this(Schedule.constant(learningRate), b1, b2, eps);
    }

    /** optax defaults with a learning rate per update, e.g. {@link Schedule#cosineDecay}. */
    public Adam(Schedule schedule) {
        this(schedule, 0.9, 0.999, 1e-8);
    }

    public Adam(Schedule schedule, double b1, double b2, double eps) {
        if (schedule == null) {
            throw new IllegalArgumentException("schedule must not be null");
        }
        if (!(b1 >= 0 && b1 < 1)) {
            throw new IllegalArgumentException("b1 must be in [0, 1), got " + b1);
        }
        if (!(b2 >= 0 && b2 < 1)) {
            throw new IllegalArgumentException("b2 must be in [0, 1), got " + b2);
        }
        if (!(eps >= 0) || Double.isInfinite(eps)) {
            throw new IllegalArgumentException("eps must be finite and >= 0, got " + eps);
        }
        this.schedule = schedule;
        this.b1 = b1;
        this.b2 = b2;
        this.eps = eps;
    }

    /** The learning rate of the next update. */
    public double learningRate() {
        return schedule.at(count);
    }

    /** Number of updates applied so far. */
    public int count() {
        return count;
    }

    /** Applies one update to {@code params} in place, given gradients with the same names. */
    public void update(Params params, Params grads) {
        double learningRate = schedule.at(count);
        if (!(learningRate >= 0) || Double.isInfinite(learningRate)) {
            throw new IllegalStateException("the schedule gave learning rate " + learningRate + " for update " + count);
        }
        count++;
        double c1 = 1 - Math.pow(b1, count);
        double c2 = 1 - Math.pow(b2, count);
        for (Map.Entry<String, INDArray> e : params.asMap().entrySet()) {
            String name = e.getKey();
            INDArray p = e.getValue();
            INDArray g = grads.get(name);
            if (g == null || g.length() != p.length()) {
                throw new IllegalArgumentException("grads: '" + name + "' is missing or has the wrong shape");
            }
            if (plainFloat(p) && plainFloat(g)) {
                updateFloat(name, p, g, (float) learningRate, (float) c1, (float) c2);
                continue;
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
