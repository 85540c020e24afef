package scoremodels.kernel;

import org.dflib.jjava.jupyter.channels.ShellReplyEnvironment;
import org.dflib.jjava.jupyter.kernel.display.DisplayData;
import org.dflib.jjava.jupyter.messages.publish.PublishDisplayData;
import org.dflib.jjava.jupyter.messages.publish.PublishUpdateDisplayData;

import java.io.InputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;

/**
 * Routes the JVM's standard streams and display calls to the cell that is running.
 *
 * <p>The streams are replaced once, at start-up, rather than per cell: background threads and
 * library code that cached System.out keep working. Every message to the notebook goes out under
 * one lock, and buffered text is sent before a display, so output keeps the order of the code.
 */
final class CellIO {
    static final long FLUSH_MS = 50;

    private final CellStream out;
    private final CellStream err;
    private final CellInput in = new CellInput();
    private final ScheduledExecutorService flusher = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "kernel-output-flusher");
        t.setDaemon(true);
        return t;
    });
    private ShellReplyEnvironment env;
    private ScheduledFuture<?> ticking;

    CellIO(PrintStream processOut, PrintStream processErr) {
        this.out = new CellStream(processOut);
        this.err = new CellStream(processErr);
    }

    /** Makes the kernel JVM's System.out, System.err and System.in the cell's. */
    void install() {
        System.setOut(new PrintStream(out, false, StandardCharsets.UTF_8));
        System.setErr(new PrintStream(err, false, StandardCharsets.UTF_8));
        System.setIn(in);
    }

    synchronized void attach(ShellReplyEnvironment cellEnv, boolean stdinAllowed) {
        env = cellEnv;
        in.attach(cellEnv, stdinAllowed);
        out.capture(true);
        err.capture(true);
        ticking = flusher.scheduleWithFixedDelay(this::flushQuietly, FLUSH_MS, FLUSH_MS, TimeUnit.MILLISECONDS);
    }

    /** Sends what is left and lets the process streams have the output again. */
    void detach() {
        ScheduledFuture<?> t;
        synchronized (this) {
            t = ticking;
            ticking = null;
        }
        if (t != null) {
            t.cancel(false);
        }
        System.out.flush();
        System.err.flush();
        synchronized (this) {
            flush();
            out.capture(false);
            err.capture(false);
            in.attach(null, false);
            env = null;
        }
    }

    synchronized boolean attached() {
        return env != null;
    }

    /** Publishes a display_data message; false when no cell is running to show it. */
    synchronized boolean display(DisplayData data) {
        if (env == null) {
            return false;
        }
        flush();
        env.publish(new PublishDisplayData(data));
        return true;
    }

    /** Publishes update_display_data: replaces the output shown under the data's display id. */
    synchronized boolean update(DisplayData data) {
        if (env == null) {
            return false;
        }
        flush();
        env.publish(new PublishUpdateDisplayData(data));
        return true;
    }

    /** Sends buffered text now: before a result, an error or a display. */
    synchronized void flush() {
        if (env == null) {
            return;
        }
        System.out.flush();
        System.err.flush();
        String o = out.drain();
        if (!o.isEmpty()) {
            env.writeToStdOut(o);
        }
        String e = err.drain();
        if (!e.isEmpty()) {
            env.writeToStdErr(e);
        }
    }

    private void flushQuietly() {
        try {
            flush();
        } catch (RuntimeException e) {
            KernelLog.warn("could not send cell output: " + e);
        }
    }

    /** System.in of a cell: lines typed into the notebook's input box, when the client allows it. */
    private static final class CellInput extends InputStream {
        private ShellReplyEnvironment env;
        private boolean allowed;
        private byte[] line = new byte[0];
        private int pos;

        synchronized void attach(ShellReplyEnvironment e, boolean stdinAllowed) {
            env = e;
            allowed = stdinAllowed;
            line = new byte[0];
            pos = 0;
        }

        @Override
        public synchronized int read() {
            if (pos >= line.length && !fill()) {
                return -1;
            }
            return line[pos++] & 0xFF;
        }

        @Override
        public synchronized int read(byte[] b, int off, int len) {
            if (len == 0) {
                return 0;
            }
            if (pos >= line.length && !fill()) {
                return -1;
            }
            int n = Math.min(len, line.length - pos);
            System.arraycopy(line, pos, b, off, n);
            pos += n;
            return n;
        }

        private boolean fill() {
            if (env == null || !allowed) {
                return false;
            }
            String typed = env.readFromStdIn("");
            if (typed == null) {
                return false;
            }
            line = (typed + "\n").getBytes(StandardCharsets.UTF_8);
            pos = 0;
            return true;
        }
    }
}
