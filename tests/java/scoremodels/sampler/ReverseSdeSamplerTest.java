package scoremodels.sampler;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static scoremodels.sampler.DiffEqSolveTest.assertMessage;
import static scoremodels.sampler.ProbabilityFlowTest.GAUSSIAN_SCORE;
import static scoremodels.sampler.ProbabilityFlowTest.MU;
import static scoremodels.sampler.ProbabilityFlowTest.SIGMA2;
import static scoremodels.sampler.ProbabilityFlowTest.TS;

import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import scoremodels.random.Key;

class ReverseSdeSamplerTest {
    private static final ProbabilityFlow FLOW = ProbabilityFlow.consistent(GAUSSIAN_SCORE);

    @Test
    void reverseSdeReachesTheGaussianTarget() {
        // Euler–Maruyama biases the end variance by about h/2; 20 sub-steps per save interval
        // make h ≈ 0.011, well inside the sampling tolerance of 4000 points.
        INDArray starts = ProbabilityFlowTest.noisedStarts(Key.of(11));
        Trajectories tr = new ReverseSdeSampler(FLOW).withSubsteps(20).sample(TS, starts, Key.of(12));
        INDArray end = tr.ends();
        assertArrayEquals(MU, ProbabilityFlowTest.mean(end), 0.08);
        assertEquals(SIGMA2 + TS[42], ProbabilityFlowTest.variance(end), 0.08);
        // Halfway, the samples follow the noised marginal N(μ, (σ² + t)I) too.
        assertEquals(SIGMA2 + TS[21], ProbabilityFlowTest.variance(tr.at(21)), 0.1 * (SIGMA2 + TS[21]));
    }

    @Test
    void correctorKeepsTheTarget() {
        INDArray starts = ProbabilityFlowTest.noisedStarts(Key.of(21));
        Trajectories tr = new ReverseSdeSampler(FLOW).withSubsteps(5).withCorrector(1, 0.16)
                .sample(TS, starts, Key.of(22));
        assertArrayEquals(MU, ProbabilityFlowTest.mean(tr.ends()), 0.08);
        assertEquals(SIGMA2, ProbabilityFlowTest.variance(tr.ends()), 0.1);
    }

    @Test
    void sameKeySameSamples() {
        INDArray starts = ProbabilityFlowTest.noisedStarts(Key.of(1));
        ReverseSdeSampler sampler = new ReverseSdeSampler(FLOW).withCorrector(1, 0.16);
        INDArray a = sampler.sample(TS, starts, Key.of(5)).array();
        INDArray b = sampler.sample(TS, starts, Key.of(5)).array();
        INDArray c = sampler.sample(TS, starts, Key.of(6)).array();
        assertEquals(a, b);
        assertNotEquals(a, c);
    }

    @Test
    void rejectsBadInput() {
        ReverseSdeSampler sampler = new ReverseSdeSampler(FLOW);
        INDArray y0 = Nd4j.createFromArray(new double[][] {{1.0, 2.0}});
        assertMessage(IllegalArgumentException.class, "ts must decrease",
                () -> sampler.sample(new double[] {0.1, 9}, y0, Key.of(1)));
        assertMessage(IllegalArgumentException.class, "ts must be strictly monotonic",
                () -> sampler.sample(new double[] {9, 1, 1}, y0, Key.of(1)));
        assertMessage(IllegalArgumentException.class, "key must not be null",
                () -> sampler.sample(TS, y0, null));
        assertMessage(IllegalArgumentException.class, "y0s must be finite",
                () -> sampler.sample(TS, Nd4j.createFromArray(new double[][] {{1.0,
                    Double.NEGATIVE_INFINITY}}), Key.of(1)));
        assertMessage(IllegalArgumentException.class, "substeps must be >= 1, got 0",
                () -> sampler.withSubsteps(0));
        assertMessage(IllegalArgumentException.class, "snr must be finite and > 0, got -1.0",
                () -> sampler.withCorrector(1, -1.0));
        // A diffusion that explodes is reported with its time, not turned into NaN samples.
        ProbabilityFlow bad = ProbabilityFlow.of(null, t -> t < 5 ? Double.NaN : 1.0, GAUSSIAN_SCORE);
        assertMessage(IllegalStateException.class, "at t=",
                () -> new ReverseSdeSampler(bad).sample(TS, y0, Key.of(1)));
    }
}
