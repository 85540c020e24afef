package scoremodels.kernel;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import javax.tools.JavaCompiler;
import javax.tools.ToolProvider;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.jar.JarEntry;
import java.util.jar.JarOutputStream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * %load and %maven as JJava has them, and IJava's display functions, run through a JShell session.
 * %maven resolves from a local repository made here (two artifacts, one depending on the other)
 * with a remote repository that is empty, so nothing depends on the network.
 */
class MagicsTest {
    @TempDir
    static Path notebookDir;
    @TempDir
    static Path work;
    static Path localRepo;
    static Path emptyRemote;
    static CellRunner runner;

    @BeforeAll
    static void start() throws Exception {
        localRepo = Files.createDirectories(work.resolve("m2"));
        emptyRemote = Files.createDirectories(work.resolve("remote"));
        install("words", "package org.example.words; public class Words { public static String hello() { return \"hello\"; } }",
                "org/example/words/Words", List.of());
        install("greeting", "package org.example.greeting; public class Greeting { public static String to(String who) {"
                        + " return org.example.words.Words.hello() + \", \" + who; } }",
                "org/example/greeting/Greeting", List.of("words", "only-for-tests:test", "only-if-asked:optional"));
        Path classes = Path.of(CellRunner.class.getProtectionDomain().getCodeSource().getLocation().toURI());
        MavenMagic maven = new MavenMagic(localRepo, List.of(emptyRemote.toUri().toString()));
        runner = new CellRunner(classes, notebookDir, maven);
    }

    /**
     * Compiles one class into org.example:NAME:1.0 of the local repository, with a POM naming its
     * dependencies ("name", "name:test" or "name:optional"; those two are never installed, as
     * Maven does not follow them from a dependency).
     */
    private static void install(String name, String source, String classFile, List<String> deps) throws IOException {
        Path src = Files.createDirectories(work.resolve("src-" + name));
        Path out = Files.createDirectories(work.resolve("classes-" + name));
        Path java = src.resolve(classFile.substring(classFile.lastIndexOf('/') + 1) + ".java");
        Files.writeString(java, source);
        JavaCompiler javac = ToolProvider.getSystemJavaCompiler();
        String cp = localRepo.resolve("org/example/words/1.0/words-1.0.jar").toString();
        int rc = javac.run(null, null, null, "-d", out.toString(), "-cp", cp, java.toString());
        assertEquals(0, rc, "compiling " + java);
        Path dir = Files.createDirectories(localRepo.resolve("org/example/" + name + "/1.0"));
        try (OutputStream f = Files.newOutputStream(dir.resolve(name + "-1.0.jar"));
             JarOutputStream jar = new JarOutputStream(f)) {
            jar.putNextEntry(new JarEntry(classFile + ".class"));
            jar.write(Files.readAllBytes(out.resolve(classFile + ".class")));
            jar.closeEntry();
        }
        StringBuilder pom = new StringBuilder("<project><modelVersion>4.0.0</modelVersion><groupId>org.example</groupId>"
                + "<artifactId>" + name + "</artifactId><version>1.0</version><dependencies>");
        for (String d : deps) {
            String[] nameAndKind = d.split(":");
            String kind = nameAndKind.length > 1 ? nameAndKind[1] : "";
            pom.append("<dependency><groupId>org.example</groupId><artifactId>").append(nameAndKind[0])
                    .append("</artifactId><version>1.0</version>")
                    .append(kind.equals("test") ? "<scope>test</scope>" : "")
                    .append(kind.equals("optional") ? "<optional>true</optional>" : "")
                    .append("</dependency>");
        }
        pom.append("</dependencies></project>");
        Files.writeString(dir.resolve(name + "-1.0.pom"), pom);
    }

    @Test
    void mavenResolvesAnArtifactAndItsDependenciesFromTheLocalRepository() throws CellFailure {
        runner.runCell("%maven org.example:greeting:1.0", 1);
        CellRunner.Result r = runner.runCell("org.example.greeting.Greeting.to(\"notebook\")", 2);
        assertEquals("hello, notebook", r.value, "Greeting calls Words, its dependency");
        assertTrue(runner.classpath().contains(localRepo.resolve("org/example/words/1.0/words-1.0.jar")),
                "the dependency's jar is on the class path: " + runner.classpath());
    }

    /**
     * --from names another repository: what comes from it is copied into the local repository,
     * and found there offline next time, even when that repository has gone.
     */
    @Test
    void mavenFetchesFromAnotherRepositoryIntoTheLocalOne() throws IOException {
        Path remote = work.resolve("other-remote");
        copyTree(localRepo, remote);
        Path emptyLocal = Files.createDirectories(work.resolve("fresh-m2"));
        MavenMagic maven = new MavenMagic(emptyLocal, List.of());
        String args = "--from " + remote.toUri() + " org.example:greeting:1.0";
        List<Path> jars = maven.resolve(args);
        assertEquals(List.of(emptyLocal.resolve("org/example/greeting/1.0/greeting-1.0.jar"),
                emptyLocal.resolve("org/example/words/1.0/words-1.0.jar")), jars);
        assertTrue(Files.isRegularFile(jars.get(1)), "the dependency was copied into the local repository");
        deleteTree(remote);
        assertEquals(jars, new MavenMagic(emptyLocal, List.of()).resolve(args), "found offline");
        IllegalArgumentException noUrl = assertThrows(IllegalArgumentException.class, () -> maven.resolve("x:y:1 --from"));
        assertTrue(noUrl.getMessage().contains("--from needs a repository URL"), noUrl.getMessage());
    }

