package scoremodels.kernel;

import java.io.ByteArrayOutputStream;
import java.io.InterruptedIOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;

/**
 * System.out or System.err of the kernel's JVM: while a cell runs, bytes are buffered and
 * {@link CellIO} publishes them as stream messages every few milliseconds, so a progress bar
 * that rewrites its line with '\r' moves while the cell runs; between cells they go to the
 * process's own stream.
 */
final class CellStream extends OutputStream {
    /**
     * Bytes a cell may have waiting to be sent: a cell that prints faster than the kernel sends
     * waits at this mark, so a print loop cannot fill the kernel's memory.
     */
    static final int MAX_PENDING = 1 << 20;

    private final PrintStream idleTarget;
    private final ByteArrayOutputStream pending = new ByteArrayOutputStream();
    private boolean capturing;

    CellStream(PrintStream idleTarget) {
        this.idleTarget = idleTarget;
    }

    synchronized void capture(boolean on) {
        capturing = on;
        notifyAll();
    }

    @Override
    public synchronized void write(int b) throws InterruptedIOException {
        if (capturing) {
            awaitRoom();
            pending.write(b);
        } else {
            idleTarget.write(b);
        }
    }

    @Override
    public synchronized void write(byte[] b, int off, int len) throws InterruptedIOException {
        if (capturing) {
            awaitRoom();
            pending.write(b, off, len);
        } else {
            idleTarget.write(b, off, len);
        }
    }

    /** Waits while the cell's unsent output is at the mark; drain() makes room. */
    private void awaitRoom() throws InterruptedIOException {
        while (capturing && pending.size() >= MAX_PENDING) {
            try {
                wait(100);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new InterruptedIOException("interrupted while waiting to send output");
            }
        }
    }

    @Override
    public synchronized void flush() {
        if (!capturing) {
            idleTarget.flush();
        }
    }

    /** Takes the buffered text up to the last whole UTF-8 character; the rest waits for more bytes. */
    synchronized String drain() {
        byte[] bytes = pending.toByteArray();
        int end = wholeCharacters(bytes);
        pending.reset();
        pending.write(bytes, end, bytes.length - end);
        notifyAll();
        return new String(bytes, 0, end, StandardCharsets.UTF_8);
    }

    /** Length of the prefix that does not end inside a multi-byte UTF-8 sequence. */
    static int wholeCharacters(byte[] bytes) {
        int n = bytes.length;
        for (int back = 1; back <= Math.min(4, n); back++) {
            int b = bytes[n - back] & 0xFF;
            if ((b & 0xC0) == 0x80) {
                continue; // continuation byte: look further back for the lead byte
            }
            int need = b >= 0xF0 ? 4 : b >= 0xE0 ? 3 : b >= 0xC0 ? 2 : 1;
            return need > back ? n - back : n;
        }
        return n;
    }
}
