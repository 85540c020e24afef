package scoremodels.engine;

import java.util.concurrent.ForkJoinPool;
import java.util.concurrent.ForkJoinTask;

/**
 * Runs a loop over rows in two halves at once: the second half on the common fork-join pool, the
 * first on the calling thread. The split point depends only on the row count, so sums kept per
 * half and added in order give the same bits on every run, however the threads are scheduled.
 */
public final class Halves {
    /** Work on rows [from, to); {@code part} is 0 for the first half and 1 for the second. */
    @FunctionalInterface
    public interface Body {
        void run(int part, int from, int to);
    }

    // Below this many rows a second thread costs more than it saves.
    private static final int MIN_ROWS = 64;
    // Read once: under JDK 17 availableProcessors() reads the cgroup files on every call, and a
    // training step hands work over several times.
    private static final boolean SECOND_CORE = Runtime.getRuntime().availableProcessors() >= 2;

    private Halves() {
    }

    public static void run(int rows, Body body) {
        run(rows, rows / 2, body);
    }

    /** As {@link #run(int, Body)}, the halves meeting at row {@code mid} (0 ≤ mid ≤ rows). */
    public static void run(int rows, int mid, Body body) {
        if (mid < 0 || mid > rows) {
            throw new IllegalArgumentException("mid must be in [0, " + rows + "], got " + mid);
        }
        if (rows < MIN_ROWS || !SECOND_CORE) {
            body.run(0, 0, mid);
            body.run(1, mid, rows);
            return;
        }
        ForkJoinTask<?> second = ForkJoinPool.commonPool().submit(() -> body.run(1, mid, rows));
        body.run(0, 0, mid);
        second.join();
    }
}
