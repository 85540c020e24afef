package scoremodels.cli;

import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import scoremodels.data.Grid;
import scoremodels.engine.FastScore;
import scoremodels.models.Activation;
import scoremodels.models.ScoreFunction;
import scoremodels.models.SdeScoreModel;
import scoremodels.random.Key;
import scoremodels.sampler.ODE;
import scoremodels.sampler.ProbabilityFlow;
import scoremodels.sampler.Trajectories;

/**
 * Times the chapter's sampling run: 50 starts N(0, I)·30 + 5 carried by the chapter's flow
 * through linspace(9, 0.0001, 43) with Tsit5, using a 256-wide depth-2 ReLU model.
 *
 * <p>Also times one forward pass of the same model on 1,000 points as the samplers make it (what
 * every step of notebooks 07 and 08's samplers costs), with ReLU and with softplus: 200 calls
 * after 50 warm-up calls.
 *
 * <p>Prints {@code ms_per_solve=} (the median of the timed repetitions) last, after a warm-up.
 * Optional arguments: repetitions (default 20), warm-up solves (default 10).
 */
public final class SamplerBench {
    private SamplerBench() {
    }

    public static void main(String[] args) {
        int reps = args.length > 0 ? Integer.parseInt(args[0]) : 20;
        int warmup = args.length > 1 ? Integer.parseInt(args[1]) : 10;
        if (reps < 1 || warmup < 0) {
            throw new IllegalArgumentException("need repetitions >= 1 and warm-up >= 0, got "
                    + reps + ", " + warmup);
        }
        SdeScoreModel model = new SdeScoreModel(2, 256, 2, Activation.RELU, Key.of(45));
        ODE ode = new ODE(ProbabilityFlow.chapter(model));
        double[] ts = Grid.linspace(9, 0.0001, 43);
        INDArray y0s = Nd4j.createFromArray(Key.of(39).normal(50 * 2)).reshape('c', 50, 2)
                .muli(30).addi(5);
        for (int i = 0; i < warmup; i++) {
            ode.solve(ts, y0s);
        }
        double[] ms = new double[reps];
        Trajectories last = null;
        for (int i = 0; i < reps; i++) {
            long start = System.nanoTime();
            last = ode.solve(ts, y0s);
            ms[i] = (System.nanoTime() - start) / 1e6;
        }
        java.util.Arrays.sort(ms);
        System.out.println("trajectories=" + last);
        System.out.printf(java.util.Locale.ROOT, "forward_1000_points_ms relu=%.2f softplus=%.2f%n",
                forwardMs(Activation.RELU), forwardMs(Activation.SOFTPLUS));
        System.out.printf(java.util.Locale.ROOT, "ms_per_solve=%.2f (min %.2f, max %.2f, %d reps)%n",
                ms[reps / 2], ms[0], ms[reps - 1], reps);
    }

    private static double forwardMs(Activation activation) {
        ScoreFunction model = FastScore.of(new SdeScoreModel(2, 256, 2, activation, Key.of(45)));
        INDArray x = Nd4j.createFromArray(Key.of(40).normal(1000 * 2)).reshape('c', 1000, 2).muli(10);
        for (int i = 0; i < 50; i++) {
            model.apply(x, 0.5);
        }
        long start = System.nanoTime();
        for (int i = 0; i < 200; i++) {
            model.apply(x, 0.5);
        }
        return (System.nanoTime() - start) / 1e6 / 200;
    }
}
