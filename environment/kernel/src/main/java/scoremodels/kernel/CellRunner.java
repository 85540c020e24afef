package scoremodels.kernel;

import jdk.jshell.DeclarationSnippet;
import jdk.jshell.Diag;
import jdk.jshell.EvalException;
import jdk.jshell.JShell;
import jdk.jshell.JShellException;
import jdk.jshell.Snippet;
import jdk.jshell.SnippetEvent;
import jdk.jshell.SourceCodeAnalysis;
import jdk.jshell.UnresolvedReferenceException;
import jdk.jshell.spi.ExecutionControl;

import java.io.IOException;
import java.lang.reflect.InvocationTargetException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Collectors;

/**
 * A JShell session that runs notebook cells: splits a cell into snippets, runs {@code %} line
 * magics in their place, and turns JShell's verdicts into a value or a {@link CellFailure} whose
 * lines are counted from the top of the cell.
 */
final class CellRunner {
    /** What every session starts with: the imports of the jshell tool, and IJava's display functions. */
    static final List<String> STARTUP = List.of(
            "import java.io.*;", "import java.math.*;", "import java.net.*;", "import java.nio.file.*;",
            "import java.util.*;", "import java.util.concurrent.*;", "import java.util.function.*;",
            "import java.util.prefs.*;", "import java.util.regex.*;", "import java.util.stream.*;",
            "import static scoremodels.kernel.Notebook.display;", "import static scoremodels.kernel.Notebook.updateDisplay;",
            "import static scoremodels.kernel.Notebook.render;");

    private static final int MAX_FRAMES = 40;

    /** A cell's outcome: a value to show, or none. */
    static final class Result {
        static final Result NONE = new Result(false, null);
        final boolean hasValue;
        final Object value;

        private Result(boolean hasValue, Object value) {
            this.hasValue = hasValue;
            this.value = value;
        }
    }

    /** Where a snippet's first line sits: cell number and line in that cell. */
    private static final class Place {
        final int cell;
        final int line;

        Place(int cell, int line) {
            this.cell = cell;
            this.line = line;
        }
    }

    private final CellExecutionControl control = new CellExecutionControl();
    private final JShell shell;
    private final SourceCodeAnalysis analysis;
    private final Path workingDir;
    private final Map<String, Place> places = new ConcurrentHashMap<>();
    private final Set<Path> added = new LinkedHashSet<>();
    private final Set<Path> loading = new LinkedHashSet<>();
    private final MavenMagic maven;
    private volatile boolean executing;
    private volatile boolean stopRequested;

    CellRunner(Path kernelClasses, Path workingDir) {
        this(kernelClasses, workingDir, MavenMagic.standard());
    }

    CellRunner(Path kernelClasses, Path workingDir, MavenMagic maven) {
        this.workingDir = workingDir;
        this.maven = maven;
        this.shell = JShell.builder()
                .executionEngine(new CellExecutionControl.Provider(control), Map.of())
                .build();
        this.analysis = shell.sourceCodeAnalysis();
        // the compiler must see Notebook for the static import; the classes themselves come
        // from the application loader, the parent of JShell's
        shell.addToClasspath(kernelClasses.toString());
        for (String line : STARTUP) {
            for (SnippetEvent e : shell.eval(line)) {
                if (e.status() == Snippet.Status.REJECTED) {
                    throw new IllegalStateException("start-up snippet rejected: " + line);
                }
            }
        }
        shell.eval("1"); // compiles once now, so the first cell does not pay for a cold compiler
        control.forgetResults();
    }

    /** Runs a whole cell; magics execute where they stand, so later code sees their jars. */
    Result runCell(String cell, int count) throws CellFailure {
        stopRequested = false;
        control.resetStop();
        executing = true;
        try {
            return runLines(cell, count);
        } finally {
            executing = false;
            control.forgetResults();
        }
    }

