package scoremodels.training;

import java.io.PrintStream;
import java.util.Locale;

/**
 * A text progress bar in the manner of tqdm: description, bar, count, elapsed and remaining
 * time, and rate, e.g. {@code Score· 1.23  42%|████▏     | 8400/20000 [00:21<00:29, 395.2it/s]}.
 *
 * <p>It rewrites its line with a carriage return, which terminals and Jupyter front ends both
 * honour, and it redraws at most every {@code minIntervalMillis} so printing never costs more
 * than the work it reports on.
 */
public final class Progress {
    private static final String[] PARTIAL = {"", "▏", "▎", "▍", "▌", "▋", "▊", "▉"};
    private final PrintStream out;
    private final int total;
    private final long minIntervalNanos;
    private final long start;
    private long lastDraw;
    private String description = "";
    private int current;

    public Progress(int total, PrintStream out, long minIntervalMillis) {
        if (total < 1) {
            throw new IllegalArgumentException("total must be >= 1, got " + total);
        }
        this.out = out;
        this.total = total;
        this.minIntervalNanos = minIntervalMillis * 1_000_000L;
        this.start = System.nanoTime();
        this.lastDraw = start - minIntervalNanos;
    }

    /** A bar on standard output redrawn at most ten times a second. */
    public static Progress stdout(int total) {
        return new Progress(total, System.out, 100);
    }

    /** Like tqdm's {@code set_description}: the text in front of the bar. */
    public void setDescription(String text) {
        this.description = text == null ? "" : text;
    }

    /** Marks {@code n} of {@code total} done, redrawing when enough time has passed. */
    public void update(int n) {
        current = n;
        long now = System.nanoTime();
        if (n >= total || now - lastDraw >= minIntervalNanos) {
            lastDraw = now;
            out.print("\r" + line(now));
            out.flush();
        }
    }

    /** Draws the final state and ends the line. */
    public void close() {
        out.print("\r" + line(System.nanoTime()) + "\n");
        out.flush();
    }

    String line(long now) {
        double elapsed = (now - start) / 1e9;
        double rate = elapsed > 0 ? current / elapsed : 0;
        double remaining = rate > 0 ? (total - current) / rate : 0;
        double frac = Math.min(1.0, (double) current / total);
        int width = 20;
        int eighths = (int) Math.floor(frac * width * 8);
        StringBuilder bar = new StringBuilder("█".repeat(eighths / 8)).append(PARTIAL[eighths % 8]);
        while (bar.length() < width) {
            bar.append(' ');
        }
        String prefix = description.isEmpty() ? "" : description + ": ";
        return String.format(Locale.ROOT, "%s%3d%%|%s| %d/%d [%s<%s, %.1fit/s]", prefix,
                (int) Math.floor(frac * 100), bar, current, total, clock(elapsed), clock(remaining), rate);
    }

    private static String clock(double seconds) {
        long s = Math.round(seconds);
        return s >= 3600 ? String.format(Locale.ROOT, "%d:%02d:%02d", s / 3600, s / 60 % 60, s % 60)
                : String.format(Locale.ROOT, "%02d:%02d", s / 60, s % 60);
    }
}
