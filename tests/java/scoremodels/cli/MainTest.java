package scoremodels.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import scoremodels.data.Dataset;
import scoremodels.io.ModelFiles;
import scoremodels.models.SdeScoreModel;

class MainTest {
    @Test
    void trainWritesModelHistoryAndData(@TempDir Path dir) throws Exception {
        Path out = dir.resolve("run");
        int code = Main.run(new String[] {"train", "--data", "circles", "--steps", "5", "--width", "16",
            "--out", out.toString(), "--quiet", "true"});
        assertEquals(0, code);
        SdeScoreModel model = ModelFiles.load(out.resolve("model.npz"));
        assertEquals(16, model.widthSize());
        assertEquals(6, Files.readAllLines(out.resolve("loss_history.csv")).size(), "header and 5 steps");
        assertEquals(100, Dataset.readCsv(out.resolve("data.csv")).size());
    }

    @Test
    void trainWithTheWorkingRecipeWritesItsModel(@TempDir Path dir) throws Exception {
        Path out = dir.resolve("working");
        int code = Main.run(new String[] {"train", "--recipe", "working", "--data", "moons", "--steps", "5",
            "--width", "16", "--out", out.toString(), "--quiet", "true"});
        assertEquals(0, code);
        SdeScoreModel model = ModelFiles.load(out.resolve("model.npz"));
        assertEquals(scoremodels.training.Recipe.WORKING.activation(), model.activation());
        assertEquals(6, Files.readAllLines(out.resolve("loss_history.csv")).size(), "header and 5 steps");
        // The same run with the library's recipe gives the same parameters, bit for bit.
        SdeScoreModel expected = scoremodels.training.Recipe.WORKING.model(2, 16, 2, scoremodels.random.Key.of(45));
        assertEquals(900, Dataset.readCsv(out.resolve("data.csv")).size(), "the working recipe's 900 points");
        scoremodels.training.Recipe.WORKING.fit(expected, scoremodels.training.Recipe.WORKING.data("moons").X(), null,
                scoremodels.data.Grid.linspace(0.001, 10, 9), 5, scoremodels.random.Key.of(7), false);
        for (String name : expected.params().names()) {
            assertEquals(java.util.Arrays.toString(expected.params().get(name).dup('c').data().asFloat()),
                    java.util.Arrays.toString(model.params().get(name).dup('c').data().asFloat()), name);
        }
        assertEquals(2, Main.run(new String[] {"train", "--recipe", "working", "--lr", "0.1", "--out", dir.toString()}));
        assertEquals(2, Main.run(new String[] {"train", "--recipe", "working", "--activation", "relu", "--out", dir.toString()}));
        assertEquals(2, Main.run(new String[] {"train", "--recipe", "fast", "--out", dir.toString()}));
    }

    @Test
    void badCommandLinesExitWithTwoAndNameTheOption(@TempDir Path dir) {
        assertEquals(2, Main.run(new String[] {}));
        assertEquals(2, Main.run(new String[] {"fly"}));
        assertEquals(2, Main.run(new String[] {"train", "--steps", "0", "--out", dir.toString()}));
        assertEquals(2, Main.run(new String[] {"train", "--lr", "-1", "--out", dir.toString()}));
        assertEquals(2, Main.run(new String[] {"bench", "--width"}));
        assertEquals(2, Main.run(new String[] {"bench", "--loss", "hinge"}));
        assertEquals(2, Main.run(new String[] {"bench", "--activation", "elu"}));
        assertEquals(2, Main.run(new String[] {"bench", "--sparsity", "auto"}));
        assertEquals(2, Main.run(new String[] {"cores", "--reps", "0"}));
        assertEquals(2, Main.run(new String[] {"train", "--colour", "red"}));
        assertEquals(2, Main.run(new String[] {"train", "--data", "spirals", "--steps", "1", "--out", dir.toString()}));
        assertTrue(Files.notExists(dir.resolve("model.npz")), "nothing written for a refused run");
    }

