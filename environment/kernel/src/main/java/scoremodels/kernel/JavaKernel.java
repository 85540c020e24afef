package scoremodels.kernel;

import org.dflib.jjava.jupyter.channels.ShellReplyEnvironment;
import org.dflib.jjava.jupyter.kernel.BaseKernel;
import org.dflib.jjava.jupyter.kernel.JupyterIO;
import org.dflib.jjava.jupyter.kernel.KernelConnectionProperties;
import org.dflib.jjava.jupyter.kernel.LanguageInfo;
import org.dflib.jjava.jupyter.kernel.ReplacementOptions;
import org.dflib.jjava.jupyter.kernel.comm.CommManager;
import org.dflib.jjava.jupyter.kernel.display.DisplayData;
import org.dflib.jjava.jupyter.kernel.display.Renderer;
import org.dflib.jjava.jupyter.kernel.util.StringStyler;
import org.dflib.jjava.jupyter.messages.Message;
import org.dflib.jjava.jupyter.messages.MessageType;
import org.dflib.jjava.jupyter.messages.publish.PublishError;
import org.dflib.jjava.jupyter.messages.publish.PublishExecuteInput;
import org.dflib.jjava.jupyter.messages.publish.PublishExecuteResult;
import org.dflib.jjava.jupyter.messages.reply.ErrorReply;
import org.dflib.jjava.jupyter.messages.reply.ExecuteReply;
import org.dflib.jjava.jupyter.messages.request.ExecuteRequest;
import org.dflib.jjava.jupyter.messages.request.HistoryRequest;

import java.io.IOException;
import java.io.PrintStream;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * The score-models Jupyter kernel for Java: JShell running cells inside this JVM (so native
 * libraries load once and library code can display), on JJava's protocol library.
 *
 * <p>Start: {@code java -jar scoremodels-kernel.jar CONNECTION_FILE} (the jar's agent, {@link CellAgent},
 * starts with it: it refuses System.exit in cells and makes their loops stoppable).
 * The library's {@code scoremodels.display.Display} finds {@link #display(Map)} by name.
 */
public final class JavaKernel extends BaseKernel {
    private static final String VERSION = "1.0.0";
    private static volatile JavaKernel current;

    private final CellIO io;
    private final CompletableFuture<CellRunner> runner;
    private final CellHistory history = new CellHistory();
    private volatile Runnable abortQueue;
    private volatile boolean executing;
    private volatile boolean interruptedWhileStarting;

    private JavaKernel(CellIO io, Path kernelClasses, Path workingDir) {
        super("score-models-java", VERSION,
                new LanguageInfo.Builder("java")
                        .version(Runtime.version().toString())
                        .mimetype("text/x-java-source")
                        .fileExtension(".jshell")
                        .pygments("java")
                        .codemirror("text/x-java")
                        .build(),
                List.of(), null, new JupyterIO(StandardCharsets.UTF_8), new CommManager(), new Renderer(),
                null, null, false, new StringStyler.Builder().build());
        this.io = io;
        // JShell starts while the front end says hello: the first cell finds it warm
        this.runner = CompletableFuture.supplyAsync(() -> new CellRunner(kernelClasses, workingDir));
    }

    /**
     * Shows a MIME bundle (MIME type to data; binary data base64) in the running cell's output.
     * Called by reflection from library code. False when no cell of this kernel is running.
     */
    public static boolean display(Map<String, String> bundle) {
        return display(bundle, null);
    }

    /** Like {@link #display(Map)}, under a display id that {@link #updateDisplay} can replace later. */
    public static boolean display(Map<String, String> bundle, String displayId) {
        checkBundle(bundle);
        JavaKernel k = current;
        return k != null && k.io.display(toDisplayData(bundle, displayId));
    }

    /** Replaces the output shown under {@code displayId}; false when no cell of this kernel is running. */
    public static boolean updateDisplay(String displayId, Map<String, String> bundle) {
        if (displayId == null || displayId.isBlank()) {
            throw new IllegalArgumentException("displayId must be the id display(...) returned, got " + displayId);
        }
        checkBundle(bundle);
        JavaKernel k = current;
        return k != null && k.io.update(toDisplayData(bundle, displayId));
    }

    private static void checkBundle(Map<String, String> bundle) {
        if (bundle == null || bundle.isEmpty()) {
            throw new IllegalArgumentException("bundle must hold at least one MIME type, got " + bundle);
        }
    }

    private static DisplayData toDisplayData(Map<String, String> bundle, String id) {
        DisplayData data = new DisplayData();
        bundle.forEach(data::putData);
        if (id != null) {
            data.setDisplayId(id);
        }
        return data;
    }

    private CellRunner runner() throws CellFailure {
        try {
            return runner.join();
        } catch (CompletionException e) {
            Throwable cause = e.getCause() != null ? e.getCause() : e;
            throw new CellFailure("KernelError", "JShell could not start: " + cause,
                    List.of("JShell could not start: " + cause));
        }
    }

