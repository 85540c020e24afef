package scoremodels.sampler;

import scoremodels.data.Grid;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

class DiffEqSolveTest {
    /** dy/dt = a(t)·y per column, a = (cos t, −0.5): y(t) = y0·exp(sin t − sin t0, −0.5(t − t0)). */
    private static final Drift LINEAR = (t, y) ->
            y.mulRowVector(Nd4j.createFromArray(Math.cos(t), -0.5).castTo(y.dataType()));

    private static final INDArray Y0 = Nd4j.createFromArray(new double[][] {{1.0, 2.0}, {-0.5, 0.3}});

    private static double[][] exact(double t0, double t) {
        double[][] y = Y0.toDoubleMatrix();
        double e0 = Math.exp(Math.sin(t) - Math.sin(t0));
        double e1 = Math.exp(-0.5 * (t - t0));
        for (double[] row : y) {
            row[0] *= e0;
            row[1] *= e1;
        }
        return y;
    }

    private static double maxError(INDArray got, double[][] want) {
        double worst = 0.0;
        for (int r = 0; r < want.length; r++) {
            for (int c = 0; c < want[r].length; c++) {
                worst = Math.max(worst, Math.abs(got.getDouble(r, c) - want[r][c]));
            }
        }
        return worst;
    }

    /** A damped rotation dy/dt = A·y, A = [[−½, 1], [−1, −½]] (rows of y times Aᵀ). */
    private static final Drift ROTATION = (t, y) -> y.mmul(
            Nd4j.createFromArray(new double[][] {{-0.5, -1.0}, {1.0, -0.5}}).castTo(y.dataType()));

    /** Its exact solution y(t) = e^(−t/2)·R(t)·y0 with R the rotation by −t. */
    private static double[][] rotationExact(double t) {
        double[][] y = Y0.toDoubleMatrix();
        double c = Math.cos(t);
        double s = Math.sin(t);
        double e = Math.exp(-0.5 * t);
        for (double[] row : y) {
            double a = row[0];
            double b = row[1];
            row[0] = e * (c * a + s * b);
            row[1] = e * (-s * a + c * b);
        }
        return y;
    }

    private static double endError(Solver solver, int steps) {
        double t1 = 4.0;
        Solution sol = DiffEqSolve.solve(ROTATION, solver, 0.0, t1, t1 / steps, Y0);
        assertEquals(steps, sol.numSteps());
        return maxError(sol.ys(), rotationExact(t1));
    }

    @Test
    void tsit5IsFifthOrder() {
        // Tsit5's leading error constants are small, so the ratio approaches 2^5 = 32 from
        // above only once h·|λ| is small: 53, 55, 49, 44, 36 for N = 5 … 160 steps here.
        double ratio = endError(Solver.TSIT5, 80) / endError(Solver.TSIT5, 160);
        assertTrue(ratio > 20 && ratio < 45, "Tsit5 error ratio on halving " + ratio);
    }

    @Test
    void tsit5HandlesTimeDependentDrifts() {
        // The cos(t) column checks the stage times c_i; errors fall by more than 2^4 per halving.
        Solution coarse = DiffEqSolve.solve(LINEAR, Solver.TSIT5, 0.0, 4.0, 0.2, Y0);
        Solution fine = DiffEqSolve.solve(LINEAR, Solver.TSIT5, 0.0, 4.0, 0.1, Y0);
        double ratio = maxError(coarse.ys(), exact(0.0, 4.0)) / maxError(fine.ys(), exact(0.0, 4.0));
        assertTrue(ratio > 16, "ratio " + ratio);
        assertTrue(maxError(fine.ys(), exact(0.0, 4.0)) < 1e-9);
    }

    @Test
    void heunIsSecondOrder() {
        double ratio = endError(Solver.HEUN, 40) / endError(Solver.HEUN, 80);
        assertTrue(ratio > 3.5 && ratio < 4.5, "Heun error ratio on halving " + ratio);
    }

    @Test
    void eulerIsFirstOrder() {
        double ratio = endError(Solver.EULER, 160) / endError(Solver.EULER, 320);
        assertTrue(ratio > 1.8 && ratio < 2.2, "Euler error ratio on halving " + ratio);
    }

    @Test
    void denseOutputIsAccurateBetweenSteps() {
        Solution sol = DiffEqSolve.solve(LINEAR, Solver.TSIT5, 0.0, 4.0, 0.1, Y0);
        double worst = 0.0;
        for (double t = 0.013; t < 4.0; t += 0.0371) {
            worst = Math.max(worst, maxError(sol.evaluate(t), exact(0.0, t)));
        }
        // The interpolant is 4th order: between steps it is less exact than at the steps
        // (about 4e-11 here) but far below any tolerance one would ask of h = 0.1.
        assertTrue(worst < 1e-7, "dense output error " + worst);
    }

