package scoremodels.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.function.Function;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import scoremodels.io.ModelFiles;
import scoremodels.models.Activation;
import scoremodels.models.ScoreFunction;
import scoremodels.models.SdeScoreModel;
import scoremodels.random.Key;

/**
 * The command line's failures, run in-process: a bad command line exits 2 and a failure exits 1,
 * each with one line on stderr that names the option and the value (or the cause); only
 * {@code --verbose} adds a stack trace.
 */
class CommandLineErrorsTest {
    @TempDir
    Path dir;

    /** Exit code, stdout and stderr of one run. */
    private record Run(int code, String out, String err) {
        String line() {
            String e = err.strip();
            assertFalse(e.isEmpty(), "stderr is empty");
            assertEquals(1, e.lines().count(), "one line on stderr, got:\n" + err);
            return e;
        }
    }

    private static Run main(String... args) {
        return capture(() -> Main.run(args));
    }

    private static Run sample(Function<Path, ScoreFunction> loader, String... args) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int code = SampleCommand.run(args, loader, new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8));
        return new Run(code, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
    }

    private static Run capture(java.util.function.IntSupplier call) {
        PrintStream oldOut = System.out;
        PrintStream oldErr = System.err;
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        try {
            System.setOut(new PrintStream(out, true, StandardCharsets.UTF_8));
            System.setErr(new PrintStream(err, true, StandardCharsets.UTF_8));
            int code = call.getAsInt();
            return new Run(code, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
        } finally {
            System.setOut(oldOut);
            System.setErr(oldErr);
        }
    }

    private void assertUsage(String expected, String... args) {
        Run r = main(args);
        assertEquals(2, r.code(), String.join(" ", args) + ": " + r.err());
        assertEquals(expected, r.line());
    }

    @Test
    void usageErrorsExitTwoWithOneLineNamingTheOptionAndValue() {
        String out = dir.toString();
        assertUsage("train: --l2 must be a number, got abc (see --help)", "train", "--l2", "abc", "--out", out);
        assertUsage("train: --l2 must be a finite number >= 0, got -1 (see --help)", "train", "--l2", "-1", "--out", out);
        assertUsage("train: --data must be one of moons|circles|gaussians, got spirals (see --help)",
                "train", "--data", "spirals", "--out", out);
        assertUsage("train: --activation must be one of relu|softplus|tanh|sigmoid|swish|gelu, got elu (see --help)",
                "train", "--activation", "elu", "--out", out);
        assertUsage("train: --quiet must be one of true|false, got maybe (see --help)", "train", "--quiet", "maybe");
        assertUsage("train: --steps must be an integer, got 1e3 (see --help)", "train", "--steps", "1e3");
        assertUsage("train: --n must be >= 2, got 1 (see --help)", "train", "--n", "1");
        assertUsage("train: option --steps needs a value (see --help)", "train", "--steps");
        assertUsage("train: option --out needs a value, got --steps (see --help)", "train", "--out", "--steps", "5");
        assertUsage("train: option --out needs a value, got an empty one (see --help)", "train", "--out=");
        assertUsage("train: option --n is given twice (see --help)", "train", "--n", "5", "--n", "6");
        assertUsage("train: unexpected argument 'fast' (options look like --name value) (see --help)", "train", "fast");
        assertUsage("bench: --width must be an integer, got wide (see --help)", "bench", "--width", "wide");
        assertUsage("score-models: unknown command 'fly' (commands: train, sample, bench, cores, fingerprint; see --help)", "fly");
        Run r = main("train", "--colour", "red");
        assertEquals(2, r.code());
        assertTrue(r.line().startsWith("train: unknown option --colour (known: --recipe, --data, "), r.err());
        assertTrue(Files.notExists(dir.resolve("model.npz")), "nothing written for a refused run");
    }

    @Test
    void helpExitsZero() {
        assertEquals(0, main("--help").code());
        Run r = main("train", "--help");
        assertEquals(0, r.code());
        assertTrue(r.out().contains("usage:"), r.out());
    }

    /** The default run is 20,000 steps: the folder is checked before any of them. */
    @Test
    @Timeout(120)
    void anUnwritableOutFolderFailsBeforeTraining() throws IOException {
        Path file = Files.writeString(dir.resolve("a-file"), "in the way");
        Run r = main("train", "--out", file.resolve("run").toString());
        assertEquals(2, r.code(), r.err());
        assertTrue(r.line().startsWith("train: --out " + file.resolve("run") + ": cannot write there: "), r.err());
        assertEquals("", r.out(), "no training started");

        // A missing folder is created first, before training.
        Path fresh = dir.resolve("new/run");
        Run ok = main("train", "--steps", "2", "--width", "8", "--quiet", "true", "--out", fresh.toString());
        assertEquals(0, ok.code(), ok.err());
        assertTrue(Files.isRegularFile(fresh.resolve("model.npz")));
    }

    @Test
    void aFailureExitsOneWithOneLineAndTheTraceOnlyWhenVerbose() {
        String[] args = {"train", "--lr", "1e39", "--width", "8", "--steps", "5", "--quiet", "true",
            "--out", dir.resolve("run").toString()};
        Run r = main(args);
        assertEquals(1, r.code(), r.err());
        assertEquals("train: training stopped at step 0: the update with learning rate 1.0E39 made a parameter"
                + " non-finite; the model keeps the parameters it had before step 0", r.line());
        assertTrue(Files.notExists(dir.resolve("run/model.npz")));

        String[] verbose = java.util.Arrays.copyOf(args, args.length + 1);
        verbose[args.length] = "--verbose";
        Run v = main(verbose);
        assertEquals(1, v.code());
        assertTrue(v.err().startsWith("train: training stopped at step 0: "), v.err());
        assertTrue(v.err().contains("\tat scoremodels.training.Training"), v.err());
    }

    @Test
    void sampleNamesABrokenModelFile() throws IOException {
        Path junk = Files.writeString(dir.resolve("model.npz"), "not a zip");
        Run r = main("sample", "--model", junk.toString(), "--out", dir.resolve("s.csv").toString());
        assertEquals(2, r.code(), r.err());
        assertEquals("sample: --model " + junk + ": cannot load: " + junk
                + ": not a valid .npz (zip) file: zip END header not found", r.line());

        assertUsage("sample: --model " + dir.resolve("absent.npz") + ": no such file (see sample --help)",
                "sample", "--model", dir.resolve("absent.npz").toString());
    }

    @Test
    void sampleRefusesAModelOfAnotherDimension() throws IOException {
        Path m = dir.resolve("three.npz");
        ModelFiles.save(new SdeScoreModel(3, 8, 1, Activation.RELU, Key.of(1)), m);
        Run r = main("sample", "--model", m.toString(), "--out", dir.resolve("s.csv").toString());
        assertEquals(2, r.code(), r.err());
        assertEquals("sample: --model " + m + ": the model has dataDims=3, but sample draws 2-D points", r.line());
    }

    /** A failure inside sampling is reported as itself, not as a model that does not fit. */
    @Test
    void sampleReportsTheRealCause() throws IOException {
        Path m = Files.writeString(dir.resolve("stand-in.npz"), "x");
        Path out = dir.resolve("s.csv");
        Function<Path, ScoreFunction> failing = p -> (x, t) -> {
            throw new IllegalArgumentException("the score saw t=-3 (a stand-in failure)");
        };
        Run r = sample(failing, "--model", m.toString(), "--out", out.toString());
        assertEquals(1, r.code(), r.err());
        assertEquals("sample: sampling failed: the score saw t=-3 (a stand-in failure)", r.line());
        assertTrue(Files.notExists(out));

        Run v = sample(failing, "--model", m.toString(), "--out", out.toString(), "--verbose");
        assertEquals(1, v.code());
        assertTrue(v.err().contains("\tat "), v.err());

        // The ODE takes one step per save interval, at most Diffrax's 4096.
        Run steps = sample(p -> (x, t) -> x.neg(), "--model", m.toString(), "--steps", "5000");
        assertEquals(2, steps.code(), steps.err());
        assertEquals("sample: --steps must be <= 4097, got 5000 (see sample --help)", steps.line());
    }

    @Test
    void sampleChecksItsOutputBeforeLoadingOrSampling() throws IOException {
        Path m = Files.writeString(dir.resolve("stand-in.npz"), "x");
        Path out = dir.resolve("missing/s.csv");
        Run r = sample(p -> {
            throw new AssertionError("the model must not be loaded");
        }, "--model", m.toString(), "--out", out.toString());
        assertEquals(2, r.code(), r.err());
        assertTrue(r.line().startsWith("sample: --out " + out + ": cannot write there: "), r.err());
    }
}
