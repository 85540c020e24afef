package scoremodels.kernel;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ClasspathMagicTest {
    @TempDir
    Path dir;

    private void files(String... names) throws IOException {
        for (String n : names) {
            Path p = dir.resolve(n);
            Files.createDirectories(p.getParent());
            Files.writeString(p, "x");
        }
    }

    @Test
    void plainPathsAreTakenRelativeToTheNotebookFolder() throws IOException {
        files("lib/a.jar", "with space/b.jar");
        assertEquals(List.of(dir.resolve("lib/a.jar"), dir.resolve("with space/b.jar")),
                ClasspathMagic.resolve("lib/a.jar \"with space/b.jar\"", dir));
        assertEquals(List.of(dir.resolve("lib/a.jar")), ClasspathMagic.resolve("notebooks/../lib/a.jar", dir));
    }

    @Test
    void globsMatchInOneFolderOrBelowWithDoubleStar() throws IOException {
        files("lib/b.jar", "lib/a.jar", "lib/readme.txt", "lib/deep/c.jar");
        assertEquals(List.of(dir.resolve("lib/a.jar"), dir.resolve("lib/b.jar")), ClasspathMagic.resolve("lib/*.jar", dir));
        assertEquals(List.of(dir.resolve("lib/a.jar"), dir.resolve("lib/b.jar"), dir.resolve("lib/deep/c.jar")),
                ClasspathMagic.resolve("lib/**.jar", dir));
        assertEquals(List.of(dir.resolve("lib/a.jar"), dir.resolve("lib/readme.txt")),
                ClasspathMagic.resolve("lib/{a.jar,readme.txt}", dir));
    }

    @Test
    void pathSeparatorListsAreSplit() throws IOException {
        files("x.jar", "y.jar");
        assertEquals(List.of(dir.resolve("x.jar"), dir.resolve("y.jar")),
                ClasspathMagic.resolve("x.jar" + java.io.File.pathSeparator + "y.jar", dir));
    }

    @Test
    void missingFilesAndEmptyGlobsAreErrorsNamingTheEntry() {
        IOException missing = assertThrows(IOException.class, () -> ClasspathMagic.resolve("nope.jar", dir));
        assertTrue(missing.getMessage().contains("'nope.jar'"), missing.getMessage());
        IOException empty = assertThrows(IOException.class, () -> ClasspathMagic.resolve("*.jar", dir));
        assertTrue(empty.getMessage().contains("'*.jar' matches no file"), empty.getMessage());
        assertThrows(IllegalArgumentException.class, () -> ClasspathMagic.resolve("\"open.jar", dir));
    }
}
