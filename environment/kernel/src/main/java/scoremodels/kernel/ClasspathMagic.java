package scoremodels.kernel;

import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.PathMatcher;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * The {@code %classpath} line magic's arguments: paths and globs ({@code *}, {@code ?},
 * {@code **}, {@code [..]}, <code>{a,b}</code>) separated by spaces or the path separator, taken
 * relative to the notebook's folder (the kernel's working directory). Quotes keep spaces in a path.
 */
final class ClasspathMagic {
    private ClasspathMagic() {
    }

    static List<Path> resolve(String arguments, Path base) throws IOException {
        List<Path> found = new ArrayList<>();
        for (String word : words(arguments)) {
            for (String entry : word.split(File.pathSeparator)) {
                if (!entry.isEmpty()) {
                    found.addAll(resolveOne(entry, base));
                }
            }
        }
        return found;
    }

    static List<Path> resolveOne(String entry, Path base) throws IOException {
        String expanded = entry.startsWith("~/") ? System.getProperty("user.home") + entry.substring(1) : entry;
        if (!isGlob(expanded)) {
            Path p = base.resolve(expanded).normalize();
            if (!Files.exists(p)) {
                throw new IOException("%classpath entry '" + entry + "' does not exist (looked for " + p + ")");
            }
            return List.of(p);
        }
        // walk from the deepest folder without glob characters; match the whole absolute path
        String unix = expanded.replace(File.separatorChar, '/');
        int firstGlob = firstGlobChar(unix);
        int cut = unix.lastIndexOf('/', firstGlob);
        Path root = base.resolve(cut < 0 ? "." : (cut == 0 ? "/" : unix.substring(0, cut))).normalize();
        String rest = cut < 0 ? unix : unix.substring(cut + 1);
        if (!Files.isDirectory(root)) {
            throw new IOException("%classpath pattern '" + entry + "': folder " + root + " does not exist");
        }
        String pattern = root.toString().replace("\\", "\\\\").replace("*", "\\*").replace("?", "\\?")
                .replace("[", "\\[").replace("{", "\\{") + "/" + rest;
        PathMatcher matcher = FileSystems.getDefault().getPathMatcher("glob:" + pattern);
        int depth = rest.contains("**") ? Integer.MAX_VALUE : rest.split("/").length;
        List<Path> matches;
        try (Stream<Path> walk = Files.walk(root, depth)) {
            matches = walk.filter(p -> !p.equals(root) && matcher.matches(p)).sorted().collect(Collectors.toList());
        } catch (UncheckedIOException e) {
            throw e.getCause();
        }
        if (matches.isEmpty()) {
            throw new IOException("%classpath pattern '" + entry + "' matches no file under " + root);
        }
        return matches;
    }

    static boolean isGlob(String s) {
        return firstGlobChar(s) < s.length();
    }

    private static int firstGlobChar(String s) {
        for (int i = 0; i < s.length(); i++) {
            if ("*?[{".indexOf(s.charAt(i)) >= 0) {
                return i;
            }
        }
        return s.length();
    }

    /** Splits on blanks, keeping text inside single or double quotes together. */
    static List<String> words(String line) {
        List<String> words = new ArrayList<>();
        StringBuilder word = new StringBuilder();
        char quote = 0;
        boolean inWord = false;
        for (char c : line.toCharArray()) {
            if (quote != 0) {
                if (c == quote) {
                    quote = 0;
                } else {
                    word.append(c);
                }
            } else if (c == '"' || c == '\'') {
                quote = c;
                inWord = true;
            } else if (Character.isWhitespace(c)) {
                if (inWord) {
                    words.add(word.toString());
                    word.setLength(0);
                    inWord = false;
                }
            } else {
                word.append(c);
                inWord = true;
            }
        }
        if (quote != 0) {
            throw new IllegalArgumentException("%classpath arguments have an unclosed quote: " + line);
        }
        if (inWord) {
            words.add(word.toString());
        }
        return words;
    }
}
