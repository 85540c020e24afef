package scoremodels.kernel;

import org.dflib.jjava.jupyter.channels.JupyterConnection;
import org.dflib.jjava.jupyter.kernel.KernelConnectionProperties;
import org.dflib.jjava.jupyter.messages.HMACGenerator;
import org.dflib.jjava.jupyter.messages.Message;
import org.dflib.jjava.jupyter.messages.publish.PublishStatus;
import org.zeromq.ZMQ;

import java.security.GeneralSecurityException;
import java.util.concurrent.CountDownLatch;

/**
 * JJava's connection (heartbeat, stdin, iopub) with the shell and control sockets replaced by
 * {@link GuardedShellChannel}s, which drop badly signed messages instead of dying on them.
 */
final class GuardedConnection extends JupyterConnection {
    private final KernelConnectionProperties props;
    private final ZMQ.Context guardedContext = ZMQ.context(1);
    private final GuardedShellChannel guardedShell;
    private final GuardedShellChannel guardedControl;
    private final CountDownLatch closedSignal = new CountDownLatch(1);
    private boolean connected;
    private boolean closed;

    GuardedConnection(KernelConnectionProperties props) throws GeneralSecurityException {
        super(props);
        this.props = props;
        HMACGenerator hmac = props.createHMACGenerator();
        this.guardedShell = new GuardedShellChannel(guardedContext, hmac, false, this);
        this.guardedControl = new GuardedShellChannel(guardedContext, hmac, true, this);
    }

    @Override
    public synchronized void connect() {
        if (connected) {
            return;
        }
        heartbeat.bind(props);
        guardedShell.bind(props);
        guardedControl.bind(props);
        stdin.bind(props);
        iopub.bind(props);
        connected = true;
        getIOPub().sendMessage(new Message<>(null, PublishStatus.MESSAGE_TYPE, PublishStatus.STARTING));
    }

    @Override
    public synchronized void close() {
        if (closed) {
            return;
        }
        closed = true;
        guardedShell.close();
        guardedControl.close();
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