    /** A wrong vector width fails the command with one line naming the property and the value; nothing runs. */
    @Test
    void aWrongVectorWidthIsRefusedByName() {
        java.io.ByteArrayOutputStream err = new java.io.ByteArrayOutputStream();
        java.io.PrintStream old = System.err;
        String before = System.getProperty("scoremodels.vector.bits");
        System.setProperty("scoremodels.vector.bits", "128");
        System.setErr(new java.io.PrintStream(err, true));
        int code;
        try {
            code = Main.run(new String[] {"bench", "--steps", "1", "--warmup", "0", "--width", "8"});
        } finally {
            System.setErr(old);
            if (before == null) {
                System.clearProperty("scoremodels.vector.bits");
            } else {
                System.setProperty("scoremodels.vector.bits", before);
            }
        }
        assertEquals(1, code);
        assertEquals("bench: scoremodels.vector.bits must be 256 or 512, got \"128\"", err.toString().trim());
    }

    @Test
    void benchPrintsMillisecondsPerStepLastForEveryLoss() {
        for (String loss : new String[] {"hyvarinen", "denoising", "sliced"}) {
            java.io.ByteArrayOutputStream buf = new java.io.ByteArrayOutputStream();
            java.io.PrintStream old = System.out;
            System.setOut(new java.io.PrintStream(buf, true));
            int code;
            try {
                code = Main.run(new String[] {"bench", "--steps", "3", "--warmup", "0", "--width", "8", "--loss", loss});
            } finally {
                System.setOut(old);
            }
            assertEquals(0, code);
            String[] lines = buf.toString().trim().split("\\R");
            assertTrue(lines[lines.length - 1].matches("ms_per_step=[0-9]+\\.[0-9]+"), lines[lines.length - 1]);
            assertTrue(buf.toString().contains("loss=" + loss), buf.toString());
        }
        // The earlier name of the chapter's loss still works.
        assertTrue(benchOutput("bench", "--steps", "1", "--warmup", "0", "--width", "8", "--loss", "score-matching")
                .contains("loss=hyvarinen"));
    }

    private static String benchOutput(String... args) {
        java.io.ByteArrayOutputStream buf = new java.io.ByteArrayOutputStream();
        java.io.PrintStream old = System.out;
        System.setOut(new java.io.PrintStream(buf, true));
        try {
            assertEquals(0, Main.run(args));
        } finally {
            System.setOut(old);
        }
        return buf.toString();
    }

    /**
     * The chapter's step soon has σ'(z2) almost all zero and takes the sparse backward pass;
     * {@code --sparsity off} never does, and both train the same model (same losses to 4 digits).
     */
    @Test
    void benchCountsTheSparseBackwardStepsAndCanTurnThemOff() {
        String auto = benchOutput("bench", "--steps", "60", "--warmup", "0", "--width", "32");
        String dense = benchOutput("bench", "--steps", "60", "--warmup", "0", "--width", "32", "--sparsity", "off");
        java.util.regex.Matcher m = java.util.regex.Pattern.compile("sparse_backward_steps=([0-9]+)").matcher(auto);
        assertTrue(m.find(), auto);
        assertTrue(Integer.parseInt(m.group(1)) > 10, auto);
        assertTrue(dense.matches("(?s).*sparse_backward_steps=0\\R.*"), dense);
        java.util.regex.Matcher la = java.util.regex.Pattern.compile("last_loss=(\\S+)").matcher(auto);
        java.util.regex.Matcher ld = java.util.regex.Pattern.compile("last_loss=(\\S+)").matcher(dense);
        assertTrue(la.find() && ld.find(), auto + dense);
        assertEquals(la.group(1), ld.group(1), "the same training either way");
    }

    @Test
    void coresPrintsTheSpeedupLast() {
        java.io.ByteArrayOutputStream buf = new java.io.ByteArrayOutputStream();
        java.io.PrintStream old = System.out;
        System.setOut(new java.io.PrintStream(buf, true));
        int code;
        try {
            code = Main.run(new String[] {"cores", "--reps", "2"});
        } finally {
            System.setOut(old);
        }
        assertEquals(0, code);
        String[] lines = buf.toString().trim().split("\\R");
        assertTrue(lines[lines.length - 1].matches("speedup_two_cores=[0-9]+\\.[0-9]+"), lines[lines.length - 1]);
        assertTrue(buf.toString().contains("product_900x256x256_ms="), buf.toString());
    }
}