    /** The JShell session for front-end help; a request that comes early waits for it. */
    private CellRunner ready() {
        try {
            return runner();
        } catch (CellFailure e) {
            throw new IllegalStateException(e.value());
        }
    }

    /**
     * Runs a cell. The count follows the messaging spec: only a request that stores history
     * (not silent, store_history true) takes the next number; any other reports the current one.
     * A silent request sends nothing on IOPub but busy and idle.
     */
    @Override
    protected void handleExecuteRequest(ShellReplyEnvironment env, Message<ExecuteRequest> message) {
        commManager.setMessageContext(message);
        ExecuteRequest request = message.getContent();
        boolean silent = request.isSilent();
        boolean store = !silent && request.shouldStoreHistory();
        int count = store ? executionCount.getAndIncrement() : executionCount.get() - 1;
        env.setBusyDeferIdle();
        if (!silent) {
            env.publish(new PublishExecuteInput(request.getCode(), count));
        }
        io.attach(env, request.isStdinEnabled(), silent);
        String shownText = null;
        executing = true;
        try {
            CellRunner cells = runner();
            if (interruptedWhileStarting) {
                interruptedWhileStarting = false;
                throw new CellFailure("Interrupted", "the cell was interrupted before it ran",
                        List.of("Interrupted: cell In[" + count + "] was stopped before it ran"));
            }
            CellRunner.Result result = cells.runCell(request.getCode(), count);
            if (result.hasValue && !silent) {
                Map<String, String> bundle = cells.render(result.value, count);
                shownText = bundle.get("text/plain");
                DisplayData shown = toDisplayData(bundle, null);
                io.flush();
                env.publish(new PublishExecuteResult(count, shown));
            }
            Map<String, Object> expressions = userExpressions(cells, request.getUserExpr(), count);
            io.detach();
            Map<String, Object> reply = new LinkedHashMap<>();
            reply.put("status", "ok");
            reply.put("execution_count", count);
            reply.put("user_expressions", expressions);
            reply.put("payload", List.of());
            replyContent(env, MessageType.EXECUTE_REPLY, reply);
        } catch (CellFailure f) {
            io.detach();
            if (!silent) {
                env.publish(new PublishError(f.name(), f.value(), f.traceback()));
            }
            Runnable abort = abortQueue;
            if (request.shouldStopOnError() && abort != null) {
                abort.run(); // before the reply: only what was queued behind this cell is aborted
            }
            ErrorReply error = new ErrorReply(f.name(), f.value(), f.traceback());
            error.setExecutionCount(count);
            env.replyError(ExecuteReply.MESSAGE_TYPE.error(), error);
        } finally {
            executing = false;
            interruptedWhileStarting = false;
            if (io.attached()) {
                io.detach();
            }
            if (store) {
                history.add(count, request.getCode(), shownText);
            }
        }
    }

    /** user_expressions of an execute request: each evaluated after the cell, as a MIME bundle or an error. */
    private Map<String, Object> userExpressions(CellRunner cells, Map<String, String> asked, int count) {
        Map<String, Object> values = new LinkedHashMap<>();
        if (asked == null) {
            return values;
        }
        for (Map.Entry<String, String> e : asked.entrySet()) {
            Map<String, Object> value = new LinkedHashMap<>();
            try {
                CellRunner.Result r = cells.runCell(e.getValue(), count);
                value.put("status", "ok");
                value.put("data", r.hasValue ? cells.render(r.value, count) : Map.of("text/plain", ""));
                value.put("metadata", Map.of());
            } catch (CellFailure f) {
                value.put("status", "error");
                value.put("ename", f.name());
                value.put("evalue", f.value());
                value.put("traceback", f.traceback());
            }
            values.put(e.getKey(), value);
        }
        return values;
    }

    @SuppressWarnings({"unchecked", "rawtypes"})
    private static void replyContent(ShellReplyEnvironment env, MessageType<?> type, Map<String, Object> content) {
        env.reply(new Message(env.getContext(), type, content));
    }

    /** The stored cells since the kernel started: tail, range and search, as IPython answers them. */
    @Override
    protected void handleHistoryRequest(ShellReplyEnvironment env, Message<HistoryRequest> message) {
        env.setBusyDeferIdle();
        HistoryRequest request = message.getContent();
        List<Object> entries = new ArrayList<>();
        for (CellHistory.Entry e : history.select(request)) {
            Object input = request.includeOutput() ? Arrays.asList(e.input, e.output) : e.input;
            entries.add(Arrays.asList(CellHistory.SESSION, e.count, input));
        }
        Map<String, Object> reply = new LinkedHashMap<>();
        reply.put("status", "ok");
        reply.put("history", entries);
        replyContent(env, MessageType.HISTORY_REPLY, reply);
    }

    /** Set by main: aborts the execute requests already queued on the shell socket (stop_on_error). */
    void onStopOnError(Runnable abort) {
        this.abortQueue = abort;
    }

