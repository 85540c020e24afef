package scoremodels.kernel;

import org.dflib.jjava.jupyter.channels.StdinChannel;
import org.dflib.jjava.jupyter.kernel.KernelConnectionProperties;
import org.dflib.jjava.jupyter.messages.HMACGenerator;
import org.dflib.jjava.jupyter.messages.Message;
import org.dflib.jjava.jupyter.messages.MessageContext;
import org.dflib.jjava.jupyter.messages.MessageType;
import org.dflib.jjava.jupyter.messages.reply.InputReply;
import org.dflib.jjava.jupyter.messages.request.InputRequest;
import org.zeromq.ZMQ;

import java.io.InterruptedIOException;
import java.io.UncheckedIOException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * The stdin socket: asks the front end for a line and waits for its input_reply. The socket is
 * used only by a thread of its own (a ZeroMQ socket does not survive an interrupted thread), and
 * the cell waits for that thread's answer, so interrupt ends the wait. A reply to an earlier,
 * abandoned request is skipped; messages come in through the {@link MessageGate} like those of
 * the other sockets.
 */
final class GuardedStdinChannel extends StdinChannel {
    private static final int POLL_MS = 100;

    private final MessageGate gate;
    private final ExecutorService worker = Executors.newSingleThreadExecutor(r -> {
        Thread t = new Thread(r, "kernel-stdin");
        t.setDaemon(true);
        return t;
    });
    private ZMQ.Poller poller;
    private volatile boolean open;

    GuardedStdinChannel(ZMQ.Context context, HMACGenerator hmac, MessageGate gate) {
        super(context, hmac);
        this.gate = gate;
    }

    @Override
    public void bind(KernelConnectionProperties props) {
        setMaxMsgSize(MessageGate.MAX_FRAME_BYTES);
        super.bind(props);
        poller = ctx.poller(1);
        poller.register(this, ZMQ.Poller.POLLIN);
        open = true;
    }

    /** The line typed, with its line end; null when the kernel is closing. Interrupt throws. */
    @Override
    public String getInput(MessageContext context, String prompt, boolean password) {
        AtomicBoolean abandoned = new AtomicBoolean();
        Future<String> answer = worker.submit(() -> ask(context, prompt, password, abandoned));
        try {
            return answer.get();
        } catch (InterruptedException e) {
            abandoned.set(true);
            Thread.currentThread().interrupt();
            throw new UncheckedIOException(new InterruptedIOException("interrupted while waiting for input"));
        } catch (ExecutionException e) {
            throw new IllegalStateException("reading from the notebook's input box failed: " + e.getCause(), e.getCause());
        }
    }

    private String ask(MessageContext context, String prompt, boolean password, AtomicBoolean abandoned) {
        Message<InputRequest> request = new Message<>(context, InputRequest.MESSAGE_TYPE, new InputRequest(prompt, password));
        sendMessage(request);
        String asked = request.getHeader().getId();
        boolean[] closed = new boolean[1];
        while (open && !abandoned.get()) {
            if (poller.poll(POLL_MS) <= 0) {
                continue;
            }
            MessageGate.Received in = gate.read(this, "stdin", closed);
            if (closed[0]) {
                return null;
            }
            if (in == null || in.message.getHeader().getType() != MessageType.INPUT_REPLY) {
                continue;
            }
            if (!in.message.hasParentHeader() || asked.equals(in.message.getParentHeader().getId())) {
                return ((InputReply) in.message.getContent()).getValue() + "\n";
            }
        }
        return null;
    }

    @Override
    public void close() {
        open = false;
        worker.shutdownNow();
        super.close();
    }
}
