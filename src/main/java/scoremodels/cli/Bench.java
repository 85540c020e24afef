package scoremodels.cli;

import scoremodels.data.Grid;
import java.util.Locale;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.api.buffer.DataType;
import scoremodels.data.Datasets;
import scoremodels.engine.ScoreMatchingEngine;
import scoremodels.noise.Noise;
import scoremodels.losses.DenoisingScoreMatching;
import scoremodels.losses.Losses;
import scoremodels.losses.Objective;
import scoremodels.losses.ScoreMatching;
import scoremodels.losses.SlicedScoreMatching;
import scoremodels.engine.Blas;
import scoremodels.engine.Gemm;
import scoremodels.losses.ValueAndGrad;
import scoremodels.models.Activation;
import scoremodels.models.SdeScoreModel;
import scoremodels.random.Key;
import scoremodels.training.Adam;

/**
 * Times one full training step of a configuration the notebooks train, on the chapter's data
 * (9 levels × 100 rows) and model (width 256, depth 2):
 * <ul>
 * <li>{@code hyvarinen}: the chapter's joint loss + 0.01 · l2Norm with Adam 5e-2 (notebook 06;
 *     relu by default, softplus as notebook 07 trains it);</li>
 * <li>{@code denoising}: fresh-noise denoising score matching (9 noised copies of the 100 points,
 *     t log-uniform in [0.001, 10]), Adam 1e-3 (notebooks 06's recipe, 07, 08);</li>
 * <li>{@code sliced}: sliced score matching, one random direction per row and step,
 *     + 0.01 · l2Norm, Adam 1e-3 (notebooks 07, 08).</li>
 * </ul>
 * Prints {@code ms_per_step=} last.
 */
final class Bench {
    private Bench() {
    }

    /** FLOPs of one step of the matrix products, for the GFLOP/s figure (forward, tangents, backward). */
    static double flopsPerStep(int rows, int dims, int width, int depth) {
        double stacked = (double) (dims + 1) * rows;
        double hidden = 2.0 * stacked * width * width * (depth - 1) * 3; // forward, dA and dW per hidden layer
        double edges = 2.0 * rows * (dims + 1) * width * 2 + 2.0 * stacked * width * dims * 3;
        return hidden + edges;
    }

    static int run(int steps, int width, int warmup) {
        return run(steps, width, warmup, "hyvarinen", Activation.RELU, true);
    }

    /** {@code sparsity}: whether the score-matching step may use ReLU's zeros (see ScoreMatchingEngine.sparsity). */
    static int run(int steps, int width, int warmup, String loss, Activation activation, boolean sparsity) {
        ScoreMatchingEngine.sparsityForNewEngines(sparsity);
        try {
            return time(steps, width, warmup, loss, activation);
        } finally {
            ScoreMatchingEngine.sparsityForNewEngines(true);
        }
    }

    private static int time(int steps, int width, int warmup, String loss, Activation activation) {
        int n = 100;
        int levels = 9;
        // The chapter's data: two Gaussians (key 55) noised at 9 levels (key 99).
        double[] ts = Grid.linspace(0.001, 10, levels);
        INDArray x = Datasets.load("gaussians", n, Key.of(55)).X().castTo(DataType.FLOAT);
        INDArray data = Noise.noiseLevels(Key.of(99), x, ts);
        SdeScoreModel model = new SdeScoreModel(2, width, 2, activation, Key.of(45));
        boolean denoising = loss.equals("denoising");
        boolean hyvarinen = loss.equals("hyvarinen");
        Objective objective = hyvarinen ? ScoreMatching.joint(data, ts, 0.01 * Losses.L2_SCALE)
                : denoising ? DenoisingScoreMatching.freshNoise(x, ts[0], ts[levels - 1], levels, Key.of(2), 0)
                : SlicedScoreMatching.joint(data, ts, 1, Key.of(2), 0.01 * Losses.L2_SCALE);
        Adam adam = new Adam(hyvarinen ? 5e-2 : 1e-3);
        double first = 0;
        double last = 0;
        for (int i = 0; i < warmup; i++) {
            ValueAndGrad vg = objective.valueAndGradForUpdate(model);
            adam.update(model.params(), vg.grads());
        }
        long sparseBefore = ScoreMatchingEngine.sparseBackwardStepsOfAll();
        long start = System.nanoTime();
        for (int i = 0; i < steps; i++) {
            ValueAndGrad vg = objective.valueAndGradForUpdate(model);
            adam.update(model.params(), vg.grads());
            if (i == 0) {
                first = vg.value();
            }
            last = vg.value();
        }
        double sec = (System.nanoTime() - start) / 1e9;
        long sparse = ScoreMatchingEngine.sparseBackwardStepsOfAll() - sparseBefore;
        double ms = sec / steps * 1e3;
        double gflops = !hyvarinen ? 0 : flopsPerStep(levels * n, 2, width, 2) / (ms / 1e3) / 1e9;
        System.out.printf(Locale.ROOT, "java=%s products=%s vector_bits=%d threads=%s loss=%s activation=%s steps=%d width=%d first_loss=%.4f "
                + "last_loss=%.4f steps_per_s=%.2f%s%n", System.getProperty("java.version"),
                Blas.implementation(), Blas.machineDependent() ? 0 : Gemm.vectorBits(), System.getenv().getOrDefault("OMP_NUM_THREADS", "default"), loss, activation.id(), steps, width, first,
                last, steps / sec, !hyvarinen ? "" : String.format(Locale.ROOT,
                        " gflops=%.1f sparse_backward_steps=%d", gflops, sparse));
        System.out.printf(Locale.ROOT, "ms_per_step=%.2f%n", ms);
        return 0;
    }
}
