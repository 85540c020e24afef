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
    void badCommandLinesExitWithTwoAndNameTheOption(@TempDir Path dir) {
        assertEquals(2, Main.run(new String[] {}));
        assertEquals(2, Main.run(new String[] {"fly"}));
        assertEquals(2, Main.run(new String[] {"train", "--steps", "0", "--out", dir.toString()}));
        assertEquals(2, Main.run(new String[] {"train", "--lr", "-1", "--out", dir.toString()}));
        assertEquals(2, Main.run(new String[] {"bench", "--width"}));
        assertEquals(2, Main.run(new String[] {"bench", "--loss", "hinge"}));
        assertEquals(2, Main.run(new String[] {"bench", "--activation", "elu"}));
        assertEquals(2, Main.run(new String[] {"cores", "--reps", "0"}));
        assertEquals(2, Main.run(new String[] {"train", "--colour", "red"}));
        assertEquals(1, Main.run(new String[] {"train", "--data", "spirals", "--steps", "1", "--out", dir.toString()}));
        assertTrue(Files.notExists(dir.resolve("model.npz")), "nothing written for a refused run");
    }

    @Test
    void benchPrintsMillisecondsPerStepLastForBothLosses() {
        for (String loss : new String[] {"score-matching", "denoising"}) {
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
