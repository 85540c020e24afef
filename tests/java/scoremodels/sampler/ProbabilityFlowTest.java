package scoremodels.sampler;

import scoremodels.data.Grid;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static scoremodels.sampler.DiffEqSolveTest.assertMessage;

import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import scoremodels.models.Activation;
import scoremodels.models.ScoreFunction;
import scoremodels.models.SdeScoreModel;
import scoremodels.random.Key;
import tech.tablesaw.api.Table;

/**
 * The probability flow on a Gaussian target N(μ, σ²I), whose noised densities N(μ, (σ² + t)I)
 * have the exact score s(x, t) = −(x − μ)/(σ² + t).
 */
class ProbabilityFlowTest {
    static final double SIGMA2 = 1.0;
    static final double[] MU = {2.0, -1.0};
    static final int N = 4000;
    static final double[] TS = Grid.linspace(9, 0.0001, 43);

    /** The exact score of N(μ, σ²I) noised to variance σ² + t. */
    static final ScoreFunction GAUSSIAN_SCORE = (x, t) -> x.subRowVector(
            Nd4j.createFromArray(MU).castTo(x.dataType())).negi()
            .diviColumnVector(t.reshape(x.rows(), 1).castTo(x.dataType()).add(SIGMA2));

    /** N samples of N(μ, (σ² + 9)I), the noised target at t = 9. */
    static INDArray noisedStarts(Key key) {
        double sd = Math.sqrt(SIGMA2 + TS[0]);
        double[] z = key.normal(N * 2);
        double[] x = new double[N * 2];
        for (int i = 0; i < x.length; i++) {
            x[i] = MU[i % 2] + sd * z[i];
        }
        return Nd4j.createFromArray(x).reshape('c', N, 2);
    }

    static double[] mean(INDArray x) {
        return x.mean(0).toDoubleVector();
    }

    /** Variance pooled over both dimensions (about the sample mean). */
    static double variance(INDArray x) {
        return x.var(false, 0).meanNumber().doubleValue();
    }

    @Test
    void consistentFlowCarriesTheNoisedGaussianToTheTarget() {
        Trajectories tr = new ODE(ProbabilityFlow.consistent(GAUSSIAN_SCORE))
                .solve(TS, noisedStarts(Key.of(3)));
        INDArray end = tr.ends();
        double[] m = mean(end);
        // Sampling tolerance: sd of the mean ≈ 1/√4000 ≈ 0.016, of the variance ≈ 0.016.
        assertEquals(MU[0], m[0], 0.08);
        assertEquals(MU[1], m[1], 0.08);
        assertEquals(SIGMA2 + TS[42], variance(end), 0.08);
        // The flow here is the exact map u ↦ u·√((σ² + t)/(σ² + 9)): check it path by path.
        double shrink = Math.sqrt((SIGMA2 + TS[42]) / (SIGMA2 + TS[0]));
        INDArray mu = Nd4j.createFromArray(MU);
        INDArray predicted = tr.starts().subRowVector(mu).muli(shrink).addiRowVector(mu);
        assertTrue(end.sub(predicted).amaxNumber().doubleValue() < 1e-5);
    }

    @Test
    void chapterFlowOvershootsTowardsTheMean() {
        // With g = t the drift is −½t²s = ½t²(x − μ)/(σ² + t): linear in u = x − μ, so
        // u(ε) = u(T)·exp(−∫_ε^T t²/(2(σ² + t)) dt), and t²/(σ² + t) = t − σ² + σ⁴/(σ² + t).
        Trajectories tr = new ODE(ProbabilityFlow.chapter(GAUSSIAN_SCORE))
                .solve(TS, noisedStarts(Key.of(3)));
        double t1 = TS[0];
        double t0 = TS[42];
        double integral = 0.5 * (antiderivative(t1) - antiderivative(t0));
        double closedRatio = Math.exp(-2.0 * integral);
        double numericRatio = variance(tr.ends()) / variance(tr.starts());
        assertEquals(1.0, numericRatio / closedRatio, 0.02, "numeric " + numericRatio
                + " vs closed form " + closedRatio);
        // The end variance is ≈ 10·e^(−33.8) ≈ 2e−14: every sample collapses onto μ, nowhere
        // near the target variance σ² = 1.
        double endVariance = (SIGMA2 + t1) * closedRatio;
        assertTrue(endVariance < 1e-10, "closed-form end variance " + endVariance);
        assertTrue(variance(tr.ends()) < 1e-6 * SIGMA2);
        assertArrayEquals(MU, mean(tr.ends()), 0.2);
    }

    private static double antiderivative(double t) {
        return t * t / 2 - SIGMA2 * t + SIGMA2 * SIGMA2 * Math.log(SIGMA2 + t);
    }

    @Test
    void trajectoriesHaveTheChapterShapeAndTable() {
        INDArray y0s = Nd4j.createFromArray(Key.of(39).normal(50 * 2)).reshape('c', 50, 2)
                .muli(30).addi(5);
        Trajectories tr = new ODE(ProbabilityFlow.consistent(GAUSSIAN_SCORE)).solve(TS, y0s);
        assertArrayEquals(new long[] {50, 43, 2}, tr.array().shape());
        assertEquals(y0s, tr.starts());
        assertArrayEquals(TS, tr.ts(), 0.0);
        Table table = tr.toTable();
        assertEquals(50 * 43, table.rowCount());
        assertEquals(java.util.List.of("trajectory", "step", "t", "x1", "x2"), table.columnNames());
        // Row 43·7 + 5 is trajectory 7 at save index 5.
        int row = 43 * 7 + 5;
        assertEquals(7, table.intColumn("trajectory").getInt(row));
        assertEquals(5, table.intColumn("step").getInt(row));
        assertEquals(TS[5], table.doubleColumn("t").getDouble(row), 0.0);
        assertEquals(tr.array().getDouble(7, 5, 1), table.doubleColumn("x2").getDouble(row), 0.0);
    }

