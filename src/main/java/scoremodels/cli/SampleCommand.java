package scoremodels.cli;

import scoremodels.data.Grid;
import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Locale;
import java.util.function.Function;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import scoremodels.Checks;
import scoremodels.io.ModelFiles;
import scoremodels.models.ScoreFunction;
import scoremodels.models.SdeScoreModel;
import scoremodels.random.Key;
import scoremodels.sampler.DiffEqSolve;
import scoremodels.sampler.ODE;
import scoremodels.sampler.ProbabilityFlow;
import scoremodels.sampler.ReverseSdeSampler;
import scoremodels.sampler.Solver;
import scoremodels.sampler.Trajectories;

/**
 * {@code sample}: draws points from a trained score model and writes the final points as CSV.
 *
 * <pre>
 * sample --model PATH.npz [--sampler ode|sde] [--drift chapter|consistent] [--n 50] [--seed 39]
 *        [--out samples.csv] [--t1 9] [--steps 43] [--solver tsit5|heun|euler]
 *        [--substeps 1] [--corrector 0]
 * </pre>
 *
 * Starts are the chapter's: N(0, I)·30 + 5 drawn with {@code Key.of(seed)}, for both drifts, so
 * the two runs differ only in the drift (the consistent flow would rather start from the noised
 * data's spread, N(·, (σ_data² + t1)·I), but then chapter and consistent runs would not be
 * comparable point by point). Times: linspace(t1, 0.0001, steps). The SDE sampler's noise comes
 * from the second key of {@code Key.of(seed).split(2)}. Exit codes: 0 done, 2 bad arguments or
 * an unusable model file (one line naming the option and value), 1 a failure while sampling or
 * writing (one line with its cause; {@code --verbose} adds the stack trace).
 */
public final class SampleCommand {
    static final double T_END = 0.0001;
    /** The chapter's starts are 2-D. */
    static final int DIMS = 2;

    private SampleCommand() {
    }

    /** Runs with {@code scoremodels.io.ModelFiles.load} as the model loader. */
    public static int run(String[] args) {
        return run(args, SampleCommand::loadWithModelFiles);
    }

    /** Runs with the given model loader (tests pass an analytic score here). */
    public static int run(String[] args, Function<Path, ScoreFunction> loader) {
        return run(args, loader, System.out, System.err);
    }

    /**
     * Exit codes: 0 done; 2 a bad command line or a model file that cannot be used, one line
     * naming the option and the value; 1 sampling failed, one line with the cause. With
     * {@code --verbose} a failure also prints its stack trace.
     */
    static int run(String[] args, Function<Path, ScoreFunction> loader, PrintStream out,
            PrintStream err) {
        boolean verbose = args != null && Args.hasFlag(args, "--verbose");
        return run(args == null ? null : Args.withoutFlag(args, "--verbose"), loader, out, err, verbose);
    }

    static int run(String[] args, Function<Path, ScoreFunction> loader, PrintStream out, PrintStream err,
            boolean verbose) {
        Options o;
        try {
            o = Options.parse(args);
        } catch (IllegalArgumentException e) {
            err.println("sample: " + e.getMessage() + " (see sample --help)");
            return 2;
        }
        if (o == null) {
            out.println(usage());
            return 0;
        }
        ScoreFunction score;
        try {
            score = loader.apply(o.model);
            if (score == null) {
                throw new IllegalArgumentException("the loader returned no model");
            }
        } catch (RuntimeException e) {
            Main.report(err, "sample: --model " + o.model + ": cannot load", e, verbose);
            return 2;
        }
        if (score instanceof SdeScoreModel && ((SdeScoreModel) score).dataDims() != DIMS) {
            err.println("sample: --model " + o.model + ": the model has dataDims="
                    + ((SdeScoreModel) score).dataDims() + ", but sample draws " + DIMS + "-D points");
            return 2;
        }
        Trajectories tr;
        try {
            tr = sample(o, score);
        } catch (RuntimeException | OutOfMemoryError e) {
            Main.report(err, "sample: sampling failed", e, verbose);
            return 1;
        }
        try {
            writeCsv(o.out, tr.ends());
        } catch (IOException e) {
            err.println("sample: --out " + o.out + ": cannot write: " + Args.reason(e));
            return 1;
        }
        out.println("sample: wrote " + o.n + " points (" + o.sampler + ", " + o.drift + " drift) to "
                + o.out);
        return 0;
    }

