package scoremodels.sampler;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static scoremodels.sampler.ProbabilityFlowTest.GAUSSIAN_SCORE;

import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import scoremodels.data.Grid;
import scoremodels.random.Key;

/** The samplers refuse negative diffusion times, and sizes whose product overflows. */
class SamplerInputChecksTest {
    private static final ProbabilityFlow FLOW = ProbabilityFlow.consistent(GAUSSIAN_SCORE);
    private static final INDArray Y0 = Nd4j.createFromArray(new double[][] {{1, 2}, {3, 4}});

    @Test
    void theOdeSamplerRefusesNegativeTimes() {
        ODE ode = new ODE(FLOW);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> ode.solve(new double[] {1.0, 0.0, -0.5}, Y0));
        assertEquals("ts[2] must be >= 0 (diffusion time), got -0.5", e.getMessage());
        e = assertThrows(IllegalArgumentException.class,
                () -> ode.solve(new double[] {-2.0, -1.0}, Y0, Solver.HEUN, 0.5));
        assertEquals("ts[0] must be >= 0 (diffusion time), got -2.0", e.getMessage());
        // Down to t = 0 itself is fine.
        assertEquals(2, ode.solve(new double[] {1.0, 0.0}, Y0).numTimes());
    }

    @Test
    void theReverseSdeSamplerRefusesNegativeTimes() {
        ReverseSdeSampler sde = new ReverseSdeSampler(FLOW);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> sde.sample(new double[] {1.0, -1.0}, Y0, Key.of(1)));
        assertEquals("ts[1] must be >= 0 (diffusion time), got -1.0", e.getMessage());
        assertEquals(2, sde.sample(new double[] {1.0, 0.0}, Y0, Key.of(1)).numTimes());
    }

    /**
     * A first step of 1 on dy/dt = −y³ from y = 10 overflows inside the step. No drift sees the
     * infinite stage (this one refuses it, as a score model does); the adaptive solver rejects
     * the step and lands on the exact y(1) = 1/√(2 + 1/y0²).
     */
    @Test
    void anOverflowingStageIsRejectedWithoutReachingTheDrift() {
        Drift strict = (t, y) -> {
            for (double v : y.toDoubleVector()) {
                if (!Double.isFinite(v)) {
                    throw new IllegalArgumentException("y must be finite, got " + v);
                }
            }
            return y.mul(y).muli(y).negi();
        };
        INDArray y0 = Nd4j.createFromArray(new double[][] {{10.0}});
        Solution sol = DiffEqSolve.solve(strict, Solver.TSIT5, 0.0, 1.0, 1.0, y0, PIController.of(1e-8, 1e-10), 4096);
        assertTrue(sol.numRejected() > 0, "the first step must have been rejected");
        assertEquals(1 / Math.sqrt(2 + 0.01), sol.ys().getDouble(0, 0), 1e-6);

        IllegalStateException e = assertThrows(IllegalStateException.class,
                () -> DiffEqSolve.solve(strict, Solver.TSIT5, 0.0, 1.0, 1.0, y0));
        assertTrue(e.getMessage().startsWith("state became non-finite"), e.getMessage());
    }

    /** 2^20 points · 4096 times · 1 dimension wraps past int; the sampler says so before allocating. */
    @Test
    void trajectoriesTooLargeForAnArrayNameTheSizes() {
        INDArray many = Nd4j.zeros(1 << 20, 1);
        double[] ts = Grid.linspace(1.0, 0.0, 4096);
        ProbabilityFlow flow = ProbabilityFlow.consistent((x, t) -> x.neg());
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> new ReverseSdeSampler(flow).sample(ts, many, Key.of(1)));
        assertTrue(e.getMessage().contains("n·T·D") && e.getMessage().contains("1048576·4096·1"), e.getMessage());

        Solution one = DiffEqSolve.solve(flow, Solver.EULER, 1.0, 0.0, -1.0, many);
        e = assertThrows(IllegalArgumentException.class, () -> one.evaluate(ts));
        assertTrue(e.getMessage().contains("n·T·D") && e.getMessage().contains("1048576·4096·1"), e.getMessage());
    }
}
