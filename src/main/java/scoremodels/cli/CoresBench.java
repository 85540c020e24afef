package scoremodels.cli;

import java.util.Locale;
import java.util.concurrent.CompletableFuture;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import scoremodels.engine.Blas;

/**
 * What the second core adds to floating-point work on this machine. Two figures:
 * <ul>
 *   <li>the training step's product [900, 256] × [256, 256]ᵀ through {@link Blas} (the Java
 *       products, or OpenBLAS as the environment sets it up with {@code SCOREMODELS_BLAS=openblas};
 *       then run once as is and once with {@code OPENBLAS_NUM_THREADS=1} to compare one
 *       thread with two);</li>
 *   <li>a vectorised multiply-add loop on data that stays in the core's cache, on one Java
 *       thread alone and on two threads at once. On two independent cores both threads keep their
 *       speed (speedup 2); where the two share their floating-point units (two hyperthreads of one
 *       physical core) each runs at half speed (speedup 1).</li>
 * </ul>
 * Prints {@code speedup_two_cores=} last.
 */
final class CoresBench {
    /** Floats per loop: 16 KB, well inside a core's first-level cache. */
    private static final int LENGTH = 4096;

    private CoresBench() {
    }

    static int run(int reps) {
        INDArray w = Nd4j.rand(DataType.FLOAT, 256, 256);
        INDArray x = Nd4j.rand(DataType.FLOAT, 900, 256);
        INDArray out = Nd4j.create(DataType.FLOAT, 900, 256);
        double productMs = time(reps, () -> Blas.gemm(x, w, out, false, true)) * 1e3;
        int rounds = reps * 200;
        float[][] a = {new float[LENGTH], new float[LENGTH]};
        float[][] b = {new float[LENGTH], new float[LENGTH]};
        for (int i = 0; i < LENGTH; i++) {
            b[0][i] = b[1][i] = (float) Math.sin(i);
        }
        double oneSec = time(1, () -> multiplyAdd(a[0], b[0], rounds));
        double twoSec = time(1, () -> {
            CompletableFuture<Void> other = CompletableFuture.runAsync(() -> multiplyAdd(a[1], b[1], rounds));
            multiplyAdd(a[0], b[0], rounds);
            other.join();
        });
        double perEntry = 1e9 / ((double) rounds * LENGTH);
        System.out.printf(Locale.ROOT, "cores=%d products=%s OPENBLAS_NUM_THREADS=%s product_900x256x256_ms=%.3f "
                + "multiply_add_one_thread_ns=%.4f multiply_add_each_of_two_threads_ns=%.4f check=%.3f%n",
                Runtime.getRuntime().availableProcessors(), Blas.implementation(), System.getenv().getOrDefault("OPENBLAS_NUM_THREADS", "default"),
                productMs, oneSec * perEntry, twoSec * perEntry, a[0][7] + a[1][7]);
        System.out.printf(Locale.ROOT, "speedup_two_cores=%.2f%n", 2 * oneSec / twoSec);
        return 0;
    }

    /** a ← 0.999·a + b, {@code rounds} times over the arrays: one vectorised multiply and add per entry. */
    private static void multiplyAdd(float[] a, float[] b, int rounds) {
        for (int r = 0; r < rounds; r++) {
            for (int i = 0; i < a.length; i++) {
                a[i] = 0.999f * a[i] + b[i];
            }
        }
    }

    /** Seconds per call of {@code work}, after one call to warm up. */
    private static double time(int reps, Runnable work) {
        work.run();
        long start = System.nanoTime();
        for (int i = 0; i < reps; i++) {
            work.run();
        }
        return (System.nanoTime() - start) / 1e9 / reps;
    }
}