    private static Trajectories sample(Options o, ScoreFunction score) {
        ProbabilityFlow flow = o.drift.equals("chapter")
                ? ProbabilityFlow.chapter(score) : ProbabilityFlow.consistent(score);
        double[] ts = Grid.linspace(o.t1, T_END, o.steps);
        Key key = Key.of(o.seed);
        // The chapter's starts: N(0, I)·30 + (5, 5).
        INDArray y0s = Nd4j.createFromArray(key.normal(Checks.arrayLength("--n·2", o.n, DIMS)))
                .reshape('c', o.n, DIMS).muli(30).addi(5);
        if (o.sampler.equals("ode")) {
            return new ODE(flow).solve(ts, y0s, o.solver, ts[1] - ts[0]);
        }
        return new ReverseSdeSampler(flow).withSubsteps(o.substeps).withCorrector(o.corrector, 0.16)
                .sample(ts, y0s, key.split(2)[1]);
    }

    static void writeCsv(Path path, INDArray points) throws IOException {
        double[][] rows = points.toDoubleMatrix();
        StringBuilder sb = new StringBuilder();
        for (int c = 0; c < rows[0].length; c++) {
            sb.append(c == 0 ? "" : ",").append("x").append(c + 1);
        }
        sb.append('\n');
        for (double[] row : rows) {
            for (int c = 0; c < row.length; c++) {
                sb.append(c == 0 ? "" : ",").append(row[c]);
            }
            sb.append('\n');
        }
        // Written beside the target and moved over it, so a failed write leaves the old file as it was.
        Path target = path.toAbsolutePath();
        Path tmp = Files.createTempFile(target.getParent(), "." + target.getFileName(), ".tmp");
        try {
            try (Writer w = Files.newBufferedWriter(tmp, StandardCharsets.UTF_8)) {
                w.write(sb.toString());
            }
            Files.move(tmp, target, StandardCopyOption.REPLACE_EXISTING);
        } finally {
            Files.deleteIfExists(tmp);
        }
    }

    static ScoreFunction loadWithModelFiles(Path path) {
        try {
            return ModelFiles.load(path);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static String usage() {
        return "usage: sample --model PATH.npz [--sampler ode|sde] [--drift chapter|consistent]"
                + " [--n 50] [--seed 39] [--out samples.csv] [--t1 9] [--steps 43]"
                + " [--solver tsit5|heun|euler] [--substeps 1] [--corrector 0]";
    }

    /** Parsed and checked options. */
    static final class Options {
        Path model;
        String sampler = "ode";
        String drift = "chapter";
        int n = 50;
        long seed = 39;
        Path out = Path.of("samples.csv");
        double t1 = 9.0;
        int steps = 43;
        Solver solver = Solver.TSIT5;
        int substeps = 1;
        int corrector = 0;

        /** The options, or null when help was asked for. */
        static Options parse(String[] args) {
            if (args == null) {
                throw new IllegalArgumentException("no arguments");
            }
            if (java.util.Arrays.asList(args).contains("--help") || java.util.Arrays.asList(args).contains("-h")) {
                return null;
            }
            Args a = new Args(args, 0, "model", "sampler", "drift", "n", "seed", "out", "t1", "steps",
                    "solver", "substeps", "corrector");
            Options o = new Options();
            if (!a.has("model")) {
                throw new IllegalArgumentException("--model is required");
            }
            String model = a.string("model", null);
            o.model = Path.of(model);
            if (!Files.isRegularFile(o.model)) {
                throw new IllegalArgumentException("--model " + model + ": no such file");
            }
            o.sampler = a.choice("sampler", o.sampler, "ode", "sde");
            o.drift = a.choice("drift", o.drift, "chapter", "consistent");
            o.solver = Solver.valueOf(a.choice("solver", "tsit5", "tsit5", "heun", "euler").toUpperCase(Locale.ROOT));
            o.n = a.integer("n", o.n, 1);
            // The ODE takes one step per save interval, within Diffrax's step limit.
            o.steps = o.sampler.equals("ode") ? a.integer("steps", o.steps, 2, DiffEqSolve.DEFAULT_MAX_STEPS + 1)
                    : a.integer("steps", o.steps, 2);
            o.substeps = a.integer("substeps", o.substeps, 1);
            o.corrector = a.integer("corrector", o.corrector, 0);
            o.seed = a.longValue("seed", o.seed);
            o.t1 = a.number("t1", o.t1);
            if (!(o.t1 > T_END) || !Double.isFinite(o.t1)) {
                throw new IllegalArgumentException("--t1 must be finite and > " + T_END + ", got " + a.string("t1", ""));
            }
            o.out = a.writableFile("out", o.out.toString());
            return o;
        }
    }
}
