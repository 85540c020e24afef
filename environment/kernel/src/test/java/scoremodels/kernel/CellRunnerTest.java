package scoremodels.kernel;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class CellRunnerTest {
    @TempDir
    static Path notebookDir;
    static CellRunner runner;

    @BeforeAll
    static void startJShell() throws Exception {
        Path classes = Path.of(CellRunner.class.getProtectionDomain().getCodeSource().getLocation().toURI());
        runner = new CellRunner(classes, notebookDir);
    }

    @Test
    void lastExpressionIsTheValueUnlessItEndsWithASemicolon() throws CellFailure {
        CellRunner.Result r = runner.runCell("int a = 2;\nint b = 3;\na * b", 1);
        assertTrue(r.hasValue);
        assertEquals(6, r.value);
        assertFalse(runner.runCell("a * b;", 2).hasValue);
        assertFalse(runner.runCell("int c = 4;", 3).hasValue, "declarations show nothing");
        assertTrue(runner.runCell("Object none = null;\nnone", 4).hasValue, "a null value is still shown");
    }

    @Test
    void compileErrorsGiveTheLineInTheCell() {
        CellFailure f = assertThrows(CellFailure.class, () -> runner.runCell("int ok = 1;\n\nString s =\n   42;", 5));
        assertEquals("CompileError", f.name());
        assertTrue(f.value().startsWith("line 4: incompatible types"), f.value());
    }

    @Test
    void exceptionsNameTheirClassAndCellLines() throws CellFailure {
        runner.runCell("double root(double x) {\n  if (x < 0) throw new IllegalArgumentException(\"x = \" + x);\n  return Math.sqrt(x);\n}", 6);
        CellFailure f = assertThrows(CellFailure.class, () -> runner.runCell("root(-1)", 7));
        assertEquals("IllegalArgumentException", f.name());
        assertEquals("x = -1.0", f.value());
        assertTrue(f.traceback().contains("\tat root (In[6] line 2)"), f.traceback().toString());
        assertTrue(f.traceback().contains("\tat cell (In[7] line 1)"), f.traceback().toString());
    }

    @Test
    void classpathMagicMakesClassesOfAFolderUsable() throws Exception {
        Path src = Files.createDirectories(notebookDir.resolve("src/demo"));
        Files.writeString(src.resolve("Greeting.java"), "package demo; public class Greeting { public static String hi() { return \"hi\"; } }");
        Path out = Files.createDirectories(notebookDir.resolve("classes"));
        int rc = javax.tools.ToolProvider.getSystemJavaCompiler().run(null, null, null,
                "-d", out.toString(), src.resolve("Greeting.java").toString());
        assertEquals(0, rc);
        CellRunner.Result r = runner.runCell("%classpath classes\ndemo.Greeting.hi()", 8);
        assertEquals("hi", r.value);
        CellFailure f = assertThrows(CellFailure.class, () -> runner.runCell("%classpath missing/*.jar", 9));
        assertEquals("ClasspathError", f.name());
        assertThrows(CellFailure.class, () -> runner.runCell("%load x", 10));
    }

    @Test
    void isCompleteAsksForMoreInsideABlock() {
        assertEquals("complete", runner.isComplete("int z = 1;"));
        assertEquals("    ", runner.isComplete("for (int i = 0; i < 2; i++) {"));
    }
}
