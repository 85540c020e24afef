package scoremodels.engine;

import java.util.Arrays;
import java.util.Locale;
import org.bytedeco.javacpp.DoublePointer;
import org.bytedeco.javacpp.FloatPointer;
import org.bytedeco.openblas.global.openblas;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * The matrix products of training and sampling, into a preallocated result.
 *
 * <p>By default they are {@link Gemm}'s Java loops, which sum every entry in one fixed order: the
 * same keys then give the same bits on every x86-64 CPU and with any number of threads. OpenBLAS
 * is faster, but it chooses its kernel by CPU model (and by {@code OPENBLAS_CORETYPE}), and the
 * kernels round the sums differently; a training run at the chapter's learning rate turns such a
 * last-bit difference into a different model within a few steps. {@link #setMachineDependent}
 * (or {@code -Dscoremodels.blas=openblas}, or the environment variable
 * {@code SCOREMODELS_BLAS=openblas}) switches to OpenBLAS's {@code cblas} interface, called
 * directly ({@code Nd4j.gemm} builds and runs a custom op on every call, a fixed cost that is a
 * sizeable part of a product at the chapter's size; docs/performance.md). Arrays that are not plain
 * c-ordered matrices go through {@code Nd4j.gemm} there.
 */
public final class Blas {
    private static volatile boolean openBlas = openBlasRequested();

    /** Per thread: the operands and the result as Java arrays. */
    private static final ThreadLocal<Scratch> SCRATCH = ThreadLocal.withInitial(Scratch::new);

    private Blas() {
    }

    private static boolean openBlasRequested() {
        String p = System.getProperty("scoremodels.blas");
        String e = System.getenv("SCOREMODELS_BLAS");
        String v = p != null ? p : e;
        if (v == null || v.isBlank() || v.trim().equalsIgnoreCase("java")) {
            return false;
        }
        if (v.trim().equalsIgnoreCase("openblas")) {
            return true;
        }
        throw new IllegalArgumentException("scoremodels.blas / SCOREMODELS_BLAS must be 'java' or 'openblas', got '" + v + "'");
    }

    /**
     * {@code true}: products through OpenBLAS, faster, but their last bits (and so trained models)
     * depend on the CPU. {@code false} (the default): the same bits everywhere.
     */
    public static void setMachineDependent(boolean on) {
        openBlas = on;
    }

    /** Whether products go through OpenBLAS (see {@link #setMachineDependent}). */
    public static boolean machineDependent() {
        return openBlas;
    }

    /**
     * What runs the products: {@code "openblas"}, or {@link Gemm#path()} ({@code "java-vector"} or
     * {@code "java-scalar"}, the same bits).
     */
    public static String implementation() {
        return openBlas ? "openblas" : Gemm.path();
    }

    /** c = op(a) · op(b), op transposing when asked; a, b and c are rank-2 arrays of one type. */
    public static void gemm(INDArray a, INDArray b, INDArray c, boolean transposeA, boolean transposeB) {
        int m = (int) c.rows();
        int n = (int) c.columns();
        int k = (int) (transposeA ? a.rows() : a.columns());
        if ((transposeA ? a.columns() : a.rows()) != m || (transposeB ? b.rows() : b.columns()) != n
                || (transposeB ? b.columns() : b.rows()) != k) {
            throw new IllegalArgumentException("cannot multiply " + Arrays.toString(a.shape()) + (transposeA ? "ᵀ" : "")
                    + " by " + Arrays.toString(b.shape()) + (transposeB ? "ᵀ" : "") + " into " + Arrays.toString(c.shape()));
        }
        DataType type = c.dataType();
        if (a.dataType() != type || b.dataType() != type || (type != DataType.FLOAT && type != DataType.DOUBLE)) {
            throw new IllegalArgumentException(String.format(Locale.ROOT,
                    "operands must be FLOAT or DOUBLE arrays of one type, got %s · %s into %s",
                    a.dataType(), b.dataType(), type));
        }
        if (!openBlas) {
            java(a, b, c, transposeA, transposeB, m, n, k);
            return;
        }
        if (!plain(a) || !plain(b) || !plain(c)) {
            Nd4j.gemm(a, b, c, transposeA, transposeB, 1.0, 0.0);
            return;
        }
        int ta = transposeA ? openblas.CblasTrans : openblas.CblasNoTrans;
        int tb = transposeB ? openblas.CblasTrans : openblas.CblasNoTrans;
        int lda = (int) a.columns();
        int ldb = (int) b.columns();
        if (type == DataType.FLOAT) {
            openblas.cblas_sgemm(openblas.CblasRowMajor, ta, tb, m, n, k,
                    1f, floats(a), lda, floats(b), ldb, 0f, floats(c), n);
        } else {
            openblas.cblas_dgemm(openblas.CblasRowMajor, ta, tb, m, n, k,
                    1.0, doubles(a), lda, doubles(b), ldb, 0.0, doubles(c), n);
        }
    }

    /**
     * The product by {@link Gemm}: each operand copied once into a Java array as it lies (a
     * transposed operand is read with swapped strides, not rearranged here), rows of c in two
     * halves at once.
     */
    private static void java(INDArray a, INDArray b, INDArray c, boolean transposeA, boolean transposeB, int m, int n, int k) {
        Scratch s = SCRATCH.get();
        INDArray ac = plain(a) ? a : a.dup('c');
        INDArray bc = plain(b) ? b : b.dup('c');
        INDArray cc = plain(c) ? c : Nd4j.create(c.dataType(), m, n);
        // op(a) = aᵀ is stored as [k × m]: entry (i, q) at q·m + i; likewise op(b) = bᵀ as [n × k].
        int ars = transposeA ? 1 : k;
        int acs = transposeA ? m : 1;
        int brs = transposeB ? 1 : n;
        int bcs = transposeB ? k : 1;
        if (c.dataType() == DataType.FLOAT) {
            float[] left = s.floats(0, m * k);
            float[] right = s.floats(1, k * n);
            float[] out = s.floats(2, m * n);
            FloatView.of(ac).get(0, left, 0, m * k);
            FloatView.of(bc).get(0, right, 0, k * n);
            Gemm.product(left, ars, acs, right, brs, bcs, out, m, n, k);
            FloatView.of(cc).set(out, 0, 0, m * n);
        } else {
            HeapCopier heap = s.heap;
            double[] left = s.doubles(0, m * k);
            double[] right = s.doubles(1, k * n);
            double[] out = s.doubles(2, m * n);
            heap.read(ac, 0, left, 0, m * k);
            heap.read(bc, 0, right, 0, k * n);
            Gemm.product(left, ars, acs, right, brs, bcs, out, m, n, k);
            heap.write(out, 0, cc, 0, m * n);
        }
        if (cc != c) {
            c.assign(cc);
        }
    }

    /** Rank 2, c-ordered, rows one after another: what cblas reads with a leading dimension of columns(). */
    private static boolean plain(INDArray x) {
        return x.rank() == 2 && x.ordering() == 'c' && x.stride(1) == 1 && x.stride(0) == x.columns();
    }

    // The buffer of a view already points at the view's first element (see Buf).
    private static FloatPointer floats(INDArray x) {
        return new FloatPointer(x.data().addressPointer());
    }

    private static DoublePointer doubles(INDArray x) {
        return new DoublePointer(x.data().addressPointer());
    }

    /** Java arrays reused from one product to the next, grown when a larger one comes. */
    private static final class Scratch extends GrowingArrays {
        final HeapCopier heap = new HeapCopier();
        Scratch() {
            super(3);
        }
    }
}
