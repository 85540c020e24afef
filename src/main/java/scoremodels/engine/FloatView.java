package scoremodels.engine;

import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * Bulk copies between a contiguous FLOAT array's native memory and Java {@code float[]}: a plain
 * memory copy, no conversion and no NIO buffer made per call. The float training step copies
 * blocks of a few rows in and out between BLAS products, hundreds of times per step.
 */
public final class FloatView {
    private static final long FLOAT_BASE = Buf.UNSAFE.arrayBaseOffset(float[].class);

    private final INDArray owner; // keeps the native memory alive while the view is used
    private final long base;
    private final int length;

    private FloatView(INDArray owner, long base, int length) {
        this.owner = owner;
        this.base = base;
        this.length = length;
    }

    /** A view of a c-ordered, contiguous FLOAT array. */
    public static FloatView of(INDArray a) {
        if (a.dataType() != DataType.FLOAT) {
            throw new IllegalArgumentException("array must be FLOAT, got " + a.dataType());
        }
        Buf.requireContiguous(a);
        // As in Buf: the buffer of a view already points at the view's first element.
        return new FloatView(a, a.data().addressPointer().address(), (int) a.length());
    }

    public int length() {
        return length;
    }

    public INDArray array() {
        return owner;
    }

    /** Copies {@code n} entries from entry {@code from} into {@code dst} at {@code dstFrom}. */
    public void get(int from, float[] dst, int dstFrom, int n) {
        check(from, n, dst.length, dstFrom);
        Buf.UNSAFE.copyMemory(null, base + 4L * from, dst, FLOAT_BASE + 4L * dstFrom, 4L * n);
    }

    /** Copies {@code n} entries of {@code src} from {@code srcFrom} into this array at entry {@code to}. */
    public void set(float[] src, int srcFrom, int to, int n) {
        check(to, n, src.length, srcFrom);
        Buf.UNSAFE.copyMemory(src, FLOAT_BASE + 4L * srcFrom, null, base + 4L * to, 4L * n);
    }

    private void check(int at, int n, int heapLength, int heapAt) {
        if (n < 0 || at < 0 || at > length - n || heapAt < 0 || heapAt > heapLength - n) {
            throw new IndexOutOfBoundsException("copy of " + n + " entries at " + at + " of " + length
                    + " (Java array at " + heapAt + " of " + heapLength + ")");
        }
    }
}