    @Test
    void denseOutputOrderIsFour() {
        double[] errs = new double[2];
        double[] hs = {0.4, 0.2};
        for (int k = 0; k < 2; k++) {
            Solution sol = DiffEqSolve.solve(LINEAR, Solver.TSIT5, 0.0, 4.0, hs[k], Y0);
            for (double t = 0.05; t < 4.0; t += 0.1) {
                errs[k] = Math.max(errs[k], maxError(sol.evaluate(t), exact(0.0, t)));
            }
        }
        double ratio = errs[0] / errs[1];
        assertTrue(ratio > 12, "dense error ratio on halving " + ratio);
    }

    @Test
    void lastStepIsClippedOntoT1() {
        Solution sol = DiffEqSolve.solve(LINEAR, Solver.TSIT5, 0.0, 1.0, 0.3, Y0);
        double[] times = sol.stepTimes();
        assertEquals(5, times.length);
        assertEquals(0.9, times[3], 1e-15);
        assertEquals(1.0, times[4], 0.0);
        assertTrue(maxError(sol.ys(), exact(0.0, 1.0)) < 1e-5);
    }

    @Test
    void linspaceGridGivesOneStepPerInterval() {
        double[] ts = Grid.linspace(9, 0.0001, 43);
        Solution sol = DiffEqSolve.solve(LINEAR, Solver.TSIT5, ts[0], ts[42], ts[1] - ts[0], Y0);
        assertEquals(42, sol.numSteps());
        assertEquals(0.0001, sol.stepTimes()[42], 0.0);
        // FSAL: 7 evaluations for the first step, 6 for every later one.
        assertEquals(7 + 41 * 6, sol.numDriftEvaluations());
    }

    @Test
    void forwardsThenBackwardsReturnsToStart() {
        Drift nonlinear = (t, y) -> {
            INDArray x = y.getColumn(0);
            INDArray v = y.getColumn(1);
            // A damped pendulum with a cubic term.
            INDArray dv = x.mul(x).mul(x).muli(-0.3).subi(Nd4j.math().sin(x)).subi(v.mul(0.1));
            return Nd4j.hstack(v.reshape(-1, 1), dv.reshape(-1, 1));
        };
        Solution there = DiffEqSolve.solve(nonlinear, Solver.TSIT5, 0.0, 3.0, 0.01, Y0);
        Solution back = DiffEqSolve.solve(nonlinear, Solver.TSIT5, 3.0, 0.0, -0.01, there.ys());
        assertTrue(maxError(back.ys(), Y0.toDoubleMatrix()) < 1e-8);
        assertTrue(maxError(there.ys(), Y0.toDoubleMatrix()) > 0.1, "the flow must move");
    }

    @Test
    void adaptiveStepsMeetTheTolerance() {
        Solution sol = DiffEqSolve.solve(LINEAR, Solver.TSIT5, 0.0, 4.0, 0.01, Y0,
                PIController.of(1e-8, 1e-10), 4096);
        assertTrue(maxError(sol.ys(), exact(0.0, 4.0)) < 1e-6);
        assertTrue(sol.numSteps() < 200, "steps " + sol.numSteps());
        assertEquals(4.0, sol.stepTimes()[sol.numSteps()], 0.0);
        // A loose tolerance takes fewer, bigger steps.
        Solution loose = DiffEqSolve.solve(LINEAR, Solver.TSIT5, 0.0, 4.0, 0.01, Y0,
                PIController.of(1e-4, 1e-6), 4096);
        assertTrue(loose.numSteps() < sol.numSteps());
        double t = 2.345;
        assertTrue(maxError(loose.evaluate(t), exact(0.0, t)) < 1e-2);
    }

    @Test
    void piControllerAndHeunAdapt() {
        Solution sol = DiffEqSolve.solve(LINEAR, Solver.HEUN, 4.0, 0.0, -0.5,
                Nd4j.createFromArray(new double[][] {{1.0, 1.0}}),
                PIController.of(1e-6, 1e-8).withCoefficients(0.4, 0.3), 4096);
        double[][] want = {{Math.exp(Math.sin(0.0) - Math.sin(4.0)), Math.exp(2.0)}};
        assertTrue(maxError(sol.ys(), want) < 1e-3 * Math.exp(2.0));
        assertTrue(sol.numRejected() >= 1, "a first step of 0.5 is too big for rtol 1e-6");
    }

    @Test
    void keepsTheInputDataType() {
        INDArray y0 = Y0.castTo(DataType.FLOAT);
        Solution sol = DiffEqSolve.solve(LINEAR, Solver.TSIT5, 0.0, 1.0, 0.1, y0);
        assertEquals(DataType.FLOAT, sol.ys().dataType());
        assertEquals(DataType.FLOAT, sol.evaluate(new double[] {0.0, 0.5}).dataType());
        assertTrue(maxError(sol.ys(), exact(0.0, 1.0)) < 1e-6);
    }

