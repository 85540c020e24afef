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
    private final PrintStream outStream;
    private final PrintStream errStream;
    private ShellReplyEnvironment env;
    private boolean quiet;
    private ScheduledFuture<?> ticking;

    CellIO(PrintStream processOut, PrintStream processErr) {
        this.out = new CellStream(processOut);
        this.err = new CellStream(processErr);
        this.outStream = new Unclosable(out);
        this.errStream = new Unclosable(err);
    }

    /** Makes the kernel JVM's System.out, System.err and System.in the cell's. */
    void install() {
        System.setOut(outStream);
        System.setErr(errStream);
        System.setIn(in);
    }

    /**
     * Starts routing output to a cell. A cell that replaced System.out, System.err or System.in
     * (System.setOut) keeps that within itself; the next cell gets the notebook's streams back.
     * Quiet (a silent request): output is taken and dropped.
     */
    synchronized void attach(ShellReplyEnvironment cellEnv, boolean stdinAllowed, boolean quiet) {
        if (System.out != outStream || System.err != errStream || System.in != in) {
            install();
        }
        env = cellEnv;
        this.quiet = quiet;
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
        if (quiet) {
            return true;
        }
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
        // the kernel's PrintStreams pass every print straight on to the CellStreams: no flush
        // needed here, and none wanted (it would wait for a writer that waits for this drain)
        String o = out.drain();
        if (!o.isEmpty() && !quiet) {
            env.writeToStdOut(o);
        }
        String e = err.drain();
        if (!e.isEmpty() && !quiet) {
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

    /**
     * System.out or System.err of the kernel: close() only flushes, so a cell that closes
     * System.out does not silence every later cell.
     */
    private static final class Unclosable extends PrintStream {
        Unclosable(CellStream target) {
            super(target, false, StandardCharsets.UTF_8);
        }

        @Override
        public void close() {
            flush();
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
            // the stdin channel gives the line with its line separator; an interrupt ends the wait
            String typed = env.readFromStdIn("");
            if (typed == null) {
                return false;
            }
            line = typed.getBytes(StandardCharsets.UTF_8);
            pos = 0;
            return true;
        }
    }
}
