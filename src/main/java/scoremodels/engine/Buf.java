package scoremodels.engine;

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
        requireContiguous(a);
        int n = (int) a.length();
        // The buffer of a view already points at the view's first element: adding a.offset() again
        // would read past it.
        long address = a.data().addressPointer().address();
        if (a.dataType() == DataType.FLOAT) {
            return new F(a, address, n);
        }
        if (a.dataType() == DataType.DOUBLE) {
            return new D(a, address, n);
        }
        throw new IllegalArgumentException("array must be FLOAT or DOUBLE, got " + a.dataType());
    }

    static void requireContiguous(INDArray a) {
        if (a.ordering() != 'c' || (a.isView() && !contiguous(a))) {
            throw new IllegalArgumentException("array must be c-ordered and contiguous, got ordering "
                    + a.ordering() + " shape " + java.util.Arrays.toString(a.shape()));
        }
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

    // Unsafe reads and writes at the array's native address: the JDK 17 direct-buffer accessors
    // add scope and bounds checks that cost more than the arithmetic in these loops. Indices
    // are checked once, when the view is made, by the loops' own bounds (0..length).
    static final sun.misc.Unsafe UNSAFE = unsafe();

    private static sun.misc.Unsafe unsafe() {
        try {
            java.lang.reflect.Field f = sun.misc.Unsafe.class.getDeclaredField("theUnsafe");
            f.setAccessible(true);
            return (sun.misc.Unsafe) f.get(null);
        } catch (ReflectiveOperationException e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    private static final class F extends Buf {
        private final INDArray owner; // keeps the native memory alive while the view is used
        private final long base;
        private final int n;

        F(INDArray owner, long base, int n) {
            this.owner = owner;
            this.base = base;
            this.n = n;
        }

        @Override public int length() { return n; }

        @Override public double get(int i) { return UNSAFE.getFloat(base + 4L * i); }

        @Override public void set(int i, double v) { UNSAFE.putFloat(base + 4L * i, (float) v); }
    }

    private static final class D extends Buf {
        private final INDArray owner;
        private final long base;
        private final int n;

        D(INDArray owner, long base, int n) {
            this.owner = owner;
            this.base = base;
            this.n = n;
        }

        @Override public int length() { return n; }

        @Override public double get(int i) { return UNSAFE.getDouble(base + 8L * i); }

        @Override public void set(int i, double v) { UNSAFE.putDouble(base + 8L * i, v); }
    }
}
