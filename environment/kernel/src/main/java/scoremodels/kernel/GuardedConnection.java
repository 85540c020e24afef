package scoremodels.kernel;

import org.dflib.jjava.jupyter.channels.IOPubChannel;
import org.dflib.jjava.jupyter.channels.JupyterConnection;
import org.dflib.jjava.jupyter.channels.JupyterSocket;
import org.dflib.jjava.jupyter.channels.ShellChannel;
import org.dflib.jjava.jupyter.channels.ShellReplyEnvironment;
import org.dflib.jjava.jupyter.channels.StdinChannel;
import org.dflib.jjava.jupyter.kernel.KernelConnectionProperties;
import org.dflib.jjava.jupyter.messages.HMACGenerator;
import org.dflib.jjava.jupyter.messages.Message;
import org.dflib.jjava.jupyter.messages.MessageContext;
import org.dflib.jjava.jupyter.messages.publish.PublishStatus;
import org.zeromq.ZMQ;

import java.security.GeneralSecurityException;
import java.util.concurrent.CountDownLatch;

/**
 * JJava's connection (its heartbeat) with the shell, control and stdin sockets replaced by
 * guarded ones that read messages through one {@link MessageGate} (whole, well formed, signed
 * and never replayed, on any of the three), and iopub by {@link QueuedIOPub}.
 */
final class GuardedConnection extends JupyterConnection {
    private final KernelConnectionProperties props;
    private final ZMQ.Context guardedContext = ZMQ.context(1);
    private final GuardedShellChannel guardedShell;
    private final GuardedShellChannel guardedControl;
    private final GuardedStdinChannel guardedStdin;
    private final QueuedIOPub queuedIOPub;
    private final CountDownLatch closedSignal = new CountDownLatch(1);
    private boolean connected;
    private boolean closed;

    GuardedConnection(KernelConnectionProperties props) throws GeneralSecurityException {
        super(props);
        this.props = props;
        HMACGenerator hmac = props.createHMACGenerator();
        MessageGate gate = new MessageGate(props.getKey(), hmac);
        if (!gate.signing()) {
            KernelLog.warn("the connection file's key is empty: message signing is DISABLED (as the Jupyter"
                    + " protocol says for an empty key); any local process that reaches the ports can run code here");
        }
        this.guardedShell = new GuardedShellChannel(guardedContext, hmac, gate, false, this);
        this.guardedControl = new GuardedShellChannel(guardedContext, hmac, gate, true, this);
        this.guardedStdin = new GuardedStdinChannel(guardedContext, hmac, gate);
        this.queuedIOPub = new QueuedIOPub(guardedContext, hmac);
    }

    @Override
    public IOPubChannel getIOPub() {
        return queuedIOPub;
    }

    @Override
    public synchronized void connect() {
        if (connected) {
            return;
        }
        heartbeat.bind(props);
        guardedShell.bind(props);
        guardedControl.bind(props);
        guardedStdin.bind(props);
        queuedIOPub.bind(props);
        connected = true;
        getIOPub().sendMessage(new Message<>(null, PublishStatus.MESSAGE_TYPE, PublishStatus.STARTING));
    }

    /** stop_on_error: the execute requests waiting on the shell socket are to be aborted. */
    void abortQueuedExecutes() {
        guardedShell.abortQueuedExecutes();
    }

    @Override
    public ShellReplyEnvironment prepareReplyEnv(ShellChannel shell, MessageContext context) {
        return new TrackedReplyEnvironment(shell, guardedStdin, queuedIOPub, context);
    }

    /**
     * A reply environment that remembers whether the handler replied (to reply for it if it failed)
     * and makes every reply carry the "status" the spec asks for.
     */
    static final class TrackedReplyEnvironment extends ShellReplyEnvironment {
        private volatile boolean replied;

        TrackedReplyEnvironment(ShellChannel shell, StdinChannel stdin, JupyterSocket iopub, MessageContext context) {
            super(shell, stdin, iopub, context);
        }

        @Override
        public void reply(Message<?> msg) {
            replied = true;
            super.reply(MessageGate.withStatus(msg));
        }

        boolean replied() {
            return replied;
        }
    }

    @Override
    public synchronized void close() {
        if (closed) {
            return;
        }
        closed = true;
        guardedShell.close();
        guardedControl.close();
        guardedStdin.close();
        queuedIOPub.close();
        guardedContext.close();
        super.close();
        closedSignal.countDown();
    }

    /**
     * Returns once the connection is closed. It does not wait for the shell thread: a shutdown
     * that comes on the control channel while a cell runs must not wait for that cell.
     */
    @Override
    public void waitUntilClose() {
        try {
            closedSignal.await();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