    private static void copyTree(Path from, Path to) throws IOException {
        try (java.util.stream.Stream<Path> all = Files.walk(from)) {
            for (Path p : (Iterable<Path>) all::iterator) {
                Files.copy(p, to.resolve(from.relativize(p).toString()));
            }
        }
    }

    private static void deleteTree(Path root) throws IOException {
        try (java.util.stream.Stream<Path> all = Files.walk(root)) {
            for (Path p : (Iterable<Path>) all.sorted(java.util.Comparator.reverseOrder())::iterator) {
                Files.delete(p);
            }
        }
    }

    @Test
    void mavenNamesTheArtifactItCannotFind() {
        CellFailure f = assertThrows(CellFailure.class, () -> runner.runCell("%maven org.example:missing:2.5", 3));
        assertEquals("MavenError", f.name());
        assertTrue(f.value().contains("org.example:missing:2.5"), f.value());
        assertTrue(f.value().contains(localRepo.toString()), "says where it looked: " + f.value());
    }

    @Test
    void mavenRejectsWhatIsNotACoordinate() {
        CellFailure f = assertThrows(CellFailure.class, () -> runner.runCell("%maven just-a-name", 4));
        assertTrue(f.value().contains("'just-a-name' is not group:artifact:version"), f.value());
        CellFailure none = assertThrows(CellFailure.class, () -> runner.runCell("%maven", 5));
        assertTrue(none.value().contains("at least one"), none.value());
    }

    @Test
    void loadRunsAFileFromTheNotebooksFolderBeforeTheNextCell() throws Exception {
        Files.createDirectories(notebookDir.resolve("shared"));
        Files.writeString(notebookDir.resolve("shared/helpers.jsh"),
                "// helpers shared by notebooks\nint twice(int x) {\n    return 2 * x;\n}\nString greeting = \"hi\";\n");
        runner.runCell("%load shared/helpers.jsh", 6);
        assertEquals(42, runner.runCell("twice(21)", 7).value);
        assertEquals("hi", runner.runCell("greeting", 8).value);
    }

    @Test
    void loadReadsJavaFilesAndNotebooks() throws Exception {
        Files.writeString(notebookDir.resolve("Point.java"), "record Point(int x, int y) {\n  int sum() { return x + y; }\n}\n");
        runner.runCell("%load Point.java", 9);
        assertEquals(7, runner.runCell("new Point(3, 4).sum()", 10).value);
        Files.writeString(notebookDir.resolve("other.ipynb"), "{\"cells\": [{\"cell_type\": \"markdown\", \"source\": [\"# x\"]},"
                + " {\"cell_type\": \"code\", \"source\": [\"int fromNotebook = 5;\\n\", \"int alsoThere = 6;\"]}],"
                + " \"metadata\": {}, \"nbformat\": 4, \"nbformat_minor\": 5}");
        runner.runCell("%load other.ipynb", 11);
        assertEquals(11, runner.runCell("fromNotebook + alsoThere", 12).value);
    }

    @Test
    void loadErrorsNameTheFile() throws Exception {
        CellFailure missing = assertThrows(CellFailure.class, () -> runner.runCell("%load nowhere.jsh", 13));
        assertEquals("LoadError", missing.name());
        assertTrue(missing.value().contains("nowhere.jsh"), missing.value());
        Files.writeString(notebookDir.resolve("broken.jsh"), "int fine = 1;\nString s = 42;\n");
        CellFailure broken = assertThrows(CellFailure.class, () -> runner.runCell("%load broken.jsh", 14));
        assertEquals("CompileError", broken.name());
        assertTrue(broken.value().startsWith("%load broken.jsh: line 2:"), broken.value());
        Files.writeString(notebookDir.resolve("loop.jsh"), "%load loop.jsh\n");
        CellFailure loop = assertThrows(CellFailure.class, () -> runner.runCell("%load loop.jsh", 15));
        assertTrue(loop.value().contains("loads itself again"), loop.value());
    }

    @Test
    void displayReturnsAnIdAndRenderGivesTheData() throws CellFailure {
        // no kernel connection here: the display prints its text, and still returns its id
        CellRunner.Result id = runner.runCell("String id = display(\"first\");\nid.toString()", 16);
        assertTrue(id.value.toString().matches("[0-9a-f-]{36}"), "a UUID: " + id.value);
        runner.runCell("updateDisplay(id, \"second\");", 17);
        CellRunner.Result html = runner.runCell("render(\"<b>x</b>\", \"text/html\").getData(\"text/html\")", 18);
        assertEquals("<b>x</b>", html.value);
        CellRunner.Result bundle = runner.runCell("render(42).mimeBundle()", 19);
        assertEquals(java.util.Map.of("text/plain", "42"), bundle.value);
        CellFailure blank = assertThrows(CellFailure.class, () -> runner.runCell("updateDisplay(\"\", 1);", 20));
        assertTrue(blank.value().contains("id must be"), blank.value());
    }

    @Test
    void renderedDataShowsAsItsBundle() {
        RenderedData d = Notebook.render("<i>y</i>", "text/html", "text/markdown");
        assertEquals(java.util.Map.of("text/html", "<i>y</i>", "text/markdown", "<i>y</i>", "text/plain", "<i>y</i>"),
                ResultRenderer.render(d));
        assertEquals(d, Notebook.render(d), "rendering rendered data gives it back");
    }
}