    /** A cell's lines, or a loaded file's: code between magics, each magic where it stands. */
    private Result runLines(String cell, int count) throws CellFailure {
        String[] lines = cell.split("\n", -1);
        StringBuilder code = new StringBuilder();
        int codeStart = 0;
        Result last = Result.NONE;
        for (int i = 0; i < lines.length; i++) {
            String t = lines[i].strip();
            if (t.startsWith("%")) {
                if (!code.toString().isBlank()) {
                    evalCode(code.toString(), codeStart, count);
                }
                runMagic(t, count, i + 1);
                last = Result.NONE;
                code.setLength(0);
                codeStart = i + 1;
            } else {
                code.append(lines[i]).append('\n');
            }
        }
        if (!code.toString().isBlank()) {
            last = evalCode(code.toString(), codeStart, count);
        }
        return last;
    }

    /**
     * The MIME bundle of a cell's value, made as cell code runs: the value's toString() or
     * mimeBundle() is the notebook's code, so interrupt stops it too.
     */
    Map<String, String> render(Object value, int count) throws CellFailure {
        executing = true;
        try {
            return control.callAsCell(() -> ResultRenderer.render(value));
        } catch (ExecutionControl.StoppedException e) {
            throw interrupted(count);
        } catch (Exception e) {
            Throwable cause = e instanceof InvocationTargetException && e.getCause() != null ? e.getCause() : e;
            if (stopRequested) {
                throw interrupted(count);
            }
            throw new CellFailure(cause.getClass().getSimpleName(), "showing the cell's value failed: " + cause.getMessage(),
                    List.of("showing the cell's value failed: " + cause));
        } finally {
            executing = false;
        }
    }

    /** Stops the running cell, if any; definitions made so far stay. */
    void stop() {
        if (executing) {
            stopRequested = true;
            control.stopRunningCell();
        }
    }

    List<Path> classpath() {
        synchronized (added) {
            return new ArrayList<>(added);
        }
    }

    /**
     * Runs code snippet by snippet. JShell's analyzer finds where the first snippet ends; it is
     * given a window of lines that grows until the snippet ends inside it with more text after
     * (so that what follows, say an "else" or a ".map(...)" on the next line, was seen), rather
     * than the whole rest of the cell: a cell of n short statements is split in O(n), not O(n^2).
     *
     * <p>JShell compiles every snippet on its own, which takes tens of milliseconds, and its
     * analysis of where a snippet ends takes some too; so runs of plain statements (found by
     * {@link PlainStatements}: no declaration, no value to show) are compiled together as one
     * block. Should the block not compile, JShell's analysis splits that stretch again and its
     * snippets run one by one, so the error names the right line.
     */
    private Result evalCode(String code, int firstLine, int count) throws CellFailure {
        Lines lines = new Lines(code);
        int offset = 0;
        int slowUntil = 0;
        Result last = Result.NONE;
        List<Piece> batch = new ArrayList<>();
        while (!isBlankFrom(code, offset)) {
            checkStop(count);
            int end = offset >= slowUntil ? PlainStatements.end(code, offset) : -1;
            if (end > 0) {
                batch.add(new Piece(code.substring(offset, end), offset, end, true));
                offset = end;
                if (batch.size() < MAX_BATCH) {
                    continue;
                }
            }
            if (!batch.isEmpty()) {
                int batchStart = batch.get(0).start;
                int batchEnd = batch.get(batch.size() - 1).end;
                if (!runBatch(batch, code, lines, firstLine, count)) {
                    // not one block after all: JShell's own analysis takes that stretch again
                    offset = batchStart;
                    slowUntil = batchEnd;
                }
                last = Result.NONE;
                continue;
            }
            Piece piece = nextPiece(code, lines, offset);
            if (piece == null) {
                break;
            }
            offset = piece.end;
            last = evalSnippet(piece.source, code.substring(piece.start, piece.end), code, lines, piece.start,
                    firstLine, count);
        }
        if (!batch.isEmpty()) {
            int batchStart = batch.get(0).start;
            if (!runBatch(batch, code, lines, firstLine, count)) {
                return evalSlowly(code, lines, batchStart, firstLine, count);
            }
            last = Result.NONE;
        }
        return last;
    }

