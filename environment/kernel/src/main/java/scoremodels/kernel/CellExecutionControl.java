package scoremodels.kernel;

import jdk.jshell.execution.DirectExecutionControl;
import jdk.jshell.spi.ExecutionControl;
import jdk.jshell.spi.ExecutionControlProvider;
import jdk.jshell.spi.ExecutionEnv;

import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.util.Arrays;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Runs JShell's snippets in this JVM, each on a thread of its own, so that a cell can be stopped
 * and its result kept as an object.
 *
 * <p>JShell's local engine only returns the value's text; a kernel needs the object itself (an
 * image, a chart, a table) to render it. Here the object is kept under a key and the key is the
 * "value" JShell reports. Classes come from JShell's loader, whose parent is the application class
 * loader: library code loaded by {@code %classpath} sees the kernel, so it can display.
 *
 * <p>Stopping: the cell's classes carry stop checks at their loop back-edges ({@link StopChecks},
 * put there by {@link CellAgent}, or here when the kernel runs without the agent), which throw
 * once {@link CellGuard#requestStop()} is called; the thread is also interrupted, which ends a
 * sleep, a wait or blocking I/O. A thread that still runs a few seconds later (stuck in native
 * code or in a JDK loop) is left behind so that the kernel answers again.
 */
final class CellExecutionControl extends DirectExecutionControl {
    static final String KEY_PREFIX = "\u0000cell-result-";
    /** How long a stopped cell may take to end before its thread is left behind. */
    static final long ABANDON_AFTER_MS = 5_000;

    private final Map<String, Optional<Object>> results = new ConcurrentHashMap<>();
    private final AtomicLong keys = new AtomicLong();
    private volatile Thread running;
    private volatile boolean stopPending;
    private volatile long stopRequestedAt;
    private volatile ClassLoader cellLoader;

    @Override
    public void load(ClassBytecodes[] classes) throws ClassInstallException, NotImplementedException, EngineTerminationException {
        if (!CellAgent.active()) {
            ClassBytecodes[] checked = new ClassBytecodes[classes.length];
            for (int i = 0; i < classes.length; i++) {
                byte[] bytes = classes[i].bytecodes();
                try {
                    bytes = StopChecks.instrument(bytes);
                } catch (RuntimeException e) {
                    // a method at the 64 KiB limit cannot take the checks: it runs without them
                    KernelLog.warn("snippet class " + classes[i].name() + " runs without stop checks: " + e);
                }
                checked[i] = new ClassBytecodes(classes[i].name(), bytes);
            }
            classes = checked;
        }
        super.load(classes);
    }

    @Override
    protected String invoke(Method doit) throws Exception {
        cellLoader = doit.getDeclaringClass().getClassLoader();
        Object value;
        try {
            value = onCellThread(() -> doit.invoke(null));
        } catch (InvocationTargetException e) {
            if (isStop(e.getCause())) {
                throw new ExecutionControl.StoppedException();
            }
            throw e;
        }
        String key = KEY_PREFIX + keys.incrementAndGet();
        results.put(key, Optional.ofNullable(value));
        return key;
    }

    /**
     * Runs a task as cell code is run: on a thread of its own that interrupt stops. For showing a
     * cell's value, whose toString() or mimeBundle() is cell code too.
     */
    <T> T callAsCell(Callable<T> task) throws Exception {
        return onCellThread(task);
    }

    private <T> T onCellThread(Callable<T> task) throws Exception {
        if (stopPending) {
            throw new ExecutionControl.StoppedException();
        }
        Object[] value = new Object[1];
        Throwable[] failure = new Throwable[1];
        Thread cell = new Thread(() -> {
            try {
                value[0] = task.call();
            } catch (Throwable e) {
                failure[0] = e;
            }
        }, "notebook-cell");
        cell.setDaemon(true);
        // libraries that look classes up through the context loader (ServiceLoader, ND4J's
        // backends) must see the jars added with %classpath
        cell.setContextClassLoader(cellLoader);
        running = cell;
        boolean abandoned = false;
        try {
            cell.start();
            if (stopPending) {
                stopRunningCell(); // a stop that came while the thread was being started
            }
            abandoned = joinOrAbandon(cell);
        } finally {
            running = null;
            // background threads of earlier cells may run on: stop checks pass again
            stopRequestedAt = 0;
            CellGuard.clearStop();
        }
        if (abandoned) {
            throw new ExecutionControl.StoppedException();
        }
        if (failure[0] != null) {
            if (isStop(failure[0])) {
                throw new ExecutionControl.StoppedException();
            }
            if (failure[0] instanceof Exception) {
                throw (Exception) failure[0];
            }
            throw new InvocationTargetException(failure[0]);
        }
        @SuppressWarnings("unchecked")
        T t = (T) value[0];
        return t;
    }

    /** Waits for the cell; true when it was stopped but did not end in time and was left behind. */
    private boolean joinOrAbandon(Thread cell) throws InterruptedException {
        while (cell.isAlive()) {
            cell.join(100);
            long asked = stopRequestedAt;
            if (cell.isAlive() && asked != 0 && System.currentTimeMillis() - asked > ABANDON_AFTER_MS) {
                KernelLog.warn("a stopped cell did not end within " + ABANDON_AFTER_MS + " ms (native code or"
                        + " a JDK loop?); its thread is left running: " + Arrays.toString(cell.getStackTrace()));
                cell.setName("notebook-cell (abandoned)");
                return true;
            }
        }
        return false;
    }

    private static boolean isStop(Throwable t) {
        for (Throwable c = t; c != null; c = c.getCause() == c ? null : c.getCause()) {
            if (c instanceof CellGuard.CellStopped) {
                return true;
            }
        }
        return false;
    }

    /** Stops the running cell; every later run refuses to start until {@link #resetStop()}. */
    void stopRunningCell() {
        stopPending = true;
        Thread cell = running;
        if (cell == null) {
            return;
        }
        if (stopRequestedAt == 0) {
            stopRequestedAt = System.currentTimeMillis();
        }
        CellGuard.requestStop();
        cell.interrupt();
    }

    /** Lets cells run again: called when a new cell starts. */
    void resetStop() {
        stopPending = false;
        stopRequestedAt = 0;
        CellGuard.clearStop();
    }

    boolean isResultKey(String value) {
        return value != null && value.startsWith(KEY_PREFIX);
    }

    /** The object a snippet returned (empty for null), once; null when the key is unknown. */
    Optional<Object> takeResult(String key) {
        return key == null ? null : results.remove(key);
    }

    void forgetResults() {
        results.clear();
    }

    /** Hands JShell this very instance, so the kernel keeps a handle on it. */
    static final class Provider implements ExecutionControlProvider {
        private final CellExecutionControl control;

        Provider(CellExecutionControl control) {
            this.control = control;
        }

        @Override
        public String name() {
            return "score-models-cell";
        }

        @Override
        public ExecutionControl generate(ExecutionEnv env, Map<String, String> parameters) {
            return control;
        }
    }
}
