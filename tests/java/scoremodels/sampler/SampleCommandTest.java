package scoremodels.sampler;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.function.Function;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import scoremodels.cli.SampleCommand;
import scoremodels.models.ScoreFunction;

/** The {@code sample} command, with the exact Gaussian score standing in for a model file. */
class SampleCommandTest {
    private static final Function<Path, ScoreFunction> GAUSSIAN =
            p -> ProbabilityFlowTest.GAUSSIAN_SCORE;

    @TempDir
    Path dir;

    private Path model() throws IOException {
        Path m = dir.resolve("model.npz");
        if (!Files.exists(m)) {
            Files.writeString(m, "stand-in");
        }
        return m;
    }

    /** Runs the command and returns {exit code, stderr}. */
    private Object[] run(String... args) {
        PrintStream oldErr = System.err;
        PrintStream oldOut = System.out;
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        try {
            System.setErr(new PrintStream(err, true, StandardCharsets.UTF_8));
            System.setOut(new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8));
            int code = SampleCommand.run(args, GAUSSIAN);
            return new Object[] {code, err.toString(StandardCharsets.UTF_8)};
        } finally {
            System.setErr(oldErr);
            System.setOut(oldOut);
        }
    }

    @Test
    void writesTheFinalPoints() throws IOException {
        Path out = dir.resolve("ode.csv");
        Object[] r = run("--model", model().toString(), "--drift", "consistent", "--n", "300",
                "--out", out.toString());
        assertEquals(0, r[0], (String) r[1]);
        List<String> lines = Files.readAllLines(out);
        assertEquals(301, lines.size());
        assertEquals("x1,x2", lines.get(0));
        double sum = 0;
        for (String line : lines.subList(1, lines.size())) {
            String[] xy = line.split(",");
            assertEquals(2, xy.length);
            sum += Double.parseDouble(xy[0]);
        }
        // Starts N(5, 30²) shrink by √(1/10) towards μ = 2: the mean lands near 2 + (5 − 2)/√10.
        double expected = 2 + 3 / Math.sqrt(10);
        assertEquals(expected, sum / 300, 30 / Math.sqrt(10) * 4 / Math.sqrt(300));

        Path again = dir.resolve("again.csv");
        run("--model", model().toString(), "--drift", "consistent", "--n", "300", "--out",
                again.toString());
        assertEquals(lines, Files.readAllLines(again));
    }

    @Test
    void sdeSamplerAndOtherSeeds() throws IOException {
        Path a = dir.resolve("a.csv");
        Path b = dir.resolve("b.csv");
        assertEquals(0, run("--model", model().toString(), "--sampler", "sde", "--drift",
                "consistent", "--n", "20", "--seed", "1", "--steps", "10", "--t1", "4",
                "--corrector", "1", "--out", a.toString())[0]);
        assertEquals(0, run("--model", model().toString(), "--sampler=sde", "--n=20", "--seed=2",
                "--out=" + b)[0]);
        assertEquals(21, Files.readAllLines(a).size());
        assertNotEquals(Files.readAllLines(a), Files.readAllLines(b));
    }

    @Test
    void badArgumentsExitWithTwoAndNameTheOption() throws IOException {
        String m = model().toString();
        String out = dir.resolve("x.csv").toString();
        assertBad("--n must be >= 1, got 0", "--model", m, "--n", "0", "--out", out);
        assertBad("--n must be an integer, got many", "--model", m, "--n", "many");
        assertBad("--sampler must be one of ode|sde, got mcmc", "--model", m, "--sampler", "mcmc");
        assertBad("--drift must be one of chapter|consistent, got vp", "--model", m, "--drift", "vp");
        assertBad("--t1 must be a number, got nine", "--model", m, "--t1", "nine");
        assertBad("--t1 must be finite and > 1.0E-4, got -1", "--model", m, "--t1", "-1");
        assertBad("--steps must be >= 2, got 1", "--model", m, "--steps", "1");
        assertBad("--seed must be an integer, got 3.5", "--model", m, "--seed", "3.5");
        assertBad("--model is required", "--n", "5");
        assertBad("--model nope.npz: no such file", "--model", "nope.npz");
        assertBad("unknown option --frobnicate", "--model", m, "--frobnicate", "1");
        assertBad("option --out needs a value", "--model", m, "--out");
        assertBad("--out " + dir.resolve("missing/dir.csv") + ": cannot write", "--model", m,
                "--out", dir.resolve("missing/dir.csv").toString());
    }

    @Test
    void loaderFailuresNameTheModel() throws IOException {
        PrintStream old = System.err;
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        try {
            System.setErr(new PrintStream(err, true, StandardCharsets.UTF_8));
            int code = SampleCommand.run(new String[] {"--model", model().toString()},
                    p -> {
                        throw new IllegalArgumentException("not an npz archive");
                    });
            assertEquals(2, code);
        } finally {
            System.setErr(old);
        }
        String msg = err.toString(StandardCharsets.UTF_8);
        assertTrue(msg.contains("--model " + model()) && msg.contains("not an npz archive"), msg);
    }

    private void assertBad(String part, String... args) {
        Object[] r = run(args);
        assertEquals(2, r[0], "exit code for " + String.join(" ", args));
        assertTrue(((String) r[1]).contains(part), "stderr '" + r[1] + "' should contain '" + part + "'");
    }
}