    /** Runs code from a position on, snippet by snippet as JShell's analysis splits it. */
    private Result evalSlowly(String code, Lines lines, int offset, int firstLine, int count) throws CellFailure {
        Result last = Result.NONE;
        while (!isBlankFrom(code, offset)) {
            checkStop(count);
            Piece piece = nextPiece(code, lines, offset);
            if (piece == null) {
                break;
            }
            offset = piece.end;
            last = evalSnippet(piece.source, code.substring(piece.start, piece.end), code, lines, piece.start,
                    firstLine, count);
        }
        return last;
    }

    /** One snippet of a cell: JShell's source for it and where it stands in the cell's code. */
    private static final class Piece {
        final String source;
        final int start;
        final int end;
        final boolean complete;

        Piece(String source, int start, int end, boolean complete) {
            this.source = source;
            this.start = start;
            this.end = end;
            this.complete = complete;
        }
    }

    private static final int MAX_BATCH = 400;

    private Piece nextPiece(String code, Lines lines, int offset) {
        for (int window = FIRST_WINDOW_LINES; ; window *= 2) {
            int end = lines.startOfLine(lines.lineOf(offset) + window);
            String chunk = code.substring(offset, end);
            boolean atEnd = end == code.length();
            SourceCodeAnalysis.CompletionInfo info = analysis.analyzeCompletion(chunk);
            SourceCodeAnalysis.Completeness c = info.completeness();
            if (c.isComplete() && (atEnd || !info.remaining().isBlank())) {
                return new Piece(info.source(), offset, end - info.remaining().length(),
                        c == SourceCodeAnalysis.Completeness.COMPLETE);
            }
            if (atEnd) {
                // an incomplete rest is still compiled: javac's message says what is missing
                return c == SourceCodeAnalysis.Completeness.EMPTY ? null : new Piece(chunk, offset, end, false);
            }
        }
    }

    /**
     * Runs plain statements as one block; false (nothing ran) when there is only one or the
     * block does not compile, and the caller runs them through JShell's own analysis instead.
     */
    private boolean runBatch(List<Piece> batch, String code, Lines lines, int firstLine, int count)
            throws CellFailure {
        List<Piece> pieces = new ArrayList<>(batch);
        batch.clear();
        if (pieces.size() < 2) {
            return false;
        }
        Piece first = pieces.get(0);
        int from = first.start;
        while (from < first.end && Character.isWhitespace(code.charAt(from))) {
            from++;
        }
        // "{" on the first statement's line: the block's lines are the cell's lines
        String block = "{" + code.substring(from, pieces.get(pieces.size() - 1).end) + "\n}";
        List<SnippetEvent> events = shell.eval(block);
        if (events.stream().anyMatch(e -> e.causeSnippet() == null && e.status() == Snippet.Status.REJECTED)) {
            return false;
        }
        handleEvents(events, block, code, lines, from, firstLine, firstLine + lines.lineOf(from) + 1, count);
        return true;
    }

    private static final int FIRST_WINDOW_LINES = 8;

    private static boolean isBlankFrom(String s, int from) {
        for (int i = from; i < s.length(); i++) {
            if (!Character.isWhitespace(s.charAt(i))) {
                return false;
            }
        }
        return true;
    }

    /** Line numbers of positions in a text, by binary search over the line starts. */
    static final class Lines {
        private final int[] starts;
        private final int length;

        Lines(String text) {
            int n = 1;
            for (int i = 0; i < text.length(); i++) {
                if (text.charAt(i) == '\n') {
                    n++;
                }
            }
            starts = new int[n];
            int k = 1;
            for (int i = 0; i < text.length(); i++) {
                if (text.charAt(i) == '\n') {
                    starts[k++] = i + 1;
                }
            }
            length = text.length();
        }

        /** 0-based line of a position. */
        int lineOf(int position) {
            // the starts rise strictly: a hit is that line, a miss lies in the line before the insertion point
            int i = Arrays.binarySearch(starts, Math.max(0, Math.min(position, length)));
            return i >= 0 ? i : -i - 2;
        }