    @Test
    void rejectsBadArguments() {
        assertMessage(IllegalArgumentException.class, "dt0 must be finite and non-zero, got 0.0",
                () -> DiffEqSolve.solve(LINEAR, Solver.TSIT5, 0.0, 1.0, 0.0, Y0));
        assertMessage(IllegalArgumentException.class, "dt0=-0.1",
                () -> DiffEqSolve.solve(LINEAR, Solver.TSIT5, 0.0, 1.0, -0.1, Y0));
        assertMessage(IllegalArgumentException.class, "dt0=1.0E-4",
                () -> DiffEqSolve.solve(LINEAR, Solver.TSIT5, 0.0, 1.0, 1e-4, Y0));
        assertMessage(IllegalArgumentException.class, "t1=0.0",
                () -> DiffEqSolve.solve(LINEAR, Solver.TSIT5, 0.0, 0.0, 0.1, Y0));
        assertMessage(IllegalArgumentException.class, "NaN",
                () -> DiffEqSolve.solve(LINEAR, Solver.TSIT5, 0.0, 1.0, 0.1,
                        Nd4j.createFromArray(new double[][] {{1.0, Double.NaN}})));
        assertMessage(IllegalArgumentException.class, "Infinity",
                () -> DiffEqSolve.solve(LINEAR, Solver.TSIT5, 0.0, 1.0, 0.1,
                        Nd4j.createFromArray(new double[][] {{Double.POSITIVE_INFINITY, 1.0}})));
        assertMessage(IllegalArgumentException.class, "[2]",
                () -> DiffEqSolve.solve(LINEAR, Solver.TSIT5, 0.0, 1.0, 0.1,
                        Nd4j.createFromArray(1.0, 2.0)));
        assertMessage(IllegalArgumentException.class, "rtol must be finite and > 0, got 0.0",
                () -> PIController.of(0.0, 1e-6));
        assertMessage(IllegalArgumentException.class, "atol must be finite and > 0, got -1.0",
                () -> PIController.of(1e-3, -1.0));
        assertMessage(IllegalArgumentException.class, "EULER",
                () -> DiffEqSolve.solve(LINEAR, Solver.EULER, 0.0, 1.0, 0.1, Y0,
                        PIController.of(1e-3, 1e-6), 100));
        assertMessage(IllegalArgumentException.class, "maxSteps=5",
                () -> DiffEqSolve.solve(LINEAR, Solver.TSIT5, 0.0, 1.0, 0.1, Y0, null, 5));
    }

    @Test
    void driftOfTheWrongShapeFails() {
        Drift wrong = (t, y) -> Nd4j.zeros(DataType.DOUBLE, y.rows(), 3);
        assertMessage(IllegalArgumentException.class, "drift output shape [2, 3]",
                () -> DiffEqSolve.solve(wrong, Solver.TSIT5, 0.0, 1.0, 0.1, Y0));
    }

    @Test
    void blowUpIsReportedWithItsTime() {
        Drift square = (t, y) -> y.mul(y);
        INDArray ones = Nd4j.createFromArray(new double[][] {{1.0, 1.0}});
        // y' = y² from 1 blows up at t = 1; constant Euler steps overflow a little later.
        IllegalStateException e = assertThrows(IllegalStateException.class,
                () -> DiffEqSolve.solve(square, Solver.EULER, 0.0, 50.0, 0.5, ones));
        assertTrue(e.getMessage().contains("non-finite") && e.getMessage().contains("at t="),
                e.getMessage());
        // Adaptive steps shrink towards the singularity until they underflow.
        IllegalStateException u = assertThrows(IllegalStateException.class,
                () -> DiffEqSolve.solve(square, Solver.TSIT5, 0.0, 2.0, 0.1, ones,
                        PIController.of(1e-6, 1e-6), 100_000));
        assertTrue(u.getMessage().contains("underflow"), u.getMessage());
        IllegalStateException m = assertThrows(IllegalStateException.class,
                () -> DiffEqSolve.solve(square, Solver.TSIT5, 0.0, 2.0, 0.1, ones,
                        PIController.of(1e-6, 1e-6), 50));
        assertTrue(m.getMessage().contains("maxSteps=50"), m.getMessage());
    }

    @Test
    void evaluateOutsideTheIntervalFails() {
        Solution sol = DiffEqSolve.solve(LINEAR, Solver.TSIT5, 0.0, 1.0, 0.1, Y0);
        assertMessage(IllegalArgumentException.class, "t=1.5",
                () -> sol.evaluate(1.5));
    }

    static void assertMessage(Class<? extends RuntimeException> type, String part,
            org.junit.jupiter.api.function.Executable call) {
        RuntimeException e = assertThrows(type, call);
        assertTrue(e.getMessage() != null && e.getMessage().contains(part),
                "message '" + e.getMessage() + "' should contain '" + part + "'");
    }
}
