package scoremodels.engine;

import java.util.Arrays;
import org.bytedeco.javacpp.DoublePointer;
import org.bytedeco.javacpp.FloatPointer;
import org.bytedeco.openblas.global.openblas;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * Matrix products straight through OpenBLAS's {@code cblas} interface, into a preallocated result.
 *
 * <p>{@code Nd4j.gemm} builds and runs a custom op on every call, a fixed cost that is a sizeable
 * part of a product at the chapter's size (docs/performance.md). ND4J's CPU backend links the same
 * OpenBLAS, so the numbers are the same bits. Arrays that are not plain c-ordered matrices go
 * through {@code Nd4j.gemm}.
 */
public final class Blas {
    private Blas() {
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
        if (!plain(a) || !plain(b) || !plain(c) || a.dataType() != type || b.dataType() != type
                || (type != DataType.FLOAT && type != DataType.DOUBLE)) {
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
}
