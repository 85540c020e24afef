package scoremodels.cli;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Starts the command line again in a JVM with the Vector API, which the matrix products use
 * (engine/Gemm). A jar's manifest cannot add a module, and {@code java -jar score-models.jar …}
 * should stay the whole command: when the module is missing, the same java runs the same command
 * with {@code --add-modules jdk.incubator.vector} and this JVM passes on its exit code. The
 * child's one-line notice that an incubating module is in use is left out of its stderr; nothing
 * else is touched.
 *
 * <p>Not done when {@code -Dscoremodels.vector=false} asks for the plain loops, nor a second time
 * (the child is marked), nor when this JVM cannot tell how it was started: the products then run
 * on the plain loops, with the same bits.
 */
final class VectorLaunch {
    static final String MODULE = "jdk.incubator.vector";
    private static final String MARK = "scoremodels.vectorlaunch";
    private static final byte[] NOTICE = ("WARNING: Using incubator modules: " + MODULE).getBytes(StandardCharsets.UTF_8);

    private VectorLaunch() {
    }

    /** The command to run instead of this JVM's, or null to carry on here. */
    static List<String> command(String[] args) {
        if (ModuleLayer.boot().findModule(MODULE).isPresent() || System.getProperty(MARK) != null
                || "false".equalsIgnoreCase(System.getProperty("scoremodels.vector", "").trim())) {
            return null;
        }
        Path java = Path.of(System.getProperty("java.home"), "bin", "java");
        String classPath = System.getProperty("java.class.path");
        if (!Files.isExecutable(java) || classPath == null || classPath.isEmpty()) {
            return null;
        }
        List<String> jvm;
        try {
            jvm = ManagementFactory.getRuntimeMXBean().getInputArguments();
        } catch (LinkageError | RuntimeException e) {
            return null; // a runtime without java.management: no way to repeat the JVM's options
        }
        List<String> cmd = new ArrayList<>();
        cmd.add(java.toString());
        cmd.addAll(jvm);
        cmd.add("--add-modules");
        cmd.add(MODULE);
        cmd.add("-D" + MARK + "=true");
        cmd.add("-cp");
        cmd.add(classPath);
        cmd.add(Main.class.getName());
        cmd.addAll(Arrays.asList(args));
        return cmd;
    }

    /** Runs {@code cmd} with this JVM's stdin and stdout; returns its exit code, or -1 if it could not start. */
    static int run(List<String> cmd) {
        Process p;
        try {
            p = new ProcessBuilder(cmd).redirectInput(ProcessBuilder.Redirect.INHERIT)
                    .redirectOutput(ProcessBuilder.Redirect.INHERIT).start();
        } catch (IOException e) {
            return -1;
        }
        Thread err = new Thread(() -> copyWithoutNotice(p.getErrorStream(), System.err), "stderr of the vector JVM");
        err.setDaemon(true);
        err.start();
        // Ctrl-C reaches both JVMs; a plain kill of this one should not leave the child running.
        Runtime.getRuntime().addShutdownHook(new Thread(p::destroy));
        while (true) {
            try {
                int code = p.waitFor();
                err.join();
                return code;
            } catch (InterruptedException e) {
                p.destroy();
            }
        }
    }

    /** Copies {@code in} to {@code out} as it comes, less a first line that is the incubator notice. */
    static void copyWithoutNotice(InputStream in, OutputStream out) {
        try {
            ByteArrayOutputStream first = new ByteArrayOutputStream();
            int b = -1;
            while (first.size() <= NOTICE.length + 1) {
                b = in.read();
                if (b == -1 || b == '\n') {
                    break;
                }
                first.write(b);
            }
            byte[] line = first.toByteArray();
            int end = line.length > 0 && line[line.length - 1] == '\r' ? line.length - 1 : line.length;
            if (b == '\n' && Arrays.equals(Arrays.copyOf(line, end), NOTICE)) {
                out.flush();
            } else {
                out.write(line);
                if (b == '\n') {
                    out.write(b);
                }
                out.flush();
            }
            byte[] buffer = new byte[8192];
            int n;
            while ((n = in.read(buffer)) != -1) {
                out.write(buffer, 0, n);
                out.flush();
            }
        } catch (IOException e) {
            // the child has gone; its exit code tells the rest
        }
    }
}
