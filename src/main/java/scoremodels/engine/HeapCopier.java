package scoremodels.engine;

import java.nio.DoubleBuffer;
import java.nio.FloatBuffer;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * Bulk copies between ND4J's native arrays and Java {@code double[]} arrays.
 *
 * <p>Element-wise work runs fastest on plain Java arrays, where the JIT vectorises the loops;
 * one bulk copy in and one out cost far less than per-element native access. A FLOAT array goes
 * through a reusable float scratch, so the widening and narrowing are vectorised loops too. One
 * instance per thread: the scratch is not shared safely.
 */
public final class HeapCopier {
    private float[] scratch = new float[0];

    /** Copies a contiguous c-ordered array into {@code dst} (at least its length). */
    public void read(INDArray src, double[] dst) {
        read(src, dst, 0, (int) src.length());
    }

    /** Copies entries [from, to) of a contiguous c-ordered array into the same entries of {@code dst}. */
    public void read(INDArray src, double[] dst, int from, int to) {
        read(src, from, dst, from, to - from);
    }

    /** Copies {@code n} entries of a contiguous c-ordered array, from entry {@code srcFrom}, into {@code dst} at {@code dstFrom}. */
    public void read(INDArray src, int srcFrom, double[] dst, int dstFrom, int n) {
        int off = (int) src.offset() + srcFrom;
        if (src.dataType() == DataType.DOUBLE) {
            DoubleBuffer b = src.data().asNioDouble();
            b.get(off, dst, dstFrom, n);
        } else if (src.dataType() == DataType.FLOAT) {
            float[] f = scratch(n);
            FloatBuffer b = src.data().asNioFloat();
            b.get(off, f, 0, n);
            for (int i = 0; i < n; i++) {
                dst[dstFrom + i] = f[i];
            }
        } else {
            throw new IllegalArgumentException("array must be FLOAT or DOUBLE, got " + src.dataType());
        }
    }

    /** Copies the first {@code dst.length()} entries of {@code src} into a contiguous c-ordered array. */
    public void write(double[] src, INDArray dst) {
        write(src, dst, 0, (int) dst.length());
    }

    /** Copies entries [from, to) of {@code src} into the same entries of a contiguous c-ordered array. */
    public void write(double[] src, INDArray dst, int from, int to) {
        write(src, from, dst, from, to - from);
    }

    /** Copies {@code n} entries of {@code src}, from {@code srcFrom}, into a contiguous c-ordered array at entry {@code dstFrom}. */
    public void write(double[] src, int srcFrom, INDArray dst, int dstFrom, int n) {
        int off = (int) dst.offset() + dstFrom;
        if (dst.dataType() == DataType.DOUBLE) {
            DoubleBuffer b = dst.data().asNioDouble();
            b.put(off, src, srcFrom, n);
        } else if (dst.dataType() == DataType.FLOAT) {
            float[] f = scratch(n);
            for (int i = 0; i < n; i++) {
                f[i] = (float) src[srcFrom + i];
            }
            FloatBuffer b = dst.data().asNioFloat();
            b.put(off, f, 0, n);
        } else {
            throw new IllegalArgumentException("array must be FLOAT or DOUBLE, got " + dst.dataType());
        }
    }

    /** A new double[] holding the array's entries. */
    public double[] read(INDArray src) {
        double[] d = new double[(int) src.length()];
        read(src, d);
        return d;
    }

    private float[] scratch(int n) {
        if (scratch.length < n) {
            scratch = new float[n];
        }
        return scratch;
    }
}