    @Override
    public Object evalRaw(String source) {
        throw new UnsupportedOperationException("cells run through handleExecuteRequest");
    }

    @Override
    public DisplayData inspect(String code, int at, boolean extraDetail) {
        String doc = ready().documentation(code, toIndex(code, at));
        return doc.isEmpty() ? null : new DisplayData(doc);
    }

    @Override
    public ReplacementOptions complete(String code, int at) {
        int[] anchor = new int[1];
        int cursor = toIndex(code, at);
        List<String> options = ready().complete(code, cursor, anchor);
        return new ReplacementOptions(options, toCodePoints(code, anchor[0]), toCodePoints(code, cursor));
    }

    @Override
    public String isComplete(String code) {
        String verdict = ready().isComplete(code);
        return verdict.equals("complete") ? IS_COMPLETE_YES : verdict.equals("invalid") ? IS_COMPLETE_BAD : verdict;
    }

    @Override
    public void interrupt() {
        if (runner.isDone() && !runner.isCompletedExceptionally()) {
            runner.join().stop();
        } else if (executing) {
            // the cell waits for JShell to start: it is stopped before it runs
            interruptedWhileStarting = true;
        }
    }

    @Override
    public void display(DisplayData data) {
        io.display(data);
    }

    /** Jupyter counts cursor positions in code points, Java strings in UTF-16 units. */
    private static int toIndex(String code, int codePoints) {
        int n = Math.max(0, Math.min(codePoints, code.codePointCount(0, code.length())));
        return code.offsetByCodePoints(0, n);
    }

    private static int toCodePoints(String code, int index) {
        return code.codePointCount(0, Math.max(0, Math.min(index, code.length())));
    }

    public static void main(String[] args) throws Exception {
        if (args.length != 1) {
            System.err.println("usage: java -jar scoremodels-kernel.jar CONNECTION_FILE");
            System.exit(2);
        }
        Path connectionFile = Path.of(args[0]);
        if (!Files.isReadable(connectionFile)) {
            throw new IOException("connection file " + connectionFile + " cannot be read");
        }
        System.setProperty("java.awt.headless", System.getProperty("java.awt.headless", "true"));
        PrintStream processOut = System.out;
        PrintStream processErr = System.err;
        KernelLog.useStream(processErr);
        // the protocol library logs through java.util.logging: warnings only, to the process's stderr
        Logger.getLogger("").setLevel(Level.WARNING);
        Logger.getLogger("").getHandlers(); // creates the console handler now, on the process's stderr

        KernelConnectionProperties props = KernelConnectionProperties.parse(Files.readString(connectionFile));
        CellIO io = new CellIO(processOut, processErr);
        JavaKernel kernel = new JavaKernel(io, kernelClasses(), Path.of("").toAbsolutePath());
        GuardedConnection connection = new GuardedConnection(props);
        kernel.becomeHandlerForConnection(connection);
        kernel.onStopOnError(connection::abortQueuedExecutes);
        io.install();
        current = kernel;
        if (!CellAgent.active() || !ExitGuard.installed()) {
            KernelLog.warn("started without its agent (run it with java -jar): System.exit in a cell is not"
                    + " refused and a loop in a cell cannot be interrupted");
        }
        interruptOnSigint(kernel);
        exitWithParent();
        connection.connect();
        kernel.onStartup();
        KernelLog.info("listening on " + props.getTransport() + "://" + props.getIp() + " (shell port "
                + props.getShellPort() + ")");
        connection.waitUntilClose();
        current = null;
        ExitGuard.exitKernel(0);
    }

    /** Ctrl-C in the terminal that started Jupyter interrupts the cell instead of ending the kernel. */
    private static void interruptOnSigint(JavaKernel kernel) {
        try {
            sun.misc.Signal.handle(new sun.misc.Signal("INT"), s -> kernel.interrupt());
        } catch (IllegalArgumentException e) {
            KernelLog.warn("SIGINT cannot be handled here: " + e.getMessage());
        }
    }

    /**
     * Jupyter names its process in JPY_PARENT_PID: when that process dies without a shutdown
     * request, this kernel closes too rather than live on as an orphan.
     */
    private static void exitWithParent() {
        String pid = System.getenv("JPY_PARENT_PID");
        if (pid == null || !pid.matches("\\d+")) {
            return;
        }
        ProcessHandle.of(Long.parseLong(pid)).ifPresent(parent -> parent.onExit().thenRun(() -> {
            KernelLog.warn("Jupyter process " + pid + " has gone: the kernel exits too");
            ExitGuard.exitKernel(0);
        }));
    }

    /** The jar (or classes folder) this kernel runs from: JShell compiles against it. */
    private static Path kernelClasses() throws URISyntaxException {
        return Path.of(JavaKernel.class.getProtectionDomain().getCodeSource().getLocation().toURI());
    }
}
