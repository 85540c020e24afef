package scoremodels.cli;

import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Set;

/**
 * {@code --name value} options of one command. Unknown options and bad values are errors that
 * name the option and the value; {@link UsageException} carries them to exit code 2.
 */
final class Args {
    private final Map<String, String> values = new HashMap<>();
    private final Set<String> allowed;

    Args(String[] args, int from, String... allowedNames) {
        this.allowed = new LinkedHashSet<>(java.util.List.of(allowedNames));
        for (int i = from; i < args.length; i++) {
            String a = args[i];
            if (!a.startsWith("--")) {
                throw new UsageException("unexpected argument '" + a + "' (options look like --name value)");
            }
            String name = a.substring(2);
            String value;
            int eq = name.indexOf('=');
            if (eq >= 0) {
                value = name.substring(eq + 1);
                name = name.substring(0, eq);
            } else {
                if (i + 1 >= args.length) {
                    throw new UsageException("option --" + name + " needs a value");
                }
                value = args[++i];
            }
            if (!allowed.contains(name)) {
                throw new UsageException("unknown option --" + name + " (known: --" + String.join(", --", allowed) + ")");
            }
            values.put(name, value);
        }
    }

    String string(String name, String fallback) {
        return values.getOrDefault(name, fallback);
    }

    int integer(String name, int fallback, int min) {
        String v = values.get(name);
        if (v == null) {
            return fallback;
        }
        try {
            int n = Integer.parseInt(v.trim().replace("_", ""));
            if (n < min) {
                throw new UsageException("--" + name + " must be >= " + min + ", got " + v);
            }
            return n;
        } catch (NumberFormatException e) {
            throw new UsageException("--" + name + " must be an integer, got " + v);
        }
    }

    double positive(String name, double fallback) {
        String v = values.get(name);
        if (v == null) {
            return fallback;
        }
        try {
            double d = Double.parseDouble(v.trim());
            if (!(d > 0) || Double.isInfinite(d)) {
                throw new UsageException("--" + name + " must be a finite number > 0, got " + v);
            }
            return d;
        } catch (NumberFormatException e) {
            throw new UsageException("--" + name + " must be a number, got " + v);
        }
    }

    boolean has(String name) {
        return values.containsKey(name);
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

    /** A bad command line: printed with the usage, exit code 2. */
    static final class UsageException extends IllegalArgumentException {
        UsageException(String message) {
            super(message);
        }
    }
}
