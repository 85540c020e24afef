package scoremodels.io;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** Runs small Python scripts for the numpy cross-checks, when a Python with numpy is installed. */
final class Python {
    private Python() {
    }

    /** The first of /usr/bin/python3 and python3 that imports numpy, or null. */
    static String withNumpy() {
        for (String exe : List.of("/usr/bin/python3", "python3")) {
            try {
                Process p = new ProcessBuilder(exe, "-c", "import numpy").redirectErrorStream(true).start();
                p.getInputStream().readAllBytes();
                if (p.waitFor(60, TimeUnit.SECONDS) && p.exitValue() == 0) {
                    return exe;
                }
            } catch (IOException e) {
                // not installed under this name; try the next
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return null;
            }
        }
        return null;
    }

    /** Runs {@code script} in {@code dir} and returns its stdout; a failure throws with its output. */
    static String run(String exe, Path dir, String script) throws IOException, InterruptedException {
        Path file = Files.createTempFile(dir, "check", ".py");
        Files.writeString(file, script, StandardCharsets.UTF_8);
        Process p = new ProcessBuilder(exe, file.toString()).directory(dir.toFile()).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!p.waitFor(120, TimeUnit.SECONDS) || p.exitValue() != 0) {
            throw new IOException("python failed:\n" + script + "\n" + out);
        }
        Files.delete(file);
        return out;
    }
}
