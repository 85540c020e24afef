package scoremodels.evaluation;

import scoremodels.data.Grid;
import java.util.Locale;
import org.nd4j.linalg.api.ndarray.INDArray;
import scoremodels.models.ScoreFunction;
import scoremodels.random.Key;
import scoremodels.sampler.DiffEqSolve;
import scoremodels.sampler.Drift;
import scoremodels.sampler.ODE;
import scoremodels.sampler.Solution;
import scoremodels.sampler.PIController;
import scoremodels.sampler.Priors;
import scoremodels.sampler.ProbabilityFlow;
import scoremodels.sampler.ReverseSdeSampler;
import scoremodels.sampler.Solver;
import scoremodels.sampler.Trajectories;

/**
 * The three ways the notebooks turn noise into points, from t = 9 down to t = 0.0001 in 43 saves.
 *
 * <ul>
 *   <li>{@code CHAPTER_ODE}: the chapter's flow, drift −½t²s, from the chapter's starts
 *       N(0, I)·30 + 5;</li>
 *   <li>{@code CONSISTENT_ODE}: the drift −½s that matches the noising of section 6.2, from the
 *       training points noised to t = 9 ({@link Priors#noisedPoints}): where the data really is at
 *       t = 9 (a single Gaussian N(mean, var + 9) misses that the two Gaussians are still two bumps,
 *       and that alone cost an energy distance of 0.3). It takes adaptive steps (rtol = atol =
 *       1e-3): near t = 0 the score of thin data is steep (slope 1/(σ² + t) = 100 on the circles),
 *       and the chapter's constant step of 0.21 then lands points 0.9 off circles 0.1 thick even
 *       with the exact score ({@link scoremodels.data.ExactScore}); the controller takes 17 steps
 *       there and lands them 0.1 off;</li>
 *   <li>{@code REVERSE_SDE}: the reverse-time SDE of the same noising (Euler–Maruyama, 5 sub-steps
 *       per save interval), from the same starts.</li>
 * </ul>
 * The chapter's ODE takes constant steps as in the chapter; when they diverge (a steep score far
 * from the data), the solve is repeated with a step-size controller, and {@link Result#adaptive}
 * says so.
 */
public enum Sampling {
    CHAPTER_ODE("chapter ODE −½t²s", true),
    CONSISTENT_ODE("consistent ODE −½s", false),
    REVERSE_SDE("reverse SDE", true);

    /** Most steps the step-size controller may take before the sampler gives up. */
    public static final int MAX_ADAPTIVE_STEPS = 1000;

    /** Where the samplers start, as in section 6.7: t = 9, where the data is blurred beyond recognition. */
    public static final double START_TIME = 9.0;

    /** Where they stop, t = 0.0001: almost the data itself. */
    public static final double END_TIME = 0.0001;

    /** How many evenly spaced times from start to end the trajectories are saved at (the chapter's 43). */
    public static final int SAVE_TIMES = 43;

    /** Tolerance (relative and absolute) of the adaptive steps. */
    public static final double TOLERANCE = 1e-3;

    private final String label;
    private final boolean constantSteps;

    Sampling(String label, boolean constantSteps) {
        this.label = label;
        this.constantSteps = constantSteps;
    }

    public String label() {
        return label;
    }

    /** Whether this sampler steps at constant intervals (adaptive steps only as a fallback). */
    public boolean constantSteps() {
        return constantSteps;
    }

    /** What a sampler returned: the trajectories, and whether a step-size controller chose the steps. */
    public record Result(Trajectories trajectories, boolean adaptive, double seconds) {
        public INDArray points() {
            return trajectories.ends();
        }
    }

    /** Draws {@code n} points with this sampler; {@code data} [N, D] only sets the starting Gaussian. */
    public Result sample(ScoreFunction score, INDArray data, int n, Key key) {
        if (score == null) {
            throw new IllegalArgumentException("score must not be null");
        }
        if (n < 1) {
            throw new IllegalArgumentException("n must be >= 1, got " + n);
        }
        long start = System.nanoTime();
        double[] ts = Grid.linspace(START_TIME, END_TIME, SAVE_TIMES);
        Key[] keys = key.split(2);
        int d = (int) data.columns();
        INDArray y0 = this == CHAPTER_ODE ? Priors.chapter(n, d, keys[0]) : Priors.noisedPoints(data, START_TIME, n, keys[0]);
        if (this == REVERSE_SDE) {
            Trajectories tr = new ReverseSdeSampler(ProbabilityFlow.consistent(score)).withSubsteps(5).sample(ts, y0, keys[1]);
            return new Result(tr, false, (System.nanoTime() - start) / 1e9);
        }
        if (this == CONSISTENT_ODE) {
            return new Result(adaptive(ProbabilityFlow.consistent(score), ts, y0), true, (System.nanoTime() - start) / 1e9);
        }
        return solve(ProbabilityFlow.chapter(score), ts, y0);
    }

    /**
     * Tsit5 with the chapter's constant steps dt0 = ts[1] − ts[0]; if a trajectory diverges, the
     * same ODE again with a step-size controller (rtol = atol = 1e-3) and at most
     * {@link #MAX_ADAPTIVE_STEPS} steps, so that a score too steep even for that fails with a
     * clear exception instead of running for minutes.
     */
    public static Result solve(Drift drift, double[] ts, INDArray y0) {
        long start = System.nanoTime();
        try {
            return new Result(new ODE(drift).solve(ts, y0), false, (System.nanoTime() - start) / 1e9);
        } catch (IllegalStateException diverged) {
            return new Result(adaptive(drift, ts, y0), true, (System.nanoTime() - start) / 1e9);
        }
    }

    /** Tsit5 with a step-size controller ({@link #TOLERANCE}), first trial step ts[1] − ts[0], saved at ts. */
    public static Trajectories adaptive(Drift drift, double[] ts, INDArray y0) {
        Solution sol = DiffEqSolve.solve(drift, Solver.TSIT5, ts[0], ts[ts.length - 1], ts[1] - ts[0], y0,
                PIController.of(TOLERANCE, TOLERANCE), MAX_ADAPTIVE_STEPS);
        return new Trajectories(sol.evaluate(ts), ts);
    }

    @Override
    public String toString() {
        return name().toLowerCase(Locale.ROOT);
    }
}
