package scoremodels.cli;

import java.util.Locale;
import java.util.concurrent.CompletableFuture;
import org.bytedeco.openblas.global.openblas;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import scoremodels.linalg.Blas;

/**
 * How much the second core adds to the training step's matrix products: the chapter's product
 * [900, 256] × [256, 256]ᵀ on OpenBLAS's own threads, one half of it ([450, 256]) on one thread,
 * and the two halves at once on two Java threads with one OpenBLAS thread each. On two independent
 * cores the pair takes as long as one half; where the cores share their floating-point units it
 * takes up to twice as long. Prints {@code speedup_two_cores=} last (2 is perfect, 1 is none).
 */
final class CoresBench {
    private CoresBench() {
    }

    static int run(int reps) {
        INDArray w = Nd4j.rand(DataType.FLOAT, 256, 256);
        INDArray whole = Nd4j.rand(DataType.FLOAT, 900, 256);
        INDArray wholeOut = Nd4j.create(DataType.FLOAT, 900, 256);
        INDArray[] half = {Nd4j.rand(DataType.FLOAT, 450, 256), Nd4j.rand(DataType.FLOAT, 450, 256)};
        INDArray[] halfOut = {Nd4j.create(DataType.FLOAT, 450, 256), Nd4j.create(DataType.FLOAT, 450, 256)};
        INDArray w2 = w.dup(); // each thread reads its own copy of the weights
        int threads = openblas.blas_get_num_threads();
        double wholeMs = time(reps, () -> Blas.gemm(whole, w, wholeOut, false, true));
        openblas.blas_set_num_threads(1);
        double halfMs;
        double pairMs;
        try {
            halfMs = time(reps, () -> Blas.gemm(half[0], w, halfOut[0], false, true));
            pairMs = time(1, () -> {
                CompletableFuture<Void> other = CompletableFuture.runAsync(() -> {
                    for (int i = 0; i < reps; i++) {
                        Blas.gemm(half[1], w2, halfOut[1], false, true);
                    }
                });
                for (int i = 0; i < reps; i++) {
                    Blas.gemm(half[0], w, halfOut[0], false, true);
                }
                other.join();
            }) / reps;
        } finally {
            openblas.blas_set_num_threads(threads > 0 ? threads : Runtime.getRuntime().availableProcessors());
        }
        System.out.printf(Locale.ROOT, "cores=%d openblas_threads=%d whole_900_ms=%.3f half_450_one_thread_ms=%.3f "
                + "two_halves_at_once_ms=%.3f%n", Runtime.getRuntime().availableProcessors(), threads, wholeMs, halfMs, pairMs);
        System.out.printf(Locale.ROOT, "speedup_two_cores=%.2f%n", 2 * halfMs / pairMs);
        return 0;
    }

    /** Milliseconds per call of {@code work}, after a warm-up of a tenth as many calls. */
    private static double time(int reps, Runnable work) {
        for (int i = 0; i < Math.max(1, reps / 10); i++) {
            work.run();
        }
        long start = System.nanoTime();
        for (int i = 0; i < reps; i++) {
            work.run();
        }
        return (System.nanoTime() - start) / 1e6 / reps;
    }
}
