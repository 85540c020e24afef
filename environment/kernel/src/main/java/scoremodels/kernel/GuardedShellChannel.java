package scoremodels.kernel;

import org.dflib.jjava.jupyter.channels.JupyterConnection;
import org.dflib.jjava.jupyter.channels.ShellChannel;
import org.dflib.jjava.jupyter.channels.ShellHandler;
import org.dflib.jjava.jupyter.channels.ShellReplyEnvironment;
import org.dflib.jjava.jupyter.kernel.KernelConnectionProperties;
import org.dflib.jjava.jupyter.messages.HMACGenerator;
import org.dflib.jjava.jupyter.messages.Message;
import org.zeromq.ZMQ;

/**
 * The shell and control sockets, with a receive loop that survives bad messages.
 *
 * <p>JJava 1.0's own loop lets the SecurityException of a wrongly signed message escape and its
 * thread ends: one forged packet and the kernel stops answering. Here every message whose
 * HMAC-SHA256 signature (checked by {@code readMessage}) or JSON is wrong is dropped, logged to the
 * kernel's stderr, and the loop goes on to the next one.
 */
final class GuardedShellChannel extends ShellChannel {
    private static final int POLL_MS = 100;

    private final JupyterConnection connection;
    private final String role;
    private volatile boolean running;
    private Thread loop;

    GuardedShellChannel(ZMQ.Context context, HMACGenerator hmac, boolean isControl, JupyterConnection connection) {
        super(context, hmac, isControl, connection);
        this.connection = connection;
        this.role = isControl ? "control" : "shell";
    }

    @Override
    public void bind(KernelConnectionProperties props) {
        if (loop != null) {
            throw new IllegalStateException(role + " channel is already bound");
        }
        int port = role.equals("control") ? props.getControlPort() : props.getShellPort();
        // only the address the connection file names: never a wildcard
        super.bind(props.getTransport() + "://" + props.getIp() + ":" + port);
        running = true;
        loop = new Thread(this::receiveLoop, "kernel-" + role);
        loop.setDaemon(true);
        loop.start();
    }

    private void receiveLoop() {
        ZMQ.Poller poller = ctx.poller(1);
        poller.register(this, ZMQ.Poller.POLLIN);
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
            Message<?> message;
            try {
                message = readMessage();
            } catch (SecurityException e) {
                KernelLog.warn("dropped a " + role + " message: its signature does not match the connection key");
                continue;
            } catch (RuntimeException e) {
                if (!running) {
                    break;
                }
                KernelLog.warn("dropped a malformed " + role + " message: " + e);
                continue;
            }
            if (message == null) {
                break;
            }
            handle(message);
        }
    }

    @SuppressWarnings({"unchecked", "rawtypes"})
    private void handle(Message<?> message) {
        ShellHandler handler = connection.getHandler(message.getHeader().getType());
        if (handler == null) {
            KernelLog.info("no handler for " + role + " message " + message.getHeader().getType().getName());
            return;
        }
        ShellReplyEnvironment env = connection.prepareReplyEnv(this, message);
        try {
            handler.handle(env, message);
        } catch (Throwable t) {
            KernelLog.warn("handling " + message.getHeader().getType().getName() + " failed: " + t);
        } finally {
            env.resolveDeferrals();
        }
        if (env.isMarkedForShutdown()) {
            connection.close();
        }
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