        /** Where a line starts; the text's length past the last line. */
        int startOfLine(int line) {
            return line < starts.length ? starts[line] : length;
        }
    }

    private Result evalSnippet(String source, String original, String code, Lines lines, int offset, int firstLine,
                               int count) throws CellFailure {
        int lead = 0;
        while (lead < original.length() && Character.isWhitespace(original.charAt(lead))) {
            lead++;
        }
        int snippetLine = firstLine + lines.lineOf(offset + lead) + 1;
        return handleEvents(shell.eval(source), original, code, lines, offset, firstLine, snippetLine, count);
    }

    private Result handleEvents(List<SnippetEvent> events, String original, String code, Lines lines, int offset,
                                int firstLine, int snippetLine, int count) throws CellFailure {
        Result value = Result.NONE;
        for (SnippetEvent e : events) {
            if (e.causeSnippet() != null) {
                continue; // a dependent snippet re-checked after this one: not this cell's news
            }
            Snippet s = e.snippet();
            places.put(s.id(), new Place(count, snippetLine));
            if (e.status() == Snippet.Status.REJECTED) {
                throw compileError(s, code, lines, offset, firstLine, snippetLine);
            }
            checkStop(count);
            if (e.exception() != null) {
                throw runtimeError(e.exception());
            }
            if (e.status() == Snippet.Status.RECOVERABLE_NOT_DEFINED && s instanceof DeclarationSnippet) {
                throw new CellFailure("UnresolvedReference", name(s) + " is not defined: it uses "
                        + unresolved((DeclarationSnippet) s) + ", which no cell has defined yet",
                        List.of("line " + snippetLine + ": " + name(s) + " uses undefined "
                                + unresolved((DeclarationSnippet) s)));
            }
            Optional<Object> result = control.isResultKey(e.value()) ? control.takeResult(e.value()) : null;
            if (result != null && shows(s) && !original.strip().endsWith(";")) {
                value = new Result(true, result.orElse(null));
            }
        }
        return value;
    }

    private void checkStop(int count) throws CellFailure {
        if (stopRequested) {
            throw interrupted(count);
        }
    }

    private static CellFailure interrupted(int count) {
        return new CellFailure("Interrupted", "the cell was interrupted; definitions made before it stay",
                List.of("Interrupted: cell In[" + count + "] was stopped; earlier definitions are kept"));
    }

    /** Expressions show their value, as the cell's last line does in IPython; assignments do not. */
    private static boolean shows(Snippet s) {
        return s.subKind() == Snippet.SubKind.TEMP_VAR_EXPRESSION_SUBKIND
                || (s.kind() == Snippet.Kind.EXPRESSION && s.subKind() != Snippet.SubKind.ASSIGNMENT_SUBKIND);
    }

    private CellFailure compileError(Snippet s, String code, Lines index, int offset, int firstLine, int snippetLine) {
        List<String> trace = new ArrayList<>();
        String first = null;
        for (Diag d : shell.diagnostics(s).collect(Collectors.toList())) {
            if (!d.isError()) {
                continue;
            }
            int line = snippetLine;
            int column = -1;
            if (d.getStartPosition() >= 0 && offset + d.getStartPosition() <= code.length()) {
                int at = offset + (int) d.getStartPosition();
                line = firstLine + index.lineOf(at) + 1;
                column = at - (code.lastIndexOf('\n', Math.max(0, at - 1)) + 1);
                if (at > 0 && code.charAt(at - 1) == '\n') {
                    column = 0;
                }
            }
            String message = tidy(d.getMessage(Locale.ENGLISH));
            String entry = "line " + line + ": " + message;
            if (first == null) {
                first = entry;
            }
            trace.add("Compile error in " + entry);
            String[] all = code.split("\n", -1);
            int local = line - firstLine - 1;
            if (local >= 0 && local < all.length) {
                trace.add("    " + all[local]);
                if (column >= 0) {
                    trace.add("    " + " ".repeat(Math.min(column, all[local].length())) + "^");
                }
            }
        }
        if (first == null) {
            first = "line " + snippetLine + ": the code cannot be compiled";
            trace.add("Compile error in " + first);
        }
        return new CellFailure("CompileError", first, trace);
    }