    @Test
    void solverChoiceAndFloatInput() {
        INDArray y0s = noisedStarts(Key.of(5)).get(
                org.nd4j.linalg.indexing.NDArrayIndex.interval(0, 100),
                org.nd4j.linalg.indexing.NDArrayIndex.all()).dup();
        ODE ode = new ODE(ProbabilityFlow.consistent(GAUSSIAN_SCORE));
        Trajectories tsit = ode.solve(TS, y0s);
        Trajectories heun = ode.solve(TS, y0s, Solver.HEUN, TS[1] - TS[0]);
        Trajectories euler = ode.solve(TS, y0s, Solver.EULER, (TS[1] - TS[0]) / 4);
        Trajectories adaptive = ode.solve(TS, y0s, Solver.TSIT5, TS[1] - TS[0],
                PIController.of(1e-7, 1e-9));
        double e = tsit.ends().sub(heun.ends()).amaxNumber().doubleValue();
        assertTrue(e > 1e-6 && e < 1e-2, "Heun differs from Tsit5 by " + e);
        assertTrue(tsit.ends().sub(euler.ends()).amaxNumber().doubleValue() < 0.1);
        assertTrue(tsit.ends().sub(adaptive.ends()).amaxNumber().doubleValue() < 1e-5);
        Trajectories f = ode.solve(TS, y0s.castTo(DataType.FLOAT));
        assertEquals(DataType.FLOAT, f.array().dataType());
        assertTrue(tsit.ends().sub(f.ends().castTo(DataType.DOUBLE)).amaxNumber().doubleValue() < 1e-4);
    }

    @Test
    void customFlowUsesFAndG() {
        // f = −x, g = 0: the flow is plain exponential decay whatever the score says.
        ProbabilityFlow flow = ProbabilityFlow.of((t, y) -> y.neg(), t -> 0.0, GAUSSIAN_SCORE);
        INDArray y0 = Nd4j.createFromArray(new double[][] {{1.0, -2.0}});
        Trajectories tr = new ODE(flow).solve(new double[] {0.0, 0.5, 1.0}, y0);
        // Two Tsit5 steps of 0.5 on y' = −y: relative error ≈ 1e−5.
        assertEquals(Math.exp(-1.0), tr.ends().getDouble(0, 0), 1e-5);
        assertEquals(-2 * Math.exp(-0.5), tr.at(1).getDouble(0, 1), 1e-5);
    }

    @Test
    void rejectsBadInput() {
        ODE ode = new ODE(ProbabilityFlow.consistent(GAUSSIAN_SCORE));
        INDArray y0 = Nd4j.createFromArray(new double[][] {{1.0, 2.0}});
        assertMessage(IllegalArgumentException.class, "ts must be strictly monotonic",
                () -> ode.solve(new double[] {9, 5, 5, 1}, y0));
        assertMessage(IllegalArgumentException.class, "ts[1]=6.0",
                () -> ode.solve(new double[] {9, 6, 7}, y0));
        assertMessage(IllegalArgumentException.class, "ts must hold at least two times",
                () -> ode.solve(new double[] {9}, y0));
        assertMessage(IllegalArgumentException.class, "ts[1] must be finite, got NaN",
                () -> ode.solve(new double[] {9, Double.NaN}, y0));
        assertMessage(IllegalArgumentException.class, "dt0=0.5 points the wrong way",
                () -> ode.solve(TS, y0, Solver.TSIT5, 0.5));
        assertMessage(IllegalArgumentException.class, "y0 must be finite, got NaN",
                () -> ode.solve(TS, Nd4j.createFromArray(new double[][] {{Double.NaN, 2.0}})));
        // A 2-D model asked to move 3-D points.
        SdeScoreModel model = new SdeScoreModel(2, 16, 1, Activation.RELU, Key.of(1));
        assertMessage(IllegalArgumentException.class, "x must have shape [N, 2], got [4, 3]",
                () -> new ODE(ProbabilityFlow.chapter(model)).solve(TS, Nd4j.zeros(4, 3)));
        // A score that returns the wrong shape.
        ScoreFunction wrong = (x, t) -> Nd4j.zeros(x.rows(), 1);
        assertMessage(IllegalArgumentException.class, "score output shape [1, 1]",
                () -> new ODE(ProbabilityFlow.consistent(wrong)).solve(TS, y0));
        assertMessage(IllegalArgumentException.class, "score must not be null",
                () -> ProbabilityFlow.chapter(null));
    }

    @Test
    void chapterModelRunsOnTheChapterGrid() {
        SdeScoreModel model = new SdeScoreModel(2, 256, 2, Activation.RELU, Key.of(45));
        INDArray y0s = Nd4j.createFromArray(Key.of(39).normal(100)).reshape('c', 50, 2)
                .muli(30).addi(5);
        Trajectories tr = new ODE(ProbabilityFlow.chapter(model)).solve(TS, y0s);
        assertArrayEquals(new long[] {50, 43, 2}, tr.array().shape());
        for (double v : tr.array().dup('c').data().asDouble()) {
            assertTrue(Double.isFinite(v));
        }
        // The drift −½t²s is not zero for an untrained model, so the points move.
        assertTrue(tr.ends().sub(tr.starts()).amaxNumber().doubleValue() > 1e-3);
    }
}
