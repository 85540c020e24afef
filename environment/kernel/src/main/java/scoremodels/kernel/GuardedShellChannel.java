package scoremodels.kernel;

import org.dflib.jjava.jupyter.channels.ShellChannel;
import org.dflib.jjava.jupyter.channels.ShellHandler;
import org.dflib.jjava.jupyter.channels.ShellReplyEnvironment;
import org.dflib.jjava.jupyter.kernel.KernelConnectionProperties;
import org.dflib.jjava.jupyter.messages.HMACGenerator;
import org.dflib.jjava.jupyter.messages.Message;
import org.dflib.jjava.jupyter.messages.MessageType;
import org.dflib.jjava.jupyter.messages.publish.PublishStatus;
import org.dflib.jjava.jupyter.messages.reply.ErrorReply;
import org.zeromq.ZMQ;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The shell and control sockets, with a receive loop that survives anything a client sends.
 *
 * <p>Messages come in through {@link MessageGate} (whole, well formed, signed, not replayed);
 * anything else is dropped and logged, and the loop goes on. Every request gets a reply: request
 * types the protocol library does not know are answered here, and a handler that fails, even with
 * an Error, leaves an error reply behind. After an execute request fails with stop_on_error,
 * the execute requests already waiting on the socket are answered "aborted" without running.
 */
final class GuardedShellChannel extends ShellChannel {
    private static final int POLL_MS = 100;

    private final GuardedConnection connection;
    private final MessageGate gate;
    private final String role;
    private volatile boolean running;
    private volatile boolean abortQueued;
    private final List<MessageGate.Received> held = new ArrayList<>();
    private Thread loop;
    private ZMQ.Poller poller;
    private KernelConnectionProperties props;

    GuardedShellChannel(ZMQ.Context context, HMACGenerator hmac, MessageGate gate, boolean isControl,
                        GuardedConnection connection) {
        super(context, hmac, isControl, connection);
        this.connection = connection;
        this.gate = gate;
        this.role = isControl ? "control" : "shell";
    }

    @Override
    public void bind(KernelConnectionProperties props) {
        if (loop != null) {
            throw new IllegalStateException(role + " channel is already bound");
        }
        this.props = props;
        int port = role.equals("control") ? props.getControlPort() : props.getShellPort();
        setMaxMsgSize(MessageGate.MAX_FRAME_BYTES);
        // only the address the connection file names: never a wildcard
        super.bind(props.getTransport() + "://" + props.getIp() + ":" + port);
        poller = ctx.poller(1);
        poller.register(this, ZMQ.Poller.POLLIN);
        running = true;
        loop = new Thread(this::receiveLoop, "kernel-" + role);
        loop.setDaemon(true);
        loop.start();
    }

    /**
     * Called while an execute request fails with stop_on_error, before its reply goes out: takes
     * what is already waiting on the socket, to answer its execute requests "aborted" once the
     * failure is answered. A request sent after the client saw the failure is not among them.
     */
    void abortQueuedExecutes() {
        if (Thread.currentThread() == loop) {
            boolean[] closed = new boolean[1];
            while (running && poller.poll(0) > 0) {
                MessageGate.Received in = gate.read(this, role, closed);
                if (closed[0]) {
                    break;
                }
                if (in != null) {
                    held.add(in);
                }
            }
        }
        abortQueued = true;
    }

    private void receiveLoop() {
        while (running) {
            try {
                if (poller.poll(POLL_MS) <= 0) {
                    continue;
                }
            } catch (RuntimeException e) {
                if (running) {
                    KernelLog.warn(role + " poll failed: " + e);
                }
                break;
            }
            if (!receiveOne()) {
                break;
            }
            if (abortQueued) {
                abortQueue();
            }
        }
    }

    /** Receives and answers one message; false when the socket is closed. */
    private boolean receiveOne() {
        MessageGate.Received in;
        boolean[] closed = new boolean[1];
        try {
            in = gate.read(this, role, closed);
        } catch (RuntimeException e) {
            if (!running) {
                return false;
            }
            KernelLog.warn("could not read a " + role + " message: " + e);
            return true;
        }
        if (closed[0]) {
            return !running ? false : true;
        }
        if (in != null) {
            handle(in);
        }
        return true;
    }

    /** Answers "aborted" to the execute requests that were waiting; other requests are served as usual. */
    private void abortQueue() {
        List<MessageGate.Received> waiting = new ArrayList<>(held);
        held.clear();
        abortQueued = false;
        for (MessageGate.Received in : waiting) {
            if ("execute_request".equals(in.msgType)) {
                abort(in);
            } else {
                handle(in);
            }
        }
    }

