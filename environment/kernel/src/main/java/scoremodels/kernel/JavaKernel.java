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
import org.dflib.jjava.jupyter.messages.publish.PublishError;
import org.dflib.jjava.jupyter.messages.publish.PublishExecuteInput;
import org.dflib.jjava.jupyter.messages.publish.PublishExecuteResult;
import org.dflib.jjava.jupyter.messages.reply.ErrorReply;
import org.dflib.jjava.jupyter.messages.reply.ExecuteReply;
import org.dflib.jjava.jupyter.messages.request.ExecuteRequest;

import java.io.IOException;
import java.io.PrintStream;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Collections;
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
 * <p>Start: {@code java -Djava.security.manager=allow -jar scoremodels-kernel.jar CONNECTION_FILE}.
 * The library's {@code scoremodels.display.Display} finds {@link #display(Map)} by name.
 */
public final class JavaKernel extends BaseKernel {
    private static final String VERSION = "1.0.0";
    private static volatile JavaKernel current;

    private final CellIO io;
    private final CompletableFuture<CellRunner> runner;

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

    @Override
    protected void handleExecuteRequest(ShellReplyEnvironment env, Message<ExecuteRequest> message) {
        commManager.setMessageContext(message);
        ExecuteRequest request = message.getContent();
        int count = request.isSilent() ? executionCount.get() : executionCount.getAndIncrement();
        env.setBusyDeferIdle();
        env.publish(new PublishExecuteInput(request.getCode(), count));
        io.attach(env, request.isStdinEnabled());
        try {
            CellRunner.Result result = runner().runCell(request.getCode(), count);
            if (result.hasValue && !request.isSilent()) {
                DisplayData shown = renderResult(result.value);
                io.flush();
                env.publish(new PublishExecuteResult(count, shown));
            }
            io.detach();
            env.reply(new ExecuteReply(count, Collections.emptyMap()));
        } catch (CellFailure f) {
            io.detach();
            env.publish(new PublishError(f.name(), f.value(), f.traceback()));
            ErrorReply error = new ErrorReply(f.name(), f.value(), f.traceback());
            error.setExecutionCount(count);
            env.replyError(ExecuteReply.MESSAGE_TYPE.error(), error);
        } finally {
            if (io.attached()) {
                io.detach();
            }
        }
    }

    private static DisplayData renderResult(Object value) throws CellFailure {
        try {
            return toDisplayData(ResultRenderer.render(value), null);
        } catch (RuntimeException e) {
            throw new CellFailure(e.getClass().getSimpleName(), "showing the cell's value failed: " + e.getMessage(),
                    List.of("showing the cell's value failed: " + e));
        }
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
            System.err.println("usage: java -Djava.security.manager=allow -jar scoremodels-kernel.jar CONNECTION_FILE");
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
        io.install();
        current = kernel;
        ExitGuard.install();
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
