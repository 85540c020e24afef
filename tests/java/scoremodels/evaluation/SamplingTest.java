package scoremodels.evaluation;

import scoremodels.data.Grid;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.ndarray.INDArray;
import scoremodels.data.Datasets;
import scoremodels.data.ExactScore;
import scoremodels.random.Key;
import scoremodels.sampler.Priors;
import scoremodels.sampler.ProbabilityFlow;

class SamplingTest {
    /** Root-mean-square distance of the points to the nearer of the circles' rings (radius 10 and 2). */
    private static double offRing(INDArray points) {
        double sum = 0;
        double[][] p = points.toDoubleMatrix();
        for (double[] q : p) {
            double r = Math.hypot(q[0], q[1]);
            double d = r > 6 ? r - 10 : r - 2;
            sum += d * d;
        }
        return Math.sqrt(sum / p.length);
    }

    @Test
    void theConsistentOdeResolvesThinRingsThatConstantStepsMiss() {
        INDArray train = Datasets.load("circles").X();
        ExactScore exact = ExactScore.of("circles");
        Key key = Key.of(3);
        Sampling.Result r = Sampling.CONSISTENT_ODE.sample(exact, train, 200, key);
        assertTrue(r.adaptive());
        assertFalse(Sampling.CONSISTENT_ODE.constantSteps());
        // The rings are 0.1 thick (noise 0.01 × 10): the adaptive flow lands the points on them.
        double adaptive = offRing(r.points());
        assertTrue(adaptive < 0.2, "adaptive steps: " + adaptive);
        // The chapter's constant step of 0.21, from the same starts, overshoots the steep score near t = 0.
        INDArray y0 = Priors.noisedPoints(train, Sampling.START_TIME, 200, key.split(2)[0]);
        double[] ts = Grid.linspace(Sampling.START_TIME, Sampling.END_TIME, Sampling.SAVE_TIMES);
        double constant = offRing(Sampling.solve(ProbabilityFlow.consistent(exact), ts, y0).points());
        assertTrue(constant > 3 * adaptive, "constant steps " + constant + " vs adaptive " + adaptive);
    }
}