    private void abort(MessageGate.Received in) {
        Message<?> request = in.message;
        connection.getIOPub().sendMessage(new Message<>(request, PublishStatus.MESSAGE_TYPE, PublishStatus.BUSY));
        Map<String, Object> content = new LinkedHashMap<>();
        content.put("status", "aborted");
        content.put("execution_count", null);
        content.put("user_expressions", Map.of());
        content.put("payload", List.of());
        reply(request, MessageType.EXECUTE_REPLY, content);
        connection.getIOPub().sendMessage(new Message<>(request, PublishStatus.MESSAGE_TYPE, PublishStatus.IDLE));
    }

    @SuppressWarnings({"unchecked", "rawtypes"})
    private void reply(Message<?> request, MessageType<?> type, Map<String, Object> content) {
        sendMessage(new Message(request, type, content));
    }

    @SuppressWarnings({"unchecked", "rawtypes"})
    private void handle(MessageGate.Received in) {
        Message<?> message = in.message;
        ShellHandler handler = message.getHeader().getType() == MessageType.UNKNOWN
                ? null : connection.getHandler(message.getHeader().getType());
        if (handler == null) {
            answerUnknown(in);
            return;
        }
        GuardedConnection.TrackedReplyEnvironment env =
                (GuardedConnection.TrackedReplyEnvironment) connection.prepareReplyEnv(this, message);
        try {
            handler.handle(env, message);
        } catch (Throwable t) {
            KernelLog.warn("handling " + in.msgType + " failed: " + t);
            if (!env.replied() && in.msgType.endsWith("_request")) {
                MessageType<?> replyType = MessageType.getType(in.msgType.replace("_request", "_reply"));
                try {
                    ErrorReply error = new ErrorReply(t.getClass().getSimpleName(), String.valueOf(t.getMessage()),
                            List.of(t.toString()));
                    env.replyError(replyType.error(), error);
                } catch (Throwable again) {
                    KernelLog.warn("could not send the error reply to " + in.msgType + ": " + again);
                }
            }
        } finally {
            try {
                env.resolveDeferrals();
            } catch (Throwable t) {
                KernelLog.warn("finishing " + in.msgType + " failed: " + t);
            }
        }
        if (env.isMarkedForShutdown()) {
            connection.close();
        }
    }

    /**
     * Request types the protocol library has no handler for: connect_request (deprecated but in
     * the spec) gets the ports; debug_request says there is no debugger (kernel_info says so too);
     * any other request an error reply naming it. Other unknown messages are logged and dropped.
     */
    private void answerUnknown(MessageGate.Received in) {
        String type = in.msgType;
        if (!type.endsWith("_request")) {
            KernelLog.info("no handler for " + role + " message " + type);
            return;
        }
        Message<?> request = in.message;
        connection.getIOPub().sendMessage(new Message<>(request, PublishStatus.MESSAGE_TYPE, PublishStatus.BUSY));
        Map<String, Object> content = new LinkedHashMap<>();
        if (type.equals("connect_request")) {
            content.put("status", "ok");
            content.put("shell_port", props.getShellPort());
            content.put("iopub_port", props.getIopubPort());
            content.put("stdin_port", props.getStdinPort());
            content.put("hb_port", props.getHbPort());
            content.put("control_port", props.getControlPort());
        } else if (type.equals("debug_request")) {
            Object seq = contentField(request, "seq");
            content.put("type", "response");
            content.put("request_seq", seq instanceof Number ? ((Number) seq).intValue() : 0);
            content.put("success", false);
            content.put("command", contentField(request, "command"));
            content.put("message", "this kernel has no debugger");
        } else {
            content.put("status", "error");
            content.put("ename", "UnknownRequest");
            content.put("evalue", "this kernel does not know the request type " + type);
            content.put("traceback", List.of());
        }
        gate.sendRaw(this, in.frames, type.replace("_request", "_reply"), request.getHeader().getSessionId(), content);
        connection.getIOPub().sendMessage(new Message<>(request, PublishStatus.MESSAGE_TYPE, PublishStatus.IDLE));
    }

    private static Object contentField(Message<?> m, String name) {
        return m.getContent() instanceof Map ? ((Map<?, ?>) m.getContent()).get(name) : null;
    }

    @Override
    public void close() {
        running = false;
        super.close();
    }

    @Override
    public void waitUntilClose() {
        Thread t = loop;
        if (t != null && t != Thread.currentThread()) {
            try {
                t.join();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }
}