    private CellFailure runtimeError(JShellException ex) {
        if (ex instanceof UnresolvedReferenceException) {
            DeclarationSnippet s = ((UnresolvedReferenceException) ex).getSnippet();
            String msg = name(s) + " cannot run: it uses " + unresolved(s) + ", which no cell has defined yet";
            return new CellFailure("UnresolvedReference", msg, List.of(msg));
        }
        List<String> lines = new ArrayList<>();
        Throwable t = ex;
        String name = null;
        String value = null;
        boolean firstException = true;
        while (t != null) {
            String className = t instanceof EvalException ? ((EvalException) t).getExceptionClassName() : t.getClass().getName();
            String message = t.getMessage() == null ? null : tidy(t.getMessage());
            if (firstException) {
                name = className.substring(className.lastIndexOf('.') + 1);
                value = message == null ? "" : message;
            }
            lines.add((firstException ? "" : "Caused by: ") + className + (message == null ? "" : ": " + message));
            StackTraceElement[] frames = t.getStackTrace();
            for (int i = 0; i < frames.length && i < MAX_FRAMES; i++) {
                lines.add("\tat " + frame(frames[i]));
            }
            if (frames.length > MAX_FRAMES) {
                lines.add("\t... " + (frames.length - MAX_FRAMES) + " more");
            }
            firstException = false;
            t = t.getCause() == t ? null : t.getCause();
        }
        return new CellFailure(name, value, lines);
    }

    /** A frame of cell code reads "at f (In[3] line 4)"; library frames are left as they are. */
    private String frame(StackTraceElement f) {
        String file = f.getFileName();
        if (file != null && file.startsWith("#")) {
            Place p = places.get(file.substring(1));
            String method = f.getMethodName().isEmpty() ? "cell" : f.getMethodName();
            if (p != null) {
                return method + " (In[" + p.cell + "] line " + (p.line + Math.max(1, f.getLineNumber()) - 1) + ")";
            }
            return method + " (snippet " + file + ")";
        }
        return f.toString();
    }

    private void runMagic(String line, int count, int lineNumber) throws CellFailure {
        String body = line.substring(1).strip();
        if (body.startsWith("%")) {
            throw failure("UnknownMagic", "line " + lineNumber + ": cell magics (%%) are not supported by this kernel");
        }
        String[] parts = body.split("\\s+", 2);
        String name = parts[0];
        String args = parts.length > 1 ? parts[1] : "";
        if (name.equals("maven")) {
            try {
                addJars(maven.resolve(args));
            } catch (IllegalArgumentException e) {
                throw failure("MavenError", "line " + lineNumber + ": " + e.getMessage());
            }
            checkStop(count);
            return;
        }
        if (name.equals("load")) {
            load(args, count, lineNumber);
            return;
        }
        if (!name.equals("classpath") && !name.equals("jars")) {
            throw failure("UnknownMagic", "line " + lineNumber + ": unknown line magic %" + name
                    + " (this kernel knows %classpath, %jars, %maven and %load)");
        }
        if (args.isBlank()) {
            for (Path p : classpath()) {
                System.out.println(p);
            }
            return;
        }
        List<Path> paths;
        try {
            paths = ClasspathMagic.resolve(args, workingDir);
        } catch (IOException | IllegalArgumentException e) {
            throw failure("ClasspathError", "line " + lineNumber + ": " + e.getMessage());
        }
        addJars(paths);
        checkStop(count);
    }

    private void addJars(List<Path> paths) {
        for (Path p : paths) {
            synchronized (added) {
                if (!added.add(p)) {
                    continue;
                }
            }
            shell.addToClasspath(p.toString());
        }
    }

