package scoremodels.cli;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * {@code --name value} (or {@code --name=value}) options of one command, and the checks of their
 * values. Unknown options, missing values and bad values are {@link UsageException}s whose
 * message names the option and the value; they end the command with exit code 2.
 */
final class Args {
    private final Map<String, String> values = new HashMap<>();
    private final Set<String> allowed;

    Args(String[] args, int from, String... allowedNames) {
        this.allowed = new LinkedHashSet<>(List.of(allowedNames));
        for (int i = from; i < args.length; i++) {
            String a = args[i];
            if (!a.startsWith("--") || a.length() == 2) {
                throw new UsageException("unexpected argument '" + a + "' (options look like --name value)");
            }
            String name = a.substring(2);
            String value;
            int eq = name.indexOf('=');
            if (eq >= 0) {
                value = name.substring(eq + 1);
                name = name.substring(0, eq);
            } else {
                // A value that looks like the next option means this one's value is missing.
                if (i + 1 >= args.length || args[i + 1].startsWith("--")) {
                    throw new UsageException("option --" + name + " needs a value"
                            + (i + 1 < args.length ? ", got " + args[i + 1] : ""));
                }
                value = args[++i];
            }
            if (!allowed.contains(name)) {
                throw new UsageException("unknown option --" + name + " (known: --" + String.join(", --", allowed) + ")");
            }
            if (value.isBlank()) {
                throw new UsageException("option --" + name + " needs a value, got an empty one");
            }
            if (values.put(name, value) != null) {
                throw new UsageException("option --" + name + " is given twice");
            }
        }
    }

    /** Whether the flag (such as {@code --verbose}, which takes no value) is among the arguments. */
    static boolean hasFlag(String[] args, String flag) {
        return List.of(args).contains(flag);
    }

    /** The arguments without every occurrence of the flag. */
    static String[] withoutFlag(String[] args, String flag) {
        List<String> rest = new ArrayList<>(List.of(args));
        rest.removeIf(flag::equals);
        return rest.toArray(new String[0]);
    }

    boolean has(String name) {
        return values.containsKey(name);
    }

    String string(String name, String fallback) {
        return values.getOrDefault(name, fallback);
    }

    int integer(String name, int fallback, int min) {
        String v = values.get(name);
        if (v == null) {
            return fallback;
        }
        int n;
        try {
            n = Integer.parseInt(v.trim().replace("_", ""));
        } catch (NumberFormatException e) {
            throw new UsageException("--" + name + " must be an integer, got " + v);
        }
        if (n < min) {
            throw new UsageException("--" + name + " must be >= " + min + ", got " + v);
        }
        return n;
    }

    /** An integer in [min, max]. */
    int integer(String name, int fallback, int min, int max) {
        int n = integer(name, fallback, min);
        if (n > max) {
            throw new UsageException("--" + name + " must be <= " + max + ", got " + values.get(name));
        }
        return n;
    }

    long longValue(String name, long fallback) {
        String v = values.get(name);
        if (v == null) {
            return fallback;
        }
        try {
            return Long.parseLong(v.trim().replace("_", ""));
        } catch (NumberFormatException e) {
            throw new UsageException("--" + name + " must be an integer, got " + v);
        }
    }

    double number(String name, double fallback) {
        String v = values.get(name);
        if (v == null) {
            return fallback;
        }
        try {
            return Double.parseDouble(v.trim());
        } catch (NumberFormatException e) {
            throw new UsageException("--" + name + " must be a number, got " + v);
        }
    }

    /** A finite number > 0. */
    double positive(String name, double fallback) {
        double d = number(name, fallback);
        if (!(d > 0) || Double.isInfinite(d)) {
            throw new UsageException("--" + name + " must be a finite number > 0, got " + values.get(name));
        }
        return d;
    }

    /** A finite number >= 0. */
    double nonNegative(String name, double fallback) {
        double d = number(name, fallback);
        if (!(d >= 0) || Double.isInfinite(d)) {
            throw new UsageException("--" + name + " must be a finite number >= 0, got " + values.get(name));
        }
        return d;
    }

    /** One of {@code allowed}, exactly as written. */
    String choice(String name, String fallback, String... allowed) {
        String v = values.get(name);
        if (v == null) {
            return fallback;
        }
        for (String a : allowed) {
            if (a.equals(v)) {
                return v;
            }
        }
        throw new UsageException("--" + name + " must be one of " + String.join("|", allowed) + ", got " + v);
    }

    /** true or false. */
    boolean bool(String name, boolean fallback) {
        return choice(name, String.valueOf(fallback), "true", "false").equals("true");
    }

    /**
     * A folder to write into, created if missing and checked writable now, so that a long run
     * does not fail at its very end.
     */
    Path writableFolder(String name, String fallback) {
        Path dir = path(name, fallback);
        try {
            Files.createDirectories(dir);
            Files.delete(Files.createTempFile(dir, ".write-check", ".tmp"));
        } catch (IOException | UnsupportedOperationException e) {
            throw new UsageException("--" + name + " " + dir + ": cannot write there: " + reason(e));
        }
        return dir;
    }

    /** A file to write, whose folder must exist and be writable now; the file itself is not touched. */
    Path writableFile(String name, String fallback) {
        Path file = path(name, fallback);
        Path dir = file.toAbsolutePath().getParent();
        if (Files.isDirectory(file)) {
            throw new UsageException("--" + name + " " + file + ": cannot write, it is a folder");
        }
        try {
            Files.delete(Files.createTempFile(dir, ".write-check", ".tmp"));
        } catch (IOException | UnsupportedOperationException e) {
            throw new UsageException("--" + name + " " + file + ": cannot write there: " + reason(e));
        }
        return file;
    }

    /** Why a file operation failed, in words: the JDK's messages are often just the path. */
    static String reason(Exception e) {
        String what = e.getMessage() == null ? "" : e.getMessage();
        if (e instanceof java.nio.file.AccessDeniedException) {
            return "permission denied on " + what;
        }
        if (e instanceof java.nio.file.FileAlreadyExistsException || e instanceof java.nio.file.NotDirectoryException) {
            return "a file is in the way at " + what;
        }
        if (e instanceof java.nio.file.NoSuchFileException) {
            return "no such folder " + what;
        }
        return what.isEmpty() ? e.getClass().getSimpleName() : what;
    }

    private Path path(String name, String fallback) {
        String v = string(name, fallback);
        try {
            return Path.of(v);
        } catch (InvalidPathException e) {
            throw new UsageException("--" + name + " must be a path, got " + v + " (" + e.getReason() + ")");
        }
    }

    /** A bad command line: one line naming the option and the value, exit code 2. */
    static final class UsageException extends IllegalArgumentException {
        UsageException(String message) {
            super(message);
        }
    }
}
