package scoremodels.kernel;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Stopping cells (stop checks put into the cells' classes by CellExecutionControl, as the kernel
 * does without its agent) and splitting long cells. Runs on whatever JDK runs the build.
 */
class CellControlTest {
    /** Generous: a stop is meant to take milliseconds; this only says the kernel came back at all. */
    private static final long LIVENESS_S = 60;

    @TempDir
    static Path notebookDir;
    static CellRunner runner;

    @BeforeAll
    static void startJShell() throws Exception {
        Path classes = Path.of(CellRunner.class.getProtectionDomain().getCodeSource().getLocation().toURI());
        runner = new CellRunner(classes, notebookDir);
    }

    /** Starts the cell on another thread, stops it once it has run a while, returns its failure. */
    private static CellFailure stopWhileRunning(String cell, int count) throws Exception {
        CompletableFuture<CellRunner.Result> run = CompletableFuture.supplyAsync(() -> {
            try {
                return runner.runCell(cell, count);
            } catch (CellFailure f) {
                throw new RuntimeException(f);
            }
        });
        Thread.sleep(1500); // long enough for the loop to be compiled by the JIT
        runner.stop();
        ExecutionException e = assertThrows(ExecutionException.class, () -> run.get(LIVENESS_S, TimeUnit.SECONDS));
        return assertInstanceOf(CellFailure.class, e.getCause().getCause());
    }

    @Test
    void aBusyLoopIsStoppedAndEarlierDefinitionsStay() throws Exception {
        CellFailure f = stopWhileRunning("long spins = 0;\nwhile (true) { spins++; }", 1);
        assertEquals("Interrupted", f.name());
        assertEquals(true, runner.runCell("spins > 0", 2).value);
    }

    @Test
    void aLoopInAMethodDeclaredEarlierIsStopped() throws Exception {
        runner.runCell("long count(long n) { long c = 0; for (long i = 0; i < n; i++) { c += i % 7; } return c; }", 3);
        CellFailure f = stopWhileRunning("while (true) { count(1_000_000); }", 4);
        assertEquals("Interrupted", f.name());
    }

    @Test
    void sleepIsStopped() throws Exception {
        assertEquals("Interrupted", stopWhileRunning("Thread.sleep(600_000);", 5).name());
    }

    @Test
    void aValueWhoseToStringNeverReturnsIsStopped() throws Exception {
        CellRunner.Result r = runner.runCell("class Endless { public String toString() { while (true) { } } }\nnew Endless()", 6);
        assertTrue(r.hasValue);
        CompletableFuture<Map<String, String>> shown = CompletableFuture.supplyAsync(() -> {
            try {
                return runner.render(r.value, 6);
            } catch (CellFailure f) {
                throw new RuntimeException(f);
            }
        });
        Thread.sleep(1000);
        runner.stop();
        ExecutionException e = assertThrows(ExecutionException.class, () -> shown.get(LIVENESS_S, TimeUnit.SECONDS));
        assertEquals("Interrupted", ((CellFailure) e.getCause().getCause()).name());
        assertEquals("7", runner.render(runner.runCell("7", 7).value, 7).get("text/plain"), "the next cell shows its value");
    }

    @Test
    void statementsAcrossLinesAndBlocksAreSplitAsJShellWould() throws CellFailure {
        String cell = "int x = 1\n  + 2;\n"
                + "if (x > 2) {\n  x = 10;\n}\nelse {\n  x = -1;\n}\n"
                + "x += 1;\nx++;\n"
                + "for (int i = 0; i < 3; i++) x += i;\n"
                + "do { x--; } while (x > 14);\n"
                + "String s = List.of(1, 2)\n  .stream()\n  .map(String::valueOf)\n  .collect(Collectors.joining(\",\"));\n"
                + "x + \"/\" + s";
        assertEquals("14/1,2", runner.runCell(cell, 8).value);
    }

    @Test
    void aCompileErrorAmongPlainStatementsNamesItsLineAndTheOnesBeforeRan() throws CellFailure {
        runner.runCell("int q = 0;", 9);
        CellFailure f = assertThrows(CellFailure.class,
                () -> runner.runCell("q += 1;\nq += 2;\nq += \"x\" * 2;\nq += 3;", 10));
        assertEquals("CompileError", f.name());
        assertTrue(f.value().startsWith("line 3:"), f.value());
        assertEquals(3, runner.runCell("q", 11).value);
    }

    @Test
    void aRuntimeErrorInsideABlockOfStatementsNamesItsCellLine() throws CellFailure {
        runner.runCell("int r = 1;", 12);
        CellFailure f = assertThrows(CellFailure.class,
                () -> runner.runCell("r += 1;\nr -= 2;\nr = 10 / r;\nr += 5;", 13));
        assertEquals("ArithmeticException", f.name());
        assertTrue(f.traceback().stream().anyMatch(l -> l.contains("(In[13] line 3)")), f.traceback().toString());
        assertEquals(0, runner.runCell("r", 14).value, "the statements before the failing one ran");
    }

    @Test
    void threeThousandOneLineStatementsFinish() throws CellFailure {
        runner.runCell("long total = 0;", 15);
        StringBuilder cell = new StringBuilder();
        for (int i = 0; i < 3000; i++) {
            cell.append("total += ").append(i).append(";\n");
        }
        cell.append("total");
        long t0 = System.nanoTime();
        assertEquals(3000L * 2999 / 2, runner.runCell(cell.toString(), 16).value);
        double seconds = (System.nanoTime() - t0) / 1e9;
        System.err.printf("3000 one-line statements: %.1f s%n", seconds);
        assertTrue(seconds < 300, "3000 statements took " + seconds + " s");
    }
}
