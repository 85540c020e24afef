package scoremodels.kernel;

import jdk.jshell.execution.DirectExecutionControl;
import jdk.jshell.spi.ExecutionControl;
import jdk.jshell.spi.ExecutionControlProvider;
import jdk.jshell.spi.ExecutionEnv;

import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.util.Map;
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
 */
final class CellExecutionControl extends DirectExecutionControl {
    static final String KEY_PREFIX = "\u0000cell-result-";

    private final Map<String, Optional<Object>> results = new ConcurrentHashMap<>();
    private final AtomicLong keys = new AtomicLong();
    private volatile Thread running;

    @Override
    protected String invoke(Method doit) throws Exception {
        Object[] value = new Object[1];
        Throwable[] failure = new Throwable[1];
        boolean[] stopped = new boolean[1];
        Thread cell = new Thread(() -> {
            try {
                value[0] = doit.invoke(null);
            } catch (InvocationTargetException e) {
                if (e.getCause() instanceof ThreadDeath) {
                    stopped[0] = true;
                } else {
                    failure[0] = e;
                }
            } catch (ThreadDeath e) {
                stopped[0] = true;
            } catch (Throwable e) {
                failure[0] = e;
            }
        }, "notebook-cell");
        // libraries that look classes up through the context loader (ServiceLoader, ND4J's
        // backends) must see the jars added with %classpath
        cell.setContextClassLoader(doit.getDeclaringClass().getClassLoader());
        running = cell;
        try {
            cell.start();
            cell.join();
        } finally {
            running = null;
        }
        if (stopped[0]) {
            throw new ExecutionControl.StoppedException();
        }
        if (failure[0] instanceof InvocationTargetException) {
            throw (InvocationTargetException) failure[0];
        }
        if (failure[0] != null) {
            throw new InvocationTargetException(failure[0]);
        }
        String key = KEY_PREFIX + keys.incrementAndGet();
        results.put(key, Optional.ofNullable(value[0]));
        return key;
    }

    /** Stops the running cell (Thread.stop on Java 17; a plain interrupt where that is gone). */
    @SuppressWarnings({"deprecation", "removal"})
    void stopRunningCell() {
        Thread cell = running;
        if (cell == null) {
            return;
        }
        try {
            cell.stop();
        } catch (UnsupportedOperationException e) {
            cell.interrupt();
        }
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
