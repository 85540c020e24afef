package scoremodels.engine;

import java.util.concurrent.ForkJoinPool;
import java.util.concurrent.ForkJoinTask;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.locks.LockSupport;

/**
 * Runs a loop over rows in two halves at once: the second half on a helper thread, the first on
 * the calling thread. The split point depends only on the row count, so sums kept per half and
 * added in order give the same bits on every run, however the threads are scheduled.
 *
 * <p>A training step hands work over six or more times, a fraction of a millisecond apart. A
 * thread that sleeps between hand-overs takes tens of microseconds to wake on a virtual machine,
 * twice per hand-over (the helper to start, the caller to see it finish), which added up to a
 * tenth of a step. So the helper keeps polling for a short while after each half before it sleeps,
 * and the caller polls for the helper's half before it sleeps. When the helper is busy with
 * another caller, or a half itself hands over, the common fork-join pool takes the second half.
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
    /** How long the helper polls for the next half, and the caller for the helper's, before sleeping. */
    static final long POLL_NANOS = 300_000;

    /** The helper thread; replaced when its thread has ended (see {@link Helper#alive}). */
    private static volatile Helper helper;

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
        Helper h = helper();
        if (Thread.currentThread() != h.thread && h.busy.compareAndSet(false, true)) {
            try {
                h.run(body, mid, rows);
            } finally {
                h.busy.set(false);
            }
            return;
        }
        ForkJoinTask<?> second = ForkJoinPool.commonPool().submit(() -> body.run(1, mid, rows));
        body.run(0, 0, mid);
        second.join();
    }

    private static Helper helper() {
        Helper h = helper;
        if (h == null || !h.alive) {
            synchronized (Halves.class) {
                h = helper;
                if (h == null || !h.alive) {
                    h = new Helper();
                    helper = h;
                }
            }
        }
        return h;
    }

    /**
     * One daemon thread that runs second halves, handed over through volatile fields.
     *
     * <p>Its thread can end: a Jupyter kernel that stops a cell by making every loop of the
     * notebook's classes throw (this project's does) ends it too while it polls. A failure inside
     * a half is caught and handed to the caller; one while it waits ends the thread before it has
     * taken the next half, so a caller that finds the thread gone runs that half itself, and the
     * next hand-over starts a new helper.
     */
    private static final class Helper {
        final AtomicBoolean busy = new AtomicBoolean();
        final Thread thread;
        volatile boolean alive = true;
        private Body body;
        private int from;
        private int to;
        private Throwable failure;
        private long failed;       // the hand-over whose half failed
        private volatile Thread caller;
        private volatile long posted;
        private volatile long finished;
        private volatile boolean helperSleeping;
        private volatile boolean callerSleeping;

        Helper() {
            thread = new Thread(this::loop, "scoremodels-halves");
            thread.setDaemon(true);
            thread.start();
        }

        /** Body's second half on the helper, its first here; a failure of either rethrown. */
        void run(Body b, int mid, int rows) {
            body = b;
            from = mid;
            to = rows;
            caller = Thread.currentThread();
            long ticket = posted + 1;
            posted = ticket;
            if (helperSleeping) {
                LockSupport.unpark(thread);
            }
            Throwable mine = null;
            try {
                b.run(0, 0, mid);
            } catch (Throwable t) {
                mine = t;
            }
            Throwable theirs = null;
            if (awaitFinished(ticket)) {
                theirs = failed == ticket ? failure : null;
            } else {
                try {
                    b.run(1, mid, rows); // the helper's thread ended before it took this half
                } catch (Throwable t) {
                    theirs = t;
                }
            }
            if (mine != null) {
                rethrow(mine);
            }
            if (theirs != null) {
                rethrow(theirs);
            }
        }

        /** Waits for the helper's half: true once done, false if the helper's thread ended first. */
        private boolean awaitFinished(long ticket) {
            long start = System.nanoTime();
            while (finished != ticket) {
                if (!alive) {
                    return finished == ticket;
                }
                if (System.nanoTime() - start < POLL_NANOS) {
                    Thread.onSpinWait();
                    continue;
                }
                callerSleeping = true;
                if (finished != ticket) {
                    LockSupport.parkNanos(this, 1_000_000);
                }
                callerSleeping = false;
            }
            return true;
        }

        private void loop() {
            try {
                long seen = 0;
                while (true) {
                    long start = System.nanoTime();
                    while (posted == seen) {
                        if (System.nanoTime() - start < POLL_NANOS) {
                            Thread.onSpinWait();
                            continue;
                        }
                        helperSleeping = true;
                        if (posted == seen) {
                            LockSupport.park(this);
                        }
                        helperSleeping = false;
                    }
                    seen = posted;
                    // from here until finished is set nothing loops, so nothing but the half can throw
                    try {
                        body.run(1, from, to);
                    } catch (Throwable t) {
                        failure = t;
                        failed = seen;
                    }
                    finished = seen;
                    if (callerSleeping) {
                        LockSupport.unpark(caller);
                    }
                }
            } finally {
                alive = false;
            }
        }

        private static void rethrow(Throwable t) {
            if (t instanceof RuntimeException) {
                throw (RuntimeException) t;
            }
            if (t instanceof Error) {
                throw (Error) t;
            }
            throw new IllegalStateException(t);
        }
    }
}
