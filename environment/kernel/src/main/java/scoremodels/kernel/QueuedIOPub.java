package scoremodels.kernel;

import org.dflib.jjava.jupyter.channels.IOPubChannel;
import org.dflib.jjava.jupyter.messages.HMACGenerator;
import org.dflib.jjava.jupyter.messages.Message;
import org.dflib.jjava.jupyter.messages.MessageContext;
import org.dflib.jjava.jupyter.messages.publish.PublishStatus;
import org.zeromq.ZMQ;

import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * The iopub socket, written by one thread of its own. Cells publish (display, output) from their
 * own thread, and interrupt interrupts that thread: ZeroMQ's Java sockets do not survive being
 * used by an interrupted thread (its NIO channels close). Every message is queued here instead,
 * in the order it was published, and sent by a thread nobody interrupts. The queue is bounded,
 * so an output flood waits for the socket rather than filling memory.
 */
final class QueuedIOPub extends IOPubChannel {
    private static final int CAPACITY = 10_000;
    /** Marks the end of the queue (compared by identity, never sent). */
    private static final Message<?> END = new Message<>((MessageContext) null, PublishStatus.MESSAGE_TYPE, PublishStatus.IDLE);

    private final BlockingQueue<Message<?>> queue = new LinkedBlockingQueue<>(CAPACITY);
    private final Thread sender;
    private volatile boolean closing;

    QueuedIOPub(ZMQ.Context context, HMACGenerator hmac) {
        super(context, hmac);
        sender = new Thread(this::sendLoop, "kernel-iopub");
        sender.setDaemon(true);
        sender.start();
    }

    @Override
    public void sendMessage(Message<?> message) {
        if (closing) {
            return;
        }
        try {
            queue.put(message);
        } catch (InterruptedException e) {
            // the cell was interrupted while the queue was full: this message is lost, the cell stops
            Thread.currentThread().interrupt();
        }
    }

    private void sendLoop() {
        while (true) {
            Message<?> m;
            try {
                m = queue.take();
            } catch (InterruptedException e) {
                return;
            }
            if (m == END) {
                return;
            }
            try {
                super.sendMessage(m);
            } catch (RuntimeException e) {
                KernelLog.warn("could not publish a " + m.getHeader().getType().getName() + " message: " + e);
            }
        }
    }

    /** Sends what is queued (the shutdown's last status messages), then closes the socket. */
    @Override
    public void close() {
        closing = true;
        queue.offer(END);
        try {
            sender.join(TimeUnit.SECONDS.toMillis(2));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        super.close();
    }
}