    /** Runs a file's code in place of the magic; its errors name the file and its line. */
    private void load(String args, int count, int lineNumber) throws CellFailure {
        Path file;
        String code;
        try {
            file = LoadMagic.file(args, workingDir);
            code = LoadMagic.code(file);
        } catch (IOException | IllegalArgumentException e) {
            throw failure("LoadError", "line " + lineNumber + ": " + e.getMessage());
        }
        if (loading.contains(file)) {
            throw failure("LoadError", "line " + lineNumber + ": %load of " + file + " loads itself again");
        }
        loading.add(file);
        try {
            runLines(code, count);
        } catch (CellFailure f) {
            List<String> lines = new ArrayList<>();
            lines.add("in %load " + workingDir.relativize(file) + " (cell line " + lineNumber + "), lines counted in the file:");
            lines.addAll(f.traceback());
            throw new CellFailure(f.name(), "%load " + file.getFileName() + ": " + f.value(), lines);
        } finally {
            loading.remove(file);
        }
    }

    private static CellFailure failure(String name, String message) {
        return new CellFailure(name, message, List.of(name + ": " + message));
    }

    // ----- front-end help: completion, inspection, is_complete -----

    /** Completions at a cursor (a Java string index): replacement start and the candidates. */
    List<String> complete(String code, int cursor, int[] anchor) {
        String clean = blankMagics(code);
        List<String> found = new ArrayList<>();
        List<SourceCodeAnalysis.Suggestion> suggestions = analysis.completionSuggestions(clean, cursor, anchor);
        for (SourceCodeAnalysis.Suggestion s : suggestions) {
            if (s.matchesType()) {
                found.add(s.continuation());
            }
        }
        for (SourceCodeAnalysis.Suggestion s : suggestions) {
            found.add(s.continuation());
        }
        return new ArrayList<>(new LinkedHashSet<>(found));
    }

    String documentation(String code, int cursor) {
        StringBuilder text = new StringBuilder();
        for (SourceCodeAnalysis.Documentation d : analysis.documentation(blankMagics(code), cursor, true)) {
            if (text.length() > 0) {
                text.append("\n\n");
            }
            text.append(d.signature());
            if (d.javadoc() != null && !d.javadoc().isBlank()) {
                text.append("\n").append(d.javadoc());
            }
        }
        return text.toString();
    }

    /** "complete", "invalid", or the indent to continue an incomplete cell with. */
    String isComplete(String code) {
        String rest = blankMagics(code);
        while (!rest.isBlank()) {
            SourceCodeAnalysis.CompletionInfo info = analysis.analyzeCompletion(rest);
            switch (info.completeness()) {
                case EMPTY:
                    return "complete";
                case DEFINITELY_INCOMPLETE:
                case CONSIDERED_INCOMPLETE:
                    return rest.stripTrailing().endsWith("{") ? "    " : "";
                case UNKNOWN:
                    return "invalid";
                default:
                    rest = info.remaining();
            }
        }
        return "complete";
    }

    private static String blankMagics(String code) {
        String[] lines = code.split("\n", -1);
        for (int i = 0; i < lines.length; i++) {
            if (lines[i].strip().startsWith("%")) {
                lines[i] = " ".repeat(lines[i].length());
            }
        }
        return String.join("\n", lines);
    }

    // ----- small helpers -----

    private String unresolved(DeclarationSnippet s) {
        return shell.unresolvedDependencies(s).collect(Collectors.joining(", "));
    }

    private static String name(Snippet s) {
        return s instanceof DeclarationSnippet ? ((DeclarationSnippet) s).name() : "this code";
    }

    /** Hides JShell's wrapper names ("REPL.$JShell$12.") and its empty "location: class" lines. */
    static String tidy(String message) {
        return message.replaceAll("REPL\\.\\$JShell\\$\\d+[A-Z]?\\.", "")
                .replaceAll("\\$JShell\\$\\d+[A-Z]?\\.", "")
                .replaceAll("(?m)^\\s*location: class\\s*$\\n?", "")
                .strip();
    }
}
