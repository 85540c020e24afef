package scoremodels.linalg;

import java.nio.DoubleBuffer;
import java.nio.FloatBuffer;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * Element access to a contiguous ND4J array's off-heap memory, without copying.
 *
 * <p>ND4J launches a native op per element-wise call, which costs more than the arithmetic on
 * arrays of a few hundred thousand entries; plain Java loops over the same memory, which the JIT
 * compiles to tight code, are several times faster. Matrix products stay with ND4J's BLAS. Reads
 * and writes are in double whatever the array's type, so one loop serves FLOAT and DOUBLE.
 */
public abstract class Buf {
    /** Number of elements. */
    public abstract int length();

    public abstract double get(int i);

    public abstract void set(int i, double v);

    /** A view of a c-ordered, contiguous FLOAT or DOUBLE array (a view that starts at an offset is fine). */
    public static Buf of(INDArray a) {
        if (a.ordering() != 'c' || (a.isView() && !contiguous(a))) {
            throw new IllegalArgumentException("array must be c-ordered and contiguous, got ordering "
                    + a.ordering() + " shape " + java.util.Arrays.toString(a.shape()));
        }
        int offset = (int) a.offset();
        int n = (int) a.length();
        if (a.dataType() == DataType.FLOAT) {
            FloatBuffer fb = a.data().asNioFloat();
            return new F(fb, offset, n);
        }
        if (a.dataType() == DataType.DOUBLE) {
            DoubleBuffer db = a.data().asNioDouble();
            return new D(db, offset, n);
        }
        throw new IllegalArgumentException("array must be FLOAT or DOUBLE, got " + a.dataType());
    }

    private static boolean contiguous(INDArray a) {
        long expected = 1;
        for (int d = a.rank() - 1; d >= 0; d--) {
            if (a.size(d) != 1 && a.stride(d) != expected) {
                return false;
            }
            expected *= a.size(d);
        }
        return true;
    }

    private static final class F extends Buf {
        private final FloatBuffer b;
        private final int off;
        private final int n;

        F(FloatBuffer b, int off, int n) {
            this.b = b;
            this.off = off;
            this.n = n;
        }

        @Override public int length() { return n; }

        @Override public double get(int i) { return b.get(off + i); }

        @Override public void set(int i, double v) { b.put(off + i, (float) v); }
    }

    private static final class D extends Buf {
        private final DoubleBuffer b;
        private final int off;
        private final int n;

        D(DoubleBuffer b, int off, int n) {
            this.b = b;
            this.off = off;
            this.n = n;
        }

        @Override public int length() { return n; }

        @Override public double get(int i) { return b.get(off + i); }

        @Override public void set(int i, double v) { b.put(off + i, v); }
    }
}
